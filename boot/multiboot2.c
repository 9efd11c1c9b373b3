/* Multiboot2 information parser; see multiboot2.h. */
#include "boot/multiboot2.h"
#include "lib/format.h"
#include "lib/bytes.h"
#include "lib/string.h"

enum {
	TAG_END = 0,
	TAG_CMDLINE = 1,
	TAG_LOADER_NAME = 2,
	TAG_MODULE = 3,
	TAG_MMAP = 6,
	TAG_FRAMEBUFFER = 8,
	TAG_EFI64_SYSTEM_TABLE = 12,
	TAG_ACPI_OLD = 14,
	TAG_ACPI_NEW = 15,
	TAG_EFI_MMAP = 17,
	TAG_EFI_BOOT_SERVICES = 18,
};

#define TAG_HEADER_SIZE 8
#define MMAP_ENTRY_MIN_SIZE 24
#define FRAMEBUFFER_TAG_MIN_SIZE 32
#define FRAMEBUFFER_RGB_TAG_MIN_SIZE 38

struct parser {
	struct boot_info *out;
	char *err;
	size_t err_size;
	bool efi_map_read;      /* the first walk read the EFI memory map */
};

static int fail(struct parser *ps, const char *what, uint32_t offset)
{
	format_string(ps->err, ps->err_size, "multiboot2 information: %s (at offset %u)",
		      what, offset);
	return -1;
}

/* A string inside a tag must end with NUL before the tag does. */
static const char *tag_string(const uint8_t *tag, uint32_t size, uint32_t at)
{
	if (at > size)
		return NULL;
	const char *s = (const char *)tag + at;
	return strnlen(s, size - at) < size - at ? s : NULL;
}

static int add_region(struct parser *ps, uint64_t base, uint64_t length, uint32_t type,
		      uint32_t offset)
{
	const char *error = boot_info_add_region(ps->out, base, length, type);
	return error ? fail(ps, error, offset) : 0;
}

static int parse_mmap(struct parser *ps, const uint8_t *tag, uint32_t size, uint32_t offset)
{
	if (size < 16)
		return fail(ps, "memory map tag too short", offset);
	uint32_t entry_size = load32(tag + 8);
	if (entry_size < MMAP_ENTRY_MIN_SIZE || entry_size % 8)
		return fail(ps, "memory map entry size invalid", offset);
	for (uint32_t at = 16; at + entry_size <= size; at += entry_size)
		if (add_region(ps, load64(tag + at), load64(tag + at + 8), load32(tag + at + 16),
			       offset + at))
			return -1;
	return 0;
}

/* UEFI spec 7.2, EFI_MEMORY_TYPE: after ExitBootServices, loader and boot
 * services memory is free like conventional memory. */
uint32_t mem_type_of_efi_type(uint32_t efi_type)
{
	switch (efi_type) {
	case EFI_LOADER_CODE: case EFI_LOADER_DATA: case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA: case EFI_CONVENTIONAL_MEMORY:
		return MEM_USABLE;
	case 8:
		return MEM_BAD;
	case 9:
		return MEM_ACPI_RECLAIMABLE;
	case 10:
		return MEM_ACPI_NVS;
	default:
		return MEM_RESERVED;
	}
}

static int parse_efi_mmap(struct parser *ps, const uint8_t *tag, uint32_t size, uint32_t offset)
{
	if (size < 16)
		return fail(ps, "EFI memory map tag too short", offset);
	uint32_t desc_size = load32(tag + 8);
	if (desc_size < EFI_DESCRIPTOR_MIN_SIZE || desc_size % 8)
		return fail(ps, "EFI memory descriptor size invalid", offset);
	ps->out->efi_map = (struct efi_memory_map){
		tag + 16, (size - 16) / desc_size * desc_size, desc_size, load32(tag + 12),
	};
	for (uint32_t at = 16; at + desc_size <= size; at += desc_size) {
		uint64_t pages = load64(tag + at + EFI_DESC_NUMBER_OF_PAGES);
		if (pages > UINT64_MAX / EFI_PAGE_SIZE)
			return fail(ps, "EFI memory descriptor too large", offset + at);
		if (add_region(ps, load64(tag + at + EFI_DESC_PHYSICAL_START), pages * EFI_PAGE_SIZE,
			       mem_type_of_efi_type(load32(tag + at)), offset + at))
			return -1;
	}
	return 0;
}

static bool colour_field_fits(struct colour_field f, uint8_t bpp)
{
	return f.size <= 8 && f.position + f.size <= bpp;
}

/* Spec 3.6.12. Only the geometry of the types the hypervisor draws on is
 * checked; an indexed or unknown type is recorded and left unused. */
static int parse_framebuffer(struct parser *ps, const uint8_t *tag, uint32_t size,
			     uint32_t offset)
{
	struct framebuffer *fb = &ps->out->framebuffer;
	if (size < FRAMEBUFFER_TAG_MIN_SIZE)
		return fail(ps, "framebuffer tag too short", offset);
	*fb = (struct framebuffer){
		.present = true, .address = load64(tag + 8), .pitch = load32(tag + 16),
		.width = load32(tag + 20), .height = load32(tag + 24), .bpp = tag[28],
		.type = tag[29],
	};
	uint32_t bytes_per_unit;        /* per pixel, or per character in text mode */
	if (fb->type == FRAMEBUFFER_RGB) {
		if (size < FRAMEBUFFER_RGB_TAG_MIN_SIZE)
			return fail(ps, "framebuffer tag too short for its colour fields", offset);
		fb->red = (struct colour_field){ tag[32], tag[33] };
		fb->green = (struct colour_field){ tag[34], tag[35] };
		fb->blue = (struct colour_field){ tag[36], tag[37] };
		if (fb->bpp != 15 && fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
			return fail(ps, "framebuffer depth not 15, 16, 24 or 32 bits", offset);
		if (!colour_field_fits(fb->red, fb->bpp) || !colour_field_fits(fb->green, fb->bpp) ||
		    !colour_field_fits(fb->blue, fb->bpp))
			return fail(ps, "framebuffer colour field outside the pixel", offset);
		bytes_per_unit = (fb->bpp + 7u) / 8;
	} else if (fb->type == FRAMEBUFFER_EGA_TEXT) {
		if (fb->bpp != 16)
			return fail(ps, "text-mode framebuffer not 16 bits a character", offset);
		bytes_per_unit = 2;
	} else {
		return 0;
	}
	if (fb->width == 0 || fb->height == 0)
		return fail(ps, "framebuffer of zero width or height", offset);
	if ((uint64_t)fb->width * bytes_per_unit > fb->pitch)
		return fail(ps, "framebuffer lines longer than its pitch", offset);
	if (fb->address + (uint64_t)fb->pitch * fb->height < fb->address)
		return fail(ps, "framebuffer wraps around the address space", offset);
	return 0;
}

static int parse_module(struct parser *ps, const uint8_t *tag, uint32_t size, uint32_t offset)
{
	struct boot_info *bi = ps->out;
	if (size < 17)
		return fail(ps, "module tag too short", offset);
	if (bi->module_count == BOOT_MAX_MODULES)
		return fail(ps, "more modules than the hypervisor keeps (16)", offset);
	uint32_t start = load32(tag + 8), end = load32(tag + 12);
	if (end < start)
		return fail(ps, "module ends before it starts", offset);
	const char *cmdline = tag_string(tag, size, 16);
	if (!cmdline)
		return fail(ps, "module string not terminated", offset);
	bi->modules[bi->module_count++] = (struct boot_module){ start, end, cmdline };
	return 0;
}

static int parse_rsdp(struct parser *ps, const uint8_t *tag, uint32_t size, uint32_t offset,
		      uint8_t revision)
{
	/* ACPI 6.x 5.2.5.3: the RSDP is 20 bytes (revision 0) or 36 bytes (2+). */
	uint32_t need = revision ? 36 : 20;
	if (size < TAG_HEADER_SIZE + need)
		return fail(ps, "ACPI RSDP tag too short", offset);
	if (memcmp(tag + 8, "RSD PTR ", 8) != 0)
		return fail(ps, "ACPI RSDP tag without the RSDP signature", offset);
	/* Prefer the ACPI 2.0 XSDP when GRUB gives both. */
	if (ps->out->rsdp && ps->out->rsdp_revision >= revision)
		return 0;
	ps->out->rsdp = tag + 8;
	ps->out->rsdp_length = need;
	ps->out->rsdp_revision = revision;
	return 0;
}

static int parse_tag(struct parser *ps, const uint8_t *tag, uint32_t type, uint32_t size,
		     uint32_t offset)
{
	struct boot_info *bi = ps->out;
	switch (type) {
	case TAG_CMDLINE:
		bi->cmdline = tag_string(tag, size, 8);
		return bi->cmdline ? 0 : fail(ps, "command line not terminated", offset);
	case TAG_LOADER_NAME:
		bi->loader_name = tag_string(tag, size, 8);
		return bi->loader_name ? 0 : fail(ps, "boot loader name not terminated", offset);
	case TAG_MODULE:
		return parse_module(ps, tag, size, offset);
	case TAG_FRAMEBUFFER:
		return parse_framebuffer(ps, tag, size, offset);
	case TAG_MMAP:
		return bi->memory_map_from_efi ? 0 : parse_mmap(ps, tag, size, offset);
	case TAG_EFI_MMAP:
		return ps->efi_map_read ? 0 : parse_efi_mmap(ps, tag, size, offset);
	case TAG_ACPI_OLD:
		return parse_rsdp(ps, tag, size, offset, 0);
	case TAG_ACPI_NEW:
		return parse_rsdp(ps, tag, size, offset, 2);
	case TAG_EFI64_SYSTEM_TABLE:
		if (size < 16)
			return fail(ps, "EFI system table tag too short", offset);
		bi->efi_system_table = load64(tag + 8);
		return 0;
	case TAG_EFI_BOOT_SERVICES:
		bi->efi_boot_services_active = true;
		return 0;
	default:
		return 0;       /* tags we do not use are skipped by their size */
	}
}

/* Walks the tags once and calls parse_tag for each tag whose type matches `want`
 * (or every tag when want_all). */
static int walk_tags(struct parser *ps, const uint8_t *base, uint32_t total, bool want_all,
		     uint32_t want)
{
	uint32_t offset = 8;
	for (;;) {
		if (offset + TAG_HEADER_SIZE > total)
			return fail(ps, "tag list ends without an end tag", offset);
		const uint8_t *tag = base + offset;
		uint32_t type = load32(tag), size = load32(tag + 4);
		if (size < TAG_HEADER_SIZE)
			return fail(ps, "tag smaller than its header", offset);
		if (size > total - offset)
			return fail(ps, "tag runs past the end of the information", offset);
		if (type == TAG_END)
			return size == TAG_HEADER_SIZE ? 0 : fail(ps, "end tag of wrong size", offset);
		if ((want_all || type == want) && parse_tag(ps, tag, type, size, offset))
			return -1;
		offset += (size + 7) & ~7u;    /* tags are 8-byte aligned (spec 3.6.1) */
	}
}

int multiboot2_parse(const void *info, size_t available, struct boot_info *out, char *err,
		     size_t err_size)
{
	struct parser ps = { out, err, err_size, false };
	const uint8_t *base = info;

	memset(out, 0, sizeof(*out));
	if (!info || ((uintptr_t)info & 7))
		return fail(&ps, "not 8-byte aligned", 0);
	if (available < 16)
		return fail(&ps, "block too small", 0);
	uint32_t total = load32(base);
	if (total < 16)
		return fail(&ps, "total size smaller than a header and an end tag", 0);
	if (total > available)
		return fail(&ps, "total size larger than the block", 0);
	out->info_size = total;

	/* The EFI memory map is the more precise one when GRUB passes both: first
	 * check whether it is there, then read only the map we use. */
	if (walk_tags(&ps, base, total, false, TAG_EFI_MMAP))
		return -1;
	out->memory_map_from_efi = out->region_count > 0;
	ps.efi_map_read = true;
	if (walk_tags(&ps, base, total, true, 0))
		return -1;
	return 0;
}
