/* See boot_data.h. */
#include "boot/boot_data.h"
#include "arch/console.h"
#include "lib/string.h"
#include "mm/memory.h"

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

void boot_data_take(uint64_t info, struct boot_info *bi)
{
	parse_or_stop((const void *)info, BOOT_INFO_MAX_SIZE, bi);

	struct range_set in_use;
	range_set_clear(&in_use);
	range_set_add(&in_use, info, info + bi->info_size);
	uint64_t extra = pages_for(bi->info_size) * PAGE_SIZE;
	for (unsigned i = 0; i < bi->module_count; i++) {
		range_set_add(&in_use, bi->modules[i].start, bi->modules[i].end);
		extra += pages_for(bi->modules[i].end - bi->modules[i].start) * PAGE_SIZE;
	}
	memory_init(bi, &in_use, extra);

	uint32_t info_size = bi->info_size;
	struct boot_module original[BOOT_MAX_MODULES];
	unsigned module_count = bi->module_count;
	memcpy(original, bi->modules, sizeof(original));

	void *info_copy = pages_alloc(pages_for(info_size));
	memcpy(info_copy, (const void *)info, info_size);
	parse_or_stop(info_copy, info_size, bi);
	for (unsigned i = 0; i < module_count; i++) {
		uint64_t size = original[i].end - original[i].start;
		uint8_t *copy = pages_alloc(pages_for(size) ? pages_for(size) : 1);
		memcpy(copy, (const void *)original[i].start, size);
		bi->modules[i].start = (uint64_t)copy;
		bi->modules[i].end = (uint64_t)copy + size;
	}
}
