/* The VT-d translation builder (root, context and second-level tables) with
 * tables in 4 KiB-aligned heap pages, and the capability and fault-record
 * decoders. */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "tests/unit/table_pages.h"
#include "iommu/dma_map.h"
#include "iommu/vtd_decode.h"

#define MIB 0x100000ull
#define GIB (1024 * MIB)

static struct range_set hv;

/* The hypervisor of a 512 MiB QEMU machine: image at 128 MiB, 18 MiB pool
 * near the top of RAM; the IOMMU's registers. */
static void setup(void)
{
	set_page_limit(4096);
	range_set_clear(&hv);
	range_set_add(&hv, 0x8000000, 0x8031000);
	range_set_add(&hv, 0x1ec00000, 0x1fe00000);
	range_set_add(&hv, 0xfed90000, 0xfed91000);
}

/* The leaf for `address` translates it to itself. */
static bool identity(const struct dma_map *m, uint64_t address)
{
	uint64_t size = 0;
	uint64_t entry = dma_map_lookup(m, address, &size);
	if (!(entry & SL_READ) || !(entry & SL_WRITE) || !size)
		return false;
	return (entry & SL_ADDRESS_MASK) == (address & ~(size - 1));
}

static void levels_from_sagaw(void)
{
	CHECK(dma_map_levels_for(0x2, 32) == 3);        /* QEMU: 39-bit only */
	CHECK(dma_map_levels_for(0x2, 39) == 3);
	CHECK(dma_map_levels_for(0x2, 40) == 0);
	CHECK(dma_map_levels_for(0x6, 40) == 4);        /* 39 and 48 */
	CHECK(dma_map_levels_for(0x6, 33) == 3);        /* the fewest that cover */
	CHECK(dma_map_levels_for(0x4, 33) == 4);
	CHECK(dma_map_levels_for(0x8, 50) == 5);
	CHECK(dma_map_levels_for(0x1, 30) == 0);        /* 2-level walks not used */
	CHECK(dma_map_levels_for(0, 32) == 0);
	CHECK(dma_map_address_bits(3) == 39 && dma_map_address_bits(4) == 48);
}

static void every_device_one_domain(void)
{
	setup();
	struct dma_map m;
	CHECK(dma_map_init(&m, 3, true, true, 1, alloc_page, NULL) == 0);
	CHECK(m.tables == 3);
	for (unsigned bus = 0; bus < 256; bus++) {
		CHECK(m.root_table[2 * bus] == ((uint64_t)(uintptr_t)m.context_table | 1));
		CHECK(m.root_table[2 * bus + 1] == 0);
	}
	for (unsigned devfn = 0; devfn < 256; devfn++) {
		/* Present, TT 00, the page table; AW 1 (39-bit, 3 levels), DID 1. */
		CHECK(m.context_table[2 * devfn] == ((uint64_t)(uintptr_t)m.top | 1));
		CHECK(m.context_table[2 * devfn + 1] == (1 | 1u << 8));
	}
	struct dma_map m4;
	CHECK(dma_map_init(&m4, 4, true, true, 7, alloc_page, NULL) == 0);
	CHECK(m4.context_table[1] == (2 | 7u << 8));
	free_pages();
}

static void guest_memory_less_hypervisor(void)
{
	setup();
	struct dma_map m;
	CHECK(dma_map_init(&m, 3, true, true, 1, alloc_page, NULL) == 0);
	CHECK(dma_map_identity(&m, 0, 4 * GIB, &hv) == 0);
	CHECK(identity(&m, 0) && identity(&m, 0x100000) && identity(&m, 0x7fff000));
	CHECK(!dma_map_lookup(&m, 0x8000000, NULL));
	CHECK(!dma_map_lookup(&m, 0x8030fff, NULL));
	CHECK(identity(&m, 0x8031000));
	CHECK(identity(&m, 0x1ebff000) && !dma_map_lookup(&m, 0x1ec00000, NULL));
	CHECK(!dma_map_lookup(&m, 0x1fdff000, NULL) && identity(&m, 0x1fe00000));
	CHECK(!dma_map_lookup(&m, 0xfed90000, NULL) && identity(&m, 0xfed91000));
	CHECK(identity(&m, 0xffffffff) && !dma_map_lookup(&m, 4 * GIB, NULL));
	/* 1 GiB pages where no hypervisor memory is, 2 MiB around it. */
	uint64_t size = 0;
	dma_map_lookup(&m, 0x40000000, &size);
	CHECK(size == GIB);
	dma_map_lookup(&m, 0x1000000, &size);
	CHECK(size == 2 * MIB);
	dma_map_lookup(&m, 0x8031000, &size);
	CHECK(size == 4096);
	CHECK(m.leaves[2] == 2);                /* 2-3 GiB, 3-4 GiB minus the registers' GiB */
	CHECK(dma_map_lookup(&m, 0xc0000000, &size) && size == 2 * MIB);
	free_pages();
}

static void small_pages_only(void)
{
	setup();
	struct dma_map m;
	CHECK(dma_map_init(&m, 3, false, false, 1, alloc_page, NULL) == 0);
	CHECK(dma_map_identity(&m, 0, 64 * MIB, &hv) == 0);
	uint64_t size = 0;
	CHECK(dma_map_lookup(&m, 0x3000000, &size) && size == 4096);
	CHECK(m.leaves[1] == 0 && m.leaves[2] == 0 && m.leaves[0] == 64 * MIB / 4096);
	free_pages();
}

/* RMRRs are added after the guest map: already-mapped parts stay as they are. */
static void rmrr_added_later(void)
{
	setup();
	struct dma_map m;
	static const struct range_set nothing;
	CHECK(dma_map_init(&m, 4, true, true, 1, alloc_page, NULL) == 0);
	CHECK(dma_map_identity(&m, 0, 512 * MIB, &hv) == 0);
	uint64_t before = m.leaves[0] + m.leaves[1] + m.leaves[2];
	CHECK(dma_map_identity(&m, 0x1e2e0000, 0x1e300000, &nothing) == 0);
	CHECK(m.leaves[0] + m.leaves[1] + m.leaves[2] == before);
	CHECK(dma_map_identity(&m, 5 * GIB, 5 * GIB + 0x20000, &nothing) == 0);
	CHECK(identity(&m, 5 * GIB + 0x1f000) && !dma_map_lookup(&m, 5 * GIB + 0x20000, NULL));
	CHECK(!dma_map_lookup(&m, 0x8000000, NULL));
	free_pages();
}

static void beyond_the_walk_and_out_of_memory(void)
{
	setup();
	struct dma_map m;
	CHECK(dma_map_init(&m, 3, true, true, 1, alloc_page, NULL) == 0);
	CHECK(dma_map_identity(&m, 0, (1ull << 39) + 4096, &hv) == -1);
	CHECK(!dma_map_lookup(&m, 1ull << 40, NULL));
	free_pages();
	set_page_limit(2);
	CHECK(dma_map_init(&m, 3, true, true, 1, alloc_page, NULL) == -1);
	free_pages();
	set_page_limit(4);
	CHECK(dma_map_init(&m, 3, false, false, 1, alloc_page, NULL) == 0);
	CHECK(dma_map_identity(&m, 0, 4 * GIB, &hv) == -1);
	free_pages();
}

static unsigned visited;

static void count_page(void *ctx, const void *page)
{
	(void)ctx;
	if (page_allocated(page))
		visited++;
}

static void every_table_visited(void)
{
	setup();
	struct dma_map m;
	CHECK(dma_map_init(&m, 3, true, false, 1, alloc_page, NULL) == 0);
	CHECK(dma_map_identity(&m, 0, 4 * GIB, &hv) == 0);
	visited = 0;
	dma_map_for_each_table(&m, count_page, NULL);
	CHECK(visited == m.tables && m.tables == pages_allocated());
	free_pages();
}

/* Fields as QEMU 7.2's intel-iommu sets them, then their other values. */
static void capabilities(void)
{
	struct vtd_caps c;
	uint64_t cap = 2 |                      /* ND: 8 domain-id bits */
		       1ull << 7 |              /* CM */
		       0x2ull << 8 |            /* SAGAW: 39-bit */
		       38ull << 16 |            /* MGAW 39 */
		       (0x220ull / 16) << 24 |  /* FRO */
		       3ull << 34 |             /* SLLPS 2M, 1G */
		       0ull << 40 |             /* NFR: 1 record */
		       1ull << 55;              /* DRD */
	uint64_t ecap = 1 << 1 | (0xf0ull / 16) << 8;
	vtd_caps_decode(0x10, cap, ecap, &c);
	CHECK(c.version_major == 1 && c.version_minor == 0);
	CHECK(c.domain_id_bits == 8 && c.caching_mode && !c.write_buffer_flush);
	CHECK(c.sagaw == 2 && c.mgaw == 39);
	CHECK(c.fault_record_offset == 0x220 && c.fault_record_count == 1);
	CHECK(c.mib_pages && c.gib_pages && c.drain_reads && !c.drain_writes);
	CHECK(!c.coherent && c.queued_invalidation && c.iotlb_offset == 0xf0 && !c.scalable_mode);
	vtd_caps_decode(0x60, 1 << 4 | 0xffull << 40, 1 | 1ull << 43, &c);
	CHECK(c.write_buffer_flush && c.fault_record_count == 256 && c.coherent && c.scalable_mode);
	CHECK(!c.mib_pages && !c.gib_pages && c.sagaw == 0);
}

static void fault_records(void)
{
	struct vtd_fault f;
	/* F, T = write, reason 5, source 00:03.0, page 0x8026000. */
	vtd_fault_decode(0x8026abc, 1ull << 63 | 5ull << 32 | 0x18, &f);
	CHECK(f.valid && !f.read && f.reason == 5 && f.source_id == 0x18 && f.address == 0x8026000);
	char line[160];
	vtd_fault_describe(&f, line, sizeof(line));
	CHECK_STR(line, "DMA write by 00:03.0 to 0x8026000: write denied by the page table "
			"(not mapped writable) (fault reason 0x5)");
	vtd_fault_decode(0x1000, 1ull << 62 | 2ull << 32 | 0x1ff, &f);
	CHECK(!f.valid && f.read && f.reason == 2);
	vtd_fault_describe(&f, line, sizeof(line));
	CHECK_STR(line, "DMA read by 01:1f.7 to 0x1000: context entry not present (fault reason 0x2)");
	CHECK_STR(vtd_fault_reason_name(0), "other (see VT-d appendix A)");
	CHECK_STR(vtd_fault_reason_name(0x60), "other (see VT-d appendix A)");
}

const struct unit_test dma_map_tests[] = {
	{ "levels_from_sagaw", levels_from_sagaw },
	{ "every_device_one_domain", every_device_one_domain },
	{ "guest_memory_less_hypervisor", guest_memory_less_hypervisor },
	{ "small_pages_only", small_pages_only },
	{ "rmrr_added_later", rmrr_added_later },
	{ "beyond_the_walk_and_out_of_memory", beyond_the_walk_and_out_of_memory },
	{ "every_table_visited", every_table_visited },
	{ "capabilities", capabilities },
	{ "fault_records", fault_records },
};
const unsigned dma_map_test_count = sizeof(dma_map_tests) / sizeof(dma_map_tests[0]);
