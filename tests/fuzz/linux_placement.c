/* Where the Linux loader puts the kernel and its initrd in guest RAM
 * (guest/linux_placement.c), from what the bzImage's header asks and the
 * guest's memory. Input: pref_address (8 bytes), init_size (4), log2 of
 * kernel_alignment (1), relocatable (1), initrd_addr_max (4), the initrd's
 * size (8), then guest RAM as (base, length) pairs of 8-byte numbers. */
#include <string.h>
#include "guest/linux_placement.h"
#include "tests/fuzz/fuzz.h"

#define MIB (1024ull * 1024)

/* [base, base + size) is guest RAM, without wrapping past 2^64. */
static bool in_ram(const struct range_set *ram, uint64_t base, uint64_t size)
{
	return base + size >= base && range_set_contains(ram, base, base + size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct bzimage bz = { 0 };
	bz.pref_address = fuzz_take(&in, 8);
	bz.init_size = (uint32_t)fuzz_take(&in, 4);
	bz.alignment = 1u << (fuzz_take(&in, 1) % 32);
	bz.relocatable = fuzz_take(&in, 1) & 1;
	bz.initrd_addr_max = (uint32_t)fuzz_take(&in, 4);
	uint64_t initrd_size = fuzz_take(&in, 8);
	static struct range_set ram;
	range_set_clear(&ram);
	while (in.size >= 16) {
		uint64_t base = fuzz_take(&in, 8), length = fuzz_take(&in, 8);
		if (base + length > base)
			range_set_add(&ram, base, base + length);
	}

	uint64_t kernel = 0, initrd = 0;
	char err[128];
	memset(err, 'x', sizeof(err));
	if (linux_place_kernel(&bz, &ram, &kernel, err, sizeof(err))) {
		FUZZ_CHECK(fuzz_terminated(err, sizeof(err)));
		return 0;
	}
	FUZZ_CHECK(in_ram(&ram, kernel, bz.init_size));
	if (kernel != bz.pref_address)
		FUZZ_CHECK(bz.relocatable && kernel % bz.alignment == 0 && kernel >= 16 * MIB);

	uint64_t kernel_end = kernel + bz.init_size;
	if (linux_place_initrd(&bz, &ram, initrd_size, kernel, kernel_end, &initrd, err,
			       sizeof(err))) {
		FUZZ_CHECK(fuzz_terminated(err, sizeof(err)));
		return 0;
	}
	/* In RAM, page-aligned, above 1 MiB, below initrd_addr_max, clear of the kernel. */
	FUZZ_CHECK(in_ram(&ram, initrd, initrd_size));
	FUZZ_CHECK(initrd % 4096 == 0 && initrd >= MIB);
	FUZZ_CHECK(initrd + initrd_size <= (uint64_t)bz.initrd_addr_max + 1);
	FUZZ_CHECK(initrd_size == 0 || initrd + initrd_size <= kernel || initrd >= kernel_end);
	return 0;
}
