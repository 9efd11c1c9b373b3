/* See boot_data.h. */
#include "boot/boot_data.h"
#include "arch/acpi.h"
#include "arch/console.h"
#include "boot/multiboot1.h"
#include "boot/multiboot2.h"
#include "lib/string.h"
#include "mm/memory.h"
#include "mm/paging.h"

#define BOOT_INFO_MAX_SIZE (1024 * 1024)   /* sanity bound on GRUB's total_size */

static void parse_or_stop(const void *info, uint64_t size, struct boot_info *bi)
{
	char err[128];
	if (multiboot2_parse(info, size, bi, err, sizeof(err)))
		panic("%s", err);
}

static uint64_t pages_for(uint64_t bytes)
{
	return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* The pages the copies of the modules need, their ranges added to in_use. */
static uint64_t module_bytes(const struct boot_info *bi, struct range_set *in_use)
{
	uint64_t bytes = 0;
	for (unsigned i = 0; i < bi->module_count; i++) {
		range_set_add(in_use, bi->modules[i].start, bi->modules[i].end);
		bytes += pages_for(bi->modules[i].end - bi->modules[i].start) * PAGE_SIZE;
	}
	return bytes;
}

/* Copies each module of `original` into the pool, as bi's modules. */
static void copy_modules(struct boot_info *bi, const struct boot_module *original,
			 unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		uint64_t size = original[i].end - original[i].start;
		uint8_t *copy = pages_alloc(pages_for(size) ? pages_for(size) : 1);
		memcpy(copy, (const void *)original[i].start, size);
		bi->modules[i].start = (uint64_t)copy;
		bi->modules[i].end = (uint64_t)copy + size;
	}
}

/* Multiboot2: one block holds everything but the modules; the copy is parsed
 * again, so every pointer of bi points into it. */
static void take_multiboot2(uint64_t info, struct boot_info *bi)
{
	parse_or_stop((const void *)info, BOOT_INFO_MAX_SIZE, bi);

	struct range_set in_use;
	range_set_clear(&in_use);
	range_set_add(&in_use, info, info + bi->info_size);
	uint64_t extra = pages_for(bi->info_size) * PAGE_SIZE + module_bytes(bi, &in_use);
	memory_init(bi, &in_use, extra);

	uint32_t info_size = bi->info_size;
	struct boot_module original[BOOT_MAX_MODULES];
	unsigned module_count = bi->module_count;
	memcpy(original, bi->modules, sizeof(original));

	void *info_copy = pages_alloc(pages_for(info_size));
	memcpy(info_copy, (const void *)info, info_size);
	parse_or_stop(info_copy, info_size, bi);
	copy_modules(bi, original, module_count);
}

static uint64_t string_bytes(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Copies s to *cursor and advances it; NULL stays NULL. */
static const char *copy_string(char **cursor, const char *s)
{
	if (!s)
		return 0;
	char *copy = *cursor;
	uint64_t n = string_bytes(s);
	memcpy(copy, s, n);
	*cursor += n;
	return copy;
}

/* Multiboot version 1: the strings are scattered through low memory and the
 * RSDP is the firmware's; they are copied into one buffer of the pool. */
static void take_multiboot1(uint64_t info, struct boot_info *bi)
{
	char err[128];
	struct range_set in_use;
	range_set_clear(&in_use);
	if (multiboot1_parse(info, physical_read, 0, bi, &in_use, err, sizeof(err)))
		panic("%s", err);
	uint32_t rsdp_length = 0;
	const uint8_t *rsdp = acpi_find_rsdp(physical_read, 0, &rsdp_length);
	uint64_t strings = rsdp_length + string_bytes(bi->cmdline) + string_bytes(bi->loader_name);
	for (unsigned i = 0; i < bi->module_count; i++)
		strings += string_bytes(bi->modules[i].cmdline);
	memory_init(bi, &in_use, pages_for(strings) * PAGE_SIZE + module_bytes(bi, &in_use));

	char *cursor = pages_alloc(pages_for(strings) ? pages_for(strings) : 1);
	if (rsdp) {
		memcpy(cursor, rsdp, rsdp_length);
		bi->rsdp = cursor;
		bi->rsdp_length = rsdp_length;
		bi->rsdp_revision = rsdp_length == 36 ? 2 : 0;
		cursor += rsdp_length;
	}
	bi->cmdline = copy_string(&cursor, bi->cmdline);
	bi->loader_name = copy_string(&cursor, bi->loader_name);
	struct boot_module original[BOOT_MAX_MODULES];
	memcpy(original, bi->modules, sizeof(original));
	for (unsigned i = 0; i < bi->module_count; i++)
		bi->modules[i].cmdline = copy_string(&cursor, original[i].cmdline);
	copy_modules(bi, original, bi->module_count);
}

const char *boot_protocol_name(uint32_t magic)
{
	return magic == MULTIBOOT2_BOOTLOADER_MAGIC ? "multiboot2" : "multiboot";
}

void boot_data_take(uint32_t magic, uint64_t info, struct boot_info *bi)
{
	if (magic == MULTIBOOT2_BOOTLOADER_MAGIC)
		take_multiboot2(info, bi);
	else if (magic == MULTIBOOT1_BOOTLOADER_MAGIC)
		take_multiboot1(info, bi);
	else
		panic("not started by a multiboot2 or multiboot boot loader (EAX = 0x%x, "
		      "expected 0x%x or 0x%x)", magic, MULTIBOOT2_BOOTLOADER_MAGIC,
		      MULTIBOOT1_BOOTLOADER_MAGIC);
}
