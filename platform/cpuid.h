/* The CPU the guest sees: the real one, less the features whose MSRs this
 * CPU does not actually have (emulators advertise some they lack), so that
 * an MSR is there exactly when CPUID says so. */
#ifndef PLATFORM_CPUID_H
#define PLATFORM_CPUID_H
#include <stdint.h>
#include "arch/cpu.h"

/* Probes the MSRs behind each CPUID feature and hides the features whose
 * MSRs are missing, and the features whose MSRs the hypervisor owns. */
void guest_cpu_init(void);
/* Hides a whole leaf (below 0xe, without subleaves): it reads all zero. */
void guest_cpu_hide_leaf(uint32_t leaf);
/* Clears the hidden feature bits from a CPUID result. */
void guest_cpu_filter(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r);

#endif
