/* The EPT builder with tables in 4 KiB-aligned heap pages. */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "tests/unit/table_pages.h"
#include "mm/ranges.h"
#include "vmx/ept.h"
#include "vmx/guest_memory.h"

#define MIB 0x100000ull
#define GIB (1024 * MIB)

static struct range_set hv;
static struct mtrr_state mtrr;
static struct guest_memory gm;

static void setup(void)
{
	set_page_limit(4096);
	range_set_clear(&hv);
	range_set_add(&hv, 128 * MIB, 128 * MIB + 0x15000);          /* image */
	range_set_add(&hv, 494 * MIB, 512 * MIB);                     /* pool */
	memset(&mtrr, 0, sizeof(mtrr));
	mtrr.enabled = true;
	mtrr.default_type = MTRR_TYPE_WB;
	mtrr.address_mask = (1ull << 39) - 1;
	mtrr.variable_count = 1;
	mtrr.variable[0] = (struct mtrr_variable){ 0xc0000000 | MTRR_TYPE_UC,
						   (~(GIB - 1) & mtrr.address_mask) | (1 << 11) };
	gm = (struct guest_memory){ &hv, &mtrr };
}

static uint8_t memtype_of(uint64_t entry)
{
	return (entry >> EPT_MEMTYPE_SHIFT) & 7;
}

static void identity_map_with_large_pages(void)
{
	struct ept e;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	CHECK(ept_map_range(&e, 0, 4 * GIB, guest_memory_classify, &gm) == 0);
	uint64_t size = 0, entry;

	entry = ept_lookup(&e, 0x1234, &size);
	CHECK(entry && size == 2 * MIB && (entry & EPT_ADDRESS_MASK) == 0);
	CHECK(memtype_of(entry) == MTRR_TYPE_WB);
	CHECK((entry & EPT_RWX) == EPT_RWX);

	entry = ept_lookup(&e, GIB + 5, &size);          /* a whole GiB: 1 GiB page */
	CHECK(entry && size == GIB && (entry & EPT_ADDRESS_MASK) == GIB);

	entry = ept_lookup(&e, 0xfee00000, &size);       /* LAPIC: UC via MTRR */
	CHECK(entry && size == GIB && memtype_of(entry) == MTRR_TYPE_UC);

	/* The image is not mapped; the 4 KiB pages around it are. */
	CHECK(ept_lookup(&e, 128 * MIB, NULL) == 0);
	CHECK(ept_lookup(&e, 128 * MIB + 0x14fff, NULL) == 0);
	entry = ept_lookup(&e, 128 * MIB + 0x15000, &size);
	CHECK(entry && size == 4096 && (entry & EPT_ADDRESS_MASK) == 128 * MIB + 0x15000);
	entry = ept_lookup(&e, 128 * MIB - 1, &size);
	CHECK(entry && size == 2 * MIB);
	CHECK(ept_lookup(&e, 500 * MIB, NULL) == 0);    /* pool */
	CHECK(ept_lookup(&e, 4 * GIB, NULL) == 0);      /* beyond the range */
	CHECK(e.leaves[2] == 3);                         /* 1-2, 2-3 and 3-4 GiB */
	free_pages();
}

static void small_pages_only(void)
{
	struct ept e;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, false, false) == 0);
	CHECK(ept_map_range(&e, 0, 4 * MIB, guest_memory_classify, &gm) == 0);
	uint64_t size = 0;
	CHECK(ept_lookup(&e, 3 * MIB, &size) && size == 4096);
	CHECK(e.leaves[0] == 1024 && e.leaves[1] == 0);
	free_pages();
}

static void map_on_demand_and_idempotent(void)
{
	struct ept e;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	CHECK(ept_map_range(&e, 0, 2 * MIB, guest_memory_classify, &gm) == 0);
	unsigned tables = e.tables;
	CHECK(ept_map_range(&e, 0, 2 * MIB, guest_memory_classify, &gm) == 0);
	CHECK(e.tables == tables && e.leaves[1] == 1);
	uint64_t high = 64 * GIB + 0x5000;
	CHECK(ept_lookup(&e, high, NULL) == 0);
	CHECK(ept_map_range(&e, high, high + 4096, guest_memory_classify, &gm) == 0);
	uint64_t size = 0;
	CHECK((ept_lookup(&e, high, &size) & EPT_ADDRESS_MASK) == high && size == 4096);
	free_pages();
}

/* The xAPIC page (in a 1 GiB page of UC memory) made read-only: the large
 * pages above it split, every neighbour keeps its address, type and rights. */
static void page_access_split(void)
{
	struct ept e;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	CHECK(ept_map_range(&e, 0, 4 * GIB, guest_memory_classify, &gm) == 0);
	uint64_t size = 0, apic = 0xfee00000;
	uint64_t before = ept_lookup(&e, apic, &size);
	CHECK(size == GIB && (before & EPT_LARGE_PAGE));
	unsigned gib_leaves = e.leaves[2];
	CHECK(ept_set_page_access(&e, apic, EPT_READ) == 0);
	uint64_t leaf = ept_lookup(&e, apic, &size);
	CHECK(size == 4096 && (leaf & EPT_ADDRESS_MASK) == apic && (leaf & EPT_RWX) == EPT_READ);
	CHECK(memtype_of(leaf) == memtype_of(before) && !(leaf & EPT_LARGE_PAGE));
	uint64_t next = ept_lookup(&e, apic + 4096, &size);
	CHECK(size == 4096 && (next & EPT_ADDRESS_MASK) == apic + 4096 && (next & EPT_RWX) == EPT_RWX);
	uint64_t far = ept_lookup(&e, 0xc0000000, &size);
	CHECK(size == 2 * MIB && (far & EPT_ADDRESS_MASK) == 0xc0000000 && (far & EPT_LARGE_PAGE));
	CHECK(e.leaves[2] == gib_leaves - 1);
	/* rights restored; an unmapped page (the hypervisor's) is refused */
	CHECK(ept_set_page_access(&e, apic, EPT_RWX) == 0 &&
	      (ept_lookup(&e, apic, NULL) & EPT_RWX) == EPT_RWX);
	CHECK(ept_set_page_access(&e, 128 * MIB, EPT_READ) == -1);
	free_pages();
}

static void out_of_table_memory(void)
{
	struct ept e;
	setup();
	set_page_limit(3);
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	CHECK(ept_map_range(&e, 0, 4 * GIB, guest_memory_classify, &gm) == -1);
	free_pages();
}

static void pointer_format(void)
{
	struct ept e;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	uint64_t eptp = ept_pointer(&e);
	CHECK((eptp & 7) == 6);                 /* write-back */
	CHECK(((eptp >> 3) & 7) == 3);          /* 4-level walk */
	CHECK((eptp & EPT_ADDRESS_MASK) == (uint64_t)(uintptr_t)e.pml4);
	free_pages();
}

/* A touch beyond the initial map (a 64-bit BAR at 64 GiB): one mapping of
 * the largest page size the CPU offers, not 4 KiB per touch. */
static void first_touch_maps_largest_page(void)
{
	struct ept e;
	uint64_t size = 0;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	CHECK(ept_map_on_touch(&e, 64 * GIB + 0x123000, guest_memory_classify, &gm) == 0);
	CHECK(ept_lookup(&e, 64 * GIB + 0x123000, &size) != 0 && size == GIB);
	CHECK(ept_lookup(&e, 65 * GIB - 4096, &size) != 0);
	CHECK(e.leaves[2] == 1 && e.leaves[1] == 0 && e.leaves[0] == 0);
	CHECK(e.tables == 2);                  /* PML4 and one PDPT */
	/* a second touch in the same block changes nothing */
	CHECK(ept_map_on_touch(&e, 64 * GIB + 0x5000000, guest_memory_classify, &gm) == 0);
	CHECK(e.leaves[2] == 1 && e.tables == 2);
	free_pages();

	CHECK(ept_init(&e, alloc_page, NULL, true, false) == 0);      /* no 1 GiB pages */
	CHECK(ept_map_on_touch(&e, 64 * GIB + 0x123000, guest_memory_classify, &gm) == 0);
	CHECK(ept_lookup(&e, 64 * GIB, &size) != 0 && size == 2 * MIB);
	CHECK(!ept_lookup(&e, 64 * GIB + 2 * MIB, &size));
	CHECK(e.leaves[1] == 1 && e.leaves[0] == 0);
	free_pages();

	CHECK(ept_init(&e, alloc_page, NULL, false, false) == 0);     /* 4 KiB only */
	CHECK(ept_map_on_touch(&e, 64 * GIB + 0x123456, guest_memory_classify, &gm) == 0);
	CHECK(ept_lookup(&e, 64 * GIB + 0x123000, &size) != 0 && size == 4096);
	CHECK(e.leaves[0] == 1);
	free_pages();
}

/* A touch in a block already partly mapped through a table of smaller
 * pages: the touched page's block is mapped, the rest left as it is. */
static void first_touch_in_a_partial_block(void)
{
	struct ept e;
	uint64_t size = 0;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	CHECK(ept_map_range(&e, 64 * GIB, 64 * GIB + 2 * MIB, guest_memory_classify, &gm) == 0);
	CHECK(e.leaves[1] == 1 && e.tables == 3);
	CHECK(ept_map_on_touch(&e, 64 * GIB + 10 * MIB, guest_memory_classify, &gm) == 0);
	CHECK(ept_lookup(&e, 64 * GIB + 10 * MIB, &size) != 0 && size == 2 * MIB);
	CHECK(!ept_lookup(&e, 65 * GIB - 4096, &size));
	CHECK(e.leaves[2] == 0 && e.leaves[1] == 2 && e.tables == 3);
	free_pages();
}

/* A touch next to hypervisor memory: the blocks that hold some of it are
 * split down to the touched page's, which alone is mapped. */
static void first_touch_skips_hypervisor_memory(void)
{
	struct ept e;
	uint64_t size = 0;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	CHECK(ept_map_on_touch(&e, 129 * MIB, guest_memory_classify, &gm) == 0);
	CHECK(ept_lookup(&e, 129 * MIB, &size) != 0 && size == 4096);
	CHECK(!ept_lookup(&e, 128 * MIB, &size));              /* the image */
	CHECK(!ept_lookup(&e, 500 * MIB, &size));              /* the pool */
	CHECK(!ept_lookup(&e, 256 * MIB, &size));              /* not touched */
	CHECK(e.tables == 4 && e.leaves[0] == 1);
	/* a touch elsewhere in the first GiB maps its 2 MiB */
	CHECK(ept_map_on_touch(&e, 0x1234, guest_memory_classify, &gm) == 0);
	CHECK(ept_lookup(&e, 0, &size) != 0 && size == 2 * MIB);
	free_pages();
}

/* A variable MTRR with a non-contiguous mask (bit 12 alone: every other 4
 * KiB page) makes every block above 4 KiB of two types: each touch maps
 * one 4 KiB page through at most a table per level, never a whole block of
 * 4 KiB pages. At the table limit the builder says so, and after ept_reset
 * its freed tables serve again, the limit still held. */
static void non_contiguous_mtrr_at_the_table_limit(void)
{
	struct ept e;
	uint64_t size = 0;
	setup();
	mtrr.variable[0] = (struct mtrr_variable){ MTRR_TYPE_UC, 0x1000 | (1 << 11) };
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	e.table_limit = 8;
	CHECK(ept_map_on_touch(&e, 4 * GIB + 0x3000, guest_memory_classify, &gm) == 0);
	CHECK(ept_lookup(&e, 4 * GIB + 0x3000, &size) != 0 && size == 4096);
	CHECK(memtype_of(ept_lookup(&e, 4 * GIB + 0x3000, NULL)) == MTRR_TYPE_WB);
	CHECK(e.tables == 4);                   /* PML4, PDPT, PD, PT */
	/* each further GiB: a PD and a PT */
	CHECK(ept_map_on_touch(&e, 5 * GIB, guest_memory_classify, &gm) == 0);
	CHECK(memtype_of(ept_lookup(&e, 5 * GIB, NULL)) == MTRR_TYPE_UC);
	CHECK(ept_map_on_touch(&e, 6 * GIB, guest_memory_classify, &gm) == 0);
	CHECK(e.tables == 8);
	unsigned allocated = pages_allocated();
	CHECK(ept_map_on_touch(&e, 7 * GIB, guest_memory_classify, &gm) == -1);
	CHECK(e.tables == 8 && pages_allocated() == allocated);
	ept_reset(&e);
	CHECK(e.tables == 1 && !ept_lookup(&e, 4 * GIB + 0x3000, NULL));
	CHECK(e.leaves[0] == 0 && e.leaves[1] == 0 && e.leaves[2] == 0);
	/* the freed tables serve again: nothing more is allocated */
	for (uint64_t g = 7; g < 10; g++)
		CHECK(ept_map_on_touch(&e, g * GIB, guest_memory_classify, &gm) == 0);
	CHECK(e.tables == 8 && pages_allocated() == allocated);
	CHECK(ept_lookup(&e, 9 * GIB, &size) != 0 && size == 4096);
	free_pages();
}

/* A page whose access was restricted (the xAPIC page, read-only) keeps it
 * when the EPT is rebuilt after ept_reset, on first touch and by
 * ept_map_range, and no large page is made over it. */
static void restricted_page_survives_a_reset(void)
{
	struct ept e;
	uint64_t size = 0;
	setup();
	CHECK(ept_init(&e, alloc_page, NULL, true, true) == 0);
	CHECK(ept_map_range(&e, 0, 4 * GIB, guest_memory_classify, &gm) == 0);
	CHECK(ept_set_page_access(&e, 0xfee00000, EPT_READ) == 0);
	CHECK((ept_lookup(&e, 0xfee00000, &size) & EPT_RWX) == EPT_READ && size == 4096);
	ept_reset(&e);
	CHECK(ept_map_on_touch(&e, 0xfee00000, guest_memory_classify, &gm) == 0);
	CHECK((ept_lookup(&e, 0xfee00000, &size) & EPT_RWX) == EPT_READ && size == 4096);
	CHECK(ept_map_on_touch(&e, 0xfee01000, guest_memory_classify, &gm) == 0);
	CHECK((ept_lookup(&e, 0xfee01000, &size) & EPT_RWX) == EPT_RWX && size == 4096);
	ept_reset(&e);
	CHECK(ept_map_range(&e, 0, 4 * GIB, guest_memory_classify, &gm) == 0);
	CHECK((ept_lookup(&e, 0xfee00000, &size) & EPT_RWX) == EPT_READ && size == 4096);
	CHECK(ept_lookup(&e, 0xfec00000, &size) && size == 2 * MIB);
	free_pages();
}

static void invalidation_types(void)
{
	CHECK(ept_invept_type(1ull << 25 | 1ull << 26) == 1);
	CHECK(ept_invept_type(1ull << 26) == 2);
	CHECK(ept_invept_type(1ull << 20) == 0);               /* INVEPT, but no type */
	CHECK(ept_invvpid_type(1ull << 32 | 1ull << 41 | 1ull << 42) == 1);
	CHECK(ept_invvpid_type(1ull << 32 | 1ull << 42) == 2);
	CHECK(ept_invvpid_type(1ull << 32 | 1ull << 40) == 0); /* individual-address only */
	CHECK(ept_invvpid_type(1ull << 41 | 1ull << 42) == 0); /* no INVVPID at all */
	/* Bochs' skylake_x: 0xf0106334141 */
	CHECK(ept_invept_type(0xf0106334141ull) == 1 && ept_invvpid_type(0xf0106334141ull) == 1);
}

/* A guest MTRR change re-derives the types of the mapped pages: a 1 GiB
 * page that becomes of two types is split, a uniform one is retyped in
 * place, the hypervisor's memory stays unmapped. */
static void retype_after_mtrr_change(void)
{
	setup();
	struct ept e;
	CHECK(ept_init(&e, alloc_page, 0, true, true) == 0);
	CHECK(ept_map_range(&e, 0, 4 * GIB, guest_memory_classify, &gm) == 0);
	uint64_t size;
	CHECK(memtype_of(ept_lookup(&e, 2 * GIB + 0x5000, &size)) == MTRR_TYPE_WB);
	CHECK(size == GIB);
	/* 2 GiB + 4 MiB, 2 MiB long, becomes write-combining. */
	mtrr.variable_count = 2;
	mtrr.variable[1] = (struct mtrr_variable){ (2 * GIB + 4 * MIB) | MTRR_TYPE_WC,
						   (~(2 * MIB - 1) & mtrr.address_mask) | (1 << 11) };
	CHECK(ept_retype_range(&e, 2 * GIB + 4 * MIB, 2 * GIB + 6 * MIB, guest_memory_classify,
			       &gm) == 0);
	CHECK(memtype_of(ept_lookup(&e, 2 * GIB + 4 * MIB, &size)) == MTRR_TYPE_WC);
	CHECK(size == 2 * MIB);
	CHECK(memtype_of(ept_lookup(&e, 2 * GIB + 6 * MIB, &size)) == MTRR_TYPE_WB);
	CHECK(size == 2 * MIB);
	CHECK(memtype_of(ept_lookup(&e, 2 * GIB, &size)) == MTRR_TYPE_WB);
	/* Everything uncacheable (MTRRs off): retyped in place, not split. */
	unsigned tables = e.tables;
	mtrr.enabled = false;
	CHECK(ept_retype_range(&e, 0, 1ull << 39, guest_memory_classify, &gm) == 0);
	CHECK(e.tables == tables);
	CHECK(memtype_of(ept_lookup(&e, 2 * GIB + 4 * MIB, &size)) == MTRR_TYPE_UC);
	CHECK(memtype_of(ept_lookup(&e, 0x5000, &size)) == MTRR_TYPE_UC);
	CHECK(memtype_of(ept_lookup(&e, 3 * GIB, &size)) == MTRR_TYPE_UC);
	CHECK(ept_lookup(&e, 128 * MIB, &size) == 0);                 /* hypervisor */
	free_pages();
}

const struct unit_test ept_tests[] = {
	{ "first_touch_maps_largest_page", first_touch_maps_largest_page },
	{ "first_touch_in_a_partial_block", first_touch_in_a_partial_block },
	{ "non_contiguous_mtrr_at_the_table_limit", non_contiguous_mtrr_at_the_table_limit },
	{ "restricted_page_survives_a_reset", restricted_page_survives_a_reset },
	{ "first_touch_skips_hypervisor_memory", first_touch_skips_hypervisor_memory },
	{ "invalidation_types", invalidation_types },
	{ "retype_after_mtrr_change", retype_after_mtrr_change },
	{ "identity_map_with_large_pages", identity_map_with_large_pages },
	{ "small_pages_only", small_pages_only },
	{ "map_on_demand_and_idempotent", map_on_demand_and_idempotent },
	{ "out_of_table_memory", out_of_table_memory },
	{ "page_access_split", page_access_split },
	{ "pointer_format", pointer_format },
};
const unsigned ept_test_count = sizeof(ept_tests) / sizeof(ept_tests[0]);
