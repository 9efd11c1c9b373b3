/* Architectural performance monitoring (SDM vol. 3B 18.2): the counters
 * and their controls are the guest's, passed through by the MSR policy
 * (platform/msr_policy.c lists none of them); the hypervisor never uses
 * them. */
#ifndef PLATFORM_PMU_H
#define PLATFORM_PMU_H

/* Checks that every MSR CPUID leaf 0xa describes exists; if one is missing
 * (Bochs advertises a PMU and has none), the guest sees no PMU. */
void guest_pmu_init(void);

#endif
