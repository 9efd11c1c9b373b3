/* The hypervisor's own page tables: an identity map of physical memory. */
#ifndef MM_PAGING_H
#define MM_PAGING_H
#include <stdint.h>

/* Maps [0, top) 1:1, with 1 GiB pages where the CPU has them, else 2 MiB,
 * and loads CR3. Tables come from the hypervisor's pool. */
void paging_init(uint64_t top);

#endif
