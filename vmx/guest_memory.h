/* What guest-physical memory is, for EPT: identity-mapped everywhere except
 * the hypervisor's own memory, each range with the memory type the MTRRs
 * give it. Pure: unit-tested on the host. */
#ifndef VMX_GUEST_MEMORY_H
#define VMX_GUEST_MEMORY_H
#include "mm/ranges.h"
#include "vmx/ept.h"
#include "vmx/mtrr.h"

struct guest_memory {
	const struct range_set *hypervisor;     /* never mapped */
	const struct mtrr_state *mtrr;
};

/* ept_classify_fn for struct guest_memory. */
enum ept_range_kind guest_memory_classify(void *ctx, uint64_t base, uint64_t size,
					  uint8_t *memtype);

#endif
