/* Physical frame allocator. Built from the firmware memory map; hands out
 * 4 KiB frames from the top of memory down, so that the low memory where
 * guests link stays free. Pure: unit-tested on the host. */
#ifndef MM_FRAMES_H
#define MM_FRAMES_H
#include <stdbool.h>
#include <stdint.h>
#include "boot/multiboot2.h"
#include "mm/ranges.h"

#define PAGE_SIZE 4096ull
#define LOW_MEMORY_END 0x100000ull   /* the first MiB is never handed out */

struct frame_allocator {
	struct range_set free;
	struct range_set allocated;
};

/* The page-aligned usable RAM below `limit`, less every region of another type. */
void usable_memory_ranges(struct range_set *out, const struct mem_region *regions,
			  unsigned count, uint64_t limit);
/* Masks of EFI memory types (1 << EFI_MEMORY_TYPE) for efi_ranges_of_types:
 * memory that is the OS's once boot services exit but still holds what the
 * boot loader (GRUB: its heap, the boot information, the modules) or the
 * firmware (configuration tables the EFI system table points to) left. */
#define EFI_LOADER_MEMORY ((1u << EFI_LOADER_CODE) | (1u << EFI_LOADER_DATA))
#define EFI_BOOT_SERVICES_MEMORY ((1u << EFI_BOOT_SERVICES_CODE) | (1u << EFI_BOOT_SERVICES_DATA))
/* The page-aligned ranges of the EFI memory map's descriptors whose type is
 * in `types`. Returns false when `out` overflows; an empty map (a BIOS boot)
 * gives an empty set. */
bool efi_ranges_of_types(struct range_set *out, const struct efi_memory_map *map,
			 uint32_t types);
/* Starts with the usable regions below `limit`, less every region of another
 * type (firmware maps may overlap) and less the first MiB. */
void frames_init(struct frame_allocator *fa, const struct mem_region *regions,
		 unsigned count, uint64_t limit);
/* Takes [base, end) out of the free memory (image, boot information, modules). */
bool frames_reserve(struct frame_allocator *fa, uint64_t base, uint64_t end);
/* Returns the physical address of `pages` contiguous frames aligned to `align`
 * bytes (a power of two, at least PAGE_SIZE), or 0 when none is left. The
 * frames are not cleared: the caller maps and clears them. */
uint64_t frames_alloc(struct frame_allocator *fa, uint64_t pages, uint64_t align);
uint64_t frames_free_bytes(const struct frame_allocator *fa);

#endif
