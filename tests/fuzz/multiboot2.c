/* The multiboot2 information GRUB hands over (boot/multiboot2.c), and the
 * guest memory map made from it (guest/memory_map.c). Input: the block
 * itself; bytes after its total size, read as (base, length) pairs of
 * 64-bit numbers, are the hypervisor's own ranges to cut out of the map. */
#include <stdlib.h>
#include <string.h>
#include "boot/multiboot2.h"
#include "guest/memory_map.h"
#include "tests/fuzz/fuzz.h"

#define GUEST_MAP_MAX (BOOT_MAX_REGIONS + 16)

static void check_string(const char *s, const uint8_t *block, uint32_t size)
{
	if (!s)
		return;
	FUZZ_CHECK(fuzz_inside(s, 1, block, size));
	size_t room = size - (size_t)((const uint8_t *)s - block);
	FUZZ_CHECK(fuzz_terminated(s, room));
}

static void check_parsed(const struct boot_info *bi, const uint8_t *block, size_t size)
{
	FUZZ_CHECK(bi->info_size >= 16 && bi->info_size <= size);
	check_string(bi->cmdline, block, bi->info_size);
	check_string(bi->loader_name, block, bi->info_size);
	fuzz_check_memory_map(bi);
	FUZZ_CHECK(bi->module_count <= BOOT_MAX_MODULES);
	for (unsigned i = 0; i < bi->module_count; i++) {
		FUZZ_CHECK(bi->modules[i].start <= bi->modules[i].end);
		FUZZ_CHECK(bi->modules[i].cmdline != NULL);
		check_string(bi->modules[i].cmdline, block, bi->info_size);
	}
	if (bi->rsdp) {
		FUZZ_CHECK(bi->rsdp_length == (bi->rsdp_revision ? 36u : 20u));
		FUZZ_CHECK(fuzz_inside(bi->rsdp, bi->rsdp_length, block, bi->info_size));
		FUZZ_CHECK(memcmp(bi->rsdp, "RSD PTR ", 8) == 0);
	}
}

static bool firmware_disjoint(const struct boot_info *bi)
{
	for (unsigned i = 1; i < bi->region_count; i++)
		if (bi->regions[i - 1].base + bi->regions[i - 1].length > bi->regions[i].base)
			return false;
	return true;
}

static void check_guest_map(const struct boot_info *bi, const struct range_set *hv)
{
	struct mem_region *map = malloc(GUEST_MAP_MAX * sizeof(*map));
	unsigned n = guest_memory_map(bi->regions, bi->region_count, hv, map, GUEST_MAP_MAX);
	FUZZ_CHECK(n <= GUEST_MAP_MAX);
	/* The firmware's usable memory, merged (at most 128 regions: fits). */
	static struct range_set usable;
	range_set_clear(&usable);
	uint64_t firmware_bytes = 0, guest_bytes = 0;
	for (unsigned i = 0; i < bi->region_count; i++) {
		const struct mem_region *r = &bi->regions[i];
		firmware_bytes += r->length;
		if (r->type == MEM_USABLE)
			FUZZ_CHECK(range_set_add(&usable, r->base, r->base + r->length));
	}
	for (unsigned i = 0; i < n; i++) {
		const struct mem_region *r = &map[i];
		guest_bytes += r->length;
		FUZZ_CHECK(r->length > 0 && r->base + r->length > r->base);
		if (r->type != MEM_USABLE)
			continue;
		/* The guest is never given the hypervisor's memory as RAM, nor RAM
		 * the firmware did not call usable. */
		FUZZ_CHECK(!range_set_overlaps(hv, r->base, r->base + r->length));
		FUZZ_CHECK(range_set_contains(&usable, r->base, r->base + r->length));
	}
	/* A map without overlaps stays one: sorted, disjoint, the same bytes. */
	if (firmware_disjoint(bi) && n < GUEST_MAP_MAX) {
		for (unsigned i = 1; i < n; i++)
			FUZZ_CHECK(map[i - 1].base + map[i - 1].length <= map[i].base);
		FUZZ_CHECK(guest_bytes == firmware_bytes);
	}
	free(map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	size_t got;
	uint8_t *block = fuzz_take_rest(&in, &got);    /* malloc: 8-byte aligned */
	static struct boot_info bi;
	char err[128];
	memset(err, 'x', sizeof(err));
	if (multiboot2_parse(block, got, &bi, err, sizeof(err))) {
		FUZZ_CHECK(fuzz_terminated(err, sizeof(err)));
		FUZZ_CHECK(strncmp(err, "multiboot2 information: ", 24) == 0);
		free(block);
		return 0;
	}
	check_parsed(&bi, block, got);

	static struct range_set hv;
	range_set_clear(&hv);
	range_set_add(&hv, 0x8000000, 0x8100000);      /* the image, as linked */
	struct fuzz_input tail = { data + bi.info_size, size - bi.info_size };
	while (tail.size >= 16) {
		uint64_t base = fuzz_take(&tail, 8), length = fuzz_take(&tail, 8);
		if (base + length > base)
			range_set_add(&hv, base, base + length);
	}
	check_guest_map(&bi, &hv);
	free(block);
	return 0;
}
