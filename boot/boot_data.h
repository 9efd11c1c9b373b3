/* Taking the boot loader's data into the hypervisor's own memory. */
#ifndef BOOT_BOOT_DATA_H
#define BOOT_BOOT_DATA_H
#include <stdint.h>
#include "boot/multiboot2.h"

/* Parses the multiboot2 information at `info`, sets up the hypervisor's
 * memory (mm/memory.h), then copies the information and every module into
 * the pool and re-parses the copy: GRUB leaves them near 1 MiB, where guests
 * link, and from here on that memory belongs to the guest. */
void boot_data_take(uint64_t info, struct boot_info *bi);

#endif
