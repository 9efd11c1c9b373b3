/* Time for bounded waits: the TSC, its rate measured once at boot against
 * the PIT (8254 channel 2, 1.193182 MHz), which every PC and emulator has. */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H
#include <stdint.h>

void tsc_calibrate(void);
uint64_t tsc_per_ms(void);

/* Bounded waits on another processor (its answer to INIT-SIPI-SIPI, leaving
 * the guest to park or for the debugger, an xAPIC IPI's delivery): a bound
 * of `ms` milliseconds on real processors, WAIT_SCALE_VIRTUAL times that
 * when CPUID says a hypervisor runs us (CPUID.1:ECX[31]): there each
 * processor is a thread of the host, which its scheduler may keep off a
 * physical CPU for a while, and under nested virtualization each VM exit of
 * ours is a chain of exits below. A correct run ends the wait early; the
 * bound only says how long a wrong one takes to be named. */
uint64_t wait_bound_ms(uint64_t ms);
/* The TSC value wait_bound_ms(ms) from now. */
uint64_t wait_deadline(uint64_t ms);
/* Waits at least `us` microseconds (PAUSE in the loop). */
void udelay(uint64_t us);

#endif
