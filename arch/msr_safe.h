/* RDMSR and WRMSR that survive a #GP: how the hypervisor finds out whether
 * an MSR exists on this CPU (emulators lack MSRs that CPUID implies), and
 * how it executes a guest's access to an MSR outside the MSR bitmap. */
#ifndef ARCH_MSR_SAFE_H
#define ARCH_MSR_SAFE_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/exceptions.h"

/* Return false if the instruction raised #GP. */
bool rdmsr_safe(uint32_t msr, uint64_t *value);
bool wrmsr_safe(uint32_t msr, uint64_t value);
/* Called by the exception handler: true if f was the #GP of rdmsr_safe or
 * wrmsr_safe, which then resumes after the instruction. */
bool msr_safe_fixup(struct exception_frame *f);

#endif
