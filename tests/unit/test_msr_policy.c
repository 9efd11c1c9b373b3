/* The MSR policy: the owned list is well formed and says what the
 * hypervisor needs; everything else is the guest's. */
#include "tests/unit/unit.h"
#include "platform/msr_policy.h"

static void list_sorted_without_overlaps_and_explained(void)
{
	for (unsigned i = 0; i < msr_rule_count; i++) {
		const struct msr_rule *r = &msr_rules[i];
		CHECK(r->first <= r->last);
		CHECK(r->name && r->name[0] && r->reason && r->reason[0]);
		CHECK(r->owner != MSR_GUEST);
		if (i > 0)
			CHECK(msr_rules[i - 1].last < r->first);
	}
}

static void owned_msrs(void)
{
	CHECK(msr_owner_of(0x3a) == MSR_EMULATED);              /* FEATURE_CONTROL */
	CHECK(msr_owner_of(0x480) == MSR_HIDDEN);               /* VMX_BASIC */
	CHECK(msr_owner_of(0x491) == MSR_HIDDEN);               /* VMX_VMFUNC */
	CHECK(msr_owner_of(0x1a0) == MSR_EMULATED);             /* MISC_ENABLE */
	CHECK(msr_owner_of(0x1d9) == MSR_EMULATED);             /* DEBUGCTL */
	CHECK(msr_owner_of(0xfe) == MSR_EMULATED);              /* MTRRCAP */
	CHECK(msr_owner_of(0x200) == MSR_EMULATED && msr_owner_of(0x21f) == MSR_EMULATED);
	CHECK(msr_owner_of(0x26f) == MSR_EMULATED && msr_owner_of(0x2ff) == MSR_EMULATED);
	CHECK(msr_owner_of(0x277) == MSR_SWITCHED);             /* PAT */
	CHECK(msr_owner_of(0xc0000080) == MSR_SWITCHED);        /* EFER */
	CHECK(msr_owner_of(0x600) == MSR_HIDDEN);               /* DS_AREA */
	CHECK(msr_owner_of(0x570) == MSR_HIDDEN);               /* RTIT_CTL */
	CHECK(msr_intercepted(0x3a) && msr_intercepted(0x480) && !msr_intercepted(0x277));
	/* the APIC base and the x2APIC ICR: platform/apic.c (INIT/SIPI emulation) */
	CHECK(msr_owner_of(0x1b) == MSR_EMULATED && msr_owner_of(0x830) == MSR_EMULATED);
}

static void the_rest_is_the_guests(void)
{
	static const uint32_t guest[] = {
		0x10, 0x48, 0x6e0,                      /* TSC, SPEC_CTRL, TSC_DEADLINE */
		0x800, 0x802, 0x80b, 0x82f, 0x831, 0x8ff,  /* x2APIC, but the ICR */
		0xc1, 0x186, 0x309, 0x38d, 0x38f, 0x390, /* the architectural PMU */
		0x179, 0x400, 0x280,                    /* machine check, MC0_CTL2 */
		0xc0000081, 0xc0000102, 0xc0000103,     /* STAR, KERNEL_GS_BASE, TSC_AUX */
		0x4b564d99,                             /* outside the bitmap: the CPU decides */
	};
	for (unsigned i = 0; i < sizeof(guest) / sizeof(guest[0]); i++) {
		CHECK(msr_owner_of(guest[i]) == MSR_GUEST);
		CHECK(!msr_intercepted(guest[i]));
	}
}

const struct unit_test msr_policy_tests[] = {
	{ "list_sorted_without_overlaps_and_explained", list_sorted_without_overlaps_and_explained },
	{ "owned_msrs", owned_msrs },
	{ "the_rest_is_the_guests", the_rest_is_the_guests },
};
const unsigned msr_policy_test_count = sizeof(msr_policy_tests) / sizeof(msr_policy_tests[0]);
