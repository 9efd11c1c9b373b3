/* RDMSR, WRMSR and XSETBV that survive a #GP: how the hypervisor finds out
 * whether an MSR exists on this CPU (emulators lack MSRs that CPUID implies),
 * executes a guest's access to an MSR outside the MSR bitmap, and learns
 * whether the CPU accepts an XCR0 value a guest asks for (a rule the
 * hypervisor's own checks do not know must not stop the machine). */
#ifndef ARCH_MSR_SAFE_H
#define ARCH_MSR_SAFE_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/exceptions.h"

/* Each returns false if the instruction raised #GP. */
bool rdmsr_safe(uint32_t msr, uint64_t *value);
bool wrmsr_safe(uint32_t msr, uint64_t value);
bool xsetbv_safe(uint32_t xcr, uint64_t value);
/* Called by the exception handler: true if f was the #GP of one of them,
 * which then resumes after the instruction. */
bool msr_safe_fixup(struct exception_frame *f);

#endif
