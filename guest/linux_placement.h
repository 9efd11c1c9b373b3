/* Where a Linux kernel and its initrd go in guest RAM (Documentation/arch/
 * x86/boot.rst): the kernel at its preferred address or, relocatable, the
 * lowest aligned place from 16 MiB that fits; the initrd as high as the
 * kernel allows, clear of the kernel. Pure: fuzzed and unit-tested on the
 * host, with `ram` the guest's usable memory. */
#ifndef GUEST_LINUX_PLACEMENT_H
#define GUEST_LINUX_PLACEMENT_H
#include <stddef.h>
#include <stdint.h>
#include "guest/bzimage.h"
#include "mm/ranges.h"

/* Return 0 with *address set, or -1 with a message in err. */
int linux_place_kernel(const struct bzimage *bz, const struct range_set *ram,
		       uint64_t *address, char *err, size_t err_size);
/* [kernel, kernel_end) is where the kernel lies, init_size included. */
int linux_place_initrd(const struct bzimage *bz, const struct range_set *ram, uint64_t size,
		       uint64_t kernel, uint64_t kernel_end, uint64_t *address, char *err,
		       size_t err_size);

#endif
