/* Runs every unit test suite; the last line is "N passed, N failed". */
#include <stdio.h>
#include <string.h>
#include "tests/unit/unit.h"

int unit_failures_in_test;

#define SUITES(X) X(format) X(cmdline) X(multiboot2) X(multiboot1) X(ranges) X(frames) X(symbols) \
	X(controls) X(mtrr) X(ept) X(guest_loading) X(linux_boot) X(exit_debug) X(monitor) \
	X(dmar) X(dma_map) X(screen) \
	X(event_rules) X(pae) X(feature_controls) \
	X(mmio_decode) X(apic_dest) \
	X(msr_policy) X(vmtrr) X(gdb) X(entry_checks) X(entry_explain)

#define DECLARE(s) extern const struct unit_test s##_tests[]; extern const unsigned s##_test_count;
SUITES(DECLARE)

struct suite {
	const char *name;
	const struct unit_test *tests;
	const unsigned *count;
};

#define ENTRY(s) { #s, s##_tests, &s##_test_count },
static const struct suite suites[] = { SUITES(ENTRY) };

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;
	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		if (only && strcmp(only, suites[s].name))
			continue;
		for (unsigned t = 0; t < *suites[s].count; t++) {
			unit_failures_in_test = 0;
			suites[s].tests[t].fn();
			int ok = unit_failures_in_test == 0;
			printf("%s %s.%s\n", ok ? "PASS" : "FAIL", suites[s].name,
			       suites[s].tests[t].name);
			ok ? passed++ : failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
