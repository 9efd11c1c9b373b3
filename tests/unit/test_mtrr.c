#include <string.h>
#include "tests/unit/unit.h"
#include "vmx/mtrr.h"

#define MIB 0x100000ull
#define GIB (1024 * MIB)

/* Like a PC: fixed ranges WB below 640K, UC for the VGA hole, WP for the BIOS;
 * default UC; variable: 0-2 GiB WB, 0xe0000000-4 GiB UC (MMIO). */
static void pc_state(struct mtrr_state *s)
{
	memset(s, 0, sizeof(*s));
	s->enabled = true;
	s->fixed_enabled = true;
	s->default_type = MTRR_TYPE_UC;
	s->address_mask = (1ull << 39) - 1;
	for (int i = 0; i < 16; i++)
		s->fixed[i] = MTRR_TYPE_WB;             /* 0-0x9ffff */
	for (int i = 16; i < 24; i++)
		s->fixed[i] = MTRR_TYPE_UC;             /* 0xa0000-0xbffff */
	for (int i = 24; i < 88; i++)
		s->fixed[i] = MTRR_TYPE_WP;             /* 0xc0000-0xfffff */
	s->variable_count = 8;
	s->variable[0] = (struct mtrr_variable){ 0 | MTRR_TYPE_WB,
						 (~(2 * GIB - 1) & s->address_mask) | (1 << 11) };
	s->variable[1] = (struct mtrr_variable){ 0xe0000000 | MTRR_TYPE_UC,
						 (~(512 * MIB - 1) & s->address_mask) | (1 << 11) };
}

static void fixed_and_variable_ranges(void)
{
	struct mtrr_state s;
	pc_state(&s);
	CHECK(mtrr_range_type(&s, 0, 0x1000) == MTRR_TYPE_WB);
	CHECK(mtrr_range_type(&s, 0xa0000, 0x20000) == MTRR_TYPE_UC);
	CHECK(mtrr_range_type(&s, 0xf0000, 0x10000) == MTRR_TYPE_WP);
	CHECK(mtrr_range_type(&s, 0, 2 * MIB) == MTRR_MIXED);     /* fixed ranges differ */
	CHECK(mtrr_range_type(&s, 2 * MIB, 2 * MIB) == MTRR_TYPE_WB);
	CHECK(mtrr_range_type(&s, GIB, GIB) == MTRR_TYPE_WB);
	CHECK(mtrr_range_type(&s, 0xe0000000, 2 * MIB) == MTRR_TYPE_UC);
	CHECK(mtrr_range_type(&s, 3 * GIB, GIB) == MTRR_MIXED);   /* default UC + var UC at e0000000 */
	CHECK(mtrr_range_type(&s, 2 * GIB, 2 * MIB) == MTRR_TYPE_UC);   /* default */
	CHECK(mtrr_range_type(&s, 0, GIB) == MTRR_MIXED);
}

static void overlap_precedence(void)
{
	struct mtrr_state s;
	pc_state(&s);
	s.fixed_enabled = false;
	/* WT over WB gives WT; UC over anything gives UC (SDM 11.11.4.1). */
	s.variable[2] = (struct mtrr_variable){ 0x10000000 | MTRR_TYPE_WT,
						(~(16 * MIB - 1) & s.address_mask) | (1 << 11) };
	s.variable[3] = (struct mtrr_variable){ 0x20000000 | MTRR_TYPE_UC,
						(~(16 * MIB - 1) & s.address_mask) | (1 << 11) };
	CHECK(mtrr_range_type(&s, 0x10000000, 4096) == MTRR_TYPE_WT);
	CHECK(mtrr_range_type(&s, 0x20000000, 4096) == MTRR_TYPE_UC);
	CHECK(mtrr_range_type(&s, 0x10000000, 16 * MIB) == MTRR_TYPE_WT);
	CHECK(mtrr_range_type(&s, 0x10000000, 32 * MIB) == MTRR_MIXED);
	/* invalid (V=0) ranges are ignored */
	s.variable[3].mask &= ~(1ull << 11);
	CHECK(mtrr_range_type(&s, 0x20000000, 4096) == MTRR_TYPE_WB);
}

static void disabled_means_uncacheable(void)
{
	struct mtrr_state s;
	pc_state(&s);
	s.enabled = false;
	CHECK(mtrr_range_type(&s, 0, GIB) == MTRR_TYPE_UC);
	CHECK(mtrr_range_type(&s, 4 * GIB, GIB) == MTRR_TYPE_UC);
}

static void non_contiguous_mask_forces_small_pages(void)
{
	struct mtrr_state s;
	pc_state(&s);
	s.fixed_enabled = false;
	/* mask with a hole: matches scattered 4 KiB blocks */
	s.variable[2] = (struct mtrr_variable){ 0x1000 | MTRR_TYPE_WT,
						((~0x1fffull) & ~0x100000ull & s.address_mask) | (1 << 11) };
	CHECK(mtrr_range_type(&s, 0, 2 * MIB) == MTRR_MIXED);
	CHECK(mtrr_range_type(&s, 0x1000, 0x1000) == MTRR_TYPE_WT);
	CHECK(mtrr_range_type(&s, 0x101000, 0x1000) == MTRR_TYPE_WT);
	CHECK(mtrr_range_type(&s, 0x2000, 0x1000) == MTRR_TYPE_WB);
	/* Inside the span of its lowest and highest match, but with pages it
	 * does not match (0x2000): mixed, though its first page is WT. */
	CHECK(mtrr_range_type(&s, 0, 0x4000) == MTRR_MIXED);
	CHECK(mtrr_range_type(&s, 0x100000, 0x4000) == MTRR_MIXED);
}

const struct unit_test mtrr_tests[] = {
	{ "fixed_and_variable_ranges", fixed_and_variable_ranges },
	{ "overlap_precedence", overlap_precedence },
	{ "disabled_means_uncacheable", disabled_means_uncacheable },
	{ "non_contiguous_mask_forces_small_pages", non_contiguous_mask_forces_small_pages },
};
const unsigned mtrr_test_count = sizeof(mtrr_tests) / sizeof(mtrr_tests[0]);
