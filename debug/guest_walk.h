/* Walking a guest-virtual address through the guest's own page tables, in
 * whatever paging mode the guest is in (SDM vol. 3A 4.3 32-bit, 4.4 PAE,
 * 4.5 4-level and 5-level). Pure: the tables are read through a callback, so the walk
 * is unit-tested on the host and never touches memory it should not. */
#ifndef DEBUG_GUEST_WALK_H
#define DEBUG_GUEST_WALK_H
#include <stdint.h>

struct guest_paging {
	uint64_t cr0, cr3, cr4, efer;
	uint64_t pdpte[4];              /* PAE: the VMCS copies (SDM 26.3.2.4) */
};

/* Reads 8 bytes of guest-physical memory; returns 0, or -1 if not readable. */
typedef int (*guest_read_fn)(void *ctx, uint64_t gpa, uint64_t *value);

#define GUEST_WALK_MAX_LEVELS 5       /* 5-level paging: PML5E to PTE */

struct walk_step {
	const char *name;               /* "PML5E", "PML4E", "PDPTE", "PDE", "PTE" */
	uint64_t entry_gpa;
	uint64_t entry;
};

struct guest_walk {
	const char *mode;               /* "paging off", "32-bit paging", "PAE paging", ... */
	unsigned steps;
	struct walk_step step[GUEST_WALK_MAX_LEVELS];
	uint64_t gpa;
	uint64_t page_size;
	const char *fault;              /* NULL, or why the walk stopped */
};

/* Returns 0 with out->gpa set, or -1 with out->fault set. */
int guest_walk(const struct guest_paging *p, uint64_t gva, guest_read_fn read, void *ctx,
	       struct guest_walk *out);

#endif
