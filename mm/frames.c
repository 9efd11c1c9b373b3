/* Top-down physical frame allocator; see frames.h. */
#include "mm/frames.h"
#include "lib/bytes.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

void usable_memory_ranges(struct range_set *out, const struct mem_region *regions,
			  unsigned count, uint64_t limit)
{
	range_set_clear(out);
	for (unsigned i = 0; i < count; i++) {
		const struct mem_region *m = &regions[i];
		if (m->type != MEM_USABLE)
			continue;
		uint64_t base = align_up(m->base, PAGE_SIZE);
		uint64_t end = align_down(m->base + m->length, PAGE_SIZE);
		if (end > limit)
			end = align_down(limit, PAGE_SIZE);
		if (base < end)
			range_set_add(out, base, end);   /* a full set drops the rest */
	}
	/* A region of another type wins where the firmware map overlaps itself. */
	for (unsigned i = 0; i < count; i++)
		if (regions[i].type != MEM_USABLE)
			range_set_remove(out, align_down(regions[i].base, PAGE_SIZE),
					 align_up(regions[i].base + regions[i].length, PAGE_SIZE));
}

bool efi_ranges_of_types(struct range_set *out, const struct efi_memory_map *map,
			 uint32_t types)
{
	range_set_clear(out);
	for (uint32_t at = 0; map->descriptors && at + map->descriptor_size <= map->size;
	     at += map->descriptor_size) {
		const uint8_t *d = map->descriptors + at;
		uint32_t type = load32(d + EFI_DESC_TYPE);
		if (type >= 32 || !(types & (1u << type)))
			continue;
		uint64_t base = load64(d + EFI_DESC_PHYSICAL_START);
		uint64_t end = base + load64(d + EFI_DESC_NUMBER_OF_PAGES) * EFI_PAGE_SIZE;
		if (!range_set_add(out, align_down(base, PAGE_SIZE), align_up(end, PAGE_SIZE)))
			return false;
	}
	return true;
}

void frames_init(struct frame_allocator *fa, const struct mem_region *regions,
		 unsigned count, uint64_t limit)
{
	usable_memory_ranges(&fa->free, regions, count, limit);
	range_set_clear(&fa->allocated);
	range_set_remove(&fa->free, 0, LOW_MEMORY_END);
}

bool frames_reserve(struct frame_allocator *fa, uint64_t base, uint64_t end)
{
	return range_set_remove(&fa->free, align_down(base, PAGE_SIZE), align_up(end, PAGE_SIZE));
}

uint64_t frames_alloc(struct frame_allocator *fa, uint64_t pages, uint64_t align)
{
	if (pages == 0 || align < PAGE_SIZE || (align & (align - 1)))
		return 0;
	uint64_t size = pages * PAGE_SIZE;
	for (unsigned i = fa->free.count; i-- > 0;) {
		struct range *r = &fa->free.r[i];
		if (r->end - r->base < size)
			continue;
		uint64_t base = align_down(r->end - size, align);
		if (base < r->base)
			continue;
		if (!range_set_add(&fa->allocated, base, base + size) ||
		    !range_set_remove(&fa->free, base, base + size)) {
			range_set_remove(&fa->allocated, base, base + size);
			return 0;
		}
		return base;
	}
	return 0;
}

uint64_t frames_free_bytes(const struct frame_allocator *fa)
{
	return range_set_total(&fa->free);
}
