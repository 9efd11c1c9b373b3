/* The MSR policy: every MSR the CPU has is the guest's, unless the
 * hypervisor must own it. The owned MSRs are the explicit list in
 * platform/msr_policy.c, each with its reason (docs/MSRS.md explains the
 * policy). Pure: unit-tested on the host. */
#ifndef PLATFORM_MSR_POLICY_H
#define PLATFORM_MSR_POLICY_H
#include <stdbool.h>
#include <stdint.h>

enum msr_owner {
	/* Not on the list: RDMSR and WRMSR go to the CPU, which gives #GP
	 * for an MSR it lacks. No exit inside the MSR-bitmap ranges. */
	MSR_GUEST,
	/* Passed through as well: the VMCS loads the guest's value at VM
	 * entry and the hypervisor's at VM exit (SDM vol. 3C 26.3.2.1, 27.5.1). */
	MSR_SWITCHED,
	/* Intercepted: the hypervisor keeps the guest's value (platform/msr.c). */
	MSR_EMULATED,
	/* Intercepted: #GP, as on a CPU without it. */
	MSR_HIDDEN,
};

struct msr_rule {
	uint32_t first, last;
	enum msr_owner owner;
	const char *name;
	const char *reason;
};

/* The rule covering msr, or NULL: the MSR is the guest's. */
const struct msr_rule *msr_rule_find(uint32_t msr);
enum msr_owner msr_owner_of(uint32_t msr);
/* True when RDMSR/WRMSR of msr must exit to the hypervisor. */
bool msr_intercepted(uint32_t msr);

/* The list itself, sorted by MSR and without overlaps. */
extern const struct msr_rule msr_rules[];
extern const unsigned msr_rule_count;

#endif
