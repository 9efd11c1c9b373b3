/* The multiboot (version 1) information QEMU's -kernel hands over
 * (boot/multiboot1.c), and the RSDP search in the BIOS areas that goes with
 * it (arch/acpi.c:acpi_find_rsdp). Input: the offset of the information
 * structure (16 bits), then physical memory from 0x9000 on (where QEMU puts
 * its structure and memory map); every address in it is physical. A second
 * window, the same bytes at 0xe0000, gives the RSDP search something to find. */
#include <stdlib.h>
#include <string.h>
#include "arch/acpi.h"
#include "boot/multiboot1.h"
#include "tests/fuzz/fuzz.h"

#define LOW_WINDOW 0x9000u
#define BIOS_WINDOW 0xe0000u

static const uint8_t *read_memory(void *ctx, uint64_t address, uint64_t length)
{
	return fake_memory_read(ctx, address, length);
}

static void check_string(const char *s)
{
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(fuzz_terminated(s, 4096));
	FUZZ_CHECK(s[0] != ' ');
}

static void check_parsed(const struct boot_info *bi, const struct range_set *used)
{
	if (bi->cmdline)
		check_string(bi->cmdline);
	if (bi->loader_name)
		FUZZ_CHECK(fuzz_terminated(bi->loader_name, 4096));
	fuzz_check_memory_map(bi);
	FUZZ_CHECK(bi->module_count <= BOOT_MAX_MODULES);
	for (unsigned i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		FUZZ_CHECK(m->start <= m->end);
		check_string(m->cmdline);
		/* A module is in memory the hypervisor will not hand out. */
		FUZZ_CHECK(m->start == m->end || range_set_contains(used, m->start, m->end));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint64_t info = LOW_WINDOW + fuzz_take(&in, 2);
	struct fake_memory memory = { 0 };
	fake_memory_add(&memory, LOW_WINDOW, in.data, in.size);
	fake_memory_add(&memory, BIOS_WINDOW, in.data, in.size);
	static struct boot_info bi;
	static struct range_set used;
	char err[128];
	memset(err, 'x', sizeof(err));
	range_set_clear(&used);
	if (multiboot1_parse(info, read_memory, &memory, &bi, &used, err, sizeof(err))) {
		FUZZ_CHECK(fuzz_terminated(err, sizeof(err)));
		FUZZ_CHECK(strncmp(err, "multiboot information: ", 23) == 0);
	} else {
		check_parsed(&bi, &used);
	}
	uint32_t length = 0;
	const uint8_t *rsdp = acpi_find_rsdp(read_memory, &memory, &length);
	if (rsdp) {
		FUZZ_CHECK(length == 20 || length == 36);
		FUZZ_CHECK(memcmp(rsdp, "RSD PTR ", 8) == 0 && acpi_sum(rsdp, length) == 0);
	}
	fake_memory_release(&memory);
	return 0;
}
