/* See linux_placement.h. */
#include "guest/linux_placement.h"
#include "lib/format.h"

#define MIB (1024ull * 1024)

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

/* boot.rst: a relocatable kernel may go anywhere aligned to kernel_alignment. */
int linux_place_kernel(const struct bzimage *bz, const struct range_set *ram,
		       uint64_t *address, char *err, size_t err_size)
{
	if (range_set_contains(ram, bz->pref_address, bz->pref_address + bz->init_size)) {
		*address = bz->pref_address;
		return 0;
	}
	if (!bz->relocatable) {
		format_string(err, err_size, "Linux kernel is not relocatable and its %u MiB at "
			      "0x%llx are not guest RAM: refused", (unsigned)(bz->init_size / MIB),
			      (unsigned long long)bz->pref_address);
		return -1;
	}
	for (unsigned i = 0; i < ram->count; i++) {
		uint64_t low = ram->r[i].base > 16 * MIB ? ram->r[i].base : 16 * MIB;
		if (low > UINT64_MAX - (bz->alignment - 1))
			continue;       /* aligning up would wrap past 2^64 */
		uint64_t base = align_up(low, bz->alignment);
		if (base < ram->r[i].end && bz->init_size <= ram->r[i].end - base) {
			*address = base;
			return 0;
		}
	}
	format_string(err, err_size, "no room for the Linux kernel's %u MiB in guest RAM: refused",
		      (unsigned)(bz->init_size / MIB));
	return -1;
}

int linux_place_initrd(const struct bzimage *bz, const struct range_set *ram, uint64_t size,
		       uint64_t kernel, uint64_t kernel_end, uint64_t *address, char *err,
		       size_t err_size)
{
	uint64_t limit = (uint64_t)bz->initrd_addr_max + 1;
	for (unsigned i = ram->count; i-- > 0;) {
		uint64_t end = ram->r[i].end < limit ? ram->r[i].end : limit;
		if (end < size)
			continue;
		uint64_t base = align_down(end - size, 4096);
		if (base < kernel_end && base + size > kernel)
			base = kernel >= size ? align_down(kernel - size, 4096) : 0;
		if (base >= ram->r[i].base && base >= MIB && base + size <= end) {
			*address = base;
			return 0;
		}
	}
	format_string(err, err_size, "no room below 0x%llx for the %llu-byte initrd: refused",
		      (unsigned long long)limit, (unsigned long long)size);
	return -1;
}
