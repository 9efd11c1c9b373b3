#include <stdbool.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "vmx/controls.h"
#include "vmx/feature_controls.h"
#include "vmx/vmcs_fields.h"

#define REQUIRED (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST)
#define ALL_FEATURE_CONTROLS                                                    \
	(SECONDARY_EXEC_ENABLE_RDTSCP | SECONDARY_EXEC_ENABLE_INVPCID |         \
	 SECONDARY_EXEC_XSAVES | SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE)

static const struct {
	uint32_t leaf, subleaf;
	int reg;                /* 0 EAX ... 3 EDX */
	unsigned bit;
	uint32_t control;
} expected[] = {
	{ 0x80000001, 0, 3, 27, SECONDARY_EXEC_ENABLE_RDTSCP },
	{ 7, 0, 1, 10, SECONDARY_EXEC_ENABLE_INVPCID },
	{ 0xd, 1, 0, 3, SECONDARY_EXEC_XSAVES },
	{ 7, 0, 2, 5, SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE },
};

static uint32_t visible(uint32_t leaf, uint32_t subleaf, int reg, unsigned bit, uint64_t cap)
{
	struct cpuid_regs r = { ~0u, ~0u, ~0u, ~0u };
	feature_controls_filter(leaf, subleaf, &r, cap);
	uint32_t v[4] = { r.eax, r.ebx, r.ecx, r.edx };
	return v[reg] & (1u << bit);
}

/* For a capability MSR value: each feature is visible exactly when the
 * control vmx_adjust_controls() enables (with the table's optional set) is
 * on, and nothing else in the leaf is touched. */
static void check_agreement(uint64_t cap)
{
	uint32_t enabled = 0;
	char err[160];
	CHECK(vmx_adjust_controls(&secondary_controls, cap, REQUIRED, feature_controls_wanted(),
				  &enabled, err, sizeof(err)) == 0);
	for (unsigned i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		bool on = enabled & expected[i].control;
		CHECK(!visible(expected[i].leaf, expected[i].subleaf, expected[i].reg,
			       expected[i].bit, cap) == !on);
		/* a neighbouring bit stays */
		CHECK(visible(expected[i].leaf, expected[i].subleaf, expected[i].reg,
			      expected[i].bit ^ 1, cap));
	}
}

/* A CPUID with every feature bit set, leaves up to 0xd and 0x80000008. */
static struct cpuid_regs cpuid_all(uint32_t leaf, uint32_t subleaf)
{
	(void)subleaf;
	if (leaf == 0)
		return (struct cpuid_regs){ 0xd, 0, 0, 0 };
	if (leaf == 0x80000000)
		return (struct cpuid_regs){ 0x80000008, 0, 0, 0 };
	return (struct cpuid_regs){ ~0u, ~0u, ~0u, ~0u };
}

/* One without WAITPKG (leaf 7 ECX bit 5 clear) and without extended leaves. */
static struct cpuid_regs cpuid_old(uint32_t leaf, uint32_t subleaf)
{
	(void)subleaf;
	if (leaf == 0)
		return (struct cpuid_regs){ 0xd, 0, 0, 0 };
	if (leaf == 0x80000000)
		return (struct cpuid_regs){ 0x80000000, 0, 0, 0 };
	if (leaf == 7)
		return (struct cpuid_regs){ ~0u, ~0u, ~(1u << 5), ~0u };
	return (struct cpuid_regs){ ~0u, ~0u, ~0u, ~0u };
}

static void wanted_is_the_table(void)
{
	CHECK(feature_controls_wanted() == ALL_FEATURE_CONTROLS);
}

static void cpu_with_all(void)
{
	uint64_t cap = (uint64_t)(REQUIRED | ALL_FEATURE_CONTROLS | SECONDARY_EXEC_ENABLE_VPID) << 32;
	check_agreement(cap);
	const char *names[4];
	CHECK(feature_controls_hidden(cap, cpuid_all, names, 4) == 0);
	CHECK(visible(7, 0, 2, 5, cap));
}

static void cpu_with_none(void)
{
	uint64_t cap = (uint64_t)REQUIRED << 32;
	check_agreement(cap);
	const char *names[4];
	CHECK(feature_controls_hidden(cap, cpuid_all, names, 4) == 4);
	CHECK(!visible(0x80000001, 0, 3, 27, cap));
	CHECK(!visible(7, 0, 2, 5, cap));
	/* other leaves and subleaves are left alone */
	CHECK(visible(7, 1, 2, 5, cap));
	CHECK(visible(0xd, 0, 0, 3, cap));
	CHECK(visible(1, 0, 3, 27, cap));
	/* only features the CPU has are reported hidden: not WAITPKG nor RDTSCP here */
	CHECK(feature_controls_hidden(cap, cpuid_old, names, 4) == 2);
	CHECK_STR(names[0], "INVPCID");
	CHECK_STR(names[1], "XSAVES/XRSTORS");
}

/* A Skylake (RDTSCP, INVPCID, XSAVES, no WAITPKG) and a KVM that offers
 * WAITPKG's control but not XSAVES. */
static void mixes(void)
{
	uint64_t skylake = (uint64_t)(REQUIRED | SECONDARY_EXEC_ENABLE_RDTSCP |
				      SECONDARY_EXEC_ENABLE_INVPCID | SECONDARY_EXEC_XSAVES) << 32;
	check_agreement(skylake);
	const char *names[4];
	CHECK(feature_controls_hidden(skylake, cpuid_all, names, 4) == 1);
	CHECK_STR(names[0], "WAITPKG");
	CHECK(!visible(7, 0, 2, 5, skylake));
	CHECK(visible(7, 0, 1, 10, skylake));

	uint64_t kvm = (uint64_t)(REQUIRED | SECONDARY_EXEC_ENABLE_RDTSCP |
				  SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE) << 32;
	check_agreement(kvm);
	CHECK(feature_controls_hidden(kvm, cpuid_all, names, 1) == 2);   /* INVPCID, XSAVES; one name kept */
	CHECK_STR(names[0], "INVPCID");
	CHECK(visible(7, 0, 2, 5, kvm));
	CHECK(!visible(0xd, 1, 0, 3, kvm));
}

const struct unit_test feature_controls_tests[] = {
	{ "wanted_is_the_table", wanted_is_the_table },
	{ "cpu_with_all", cpu_with_all },
	{ "cpu_with_none", cpu_with_none },
	{ "mixes", mixes },
};
const unsigned feature_controls_test_count =
	sizeof(feature_controls_tests) / sizeof(feature_controls_tests[0]);
