/* See guest_memory.h. */
#include "vmx/guest_memory.h"

enum ept_range_kind guest_memory_classify(void *ctx, uint64_t base, uint64_t size,
					  uint8_t *memtype)
{
	const struct guest_memory *gm = ctx;
	uint64_t end = base + size;
	/* The usual range holds no hypervisor memory: one look at the set. */
	if (range_set_overlaps(gm->hypervisor, base, end))
		return range_set_contains(gm->hypervisor, base, end) ? EPT_RANGE_SKIP
								      : EPT_RANGE_MIXED;
	int type = mtrr_range_type(gm->mtrr, base, size);
	if (type == MTRR_MIXED)
		return EPT_RANGE_MIXED;
	*memtype = (uint8_t)type;
	return EPT_RANGE_MAP;
}
