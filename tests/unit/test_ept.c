/* The EPT builder with tables in 4 KiB-aligned heap pages. */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "mm/ranges.h"
#include "vmx/ept.h"
#include "vmx/guest_memory.h"

#define MIB 0x100000ull
#define GIB (1024 * MIB)

static void *pages[4096];
static unsigned page_count;
static unsigned page_limit;

static uint64_t *alloc_page(void *ctx)
{
	(void)ctx;
	if (page_count >= page_limit)
		return NULL;
	void *p = aligned_alloc(4096, 4096);
	memset(p, 0, 4096);
	pages[page_count++] = p;
	return p;
}

static void free_pages(void)
{
	while (page_count)
		free(pages[--page_count]);
}

static struct range_set hv;
static struct mtrr_state mtrr;
static struct guest_memory gm;

static void setup(void)
{
	page_limit = 4096;
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

static void out_of_table_memory(void)
{
	struct ept e;
	setup();
	page_limit = 3;
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
	{ "retype_after_mtrr_change", retype_after_mtrr_change },
	{ "identity_map_with_large_pages", identity_map_with_large_pages },
	{ "small_pages_only", small_pages_only },
	{ "map_on_demand_and_idempotent", map_on_demand_and_idempotent },
	{ "out_of_table_memory", out_of_table_memory },
	{ "pointer_format", pointer_format },
};
const unsigned ept_test_count = sizeof(ept_tests) / sizeof(ept_tests[0]);
