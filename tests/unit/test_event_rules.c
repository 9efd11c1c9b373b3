#include "tests/unit/unit.h"
#include "vmx/event_rules.h"

static void single_step_sets_bs(void)
{
	CHECK(pending_debug_after_skip(0x2, 0, 0) == 0);
	CHECK(pending_debug_after_skip(0x102, 0, 0) == PENDING_DBG_BS);
	/* other pending bits (a data breakpoint hit, B0) are kept */
	CHECK(pending_debug_after_skip(0x102, 0, 1) == (PENDING_DBG_BS | 1));
	CHECK(pending_debug_after_skip(0x2, 0, 1) == 1);
	/* BTF: single-step on branches only; an emulated CPUID is none */
	CHECK(pending_debug_after_skip(0x102, DEBUGCTL_BTF, 0) == 0);
}

/* Table 6-5, row by row: benign #UD, contributory #GP/#DE/#TS/#NP/#SS/#CP,
 * page faults #PF/#VE, and #DF. */
static void combine_table(void)
{
	static const unsigned benign[] = { 1, 2, 3, 4, 5, 6, 7, 9, 16, 17, 18, 19 };
	static const unsigned contributory[] = { 0, 10, 11, 12, 13, 21 };
	static const unsigned page_faults[] = { 14, 20 };
	for (unsigned i = 0; i < sizeof(benign) / sizeof(benign[0]); i++) {
		CHECK(exception_combine(benign[i], 13) == DELIVER_SECOND);
		CHECK(exception_combine(benign[i], 14) == DELIVER_SECOND);
		CHECK(exception_combine(13, benign[i]) == DELIVER_SECOND);
		CHECK(exception_combine(14, benign[i]) == DELIVER_SECOND);
		CHECK(exception_combine(8, benign[i]) == DELIVER_SECOND);
	}
	for (unsigned i = 0; i < sizeof(contributory) / sizeof(contributory[0]); i++) {
		for (unsigned j = 0; j < sizeof(contributory) / sizeof(contributory[0]); j++)
			CHECK(exception_combine(contributory[i], contributory[j]) ==
			      DELIVER_DOUBLE_FAULT);
		for (unsigned j = 0; j < 2; j++) {
			CHECK(exception_combine(contributory[i], page_faults[j]) == DELIVER_SECOND);
			CHECK(exception_combine(page_faults[j], contributory[i]) ==
			      DELIVER_DOUBLE_FAULT);
		}
		CHECK(exception_combine(8, contributory[i]) == TRIPLE_FAULT);
	}
	CHECK(exception_combine(14, 14) == DELIVER_DOUBLE_FAULT);
	CHECK(exception_combine(20, 14) == DELIVER_DOUBLE_FAULT);
	CHECK(exception_combine(8, 14) == TRIPLE_FAULT);
}

static void nmi_blocking(void)
{
	CHECK(!nmi_blocked(0));
	CHECK(nmi_blocked(INTERRUPTIBILITY_STI));
	CHECK(nmi_blocked(INTERRUPTIBILITY_MOV_SS));
	CHECK(nmi_blocked(INTERRUPTIBILITY_NMI));
	CHECK(!nmi_blocked(1u << 2));   /* blocking by SMI: not NMIs */
}

const struct unit_test event_rules_tests[] = {
	{ "single_step_sets_bs", single_step_sets_bs },
	{ "combine_table", combine_table },
	{ "nmi_blocking", nmi_blocking },
};
const unsigned event_rules_test_count = sizeof(event_rules_tests) / sizeof(event_rules_tests[0]);
