#include <string.h>
#include "lib/cmdline.h"
#include "tests/unit/unit.h"

static char warnings[512];

static void collect(const char *msg, void *ctx)
{
	(void)ctx;
	strncat(warnings, msg, sizeof(warnings) - strlen(warnings) - 2);
	strcat(warnings, "\n");
}

static int parse(const char *line, struct hv_options *o)
{
	warnings[0] = '\0';
	return cmdline_parse(line, o, collect, NULL);
}

static void empty_and_null(void)
{
	struct hv_options o;
	CHECK(parse(NULL, &o) == 0);
	CHECK(!o.intercept_pf && trace_filter_empty(&o.trace) && !o.verbose);
	CHECK(parse("   ", &o) == 0);
}

static void known_options(void)
{
	struct hv_options o;
	CHECK(parse("intercept=pf  trace=exits verbose", &o) == 0);
	CHECK(o.intercept_pf && trace_filter_has(&o.trace, 10) && o.verbose);
	CHECK(parse("intercept=pf intercept=none", &o) == 0);
	CHECK(!o.intercept_pf);
	CHECK(o.console == CONSOLE_BOTH);
	CHECK(parse("console=serial", &o) == 0 && o.console == CONSOLE_SERIAL);
	CHECK(parse("console=screen", &o) == 0 && o.console == CONSOLE_SCREEN);
	CHECK(parse("console=screen console=both", &o) == 0 && o.console == CONSOLE_BOTH);
}

static void path_first_is_skipped(void)
{
	struct hv_options o;
	CHECK(parse("/boot/hypervisor.elf verbose", &o) == 0);
	CHECK(o.verbose);
}

static void unknown_option_is_named(void)
{
	struct hv_options o;
	CHECK(parse("verbose frobnicate=3", &o) == 1);
	CHECK(o.verbose);
	CHECK(strstr(warnings, "unknown option 'frobnicate'") != NULL);
}

static void bad_values(void)
{
	struct hv_options o;
	CHECK(parse("intercept=gp", &o) == 1);
	CHECK(strstr(warnings, "option 'intercept' has unknown value 'gp'") != NULL);
	CHECK(strstr(warnings, "pf, none") != NULL);
	CHECK(parse("trace", &o) == 1);
	CHECK(strstr(warnings, "'trace' needs a value") != NULL);
	CHECK(parse("verbose=1", &o) == 1);
	CHECK(strstr(warnings, "takes no value") != NULL);
	CHECK(!o.verbose);
	CHECK(parse("console=vga", &o) == 1);
	CHECK(strstr(warnings, "option 'console' has unknown value 'vga' (expected one of: "
			       "serial, screen, both)") != NULL);
	CHECK(o.console == CONSOLE_BOTH);
}

static void overlong_word(void)
{
	struct hv_options o;
	char line[200];
	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	CHECK(parse(line, &o) == 1);
	CHECK(strstr(warnings, "too long") != NULL);
}

static void gdb_option(void)
{
	struct hv_options o;
	CHECK(parse("gdb=com2", &o) == 0 && o.gdb.port == 0x2f8 && !o.gdb.nowait);
	CHECK(parse("gdb=com2,nowait", &o) == 0 && o.gdb.port == 0x2f8 && o.gdb.nowait);
	CHECK(parse("gdb=com1", &o) == 0 && o.gdb.port == 0x3f8);
	CHECK(parse("gdb=com3", &o) == 1 && o.gdb.port == 0);
	CHECK(strstr(warnings, "unknown port 'com3'") != NULL);
	CHECK(parse("gdb=com2,later", &o) == 1 && o.gdb.port == 0);
	CHECK(strstr(warnings, "unknown flag 'later'") != NULL);
	CHECK(parse("gdb=com2,", &o) == 1 && o.gdb.port == 0);
	CHECK(parse("gdb", &o) == 1 && o.gdb.port == 0);
	CHECK(parse("monitor=keys gdb=com1", &o) == 1 && o.monitor == MONITOR_OFF);
	CHECK(strstr(warnings, "gdb=com1 takes COM1") != NULL);
	CHECK(parse("monitor=keys gdb=com2", &o) == 0 && o.monitor == MONITOR_ON_KEYS);
	char buf[96];
	parse("gdb=com2,nowait", &o);
	cmdline_describe(&o, buf, sizeof(buf));
	CHECK_STR(buf, "intercept=none trace=none monitor=off console=both gdb=com2,nowait");
}

static void describe(void)
{
	struct hv_options o;
	char buf[96];
	parse("trace=exits", &o);
	cmdline_describe(&o, buf, sizeof(buf));
	CHECK_STR(buf, "intercept=none trace=exits monitor=off console=both gdb=off");
	parse("console=serial verbose", &o);
	cmdline_describe(&o, buf, sizeof(buf));
	CHECK_STR(buf, "intercept=none trace=none monitor=off console=serial gdb=off verbose");
}

static void iommu_and_dma_selftest(void)
{
	struct hv_options o;
	char buf[96];
	CHECK(parse("selftest=dma", &o) == 0);
	CHECK(o.selftest == SELFTEST_DMA && !o.iommu_off);
	CHECK(parse("iommu=off verbose", &o) == 0);
	CHECK(o.iommu_off);
	cmdline_describe(&o, buf, sizeof(buf));
	CHECK_STR(buf, "intercept=none trace=none monitor=off console=both gdb=off verbose iommu=off");
	CHECK(parse("iommu=off iommu=on", &o) == 0);
	CHECK(!o.iommu_off);
	CHECK(parse("iommu=maybe", &o) == 1);
	CHECK(strstr(warnings, "(expected one of: on, off)") != NULL);
}

static void stats_option(void)
{
	struct hv_options o;
	char buf[128];
	CHECK(parse("", &o) == 0);
	CHECK(!o.stats_ticks);
	CHECK(parse("stats=ticks", &o) == 0);
	CHECK(o.stats_ticks);
	cmdline_describe(&o, buf, sizeof(buf));
	CHECK_STR(buf, "intercept=none trace=none monitor=off console=both gdb=off stats=ticks");
	CHECK(parse("stats=ticks stats=counts", &o) == 0);
	CHECK(!o.stats_ticks);
	CHECK(parse("stats=cycles", &o) == 1);
	CHECK(strstr(warnings, "(expected one of: counts, ticks)") != NULL);
}

static void vmcheck_option(void)
{
	struct hv_options o;
	char buf[128];
	CHECK(parse("", &o) == 0 && !o.vmcheck);
	CHECK(parse("vmcheck", &o) == 0 && o.vmcheck);
	cmdline_describe(&o, buf, sizeof(buf));
	CHECK_STR(buf, "intercept=none trace=none monitor=off console=both gdb=off vmcheck");
	CHECK(parse("vmcheck=on", &o) == 1 && !o.vmcheck);
	CHECK(strstr(warnings, "option 'vmcheck' takes no value; 'vmcheck=on' ignored") != NULL);
}

static void vmentry_failure_groups(void)
{
	static const struct {
		const char *option;
		int group;
	} groups[] = {
		{ "selftest=vmentry-failure", VMENTRY_FAILURE_RFLAGS_BIT_1 },
		{ "selftest=vmentry-failure:controls", VMENTRY_FAILURE_CONTROLS },
		{ "selftest=vmentry-failure:host", VMENTRY_FAILURE_HOST },
		{ "selftest=vmentry-failure:segments", VMENTRY_FAILURE_SEGMENTS },
		{ "selftest=vmentry-failure:control-registers", VMENTRY_FAILURE_CONTROL_REGISTERS },
		{ "selftest=vmentry-failure:rip-rflags", VMENTRY_FAILURE_RIP_RFLAGS },
		{ "selftest=vmentry-failure:activity", VMENTRY_FAILURE_ACTIVITY },
		{ "selftest=vmentry-failure:event-injection", VMENTRY_FAILURE_EVENT_INJECTION },
	};
	struct hv_options o;
	for (unsigned i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		CHECK(parse(groups[i].option, &o) == 0);
		CHECK(o.selftest == SELFTEST_VMENTRY_FAILURE && o.vmentry_failure == groups[i].group);
	}
	CHECK(parse("selftest=vmentry-failure:host selftest=vmfail", &o) == 0);
	CHECK(o.selftest == SELFTEST_VMFAIL && o.vmentry_failure == VMENTRY_FAILURE_RFLAGS_BIT_1);
	CHECK(parse("selftest=vmentry-failure:tlb", &o) == 1 && o.selftest == SELFTEST_NONE);
	CHECK(strstr(warnings, "option 'selftest': unknown group 'tlb' (vmentry-failure has: "
			       "controls, host, segments, control-registers, rip-rflags, activity, "
			       "event-injection); ignored") != NULL);
	CHECK(parse("selftest=vmfail:host", &o) == 1 && o.selftest == SELFTEST_NONE);
	CHECK(strstr(warnings, "unknown group 'host'") != NULL);
	CHECK(parse("selftest=vmentry-failure:", &o) == 1 && o.selftest == SELFTEST_NONE);
	CHECK(parse("selftest=panic", &o) == 1);
	CHECK(strstr(warnings, "option 'selftest': unknown value 'panic' (expected one of: "
			       "exception, vmentry-failure, vmfail, dma, xsetbv, nmi, none)") != NULL);
	CHECK(parse("selftest", &o) == 1);
	CHECK(strstr(warnings, "option 'selftest' needs a value (one of: exception, "
			       "vmentry-failure,") != NULL);
}

const struct unit_test cmdline_tests[] = {
	{ "vmcheck_option", vmcheck_option },
	{ "vmentry_failure_groups", vmentry_failure_groups },
	{ "stats_option", stats_option },
	{ "empty_and_null", empty_and_null },
	{ "known_options", known_options },
	{ "path_first_is_skipped", path_first_is_skipped },
	{ "unknown_option_is_named", unknown_option_is_named },
	{ "bad_values", bad_values },
	{ "overlong_word", overlong_word },
	{ "gdb_option", gdb_option },
	{ "describe", describe },
	{ "iommu_and_dma_selftest", iommu_and_dma_selftest },
};
const unsigned cmdline_test_count = sizeof(cmdline_tests) / sizeof(cmdline_tests[0]);
