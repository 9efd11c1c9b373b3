#include "mm/frames.h"
#include "tests/unit/unit.h"

#define MIB 0x100000ull

static struct frame_allocator fa;

static const struct mem_region bios_map[] = {
	{ 0x0, 0x9f000, MEM_USABLE },
	{ 0x9f000, 0x1000, MEM_RESERVED },
	{ 0x100000, 511 * MIB - 0x10000, MEM_USABLE },
	{ 512 * MIB - 0x10000, 0x10000, MEM_ACPI_RECLAIMABLE },
	{ 0x100000000ull, 1024 * MIB, MEM_USABLE },   /* above the limit */
};

static void never_low_memory_or_beyond_limit(void)
{
	frames_init(&fa, bios_map, 5, 0x100000000ull);
	CHECK(frames_free_bytes(&fa) == 511 * MIB - 0x10000);
	uint64_t a;
	unsigned count = 0;
	while ((a = frames_alloc(&fa, 256, PAGE_SIZE)) != 0) {
		CHECK(a >= LOW_MEMORY_END && a + 256 * PAGE_SIZE <= 512 * MIB - 0x10000);
		count++;
	}
	CHECK(count > 500);
}

static void top_down_and_aligned(void)
{
	frames_init(&fa, bios_map, 5, 0x100000000ull);
	uint64_t a = frames_alloc(&fa, 1, PAGE_SIZE);
	CHECK(a == 512 * MIB - 0x10000 - PAGE_SIZE);
	uint64_t b = frames_alloc(&fa, 1, PAGE_SIZE);
	CHECK(b == a - PAGE_SIZE);
	uint64_t c = frames_alloc(&fa, 512, 2 * MIB);
	CHECK(c && (c % (2 * MIB)) == 0);
	CHECK(frames_alloc(&fa, 1, 3000) == 0);          /* bad alignment */
	CHECK(frames_alloc(&fa, 0, PAGE_SIZE) == 0);
	/* allocations are recorded as the hypervisor's */
	CHECK(range_set_contains(&fa.allocated, a, a + PAGE_SIZE));
	CHECK(range_set_contains(&fa.allocated, c, c + 2 * MIB));
}

static void reservations_are_never_handed_out(void)
{
	frames_init(&fa, bios_map, 5, 0x100000000ull);
	uint64_t image = 128 * MIB, image_end = image + 0x15000;
	frames_reserve(&fa, 400 * MIB, 511 * MIB);       /* e.g. a module */
	frames_reserve(&fa, image, image_end);
	uint64_t a;
	while ((a = frames_alloc(&fa, 1, PAGE_SIZE)) != 0) {
		CHECK(!(a < image_end && a + PAGE_SIZE > image));
		CHECK(!(a >= 400 * MIB && a < 511 * MIB));
	}
}

static void overlapping_firmware_map(void)
{
	/* A reserved region inside a usable one wins. */
	const struct mem_region map[] = {
		{ 0x100000, 16 * MIB, MEM_USABLE },
		{ 0x400000, 0x1800, MEM_RESERVED },    /* not page aligned */
	};
	frames_init(&fa, map, 2, 0x100000000ull);
	CHECK(!range_set_overlaps(&fa.free, 0x400000, 0x402000));
	CHECK(range_set_contains(&fa.free, 0x402000, 0x403000));
}

static void exhaustion_returns_zero(void)
{
	const struct mem_region map[] = { { 0x100000, 4 * PAGE_SIZE, MEM_USABLE } };
	frames_init(&fa, map, 1, 0x100000000ull);
	CHECK(frames_alloc(&fa, 5, PAGE_SIZE) == 0);
	CHECK(frames_alloc(&fa, 4, PAGE_SIZE) == 0x100000);
	CHECK(frames_alloc(&fa, 1, PAGE_SIZE) == 0);
}

const struct unit_test frames_tests[] = {
	{ "never_low_memory_or_beyond_limit", never_low_memory_or_beyond_limit },
	{ "top_down_and_aligned", top_down_and_aligned },
	{ "reservations_are_never_handed_out", reservations_are_never_handed_out },
	{ "overlapping_firmware_map", overlapping_firmware_map },
	{ "exhaustion_returns_zero", exhaustion_returns_zero },
};
const unsigned frames_test_count = sizeof(frames_tests) / sizeof(frames_tests[0]);
