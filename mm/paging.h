/* The hypervisor's own page tables: an identity map of physical memory. */
#ifndef MM_PAGING_H
#define MM_PAGING_H
#include <stdint.h>
#include "mm/frames.h"

/* Maps [0, top) 1:1, with 1 GiB pages where the CPU has them, else 2 MiB,
 * and loads CR3. Tables come from the frame allocator. */
void paging_init(struct frame_allocator *fa, uint64_t top);

#endif
