/* The memory map a guest is given: the firmware's, with the hypervisor's
 * own memory turned into reserved ranges. Pure: unit-tested on the host. */
#ifndef GUEST_MEMORY_MAP_H
#define GUEST_MEMORY_MAP_H
#include "boot/multiboot2.h"
#include "mm/ranges.h"

/* Writes at most `max` regions, sorted, and returns how many; the
 * hypervisor's ranges become MEM_RESERVED wherever they cut RAM. */
unsigned guest_memory_map(const struct mem_region *firmware, unsigned count,
			  const struct range_set *hypervisor, struct mem_region *out,
			  unsigned max);

#endif
