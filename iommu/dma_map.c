/* See dma_map.h. */
#include "iommu/dma_map.h"

#define ENTRIES 512
#define ROOT_ENTRIES 256
#define CONTEXT_ENTRIES 256
#define MIN_LEVELS 3
#define MAX_LEVELS 5

static uint64_t level_size(unsigned level)
{
	return 1ull << (12 + 9 * (level - 1));      /* 1: 4 KiB, 2: 2 MiB, 3: 1 GiB ... */
}

static uint64_t *table_at(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & SL_ADDRESS_MASK);
}

unsigned dma_map_address_bits(unsigned levels)
{
	return 12 + 9 * levels;
}

/* SAGAW bit N: a walk of N + 2 levels (VT-d 10.4.2); bit 0 (2 levels, 30
 * bits) is not used here. */
unsigned dma_map_levels_for(uint32_t sagaw, unsigned address_bits)
{
	for (unsigned levels = MIN_LEVELS; levels <= MAX_LEVELS; levels++)
		if ((sagaw & (1u << (levels - 2))) && dma_map_address_bits(levels) >= address_bits)
			return levels;
	return 0;
}

static uint64_t *new_table(struct dma_map *m)
{
	uint64_t *t = m->alloc(m->alloc_ctx);
	if (t)
		m->tables++;
	return t;
}

int dma_map_init(struct dma_map *m, unsigned levels, bool mib_pages, bool gib_pages,
		 uint16_t domain, dma_map_alloc_fn alloc, void *ctx)
{
	*m = (struct dma_map){ .levels = levels, .mib_pages = mib_pages, .gib_pages = gib_pages,
			       .alloc = alloc, .alloc_ctx = ctx };
	m->root_table = new_table(m);
	m->context_table = new_table(m);
	m->top = new_table(m);
	if (!m->root_table || !m->context_table || !m->top)
		return -1;
	/* VT-d 9.3: lower qword TT = 00 (untranslated requests walk the
	 * second-level table) and its address; upper qword AW and DID. */
	uint64_t context_lo = (uint64_t)(uintptr_t)m->top | CONTEXT_PRESENT;
	uint64_t context_hi = (levels - 2) | ((uint64_t)domain << CONTEXT_DOMAIN_SHIFT);
	for (unsigned i = 0; i < CONTEXT_ENTRIES; i++) {
		m->context_table[2 * i] = context_lo;
		m->context_table[2 * i + 1] = context_hi;
	}
	for (unsigned bus = 0; bus < ROOT_ENTRIES; bus++)
		m->root_table[2 * bus] = (uint64_t)(uintptr_t)m->context_table | ROOT_PRESENT;
	return 0;
}

static bool leaf_allowed(const struct dma_map *m, unsigned level)
{
	return level == 1 || (level == 2 && m->mib_pages) || (level == 3 && m->gib_pages);
}

static int map_level(struct dma_map *m, uint64_t *table, unsigned level, uint64_t table_base,
		     uint64_t start, uint64_t end, const struct range_set *excluded)
{
	uint64_t size = level_size(level);
	for (uint64_t i = (start - table_base) / size; i < ENTRIES; i++) {
		uint64_t base = table_base + i * size;
		if (base >= end)
			break;
		uint64_t lo = base > start ? base : start;
		uint64_t hi = base + size < end ? base + size : end;
		uint64_t *entry = &table[i];

		if (*entry & SL_PAGE_SIZE || (level == 1 && *entry))
			continue;       /* already mapped */
		if (range_set_contains(excluded, lo, hi))
			continue;
		bool whole = lo == base && hi == base + size;
		if (whole && !*entry && leaf_allowed(m, level) &&
		    !range_set_overlaps(excluded, base, base + size)) {
			*entry = base | SL_READ | SL_WRITE | (level > 1 ? SL_PAGE_SIZE : 0);
			m->leaves[level - 1]++;
			continue;
		}
		if (level == 1)
			continue;       /* a page partly the hypervisor's stays unmapped */
		if (!*entry) {
			uint64_t *sub = new_table(m);
			if (!sub)
				return -1;
			/* Access rights are the AND of every level's (VT-d 3.7). */
			*entry = (uint64_t)(uintptr_t)sub | SL_READ | SL_WRITE;
		}
		if (map_level(m, table_at(*entry), level - 1, base, lo, hi, excluded))
			return -1;
	}
	return 0;
}

int dma_map_identity(struct dma_map *m, uint64_t start, uint64_t end,
		     const struct range_set *excluded)
{
	if (start >= end)
		return 0;
	if (end > 1ull << dma_map_address_bits(m->levels))
		return -1;
	return map_level(m, m->top, m->levels, 0, start, end, excluded);
}

uint64_t dma_map_lookup(const struct dma_map *m, uint64_t address, uint64_t *page_size)
{
	if (address >> dma_map_address_bits(m->levels))
		return 0;
	const uint64_t *table = m->top;
	for (unsigned level = m->levels; level >= 1; level--) {
		uint64_t entry = table[(address >> (12 + 9 * (level - 1))) & (ENTRIES - 1)];
		if (!(entry & (SL_READ | SL_WRITE)))
			return 0;
		if (level == 1 || (entry & SL_PAGE_SIZE)) {
			if (page_size)
				*page_size = level_size(level);
			return entry;
		}
		table = table_at(entry);
	}
	return 0;
}

static void visit_tables(const uint64_t *table, unsigned level,
			 void (*fn)(void *ctx, const void *page), void *ctx)
{
	fn(ctx, table);
	if (level == 1)
		return;
	for (unsigned i = 0; i < ENTRIES; i++)
		if (table[i] && !(table[i] & SL_PAGE_SIZE))
			visit_tables(table_at(table[i]), level - 1, fn, ctx);
}

void dma_map_for_each_table(const struct dma_map *m, void (*fn)(void *ctx, const void *page),
			    void *ctx)
{
	fn(ctx, m->root_table);
	fn(ctx, m->context_table);
	visit_tables(m->top, m->levels, fn, ctx);
}
