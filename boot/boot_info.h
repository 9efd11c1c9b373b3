/* What the boot loader hands over, whichever protocol it used (multiboot2:
 * boot/multiboot2.c; multiboot version 1: boot/multiboot1.c): the memory map,
 * the modules, the command line, the ACPI RSDP, the screen. Pure. */
#ifndef BOOT_BOOT_INFO_H
#define BOOT_BOOT_INFO_H
#include <stdbool.h>
#include <stdint.h>

/* Memory types, numbered as in the multiboot2 and e820 maps. */
enum mem_type {
	MEM_USABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI_RECLAIMABLE = 3,
	MEM_ACPI_NVS = 4,
	MEM_BAD = 5,
};

#define BOOT_MAX_REGIONS 128
#define BOOT_MAX_MODULES 16

struct mem_region {
	uint64_t base;
	uint64_t length;
	uint32_t type;          /* enum mem_type */
};

struct boot_module {
	uint64_t start;
	uint64_t end;           /* exclusive */
	const char *cmdline;
};

/* Framebuffer types of the framebuffer tag (spec 3.6.12). */
enum framebuffer_type {
	FRAMEBUFFER_INDEXED = 0,
	FRAMEBUFFER_RGB = 1,
	FRAMEBUFFER_EGA_TEXT = 2,       /* width and height in characters */
};

struct colour_field {
	uint8_t position;       /* lowest bit of the field in a pixel */
	uint8_t size;           /* bits */
};

/* The screen GRUB handed over: the GOP framebuffer under UEFI, VGA text
 * mode (0xb8000) under a legacy BIOS. */
struct framebuffer {
	bool present;
	uint8_t type;           /* enum framebuffer_type */
	uint8_t bpp;
	uint64_t address;
	uint32_t pitch;         /* bytes per line */
	uint32_t width, height;
	struct colour_field red, green, blue;  /* FRAMEBUFFER_RGB only */
};

/* GRUB's copy of the UEFI memory map (tag 17): the descriptors as the
 * firmware wrote them (UEFI spec 7.2, EFI_MEMORY_DESCRIPTOR). */
struct efi_memory_map {
	const uint8_t *descriptors;     /* NULL: none */
	uint32_t size;                  /* bytes, a multiple of descriptor_size */
	uint32_t descriptor_size;
	uint32_t descriptor_version;
};

struct boot_info {
	uint32_t info_size;
	const char *cmdline;
	const char *loader_name;
	bool memory_map_from_efi;
	unsigned region_count;
	struct mem_region regions[BOOT_MAX_REGIONS];   /* sorted by base */
	unsigned module_count;
	struct boot_module modules[BOOT_MAX_MODULES];
	const void *rsdp;       /* the copy in the information block, or NULL */
	uint32_t rsdp_length;
	uint8_t rsdp_revision;  /* 0: ACPI 1.0 RSDP, 2: ACPI 2.0+ XSDP */
	uint64_t efi_system_table;
	bool efi_boot_services_active;
	struct efi_memory_map efi_map;
	struct framebuffer framebuffer;
};

const char *mem_type_name(uint32_t type);
/* Adds a region to bi's memory map, keeping it sorted by base; a region that
 * touches the one before it with the same type merges with it, and an
 * unknown type is reserved. Returns NULL, or what is wrong with the region. */
const char *boot_info_add_region(struct boot_info *bi, uint64_t base, uint64_t length,
				 uint32_t type);

#endif
