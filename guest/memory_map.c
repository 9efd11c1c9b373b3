/* See memory_map.h. */
#include "guest/memory_map.h"

static unsigned emit(struct mem_region *out, unsigned n, unsigned max, uint64_t base,
		     uint64_t end, uint32_t type)
{
	if (base >= end)
		return n;
	/* Merge with the previous region when it is the same type and touches. */
	if (n > 0 && out[n - 1].type == type && out[n - 1].base + out[n - 1].length == base) {
		out[n - 1].length += end - base;
		return n;
	}
	if (n < max)
		out[n++] = (struct mem_region){ base, end - base, type };
	return n;
}

unsigned guest_memory_map(const struct mem_region *firmware, unsigned count,
			  const struct range_set *hypervisor, struct mem_region *out,
			  unsigned max)
{
	unsigned n = 0;
	for (unsigned i = 0; i < count; i++) {
		const struct mem_region *r = &firmware[i];
		uint64_t cursor = r->base, end = r->base + r->length;
		if (r->type != MEM_USABLE) {
			n = emit(out, n, max, cursor, end, r->type);
			continue;
		}
		/* Walk the hypervisor ranges that cut this usable region. */
		for (unsigned h = 0; h < hypervisor->count && cursor < end; h++) {
			uint64_t hb = hypervisor->r[h].base, he = hypervisor->r[h].end;
			if (he <= cursor || hb >= end)
				continue;
			n = emit(out, n, max, cursor, hb > cursor ? hb : cursor, MEM_USABLE);
			n = emit(out, n, max, hb > cursor ? hb : cursor, he < end ? he : end,
				 MEM_RESERVED);
			cursor = he < end ? he : end;
		}
		n = emit(out, n, max, cursor, end, MEM_USABLE);
	}
	return n;
}
