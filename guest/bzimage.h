/* The Linux x86 boot protocol (Documentation/arch/x86/boot.rst): reading a
 * bzImage's setup header and filling the zero page (struct boot_params).
 * Pure: unit-tested on the host with valid and damaged images. */
#ifndef GUEST_BZIMAGE_H
#define GUEST_BZIMAGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "boot/multiboot2.h"

#define BOOT_PARAMS_SIZE 4096
#define BZIMAGE_MIN_PROTOCOL 0x020a     /* 2.10: pref_address and init_size */
#define E820_MAX_ENTRIES_ZEROPAGE 128

struct bzimage {
	uint16_t protocol;              /* e.g. 0x020f for 2.15 */
	bool relocatable;
	uint32_t alignment;             /* kernel_alignment */
	uint64_t pref_address;          /* where it wants to run */
	uint32_t init_size;             /* memory it needs from its load address */
	uint32_t initrd_addr_max;       /* highest byte an initrd may occupy */
	uint32_t cmdline_size;          /* longest command line, without the NUL */
	uint64_t kernel_offset;         /* protected-mode kernel in the file */
	uint64_t kernel_size;
};

/* Where the loader put everything, for the zero page. */
struct linux_layout {
	uint64_t kernel_address;
	uint64_t cmdline_address;
	uint64_t initrd_address, initrd_size;
	uint64_t rsdp_address;          /* 0: none */
	const struct mem_region *e820;  /* the guest's memory map */
	unsigned e820_count;
	const struct framebuffer *framebuffer;  /* NULL, or not RGB: no screen_info */
	uint64_t efi_system_table;      /* 0: no efi_info (a BIOS boot) */
	uint64_t efi_map_address;       /* the guest's EFI memory map */
	uint32_t efi_map_size, efi_descriptor_size, efi_descriptor_version;
};

/* Returns 0, or -1 with a message in err. */
int bzimage_parse(const uint8_t *image, size_t size, struct bzimage *out, char *err,
		  size_t err_size);
/* Fills a zeroed 4 KiB zero page from the image's setup header and the
 * layout: with an RGB framebuffer also screen_info (an EFI framebuffer for
 * Linux's efifb/simpledrm), with an EFI system table also efi_info ("EL64").
 * Left out, as in a BIOS boot, when the layout has neither. */
void bzimage_fill_boot_params(uint8_t *boot_params, const uint8_t *image,
			      const struct bzimage *bz, const struct linux_layout *l);

#endif
