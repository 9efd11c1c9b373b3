/* Taking the boot loader's data into the hypervisor's own memory. */
#ifndef BOOT_BOOT_DATA_H
#define BOOT_BOOT_DATA_H
#include <stdint.h>
#include "boot/boot_info.h"

/* Parses the boot information at `info` (multiboot2 or multiboot version 1,
 * as `magic` says; anything else stops the machine), sets up the
 * hypervisor's memory (mm/memory.h), then copies the information and every
 * module into the pool: the boot loader leaves them near 1 MiB or right after
 * the image, where guests link, and from here on that memory belongs to the
 * guest. Under multiboot version 1, which passes no ACPI RSDP, the RSDP is
 * looked for in the BIOS areas (arch/acpi.h). */
void boot_data_take(uint32_t magic, uint64_t info, struct boot_info *bi);
/* The protocol the boot loader used: "multiboot2" or "multiboot". */
const char *boot_protocol_name(uint32_t magic);

#endif
