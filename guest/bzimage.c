/* See bzimage.h. Offsets are those of boot.rst and struct boot_params
 * (arch/x86/include/uapi/asm/bootparam.h). */
#include "guest/bzimage.h"
#include "lib/format.h"
#include "lib/bytes.h"
#include "lib/string.h"

#define HDR_SETUP_SECTS 0x1f1
#define HDR_BOOT_FLAG 0x1fe
#define HDR_JUMP 0x200                  /* 2 bytes; byte 0x201 gives the header end */
#define HDR_MAGIC 0x202
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_CODE32_START 0x214
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21c
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_KERNEL_ALIGNMENT 0x230
#define HDR_RELOCATABLE 0x234
#define HDR_CMDLINE_SIZE 0x238
#define HDR_PREF_ADDRESS 0x258
#define HDR_INIT_SIZE 0x260
/* struct screen_info at 0 (include/uapi/linux/screen_info.h). */
#define SI_ORIG_VIDEO_IS_VGA 0x0f
#define SI_LFB_WIDTH 0x12
#define SI_LFB_HEIGHT 0x14
#define SI_LFB_DEPTH 0x16
#define SI_LFB_BASE 0x18
#define SI_LFB_SIZE 0x1c
#define SI_LFB_LINELENGTH 0x24
#define SI_RED_SIZE 0x26               /* then red_pos, green, blue, rsvd: size, pos */
#define SI_CAPABILITIES 0x36
#define SI_EXT_LFB_BASE 0x3a
#define VIDEO_TYPE_EFI 0x70
#define VIDEO_CAPABILITY_64BIT_BASE (1u << 1)
/* struct efi_info at 0x1c0 (arch/x86/include/uapi/asm/bootparam.h). */
#define EFI_LOADER_SIGNATURE 0x1c0
#define EFI_SYSTAB 0x1c4
#define EFI_MEMDESC_SIZE 0x1c8
#define EFI_MEMDESC_VERSION 0x1cc
#define EFI_MEMMAP 0x1d0
#define EFI_MEMMAP_SIZE 0x1d4
#define EFI_SYSTAB_HI 0x1d8
#define EFI_MEMMAP_HI 0x1dc
#define BP_ACPI_RSDP_ADDR 0x070
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE 0x0c4
#define BP_EXT_CMD_LINE_PTR 0x0c8
#define BP_E820_ENTRIES 0x1e8
#define BP_E820_TABLE 0x2d0
#define LOADED_HIGH 0x01
#define LOADER_TYPE_UNDEFINED 0xff

static int fail(char *err, size_t size, const char *what)
{
	format_string(err, size, "Linux bzImage: %s", what);
	return -1;
}

int bzimage_parse(const uint8_t *image, size_t size, struct bzimage *out, char *err,
		  size_t err_size)
{
	memset(out, 0, sizeof(*out));
	if (size < HDR_INIT_SIZE + 4)
		return fail(err, err_size, "file too small for a setup header");
	if (load16(image + HDR_BOOT_FLAG) != 0xaa55 || memcmp(image + HDR_MAGIC, "HdrS", 4))
		return fail(err, err_size, "no setup header (boot flag 0xAA55 and \"HdrS\")");
	out->protocol = load16(image + HDR_VERSION);
	if (out->protocol < BZIMAGE_MIN_PROTOCOL) {
		char what[80];
		format_string(what, sizeof(what), "boot protocol %u.%02u is older than 2.10",
			      out->protocol >> 8, out->protocol & 0xff);
		return fail(err, err_size, what);
	}
	if (!(image[HDR_LOADFLAGS] & LOADED_HIGH))
		return fail(err, err_size, "not a bzImage (LOADED_HIGH clear)");
	unsigned setup_sects = image[HDR_SETUP_SECTS] ? image[HDR_SETUP_SECTS] : 4;
	out->kernel_offset = (uint64_t)(setup_sects + 1) * 512;
	if (out->kernel_offset >= size)
		return fail(err, err_size, "setup sectors run past the end of the file");
	out->kernel_size = size - out->kernel_offset;
	out->relocatable = image[HDR_RELOCATABLE];
	out->alignment = load32(image + HDR_KERNEL_ALIGNMENT);
	if (out->alignment == 0 || (out->alignment & (out->alignment - 1)))
		return fail(err, err_size, "kernel alignment is not a power of two");
	out->pref_address = load64(image + HDR_PREF_ADDRESS);
	out->init_size = load32(image + HDR_INIT_SIZE);
	if (out->init_size < out->kernel_size)
		return fail(err, err_size, "init_size smaller than the kernel itself");
	out->initrd_addr_max = load32(image + HDR_INITRD_ADDR_MAX);
	out->cmdline_size = load32(image + HDR_CMDLINE_SIZE);
	if (image[HDR_JUMP + 1] + HDR_JUMP + 2u > size)
		return fail(err, err_size, "setup header runs past the end of the file");
	return 0;
}

/* The bits of a pixel no colour field uses, above the highest one (the
 * "reserved" byte of a 32-bit pixel). */
static void reserved_field(const struct framebuffer *fb, uint8_t *size, uint8_t *position)
{
	const struct colour_field *fields[3] = { &fb->red, &fb->green, &fb->blue };
	unsigned top = 0;
	for (unsigned i = 0; i < 3; i++)
		if (fields[i]->position + fields[i]->size > top)
			top = fields[i]->position + fields[i]->size;
	*position = (uint8_t)top;
	*size = (uint8_t)(fb->bpp > top ? fb->bpp - top : 0);
}

/* drivers/firmware/sysfb.c and drivers/video/fbdev/efifb.c read these. */
static void fill_screen_info(uint8_t *bp, const struct framebuffer *fb)
{
	uint64_t size = (uint64_t)fb->pitch * fb->height;
	if (!fb->present || fb->type != FRAMEBUFFER_RGB || fb->pitch > UINT16_MAX ||
	    fb->width > UINT16_MAX || fb->height > UINT16_MAX || size > UINT32_MAX)
		return;
	bp[SI_ORIG_VIDEO_IS_VGA] = VIDEO_TYPE_EFI;
	store16(bp + SI_LFB_WIDTH, (uint16_t)fb->width);
	store16(bp + SI_LFB_HEIGHT, (uint16_t)fb->height);
	store16(bp + SI_LFB_DEPTH, fb->bpp);
	store16(bp + SI_LFB_LINELENGTH, (uint16_t)fb->pitch);
	store32(bp + SI_LFB_SIZE, (uint32_t)size);
	store32(bp + SI_LFB_BASE, (uint32_t)fb->address);
	if (fb->address >> 32) {
		store32(bp + SI_EXT_LFB_BASE, (uint32_t)(fb->address >> 32));
		store32(bp + SI_CAPABILITIES, VIDEO_CAPABILITY_64BIT_BASE);
	}
	uint8_t *field = bp + SI_RED_SIZE;
	const struct colour_field *fields[3] = { &fb->red, &fb->green, &fb->blue };
	for (unsigned i = 0; i < 3; i++, field += 2) {
		field[0] = fields[i]->size;
		field[1] = fields[i]->position;
	}
	reserved_field(fb, &field[0], &field[1]);
}

/* Documentation/arch/x86/zero-page.rst: efi_info, read by efi_init() for the
 * EFI system table and runtime services. */
static void fill_efi_info(uint8_t *bp, const struct linux_layout *l)
{
	memcpy(bp + EFI_LOADER_SIGNATURE, "EL64", 4);
	store32(bp + EFI_SYSTAB, (uint32_t)l->efi_system_table);
	store32(bp + EFI_SYSTAB_HI, (uint32_t)(l->efi_system_table >> 32));
	store32(bp + EFI_MEMDESC_SIZE, l->efi_descriptor_size);
	store32(bp + EFI_MEMDESC_VERSION, l->efi_descriptor_version);
	store32(bp + EFI_MEMMAP, (uint32_t)l->efi_map_address);
	store32(bp + EFI_MEMMAP_HI, (uint32_t)(l->efi_map_address >> 32));
	store32(bp + EFI_MEMMAP_SIZE, l->efi_map_size);
}

void bzimage_fill_boot_params(uint8_t *bp, const uint8_t *image, const struct bzimage *bz,
			      const struct linux_layout *l)
{
	/* The setup header runs from 0x1f1 to 0x202 + the byte at 0x201 (boot.rst,
	 * "Loading the rest of the kernel"); the kernel reads it from here. */
	size_t header_end = HDR_JUMP + 2 + image[HDR_JUMP + 1];
	memcpy(bp + HDR_SETUP_SECTS, image + HDR_SETUP_SECTS, header_end - HDR_SETUP_SECTS);

	bp[HDR_TYPE_OF_LOADER] = LOADER_TYPE_UNDEFINED;
	store32(bp + HDR_CODE32_START, (uint32_t)l->kernel_address);
	store32(bp + HDR_CMD_LINE_PTR, (uint32_t)l->cmdline_address);
	store32(bp + BP_EXT_CMD_LINE_PTR, (uint32_t)(l->cmdline_address >> 32));
	store32(bp + HDR_RAMDISK_IMAGE, (uint32_t)l->initrd_address);
	store32(bp + HDR_RAMDISK_SIZE, (uint32_t)l->initrd_size);
	store32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(l->initrd_address >> 32));
	store32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)(l->initrd_size >> 32));
	if (bz->protocol >= 0x020e)     /* acpi_rsdp_addr: protocol 2.14 */
		store64(bp + BP_ACPI_RSDP_ADDR, l->rsdp_address);

	unsigned n = l->e820_count < E820_MAX_ENTRIES_ZEROPAGE ? l->e820_count
							       : E820_MAX_ENTRIES_ZEROPAGE;
	for (unsigned i = 0; i < n; i++) {
		uint8_t *e = bp + BP_E820_TABLE + 20 * i;
		store64(e, l->e820[i].base);
		store64(e + 8, l->e820[i].length);
		store32(e + 16, l->e820[i].type);   /* e820 types match ours */
	}
	bp[BP_E820_ENTRIES] = (uint8_t)n;

	if (l->framebuffer)
		fill_screen_info(bp, l->framebuffer);
	if (l->efi_system_table)
		fill_efi_info(bp, l);
}
