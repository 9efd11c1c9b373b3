/* The monitor's command parser, its key-sequence detector, and the guest
 * page-table walk behind xlate and vmem (and the xAPIC write decoding and
 * gdb's memory access). */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "debug/monitor_parse.h"
#include "debug/guest_walk.h"

static struct monitor_command cmd;
static char err[160];

static int parse(const char *line)
{
	err[0] = '\0';
	return monitor_parse(line, &cmd, err, sizeof(err));
}

static void commands(void)
{
	CHECK(parse("help") == 0 && cmd.verb == MON_HELP);
	CHECK(parse("  mem 0x100000 32 ") == 0 && cmd.verb == MON_MEM && cmd.argc == 2 &&
	      cmd.args[0] == 0x100000 && cmd.args[1] == 32);
	CHECK(parse("vmem 4096") == 0 && cmd.args[0] == 4096 && cmd.argc == 1);
	CHECK(parse("xlate 0xFFFFFFFF80000000") == 0 && cmd.args[0] == 0xffffffff80000000ull);
	CHECK(parse("vmcs guest") == 0 && cmd.verb == MON_VMCS && cmd.word_length == 5 &&
	      !strncmp(cmd.word, "guest", 5));
	CHECK(parse("vmcs") == 0 && cmd.word == NULL);
	CHECK(parse("filter cpuid,io") == 0 && cmd.word_length == 8);
	CHECK(parse("c") == 0 && cmd.verb == MON_CONTINUE);
	CHECK(parse("ring") == 0 && cmd.argc == 0);
	CHECK(parse("cpus") == 0 && cmd.verb == MON_CPUS && cmd.argc == 0);
	CHECK(parse("cpu 1") == 0 && cmd.verb == MON_CPU && cmd.argc == 1 && cmd.args[0] == 1);
	CHECK(parse("cpu") == -1);
	CHECK(parse("cpu 1 2") == -1 && strstr(err, "too many arguments"));
}

static void malformed_commands(void)
{
	CHECK(parse("frobnicate") == -1 && strstr(err, "unknown command 'frobnicate'"));
	CHECK(parse("") == -1);
	CHECK(parse("mem") == -1 && strstr(err, "needs an address"));
	CHECK(parse("mem 0x") == -1 && strstr(err, "is not a number"));
	CHECK(parse("mem 12ab") == -1 && strstr(err, "'12ab' is not a number"));
	CHECK(parse("mem 0x10000000000000000") == -1);          /* 17 hex digits */
	CHECK(parse("mem 1 2 3") == -1 && strstr(err, "too many arguments at '3'"));
	CHECK(parse("regs 1") == -1 && strstr(err, "too many arguments"));
	CHECK(parse("filter") == -1 && strstr(err, "needs an argument"));
	CHECK(parse("helpme") == -1);
}

static void key_sequence(void)
{
	struct escape_state s = { 0 };
	char out[2];
	CHECK(escape_feed(&s, 'a', out) == 1 && out[0] == 'a');
	CHECK(escape_feed(&s, MONITOR_ESCAPE, out) == 0);
	CHECK(escape_feed(&s, 'm', out) == -1);
	CHECK(escape_feed(&s, 'm', out) == 1 && out[0] == 'm');  /* plain m afterwards */
	CHECK(escape_feed(&s, MONITOR_ESCAPE, out) == 0);
	CHECK(escape_feed(&s, MONITOR_ESCAPE, out) == 1 && out[0] == MONITOR_ESCAPE);
	CHECK(escape_feed(&s, MONITOR_ESCAPE, out) == 0);
	CHECK(escape_feed(&s, 'x', out) == 2 && out[0] == MONITOR_ESCAPE && out[1] == 'x');
}

/* A fake guest-physical memory of 64 KiB for page tables. */
static uint8_t guest_ram[65536];

static int read_ram(void *ctx, uint64_t gpa, uint64_t *value)
{
	(void)ctx;
	if (gpa + 8 > sizeof(guest_ram))
		return -1;
	memcpy(value, guest_ram + gpa, 8);
	return 0;
}

static void put(uint64_t gpa, uint64_t v) { memcpy(guest_ram + gpa, &v, 8); }
static void put32(uint64_t gpa, uint32_t v) { memcpy(guest_ram + gpa, &v, 4); }

static void walk_modes(void)
{
	struct guest_walk w;
	struct guest_paging p = { 0 };
	memset(guest_ram, 0, sizeof(guest_ram));

	CHECK(guest_walk(&p, 0x12345, read_ram, NULL, &w) == 0 && w.gpa == 0x12345);

	/* 32-bit paging: PD at 0x1000, PT at 0x2000 maps 0x400000 -> 0x7000;
	 * a 4 MiB page maps 0x800000 -> 0xc00000. */
	p.cr0 = 1ull << 31;
	p.cr3 = 0x1000;
	p.cr4 = 1 << 4;
	put32(0x1000 + 1 * 4, 0x2000 | 3);
	put32(0x2000 + 5 * 4, 0x7000 | 3);
	put32(0x1000 + 2 * 4, 0xc00000 | 0x83);
	CHECK(guest_walk(&p, 0x405123, read_ram, NULL, &w) == 0 && w.gpa == 0x7123 && w.steps == 2);
	CHECK(guest_walk(&p, 0x812345, read_ram, NULL, &w) == 0 && w.gpa == 0xc12345 &&
	      w.page_size == 4ull << 20);
	CHECK(guest_walk(&p, 0xc00000, read_ram, NULL, &w) == -1 && !strcmp(w.fault, "not present"));

	/* 4-level: PML4 0x3000 -> PDPT 0x4000 -> PD 0x5000 (2 MiB page) */
	p.cr4 = 1 << 5;
	p.efer = 1 << 10;
	p.cr3 = 0x3000;
	put(0x3000 + 0x1ff * 8, 0x4000 | 3);
	put(0x4000 + 0x1fe * 8, 0x5000 | 3);
	put(0x5000 + 1 * 8, 0x40000000 | 0x83);
	uint64_t gva = 0xffffffff80200000ull + 0x1234;
	CHECK(guest_walk(&p, gva, read_ram, NULL, &w) == 0 && w.gpa == 0x40001234 &&
	      w.page_size == 2u << 20 && w.steps == 3 && !strcmp(w.mode, "4-level paging"));

	/* a table outside guest memory is a fault, not a read */
	put(0x5000 + 2 * 8, 0x90000000ull | 3);
	CHECK(guest_walk(&p, 0xffffffff80400000ull, read_ram, NULL, &w) == -1 &&
	      strstr(w.fault, "not readable"));

	/* PAE: the PDPTEs come from the VMCS */
	p.efer = 0;
	p.pdpte[1] = 0x6000 | 1;
	put(0x6000 + 3 * 8, 0x200000 | 0x83);
	CHECK(guest_walk(&p, 0x40600000 + 0x10, read_ram, NULL, &w) == 0 && w.gpa == 0x200010 &&
	      !strcmp(w.mode, "PAE paging"));
	CHECK(guest_walk(&p, 0x0, read_ram, NULL, &w) == -1);      /* PDPTE 0 not present */
}

/* 5-level paging (CR4.LA57 in IA-32e mode), as Linux sets it up on
 * sapphire_rapids: CR3 holds the PML5 table, and bits 56:48 of the address
 * index it. The xAPIC page at Linux's fixmap address 0xffffffffff5fc0f0
 * (PML5 and PML4 index 511) and a direct-map address 0xff11000000001234
 * (PML5 index 0x111: a 4-level walk, which reads bits 47:39 at CR3, would
 * take PML4 index 0 and land elsewhere). */
static void walk_5level(void)
{
	struct guest_walk w;
	struct guest_paging p = { .cr0 = 1ull << 31, .cr3 = 0x1000, .cr4 = (1 << 5) | (1 << 12),
				  .efer = 1 << 10 };
	memset(guest_ram, 0, sizeof(guest_ram));
	put(0x1000 + 0x1ff * 8, 0x2000 | 3);    /* PML5[511] -> PML4 0x2000 */
	put(0x2000 + 0x1ff * 8, 0x3000 | 3);    /* PML4[511] -> PDPT 0x3000 */
	put(0x3000 + 0x1ff * 8, 0x4000 | 3);    /* PDPT[511] -> PD 0x4000 */
	put(0x4000 + 0x1fa * 8, 0x5000 | 3);    /* PD[506] -> PT 0x5000 */
	put(0x5000 + 0x1fc * 8, 0xfee00000 | 0x13);
	CHECK(guest_walk(&p, 0xffffffffff5fc0f0ull, read_ram, NULL, &w) == 0 &&
	      w.gpa == 0xfee000f0 && w.page_size == 4096 && w.steps == 5 &&
	      !strcmp(w.mode, "5-level paging"));
	CHECK_STR(w.step[0].name, "PML5E");
	CHECK(w.step[0].entry_gpa == 0x1000 + 0x1ff * 8 && w.step[4].entry_gpa == 0x5000 + 0x1fc * 8);

	/* the direct map: PML5[0x111] -> PML4 0x6000, PML4[0] -> PDPT 0x7000,
	 * a 1 GiB page at PDPT[0] */
	put(0x1000 + 0x111 * 8, 0x6000 | 3);
	put(0x6000, 0x7000 | 3);
	put(0x7000, 0x80000000ull | 0x83);
	CHECK(guest_walk(&p, 0xff11000000001234ull, read_ram, NULL, &w) == 0 &&
	      w.gpa == 0x80001234 && w.page_size == 1u << 30 && w.steps == 3);
	/* the same tables walked with 4 levels stop at an empty PML4 slot 0 */
	p.cr4 = 1 << 5;
	CHECK(guest_walk(&p, 0xff11000000001234ull, read_ram, NULL, &w) == -1 &&
	      !strcmp(w.fault, "not present") && !strcmp(w.mode, "4-level paging"));

	/* a PML5E or PML4E with bit 7 set maps no page: the walk goes on */
	p.cr4 = (1 << 5) | (1 << 12);
	put(0x1000 + 2 * 8, 0x6000 | 0x83);
	CHECK(guest_walk(&p, 2ull << 48, read_ram, NULL, &w) == 0 && w.gpa == 0x80000000 &&
	      w.steps == 3);
	/* outside guest memory at the fifth level */
	put(0x1000 + 3 * 8, 0x90000000ull | 3);
	CHECK(guest_walk(&p, 3ull << 48, read_ram, NULL, &w) == -1 && strstr(w.fault, "not readable") &&
	      w.steps == 1);
}

const struct unit_test monitor_tests[] = {
	{ "commands", commands },
	{ "malformed_commands", malformed_commands },
	{ "key_sequence", key_sequence },
	{ "walk_modes", walk_modes },
	{ "walk_5level", walk_5level },
};
const unsigned monitor_test_count = sizeof(monitor_tests) / sizeof(monitor_tests[0]);
