/* The memory maps a guest is given: the firmware's, with the hypervisor's
 * own memory turned into reserved ranges; as e820 entries, and for a Linux
 * guest booted through UEFI also as an EFI memory map. Pure: unit-tested on
 * the host. */
#ifndef GUEST_MEMORY_MAP_H
#define GUEST_MEMORY_MAP_H
#include <stddef.h>
#include "boot/multiboot2.h"
#include "mm/ranges.h"

/* Writes at most `max` regions, sorted, and returns how many; the
 * hypervisor's ranges become MEM_RESERVED wherever they cut RAM. */
unsigned guest_memory_map(const struct mem_region *firmware, unsigned count,
			  const struct range_set *hypervisor, struct mem_region *out,
			  unsigned max);

/* Writes the firmware's EFI memory map in its own descriptor size and
 * version: where a descriptor of memory free after ExitBootServices
 * (mem_type_of_efi_type says usable) meets the hypervisor's ranges, rounded
 * out to whole pages, it is split and those pages become
 * EfiReservedMemoryType; every other descriptor (runtime services, ACPI
 * reclaim and NVS, MMIO) is copied as it is. Returns the bytes written, or 0
 * when the map does not fit in out_size. */
size_t guest_efi_memory_map(const struct efi_memory_map *firmware,
			    const struct range_set *hypervisor, uint8_t *out, size_t out_size);

#endif
