/* EPT table builder; see ept.h. */
#include "vmx/ept.h"
#include <stddef.h>

#define LEVELS 4
#define ENTRIES 512
#define EPTP_MEMTYPE_WB 6
#define EPTP_WALK_LENGTH_4 (3ull << 3)

static uint64_t level_size(int level)
{
	return 1ull << (12 + 9 * (level - 1));      /* 1: 4 KiB ... 4: 512 GiB */
}

/* The index of gpa's entry in its table of `level`. */
static unsigned entry_index(uint64_t gpa, int level)
{
	return (gpa >> (12 + 9 * (level - 1))) & (ENTRIES - 1);
}

static uint64_t *table_at(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & EPT_ADDRESS_MASK);
}

int ept_init(struct ept *e, ept_alloc_fn alloc, void *ctx, bool mib_pages, bool gib_pages)
{
	*e = (struct ept){ .alloc = alloc, .alloc_ctx = ctx, .mib_pages = mib_pages,
			   .gib_pages = gib_pages };
	e->pml4 = alloc(ctx);
	if (!e->pml4)
		return -1;
	e->tables = 1;
	return 0;
}

static bool leaf_allowed(const struct ept *e, int level)
{
	return level == 1 || (level == 2 && e->mib_pages) || (level == 3 && e->gib_pages);
}

/* A zeroed table, counted, or NULL when out of table memory: the limit, or
 * nothing left on the free list nor from the allocator. */
static uint64_t *alloc_table(struct ept *e)
{
	if (e->table_limit && e->tables >= e->table_limit)
		return NULL;
	uint64_t *table = e->free_tables;
	if (table) {
		e->free_tables = (uint64_t *)(uintptr_t)table[0];
		table[0] = 0;
	} else {
		table = e->alloc(e->alloc_ctx);
	}
	if (table)
		e->tables++;
	return table;
}

/* The entry that points at a table (the inverse of table_at). */
static uint64_t table_entry(const uint64_t *table)
{
	return (uint64_t)(uintptr_t)table | EPT_RWX;
}

/* Points the empty *entry at a new, empty table and returns it, or NULL
 * when out of table memory. Other processors may walk the table while it
 * fills: what they find not present yet exits to be mapped under the lock. */
static uint64_t *new_table(struct ept *e, uint64_t *entry)
{
	uint64_t *sub = alloc_table(e);
	if (sub)
		*entry = table_entry(sub);
	return sub;
}

static int map_level(struct ept *e, uint64_t *table, int level, uint64_t table_base,
		     uint64_t start, uint64_t end, ept_classify_fn classify, void *ctx);

/* The access of the 4 KiB page at base (RWX unless ept_set_page_access
 * restricted it); true when [base, base + size) holds a restricted page. */
static bool restricted_access(const struct ept *e, uint64_t base, uint64_t size,
			      uint64_t *access)
{
	*access = EPT_RWX;
	for (unsigned i = 0; i < e->protected_count; i++) {
		const struct ept_protected_page *p = &e->protected_pages[i];
		if (p->gpa >= base && p->gpa - base < size) {
			*access = p->access;
			return true;
		}
	}
	return false;
}

enum block_mapping { BLOCK_LEAF, BLOCK_NOTHING, BLOCK_SPLIT };

/* How the block of `level` at base is mapped: by one leaf (*leaf) where
 * that page size is offered and classify calls the block one type (a 4 KiB
 * page cannot be split: MIXED there maps as UC), by nothing where classify
 * says skip, else by a table of smaller pages. A restricted page is only
 * ever a 4 KiB leaf, with its access. */
static enum block_mapping map_of_block(const struct ept *e, int level, uint64_t base,
				       ept_classify_fn classify, void *ctx, uint64_t *leaf)
{
	if (!leaf_allowed(e, level))
		return BLOCK_SPLIT;
	uint64_t size = level_size(level), access;
	uint8_t memtype = 0;
	enum ept_range_kind kind = classify(ctx, base, size, &memtype);
	if (kind == EPT_RANGE_SKIP)
		return BLOCK_NOTHING;
	if (restricted_access(e, base, size, &access) && level > 1)
		kind = EPT_RANGE_MIXED;
	if (kind != EPT_RANGE_MAP && level > 1)
		return BLOCK_SPLIT;
	if (kind != EPT_RANGE_MAP)
		memtype = 0;
	*leaf = base | access | ((uint64_t)memtype << EPT_MEMTYPE_SHIFT) |
		(level > 1 ? EPT_LARGE_PAGE : 0);
	return BLOCK_LEAF;
}

static void set_leaf(struct ept *e, uint64_t *entry, int level, uint64_t leaf)
{
	*entry = leaf;
	e->leaves[level - 1]++;
}

/* Maps the whole block of `level` at base into the empty *entry. */
static int map_block(struct ept *e, uint64_t *entry, int level, uint64_t base,
		     ept_classify_fn classify, void *ctx)
{
	uint64_t leaf = 0;
	switch (map_of_block(e, level, base, classify, ctx, &leaf)) {
	case BLOCK_LEAF:
		set_leaf(e, entry, level, leaf);
		return 0;
	case BLOCK_NOTHING:
		return 0;
	case BLOCK_SPLIT:
		break;
	}
	uint64_t *sub = new_table(e, entry);
	if (!sub)
		return -1;
	return map_level(e, sub, level - 1, base, base, base + level_size(level), classify, ctx);
}

/* Maps [start, end) within the table of `level` whose first entry maps
 * table_base: whole empty blocks by map_block, the rest a level below. */
static int map_level(struct ept *e, uint64_t *table, int level, uint64_t table_base,
		     uint64_t start, uint64_t end, ept_classify_fn classify, void *ctx)
{
	uint64_t size = level_size(level);
	for (uint64_t i = (start - table_base) / size; i < ENTRIES; i++) {
		uint64_t base = table_base + i * size;
		if (base >= end)
			break;
		uint64_t *entry = &table[i];
		if (*entry & EPT_LARGE_PAGE || (level == 1 && *entry))
			continue;       /* already mapped */
		uint64_t lo = base > start ? base : start;
		uint64_t hi = base + size < end ? base + size : end;
		if (!*entry && lo == base && hi == base + size) {
			if (map_block(e, entry, level, base, classify, ctx))
				return -1;
			continue;
		}
		/* Part of the block (start and end are 4 KiB-aligned, so not
		 * at level 1), or a table already there. */
		if (!*entry && !new_table(e, entry))
			return -1;
		if (map_level(e, table_at(*entry), level - 1, base, lo, hi, classify, ctx))
			return -1;
	}
	return 0;
}

int ept_map_range(struct ept *e, uint64_t start, uint64_t end, ept_classify_fn classify,
		  void *ctx)
{
	if (start >= end)
		return 0;
	return map_level(e, e->pml4, LEVELS, 0, start, end, classify, ctx);
}

/* From the PML4 down: at each level the block that holds gpa, a leaf if it
 * can be one, else a table (new or there) and the next level. */
int ept_map_on_touch(struct ept *e, uint64_t gpa, ept_classify_fn classify, void *ctx)
{
	uint64_t *table = e->pml4;
	for (int level = LEVELS; level >= 1; level--) {
		uint64_t *entry = &table[entry_index(gpa, level)];
		if (*entry & EPT_LARGE_PAGE || (level == 1 && *entry))
			return 0;       /* mapped meanwhile by another processor */
		if (!*entry) {
			uint64_t leaf = 0, base = gpa & ~(level_size(level) - 1);
			enum block_mapping m = map_of_block(e, level, base, classify, ctx, &leaf);
			if (m == BLOCK_LEAF)
				set_leaf(e, entry, level, leaf);
			if (m != BLOCK_SPLIT)
				return 0;
			if (!new_table(e, entry))
				return -1;
		}
		table = table_at(*entry);
	}
	return 0;
}

#define CAP_INVEPT_SINGLE_CONTEXT (1ull << 25)
#define CAP_INVEPT_ALL_CONTEXT (1ull << 26)
#define CAP_INVVPID (1ull << 32)
#define CAP_INVVPID_SINGLE_CONTEXT (1ull << 41)
#define CAP_INVVPID_ALL_CONTEXT (1ull << 42)
#define TYPE_SINGLE_CONTEXT 1   /* the same numbers for INVEPT and INVVPID */
#define TYPE_ALL_CONTEXT 2

unsigned ept_invept_type(uint64_t cap)
{
	if (cap & CAP_INVEPT_SINGLE_CONTEXT)
		return TYPE_SINGLE_CONTEXT;
	return (cap & CAP_INVEPT_ALL_CONTEXT) ? TYPE_ALL_CONTEXT : 0;
}

unsigned ept_invvpid_type(uint64_t cap)
{
	if (!(cap & CAP_INVVPID))
		return 0;
	if (cap & CAP_INVVPID_SINGLE_CONTEXT)
		return TYPE_SINGLE_CONTEXT;
	return (cap & CAP_INVVPID_ALL_CONTEXT) ? TYPE_ALL_CONTEXT : 0;
}

#define EPT_MEMTYPE_MASK (7ull << EPT_MEMTYPE_SHIFT)

/* Replaces the leaf *entry of a level > 1 by a table of 512 leaves of the
 * next level with the same permissions and memory type. */
static int split_leaf(struct ept *e, uint64_t *entry, int level)
{
	uint64_t *sub = alloc_table(e);
	if (!sub)
		return -1;
	uint64_t base = *entry & EPT_ADDRESS_MASK, child = level_size(level - 1);
	uint64_t flags = *entry & (EPT_RWX | EPT_MEMTYPE_MASK);
	for (unsigned i = 0; i < ENTRIES; i++)
		sub[i] = (base + i * child) | flags | (level - 1 > 1 ? EPT_LARGE_PAGE : 0);
	e->leaves[level - 1]--;
	e->leaves[level - 2] += ENTRIES;
	*entry = table_entry(sub);      /* published once filled */
	return 0;
}

/* Keeps the restriction for later mappings (restricted_access). */
static int remember_restriction(struct ept *e, uint64_t page, uint64_t access)
{
	for (unsigned i = 0; i < e->protected_count; i++)
		if (e->protected_pages[i].gpa == page) {
			e->protected_pages[i].access = access;
			return 0;
		}
	if (e->protected_count == EPT_PROTECTED_MAX)
		return -1;
	e->protected_pages[e->protected_count++] = (struct ept_protected_page){ page, access };
	return 0;
}

int ept_set_page_access(struct ept *e, uint64_t gpa, uint64_t access)
{
	if (remember_restriction(e, gpa & ~0xfffull, access & EPT_RWX))
		return -1;
	uint64_t *table = e->pml4;
	for (int level = LEVELS; level > 1; level--) {
		uint64_t *entry = &table[entry_index(gpa, level)];
		if (!(*entry & EPT_RWX))
			return -1;
		if ((*entry & EPT_LARGE_PAGE) && split_leaf(e, entry, level))
			return -1;
		table = table_at(*entry);
	}
	uint64_t *leaf = &table[entry_index(gpa, 1)];
	if (!(*leaf & EPT_RWX))
		return -1;
	*leaf = (*leaf & ~EPT_RWX) | (access & EPT_RWX);
	return 0;
}

static int retype_level(struct ept *e, uint64_t *table, int level, uint64_t table_base,
			uint64_t start, uint64_t end, ept_classify_fn classify, void *ctx)
{
	uint64_t size = level_size(level);
	for (uint64_t i = (start - table_base) / size; i < ENTRIES; i++) {
		uint64_t base = table_base + i * size;
		if (base >= end)
			break;
		uint64_t *entry = &table[i];
		if (!(*entry & EPT_RWX))
			continue;               /* unmapped: stays so */
		bool leaf = level == 1 || (*entry & EPT_LARGE_PAGE);
		if (leaf) {
			uint8_t memtype = 0;
			enum ept_range_kind kind = classify(ctx, base, size, &memtype);
			if (kind == EPT_RANGE_MIXED && level > 1) {
				if (split_leaf(e, entry, level))
					return -1;
			} else {
				/* A 4 KiB page cannot be split: MIXED there maps as UC. */
				if (kind != EPT_RANGE_MAP)
					memtype = 0;
				*entry = (*entry & ~EPT_MEMTYPE_MASK) |
					 ((uint64_t)memtype << EPT_MEMTYPE_SHIFT);
				continue;
			}
		}
		uint64_t lo = base > start ? base : start;
		uint64_t hi = base + size < end ? base + size : end;
		if (retype_level(e, table_at(*entry), level - 1, base, lo, hi, classify, ctx))
			return -1;
	}
	return 0;
}

int ept_retype_range(struct ept *e, uint64_t start, uint64_t end, ept_classify_fn classify,
		     void *ctx)
{
	if (start >= end)
		return 0;
	return retype_level(e, e->pml4, LEVELS, 0, start, end, classify, ctx);
}

/* Frees the tables below *entry's table of `level` and that table itself:
 * zeroed (entry 0 then links it into the free list). */
static void free_subtree(struct ept *e, uint64_t *table, int level)
{
	for (unsigned i = 0; i < ENTRIES; i++)
		if (level > 1 && (table[i] & EPT_RWX) && !(table[i] & EPT_LARGE_PAGE))
			free_subtree(e, table_at(table[i]), level - 1);
	for (unsigned i = 0; i < ENTRIES; i++)
		table[i] = 0;
	table[0] = (uint64_t)(uintptr_t)e->free_tables;
	e->free_tables = table;
	e->tables--;
}

void ept_reset(struct ept *e)
{
	for (unsigned i = 0; i < ENTRIES; i++) {
		if (e->pml4[i] & EPT_RWX)
			free_subtree(e, table_at(e->pml4[i]), LEVELS - 1);
		e->pml4[i] = 0;
	}
	e->leaves[0] = e->leaves[1] = e->leaves[2] = 0;
}

uint64_t ept_lookup(const struct ept *e, uint64_t gpa, uint64_t *page_size)
{
	const uint64_t *table = e->pml4;
	for (int level = LEVELS; level >= 1; level--) {
		uint64_t entry = table[entry_index(gpa, level)];
		if (!(entry & EPT_RWX))
			return 0;
		if (level == 1 || (entry & EPT_LARGE_PAGE)) {
			if (page_size)
				*page_size = level_size(level);
			return entry;
		}
		table = table_at(entry);
	}
	return 0;
}

uint64_t ept_pointer(const struct ept *e)
{
	return (uint64_t)(uintptr_t)e->pml4 | EPTP_WALK_LENGTH_4 | EPTP_MEMTYPE_WB;
}
