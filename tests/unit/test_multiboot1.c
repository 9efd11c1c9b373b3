/* The multiboot (version 1) parser and the RSDP search of the BIOS areas,
 * against fake physical memory: one heap buffer of exactly its size, read
 * through a callback that refuses anything outside it, so a wild read is
 * either refused or caught by AddressSanitizer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "arch/acpi.h"
#include "boot/multiboot1.h"
#include "tests/unit/unit.h"

#define MEMORY_SIZE 0x100000u           /* the first MiB: low memory and the BIOS areas */
#define INFO 0x9500u
#define MMAP 0x9000u
#define STRINGS 0xa000u
#define MODULE_LIST 0xb000u
#define MODULE_DATA 0x20000u

static uint8_t *memory;
static uint32_t memory_size;

static const uint8_t *read_memory(void *ctx, uint64_t address, uint64_t length)
{
	(void)ctx;
	return address <= memory_size && length <= memory_size - address ? memory + address : NULL;
}

static void put32(uint32_t at, uint32_t v) { memcpy(memory + at, &v, 4); }
static void put64(uint32_t at, uint64_t v) { memcpy(memory + at, &v, 8); }

static uint32_t put_string(uint32_t at, const char *s)
{
	memcpy(memory + at, s, strlen(s) + 1);
	return at;
}

static void mmap_entry(uint32_t at, uint64_t base, uint64_t length, uint32_t type)
{
	put32(at, 20);
	put64(at + 4, base);
	put64(at + 12, length);
	put32(at + 20, type);
}

/* A structure as QEMU's -kernel builds it: command line, two modules, a
 * memory map of three entries, the boot loader's name. */
static void build_info(void)
{
	memory_size = MEMORY_SIZE;
	memory = realloc(memory, memory_size);
	memset(memory, 0, memory_size);
	put32(INFO + 0, (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
	put32(INFO + 4, 639);
	put32(INFO + 8, 261120);
	put32(INFO + 16, put_string(STRINGS, "/nested/hypervisor.elf verbose intercept=pf"));
	put32(INFO + 20, 2);
	put32(INFO + 24, MODULE_LIST);
	put32(INFO + 44, 3 * 24);
	put32(INFO + 48, MMAP);
	put32(INFO + 64, put_string(STRINGS + 0x100, "qemu"));
	mmap_entry(MMAP, 0, 0x9fc00, 1);
	mmap_entry(MMAP + 24, 0x9fc00, 0x400, 2);
	mmap_entry(MMAP + 48, 0x100000, 0xfee0000, 1);
	put32(MODULE_LIST, MODULE_DATA);
	put32(MODULE_LIST + 4, MODULE_DATA + 0x1234);
	put32(MODULE_LIST + 8, put_string(STRINGS + 0x200, "/nested/basic.elf basic"));
	put32(MODULE_LIST + 16, MODULE_DATA + 0x2000);
	put32(MODULE_LIST + 20, MODULE_DATA + 0x3000);
	put32(MODULE_LIST + 24, put_string(STRINGS + 0x300, "initrd.img initrd"));
}

static int parse(struct boot_info *bi, struct range_set *used, char *err)
{
	range_set_clear(used);
	return multiboot1_parse(INFO, read_memory, NULL, bi, used, err, 128);
}

static void valid_info(void)
{
	static struct boot_info bi;
	struct range_set used;
	char err[128];
	build_info();
	CHECK(parse(&bi, &used, err) == 0);
	CHECK_STR(bi.cmdline, "verbose intercept=pf");
	CHECK_STR(bi.loader_name, "qemu");
	CHECK(bi.region_count == 3);
	CHECK(bi.regions[1].base == 0x9fc00 && bi.regions[1].type == MEM_RESERVED);
	CHECK(bi.regions[2].base == 0x100000 && bi.regions[2].length == 0xfee0000);
	CHECK(bi.module_count == 2);
	CHECK(bi.modules[0].start == MODULE_DATA && bi.modules[0].end == MODULE_DATA + 0x1234);
	CHECK_STR(bi.modules[0].cmdline, "basic");
	CHECK_STR(bi.modules[1].cmdline, "initrd");
	CHECK(bi.rsdp == NULL);
	/* Everything the loader handed over is marked used. */
	CHECK(range_set_contains(&used, INFO, INFO + 68));
	CHECK(range_set_contains(&used, MMAP, MMAP + 72));
	CHECK(range_set_contains(&used, MODULE_LIST, MODULE_LIST + 32));
	CHECK(range_set_contains(&used, MODULE_DATA, MODULE_DATA + 0x1234));
	CHECK(range_set_contains(&used, MODULE_DATA + 0x2000, MODULE_DATA + 0x3000));
	CHECK(range_set_overlaps(&used, STRINGS, STRINGS + 1));
	CHECK(!range_set_overlaps(&used, MODULE_DATA + 0x1234, MODULE_DATA + 0x2000));
}

static void memory_sizes_without_a_map(void)
{
	static struct boot_info bi;
	struct range_set used;
	char err[128];
	build_info();
	put32(INFO + 0, 1u << 0);
	CHECK(parse(&bi, &used, err) == 0);
	CHECK(bi.region_count == 2);
	CHECK(bi.regions[0].base == 0 && bi.regions[0].length == 639 * 1024);
	CHECK(bi.regions[1].base == 0x100000 && bi.regions[1].length == 261120ull * 1024);
	CHECK(bi.cmdline == NULL && bi.loader_name == NULL && bi.module_count == 0);
	put32(INFO + 0, 0);
	CHECK(parse(&bi, &used, err) == -1);
	CHECK(strstr(err, "no memory map") != NULL);
}

static void command_line_of_a_file_name_alone(void)
{
	static struct boot_info bi;
	struct range_set used;
	char err[128];
	build_info();
	put_string(STRINGS, "/nested/hypervisor.elf");
	put_string(STRINGS + 0x200, "basic.elf   spaced  args");
	CHECK(parse(&bi, &used, err) == 0);
	CHECK_STR(bi.cmdline, "");
	CHECK_STR(bi.modules[0].cmdline, "spaced  args");
}

/* expect_rejected(what): the structure as changed is refused with `what`. */
static void expect_rejected(const char *what)
{
	static struct boot_info bi;
	struct range_set used;
	char err[128];
	CHECK(parse(&bi, &used, err) == -1);
	if (!strstr(err, what))
		printf("    got \"%s\", want \"%s\"\n", err, what);
	CHECK(strstr(err, what) != NULL);
	CHECK(strncmp(err, "multiboot information: ", 23) == 0);
}

static void hostile_structures(void)
{
	build_info();
	put32(MODULE_LIST + 4, MODULE_DATA - 1);
	expect_rejected("module ends before it starts");
	build_info();
	put32(INFO + 20, 17);
	expect_rejected("more modules than the hypervisor keeps");
	build_info();
	put32(INFO + 24, MEMORY_SIZE - 16);
	expect_rejected("module list outside memory");
	build_info();
	put32(MODULE_LIST + 4, MEMORY_SIZE + 1);
	expect_rejected("module outside memory");
	build_info();
	memset(memory + MEMORY_SIZE - 8, 'x', 8);
	put32(MODULE_LIST + 8, MEMORY_SIZE - 8);
	expect_rejected("module string not terminated");
	build_info();
	memset(memory + STRINGS, 'x', 5000);
	expect_rejected("command line not terminated");
	build_info();
	put32(INFO + 64, 0xffffffffu);
	expect_rejected("boot loader name not terminated");
	build_info();
	put32(MMAP + 24, 12);
	expect_rejected("memory map entry of a bad size");
	build_info();
	put32(INFO + 44, 3 * 24 - 1);
	expect_rejected("memory map entry of a bad size");
	build_info();
	put32(INFO + 48, MEMORY_SIZE - 8);
	expect_rejected("memory map outside memory");
	build_info();
	put64(MMAP + 4, 0xfffffffffffff000ull);
	expect_rejected("memory region wraps around");
	build_info();
	memory_size = INFO + 60;
	memory = realloc(memory, memory_size);
	expect_rejected("structure outside memory");
}

/* An RSDP of revision 0 (20 bytes) or 2 (36 bytes), checksums right. */
static void put_rsdp(uint32_t at, uint8_t revision)
{
	memcpy(memory + at, "RSD PTR ", 8);
	memory[at + 15] = revision;
	put32(at + 16, 0x7fe0000);
	memory[at + 8] = (uint8_t)-acpi_sum(memory + at, 20);
	if (revision >= 2) {
		put32(at + 20, 36);
		memory[at + 32] = (uint8_t)-acpi_sum(memory + at, 36);
	}
}

static void rsdp_found_in_the_bios_areas(void)
{
	uint32_t length = 0;
	build_info();
	CHECK(acpi_find_rsdp(read_memory, NULL, &length) == NULL);
	put_rsdp(0xf5a10, 0);
	CHECK(acpi_find_rsdp(read_memory, NULL, &length) == memory + 0xf5a10 && length == 20);
	/* The EBDA's first KiB is searched first (segment 0x9fc0 at 0x40e). */
	memory[0x40e] = 0xc0;
	memory[0x40f] = 0x9f;
	put_rsdp(0x9fc00 + 0x3e0, 2);
	CHECK(acpi_find_rsdp(read_memory, NULL, &length) == memory + 0x9ffe0 && length == 36);
	/* A bad extended checksum, or one off the 16-byte grid, is not an RSDP. */
	memory[0x9ffe0 + 35] ^= 1;
	CHECK(acpi_find_rsdp(read_memory, NULL, &length) == memory + 0xf5a10);
	memset(memory + 0xf5a10, 0, 20);
	put_rsdp(0xf5a18, 0);
	CHECK(acpi_find_rsdp(read_memory, NULL, &length) == NULL);
	/* The last place searched ends at 1 MiB. */
	put_rsdp(0xfffe0, 0);
	CHECK(acpi_find_rsdp(read_memory, NULL, &length) == memory + 0xfffe0);
}

const struct unit_test multiboot1_tests[] = {
	{ "valid_info", valid_info },
	{ "memory_sizes_without_a_map", memory_sizes_without_a_map },
	{ "command_line_of_a_file_name_alone", command_line_of_a_file_name_alone },
	{ "hostile_structures", hostile_structures },
	{ "rsdp_found_in_the_bios_areas", rsdp_found_in_the_bios_areas },
};
const unsigned multiboot1_test_count = sizeof(multiboot1_tests) / sizeof(multiboot1_tests[0]);
