/* The hypervisor's own page tables: an identity map of physical memory. */
#ifndef MM_PAGING_H
#define MM_PAGING_H
#include <stdbool.h>
#include <stdint.h>

/* What boot/entry.asm maps before paging_init: the first 4 GiB. */
#define BOOT_MAPPED_END (4ull << 30)

/* Maps [0, top) 1:1, with 1 GiB pages where the CPU has them, else 2 MiB,
 * and loads CR3. Tables come from the hypervisor's pool. */
void paging_init(uint64_t top);
/* Goes back to boot/entry.asm's tables (the first 4 GiB, which hold the
 * image and the pool): for the last steps before a reset, which zero the
 * pool, paging_init's tables with it. */
void paging_use_boot_tables(void);
/* True when [address, address + length) is inside the identity map, so the
 * hypervisor may read it through a pointer of the same value. */
bool physical_range_mapped(uint64_t address, uint64_t length);
/* acpi_read_fn over the identity map (ctx unused): firmware tables. */
const uint8_t *physical_read(void *ctx, uint64_t address, uint64_t length);

#endif
