/* The walk through the guest's own page tables (debug/guest_walk.c) that
 * the monitor's xlate and vmem commands do: the guest writes those tables.
 * Input: CR0, CR3, CR4, EFER, the four PAE PDPTEs and the address to
 * translate (64-bit numbers), then the guest's memory from address 0. */
#include <stdlib.h>
#include <string.h>
#include "debug/guest_walk.h"
#include "tests/fuzz/fuzz.h"

#define PRESENT 1ull
#define MAX_READS 8

struct guest {
	struct fake_memory memory;
	uint64_t read_at[MAX_READS];
	unsigned reads;
};

static int read_guest(void *ctx, uint64_t gpa, uint64_t *value)
{
	struct guest *g = ctx;
	FUZZ_CHECK(g->reads < MAX_READS);      /* a walk has at most five levels */
	g->read_at[g->reads++] = gpa;
	const uint8_t *p = fake_memory_read(&g->memory, gpa, 8);
	if (!p)
		return -1;
	memcpy(value, p, 8);
	return 0;
}

static bool was_read(const struct guest *g, uint64_t gpa)
{
	for (unsigned i = 0; i < g->reads; i++)
		if (g->read_at[i] == gpa)
			return true;
	return false;
}

static void check_steps(const struct guest_walk *w, const struct guest *g)
{
	FUZZ_CHECK(w->mode != NULL && w->steps <= GUEST_WALK_MAX_LEVELS);
	for (unsigned i = 0; i < w->steps; i++) {
		FUZZ_CHECK(w->step[i].name != NULL);
		bool pae_pdpte = i == 0 && !strcmp(w->mode, "PAE paging");
		FUZZ_CHECK(pae_pdpte || was_read(g, w->step[i].entry_gpa));
		if (i + 1 < w->steps)
			FUZZ_CHECK(w->step[i].entry & PRESENT);
	}
}

static void check_translation(const struct guest_paging *p, uint64_t gva,
			      const struct guest_walk *w)
{
	uint64_t size = w->page_size;
	FUZZ_CHECK(w->fault == NULL);
	FUZZ_CHECK(size == 4096 || size == 2u << 20 || size == 4u << 20 || size == 1u << 30);
	FUZZ_CHECK((w->gpa & (size - 1)) == (gva & (size - 1)));
	if (!strcmp(w->mode, "paging off")) {
		FUZZ_CHECK(w->steps == 0);
		FUZZ_CHECK(w->gpa == ((p->efer & (1u << 10)) ? gva : gva & 0xffffffffull));
		return;
	}
	/* A present leaf: 40 physical-address bits in 32-bit paging (PSE-36
	 * and its extension), 52 in PAE, 4-level and 5-level paging (SDM 4.3-4.5). */
	FUZZ_CHECK(w->steps >= 1 && (w->step[w->steps - 1].entry & PRESENT));
	FUZZ_CHECK(w->gpa < (!strcmp(w->mode, "32-bit paging") ? 1ull << 40 : 1ull << 52));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct guest_paging p;
	p.cr0 = fuzz_take(&in, 8);
	p.cr3 = fuzz_take(&in, 8);
	p.cr4 = fuzz_take(&in, 8);
	p.efer = fuzz_take(&in, 8);
	for (unsigned i = 0; i < 4; i++)
		p.pdpte[i] = fuzz_take(&in, 8);
	uint64_t gva = fuzz_take(&in, 8);

	static struct guest g;
	memset(&g, 0, sizeof(g));
	size_t got;
	uint8_t *memory = fuzz_take_rest(&in, &got);
	fake_memory_add(&g.memory, 0, memory, got);

	struct guest_walk w;
	if (guest_walk(&p, gva, read_guest, &g, &w) == 0) {
		check_translation(&p, gva, &w);
	} else {
		FUZZ_CHECK(w.fault != NULL);
		if (!strcmp(w.fault, "not present"))
			FUZZ_CHECK(w.steps >= 1 && !(w.step[w.steps - 1].entry & PRESENT));
	}
	check_steps(&w, &g);
	fake_memory_release(&g.memory);
	free(memory);
	return 0;
}
