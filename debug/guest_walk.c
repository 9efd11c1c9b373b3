/* See guest_walk.h. */
#include "debug/guest_walk.h"
#include "lib/string.h"

#define CR0_PG (1ull << 31)
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)
#define EFER_LMA (1ull << 10)
#define PRESENT 1ull
#define PAGE_SIZE_BIT (1ull << 7)
#define ADDRESS_MASK 0x000ffffffffff000ull

static int stop(struct guest_walk *out, const char *why)
{
	out->fault = why;
	return -1;
}

/* Reads one entry (8 bytes, or the low 4 of them in 32-bit paging). */
static int read_entry(struct guest_walk *out, const char *name, uint64_t gpa, int narrow,
		      guest_read_fn read, void *ctx, uint64_t *entry)
{
	if (out->steps == GUEST_WALK_MAX_LEVELS || read(ctx, gpa, entry))
		return stop(out, "page table not readable (outside guest memory)");
	if (narrow)
		*entry &= 0xffffffffull;
	out->step[out->steps++] = (struct walk_step){ name, gpa, *entry };
	if (!(*entry & PRESENT))
		return stop(out, "not present");
	return 0;
}

static int leaf(struct guest_walk *out, uint64_t frame, uint64_t size, uint64_t gva)
{
	out->page_size = size;
	out->gpa = frame + (gva & (size - 1));
	return 0;
}

static int walk_32bit(const struct guest_paging *p, uint64_t gva, guest_read_fn read,
		      void *ctx, struct guest_walk *out)
{
	uint64_t pde, pte;
	out->mode = "32-bit paging";
	if (read_entry(out, "PDE", (p->cr3 & 0xfffff000) + ((gva >> 22) & 0x3ff) * 4, 1, read,
		       ctx, &pde))
		return -1;
	if ((pde & PAGE_SIZE_BIT) && (p->cr4 & CR4_PSE))   /* 4 MiB page, PSE-36 bits */
		return leaf(out, (pde & 0xffc00000) | ((pde >> 13 & 0xff) << 32), 4ull << 20, gva);
	if (read_entry(out, "PTE", (pde & 0xfffff000) + ((gva >> 12) & 0x3ff) * 4, 1, read, ctx,
		       &pte))
		return -1;
	return leaf(out, pte & 0xfffff000, 4096, gva);
}

/* The 8-byte table levels shared by PAE, 4-level and 5-level paging, from
 * the table at `table` and `level` (5: PML5, 4: PML4, 3: PDPT, 2: PD, 1: PT).
 * Each level takes 9 bits of the address; only a PDPTE (1 GiB) or a PDE
 * (2 MiB) can map a page (SDM vol. 3A 4.5.4). */
static int walk_wide(uint64_t table, int level, uint64_t gva, guest_read_fn read, void *ctx,
		     struct guest_walk *out)
{
	static const char *const names[6] = { "", "PTE", "PDE", "PDPTE", "PML4E", "PML5E" };
	for (;; level--) {
		uint64_t entry, shift = 12 + 9 * (uint64_t)(level - 1);
		if (read_entry(out, names[level], table + ((gva >> shift) & 0x1ff) * 8, 0, read, ctx,
			       &entry))
			return -1;
		if (level == 1 || (level <= 3 && (entry & PAGE_SIZE_BIT)))
			return leaf(out, entry & ADDRESS_MASK & ~((1ull << shift) - 1), 1ull << shift,
				    gva);
		table = entry & ADDRESS_MASK;
	}
}

int guest_walk(const struct guest_paging *p, uint64_t gva, guest_read_fn read, void *ctx,
	       struct guest_walk *out)
{
	memset(out, 0, sizeof(*out));
	if (!(p->cr0 & CR0_PG)) {
		out->mode = "paging off";
		out->page_size = 4096;
		out->gpa = (p->efer & EFER_LMA) ? gva : gva & 0xffffffffull;
		return 0;
	}
	if (!(p->cr4 & CR4_PAE))
		return walk_32bit(p, gva, read, ctx, out);
	if (!(p->efer & EFER_LMA)) {
		out->mode = "PAE paging";
		uint64_t pdpte = p->pdpte[(gva >> 30) & 3];
		out->step[out->steps++] = (struct walk_step){ "PDPTE", 0, pdpte };
		if (!(pdpte & PRESENT))
			return stop(out, "not present");
		return walk_wide(pdpte & ADDRESS_MASK, 2, gva & 0xffffffffull, read, ctx, out);
	}
	/* IA-32e mode: CR4.LA57 chooses 5-level paging, with the PML5 table at
	 * CR3 and 57-bit linear addresses (SDM vol. 3A 4.5). */
	if (p->cr4 & CR4_LA57) {
		out->mode = "5-level paging";
		return walk_wide(p->cr3 & ADDRESS_MASK, 5, gva, read, ctx, out);
	}
	out->mode = "4-level paging";
	return walk_wide(p->cr3 & ADDRESS_MASK, 4, gva, read, ctx, out);
}
