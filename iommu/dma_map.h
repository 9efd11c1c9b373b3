/* The translation every remapping unit gives every device (VT-d spec ch. 9,
 * legacy mode): a root table whose 256 entries (one per bus) all point at one
 * context table, whose 256 entries (one per device/function) all point at
 * one second-level page table in one domain. That page table identity-maps
 * the guest's memory, the same ranges EPT maps (everything below the top of
 * RAM but the hypervisor's memory), so a device the guest programs reaches
 * exactly what the guest's CPU reaches, and nothing of the hypervisor.
 * Pure: tables come from a callback and are addressed by their physical
 * address, which equals their pointer both in the hypervisor (identity map)
 * and in the host unit tests (4 KiB-aligned heap pages). */
#ifndef IOMMU_DMA_MAP_H
#define IOMMU_DMA_MAP_H
#include <stdbool.h>
#include <stdint.h>
#include "mm/ranges.h"

/* Second-level paging entries (VT-d 9.8). */
#define SL_READ         (1ull << 0)
#define SL_WRITE        (1ull << 1)
#define SL_PAGE_SIZE    (1ull << 7)     /* a 2 MiB or 1 GiB leaf */
#define SL_ADDRESS_MASK 0x000ffffffffff000ull

/* Root entry (VT-d 9.1) and context entry (9.3), legacy mode. */
#define ROOT_PRESENT    (1ull << 0)
#define CONTEXT_PRESENT (1ull << 0)
#define CONTEXT_DOMAIN_SHIFT 8          /* upper qword: DID at bits 23:8 */

/* Returns a zeroed, 4 KiB-aligned page, or NULL. */
typedef uint64_t *(*dma_map_alloc_fn)(void *ctx);

struct dma_map {
	unsigned levels;        /* 3 (39-bit), 4 (48-bit) or 5 (57-bit) */
	bool mib_pages;         /* CAP.SLLPS bit 0: 2 MiB leaves */
	bool gib_pages;         /* CAP.SLLPS bit 1: 1 GiB leaves */
	uint64_t *top;          /* the second-level page table's top level */
	uint64_t *root_table;   /* 256 root entries, 16 bytes each */
	uint64_t *context_table;        /* 256 context entries, 16 bytes each */
	dma_map_alloc_fn alloc;
	void *alloc_ctx;
	unsigned tables;        /* pages in use: root, context and page tables */
	unsigned leaves[3];     /* mappings of 4 KiB, 2 MiB and 1 GiB */
};

/* The fewest page-table levels that a unit with these SAGAW bits (CAP bits
 * 12:8) supports and that translate addresses of `address_bits` bits.
 * Returns 0 when none does. */
unsigned dma_map_levels_for(uint32_t sagaw, unsigned address_bits);
/* Address bits a walk of `levels` levels translates: 39, 48 or 57. */
unsigned dma_map_address_bits(unsigned levels);

/* The root and context tables, all entries pointing at an empty page table
 * in domain `domain`. Returns 0, or -1 when out of table memory. */
int dma_map_init(struct dma_map *m, unsigned levels, bool mib_pages, bool gib_pages,
		 uint16_t domain, dma_map_alloc_fn alloc, void *ctx);
/* Identity-maps [start, end) less `excluded`, read and write, with the
 * largest pages allowed. Already-mapped parts are left alone. start and end
 * are 4 KiB-aligned. Returns 0, or -1 when out of table memory or when end
 * is beyond what the walk translates (2^dma_map_address_bits(levels)). */
int dma_map_identity(struct dma_map *m, uint64_t start, uint64_t end,
		     const struct range_set *excluded);
/* The leaf entry translating `address` and its page size, or 0 if unmapped. */
uint64_t dma_map_lookup(const struct dma_map *m, uint64_t address, uint64_t *page_size);
/* Calls fn for every table page (root, context, page tables): to flush them
 * from the CPU's caches for a unit that does not snoop them. */
void dma_map_for_each_table(const struct dma_map *m, void (*fn)(void *ctx, const void *page),
			    void *ctx);

#endif
