/* See memory_map.h. */
#include "guest/memory_map.h"
#include "lib/bytes.h"
#include "lib/string.h"

typedef void (*piece_fn)(void *ctx, uint64_t base, uint64_t end, bool hypervisor);

/* Calls fn for each piece of [base, end), in address order: inside one of
 * the hypervisor's ranges (widened to multiples of `granule`) or outside. */
static void cut_by_hypervisor(uint64_t base, uint64_t end, const struct range_set *hypervisor,
			      uint64_t granule, piece_fn fn, void *ctx)
{
	uint64_t cursor = base;
	for (unsigned h = 0; h < hypervisor->count && cursor < end; h++) {
		uint64_t hb = hypervisor->r[h].base & ~(granule - 1);
		uint64_t he = (hypervisor->r[h].end + granule - 1) & ~(granule - 1);
		if (he <= cursor || hb >= end)
			continue;
		if (hb > cursor)
			fn(ctx, cursor, hb, false);
		uint64_t cut = he < end ? he : end;
		fn(ctx, hb > cursor ? hb : cursor, cut, true);
		cursor = cut;
	}
	if (cursor < end)
		fn(ctx, cursor, end, false);
}

struct region_writer {
	struct mem_region *out;
	unsigned n, max;
};

static void emit_region(struct region_writer *w, uint64_t base, uint64_t end, uint32_t type)
{
	struct mem_region *prev = w->n ? &w->out[w->n - 1] : NULL;
	/* Merge with the previous region when it is the same type and touches. */
	if (prev && prev->type == type && prev->base + prev->length == base) {
		prev->length += end - base;
		return;
	}
	if (w->n < w->max)
		w->out[w->n++] = (struct mem_region){ base, end - base, type };
}

static void emit_usable_piece(void *ctx, uint64_t base, uint64_t end, bool hypervisor)
{
	emit_region(ctx, base, end, hypervisor ? MEM_RESERVED : MEM_USABLE);
}

unsigned guest_memory_map(const struct mem_region *firmware, unsigned count,
			  const struct range_set *hypervisor, struct mem_region *out,
			  unsigned max)
{
	struct region_writer w = { out, 0, max };
	for (unsigned i = 0; i < count; i++) {
		const struct mem_region *r = &firmware[i];
		if (r->type == MEM_USABLE)
			cut_by_hypervisor(r->base, r->base + r->length, hypervisor, 1,
					  emit_usable_piece, &w);
		else if (r->length)
			emit_region(&w, r->base, r->base + r->length, r->type);
	}
	return w.n;
}

struct descriptor_writer {
	const uint8_t *descriptor;      /* the firmware's, being cut */
	uint32_t size;
	uint8_t *out;
	size_t used, capacity;
	bool overflow;
};

static void emit_descriptor(void *ctx, uint64_t base, uint64_t end, bool hypervisor)
{
	struct descriptor_writer *w = ctx;
	if (w->capacity - w->used < w->size) {
		w->overflow = true;
		return;
	}
	uint8_t *d = w->out + w->used;
	memcpy(d, w->descriptor, w->size);
	store64(d + EFI_DESC_PHYSICAL_START, base);
	store64(d + EFI_DESC_NUMBER_OF_PAGES, (end - base) / EFI_PAGE_SIZE);
	if (hypervisor)
		store32(d + EFI_DESC_TYPE, EFI_RESERVED_MEMORY_TYPE);
	w->used += w->size;
}

size_t guest_efi_memory_map(const struct efi_memory_map *firmware,
			    const struct range_set *hypervisor, uint8_t *out, size_t out_size)
{
	struct descriptor_writer w = { NULL, firmware->descriptor_size, out, 0, out_size, false };
	for (uint32_t at = 0; at + w.size <= firmware->size && !w.overflow; at += w.size) {
		w.descriptor = firmware->descriptors + at;
		uint64_t base = load64(w.descriptor + EFI_DESC_PHYSICAL_START);
		uint64_t end = base + load64(w.descriptor + EFI_DESC_NUMBER_OF_PAGES) * EFI_PAGE_SIZE;
		if (mem_type_of_efi_type(load32(w.descriptor + EFI_DESC_TYPE)) == MEM_USABLE)
			cut_by_hypervisor(base, end, hypervisor, EFI_PAGE_SIZE, emit_descriptor, &w);
		else
			emit_descriptor(&w, base, end, false);
	}
	return w.overflow ? 0 : w.used;
}
