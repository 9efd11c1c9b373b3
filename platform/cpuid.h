/* The CPU the guest sees: the real one, less the features whose MSRs this
 * CPU does not actually have (emulators advertise some they lack), so that
 * an MSR is there exactly when CPUID says so. */
#ifndef PLATFORM_CPUID_H
#define PLATFORM_CPUID_H
#include <stdint.h>
#include "arch/cpu.h"
#include "vmx/bitmaps.h"

/* Probes the MSRs behind each CPUID feature; passes the ones that exist
 * through the MSR bitmap and hides the features whose MSRs are missing. */
void guest_cpu_init(struct vmx_bitmaps *b);
/* Clears the hidden feature bits from a CPUID result. */
void guest_cpu_filter(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r);

#endif
