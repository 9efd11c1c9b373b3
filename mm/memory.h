/* The hypervisor's memory: a pool carved once from the top of RAM, from which
 * every later allocation comes (page tables, VMCS, EPT, bitmaps, copies of the
 * boot modules). What the hypervisor owns is then just its image and the pool
 * (and the registers of the IOMMU, which the guest must not reprogram), and
 * all of it is left out of the guest's memory map, of EPT and of DMA. */
#ifndef MM_MEMORY_H
#define MM_MEMORY_H
#include <stdint.h>
#include "boot/multiboot2.h"
#include "mm/frames.h"
#include "mm/ranges.h"

/* Builds the frame allocator from the memory map, carves the pool (large
 * enough for `extra_bytes` more, e.g. module copies) and records what the
 * hypervisor owns. `in_use` ranges (boot information, modules) are kept out
 * of the pool. */
void memory_init(const struct boot_info *bi, const struct range_set *in_use,
		 uint64_t extra_bytes);
/* Zeroed, page-aligned memory from the pool; stops the machine when exhausted. */
void *pages_alloc(uint64_t pages);
/* The same, or NULL when exhausted (for what can do without: EPT tables). */
void *pages_try_alloc(uint64_t pages);
uint64_t *page_alloc(void);
/* The image, the pool, and the device registers claimed below. */
const struct range_set *hypervisor_memory(void);
/* Adds [base, end) to the hypervisor's memory: device registers the guest
 * must not reach (the IOMMU's), left out of EPT like the rest. */
void memory_claim_for_hypervisor(uint64_t base, uint64_t end);
/* RAM the firmware calls usable, less the hypervisor's memory and the first
 * MiB's firmware areas: what a guest may be given. */
const struct range_set *guest_usable_memory(void);
uint64_t memory_pool_free_bytes(void);
/* Zeroes the RAM the hypervisor owns (the image and the pool; not the device
 * registers it claimed) but the `keep` ranges; returns the bytes zeroed.
 * For the last steps before a reset: nothing allocated may be used after. */
uint64_t memory_scrub(const struct range_set *keep);

#endif
