/* EPT tables (SDM vol. 3C 28.2): 4-level, identity mapping (guest-physical =
 * host-physical) with the largest page each range allows. Pure: tables come
 * from a callback and are addressed by their physical address, which equals
 * their pointer both in the hypervisor (identity-mapped) and in the host unit
 * tests (4 KiB-aligned heap pages). */
#ifndef VMX_EPT_H
#define VMX_EPT_H
#include <stdbool.h>
#include <stdint.h>

#define EPT_READ        (1ull << 0)
#define EPT_WRITE       (1ull << 1)
#define EPT_EXECUTE     (1ull << 2)
#define EPT_RWX         (EPT_READ | EPT_WRITE | EPT_EXECUTE)
#define EPT_MEMTYPE_SHIFT 3
#define EPT_LARGE_PAGE  (1ull << 7)
#define EPT_ADDRESS_MASK 0x000ffffffffff000ull

/* What a range of guest-physical memory is, for the builder. */
enum ept_range_kind {
	EPT_RANGE_MAP,          /* map it, all of one memory type */
	EPT_RANGE_SKIP,         /* leave it unmapped (hypervisor memory) */
	EPT_RANGE_MIXED,        /* split it into smaller pages */
};

typedef enum ept_range_kind (*ept_classify_fn)(void *ctx, uint64_t base, uint64_t size,
					       uint8_t *memtype);
/* Returns a zeroed, 4 KiB-aligned page, or NULL. */
typedef uint64_t *(*ept_alloc_fn)(void *ctx);

#define EPT_PROTECTED_MAX 4

/* A page whose access ept_set_page_access restricted: every mapping built
 * later keeps it so. */
struct ept_protected_page {
	uint64_t gpa;
	uint64_t access;
};

struct ept {
	uint64_t *pml4;
	bool gib_pages;         /* IA32_VMX_EPT_VPID_CAP bit 17 */
	bool mib_pages;         /* bit 16 */
	ept_alloc_fn alloc;
	void *alloc_ctx;
	unsigned tables;        /* paging structures in use, PML4 included */
	unsigned table_limit;   /* at most this many (0: as many as alloc gives) */
	uint64_t *free_tables;  /* freed by ept_reset, for reuse: a list through entry 0 */
	unsigned leaves[3];     /* mappings of 4 KiB, 2 MiB and 1 GiB */
	unsigned protected_count;
	struct ept_protected_page protected_pages[EPT_PROTECTED_MAX];
};

int ept_init(struct ept *e, ept_alloc_fn alloc, void *ctx, bool mib_pages, bool gib_pages);
/* Identity-maps the parts of [start, end) that classify calls MAP, read,
 * write and execute. Already-mapped parts are left alone. Returns 0, or -1
 * when out of table memory. start and end are 4 KiB-aligned. */
int ept_map_range(struct ept *e, uint64_t start, uint64_t end, ept_classify_fn classify,
		  void *ctx);
/* First touch of an unmapped guest-physical address: maps the largest page
 * around gpa that classify calls of one kind, down from the largest page
 * size the CPU offers (1 GiB, 2 MiB, 4 KiB), and nothing else: a touch
 * costs at most a table per level, whatever the memory types around it
 * (touching a large BAR page by page costs a few tables, not one entry per
 * 4 KiB). Returns 0, or -1 when out of table memory. */
int ept_map_on_touch(struct ept *e, uint64_t gpa, ept_classify_fn classify, void *ctx);
/* The INVEPT type to use (SDM vol. 3C 30.3, INVEPT; the types the CPU
 * supports are in IA32_VMX_EPT_VPID_CAP, appendix A.10): single-context
 * (bit 25) where offered, else all-context (bit 26), else 0: none. */
unsigned ept_invept_type(uint64_t ept_vpid_cap);
/* Likewise for INVVPID (bit 32: INVVPID; 41 single-context, 42
 * all-context); 0 when the CPU cannot flush a VPID's mappings. */
unsigned ept_invvpid_type(uint64_t ept_vpid_cap);
/* Sets the access rights (EPT_READ/WRITE/EXECUTE) of the mapped 4 KiB page
 * at gpa, splitting the large pages above it, and keeps them for every later
 * mapping of that page (after ept_reset). A change that removes rights must
 * be followed by INVEPT on every processor. Returns 0, or -1 when gpa is
 * not mapped, the tables run out or EPT_PROTECTED_MAX pages are kept. */
int ept_set_page_access(struct ept *e, uint64_t gpa, uint64_t access);
/* Unmaps everything: every table but the PML4 goes to the free list, for
 * the next mappings (first touches rebuild what the guest uses). The
 * caller makes sure no processor walks the tables meanwhile, and
 * invalidates every processor's EPT-derived translations (INVEPT) before
 * it enters the guest again. */
void ept_reset(struct ept *e);
/* Gives every mapped page that overlaps [start, end) the memory type
 * classify says for it now, splitting a large page whose range has become
 * of more than one type. Unmapped parts stay unmapped. The caller then
 * invalidates the EPT-derived translations (INVEPT). Returns 0, or -1 when
 * out of table memory. */
int ept_retype_range(struct ept *e, uint64_t start, uint64_t end, ept_classify_fn classify,
		     void *ctx);
/* The leaf entry mapping gpa and its page size, or 0 if unmapped. */
uint64_t ept_lookup(const struct ept *e, uint64_t gpa, uint64_t *page_size);
/* The EPT pointer (SDM 24.6.11): write-back paging structures, 4-level walk. */
uint64_t ept_pointer(const struct ept *e);

#endif
