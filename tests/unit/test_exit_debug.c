/* The exit-qualification decoder and the trace filter. */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "debug/trace_filter.h"
#include "debug/exit_decode.h"
#include "vmx/exit_reasons.h"

static char buf[160];

static const char *decode(struct exit_info x)
{
	exit_decode(&x, buf, sizeof(buf));
	return buf;
}

static void io_and_msr(void)
{
	/* out dx, al to 0x3f8: size 1 (0), out (bit 3 clear), port in 31:16 */
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_IO_INSTRUCTION,
					     .qualification = 0x3f80000 }),
		  "out port 0x3f8 size 1");
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_IO_INSTRUCTION,
					     .qualification = 0xcf80003 | 8 }),
		  "in port 0xcf8 size 4");
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_IO_INSTRUCTION,
					     .qualification = 0x600000 | 8 | 16 | 32 | 1 }),
		  "ins port 0x60 size 2 rep");
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_MSR_READ,
					     .rcx = 0xffffffff000001a0ull }),
		  "msr 0x1a0");
}

static void control_registers(void)
{
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_CR_ACCESS, .qualification = 0x4 }),
		  "mov to cr4 from rax");
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_CR_ACCESS,
					     .qualification = 0x10 | (11 << 8) }),
		  "mov from cr0 to r11");
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_CR_ACCESS,
					     .qualification = 0x30 | (0x1234ull << 16) }),
		  "lmsw 0x1234");
}

static void ept_and_exceptions(void)
{
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_EPT_VIOLATION,
					     .qualification = 0x182, .guest_physical = 0x8000040,
					     .guest_linear = 0x8000040 }),
		  "write of GPA 0x8000040 (entry allowed ---), GLA 0x8000040");
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_EPT_VIOLATION,
					     .qualification = 0x4 | 0x8 | 0x10,
					     .guest_physical = 0x1000 }),
		  "fetch of GPA 0x1000 (entry allowed rw-)");
	/* #PF: valid, hardware exception, error code delivered */
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_EXCEPTION_NMI,
					     .qualification = 0x20000000,
					     .interruption_info = 0x80000b0e,
					     .interruption_error = 2 }),
		  "hardware exception 14 error code 0x2 cr2 0x20000000");
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_EXCEPTION_NMI,
					     .interruption_info = 0x80000603 }),
		  "software exception 3");
	CHECK_STR(decode((struct exit_info){ .reason = EXIT_REASON_CPUID }), "");
}

static void truncation_is_safe(void)
{
	char small[8];
	struct exit_info x = { .reason = EXIT_REASON_EPT_VIOLATION, .qualification = 0x182,
			       .guest_physical = 0x8000040, .guest_linear = 0x8000040 };
	exit_decode(&x, small, sizeof(small));
	CHECK(strlen(small) == 7);
}

static void filters(void)
{
	struct trace_filter f;
	char err[200];
	CHECK(trace_filter_parse("cpuid,io,msr", 12, &f, err, sizeof(err)) == 0);
	CHECK(trace_filter_has(&f, EXIT_REASON_CPUID));
	CHECK(trace_filter_has(&f, EXIT_REASON_IO_INSTRUCTION));
	CHECK(trace_filter_has(&f, EXIT_REASON_MSR_WRITE));
	CHECK(!trace_filter_has(&f, EXIT_REASON_HLT));
	CHECK(trace_filter_parse("exits", 5, &f, err, sizeof(err)) == 0);
	CHECK(trace_filter_has(&f, 64) && trace_filter_has(&f, 0));
	CHECK(trace_filter_parse("none", 4, &f, err, sizeof(err)) == 0 && trace_filter_empty(&f));
	CHECK(trace_filter_parse("48,vmx", 6, &f, err, sizeof(err)) == 0);
	CHECK(trace_filter_has(&f, 48) && trace_filter_has(&f, EXIT_REASON_VMXOFF));
	/* the length bounds the string: "cpuid" of "cpuidXYZ" */
	CHECK(trace_filter_parse("cpuidXYZ", 5, &f, err, sizeof(err)) == 0);
	struct trace_filter before = f;
	CHECK(trace_filter_parse("cpuid,bogus", 11, &f, err, sizeof(err)) == -1);
	CHECK(strstr(err, "'bogus'") != NULL);
	CHECK(memcmp(&f, &before, sizeof(f)) == 0);     /* unchanged on error */
	CHECK(trace_filter_parse("200", 3, &f, err, sizeof(err)) == -1);
	CHECK(trace_filter_parse("", 0, &f, err, sizeof(err)) == -1);
	CHECK(trace_filter_parse("io,", 3, &f, err, sizeof(err)) == -1);
}

/* A bad word at the very end of an unterminated list: the parser and its
 * error message read nothing past `length` (found by fuzzing). */
static void filter_reads_only_its_length(void)
{
	struct trace_filter f;
	char err[200];
	char *spec = malloc(4);         /* exactly "io,x", no NUL: ASan watches */
	memcpy(spec, "io,x", 4);
	CHECK(trace_filter_parse(spec, 4, &f, err, sizeof(err)) == -1);
	CHECK(strstr(err, "'x'") != NULL);
	free(spec);
}

const struct unit_test exit_debug_tests[] = {
	{ "io_and_msr", io_and_msr },
	{ "control_registers", control_registers },
	{ "ept_and_exceptions", ept_and_exceptions },
	{ "truncation_is_safe", truncation_is_safe },
	{ "filters", filters },
	{ "filter_reads_only_its_length", filter_reads_only_its_length },
};
const unsigned exit_debug_test_count = sizeof(exit_debug_tests) / sizeof(exit_debug_tests[0]);
