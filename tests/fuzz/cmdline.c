/* The hypervisor's command line (lib/cmdline.c), as written on GRUB's
 * multiboot2 line. Input: the command line (cut at its first NUL). */
#include <stdlib.h>
#include <string.h>
#include "arch/serial.h"
#include "lib/cmdline.h"
#include "tests/fuzz/fuzz.h"

static void count_warning(const char *message, void *ctx)
{
	FUZZ_CHECK(fuzz_terminated(message, 160) && message[0]);
	(*(int *)ctx)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	char *line = fuzz_take_string(&in);
	struct hv_options o;
	int warnings = 0;
	int n = cmdline_parse(line, &o, count_warning, &warnings);
	FUZZ_CHECK(n == warnings && n >= 0);
	FUZZ_CHECK(o.intercept_pf == 0 || o.intercept_pf == 1);
	FUZZ_CHECK(o.verbose == 0 || o.verbose == 1);
	FUZZ_CHECK(o.monitor >= MONITOR_OFF && o.monitor <= MONITOR_ON_FATAL);
	FUZZ_CHECK(o.selftest >= SELFTEST_NONE && o.selftest <= SELFTEST_NMI);
	FUZZ_CHECK(o.vmentry_failure >= VMENTRY_FAILURE_RFLAGS_BIT_1 &&
		   o.vmentry_failure <= VMENTRY_FAILURE_EVENT_INJECTION);
	FUZZ_CHECK(o.vmentry_failure == VMENTRY_FAILURE_RFLAGS_BIT_1 ||
		   o.selftest == SELFTEST_VMENTRY_FAILURE);
	FUZZ_CHECK(o.vmcheck == 0 || o.vmcheck == 1);
	FUZZ_CHECK(o.iommu_off == 0 || o.iommu_off == 1);
	FUZZ_CHECK(o.console >= CONSOLE_BOTH && o.console <= CONSOLE_SCREEN);
	FUZZ_CHECK(o.gdb.port == 0 || o.gdb.port == COM1_PORT || o.gdb.port == COM2_PORT);
	FUZZ_CHECK(!trace_filter_has(&o.trace, 128));

	/* The boot log's line, into a buffer of exactly the size boot/main.c
	 * gives it. */
	char *described = malloc(160);
	cmdline_describe(&o, described, 160);
	FUZZ_CHECK(fuzz_terminated(described, 160));
	FUZZ_CHECK(strncmp(described, "intercept=", 10) == 0);
	free(described);
	free(line);
	return 0;
}
