/* See boot_info.h. */
#include "boot/boot_info.h"

const char *mem_type_name(uint32_t type)
{
	switch (type) {
	case MEM_USABLE: return "usable";
	case MEM_ACPI_RECLAIMABLE: return "ACPI reclaimable";
	case MEM_ACPI_NVS: return "ACPI NVS";
	case MEM_BAD: return "bad";
	default: return "reserved";
	}
}

const char *boot_info_add_region(struct boot_info *bi, uint64_t base, uint64_t length,
				 uint32_t type)
{
	if (length == 0)
		return 0;
	if (base + length < base)
		return "memory region wraps around the address space";
	/* Unknown types are reserved (multiboot2 spec 3.6.8, multiboot 3.3). */
	if (type < MEM_USABLE || type > MEM_BAD)
		type = MEM_RESERVED;
	unsigned i = bi->region_count;
	while (i > 0 && bi->regions[i - 1].base > base)
		i--;
	if (i > 0) {
		struct mem_region *prev = &bi->regions[i - 1];
		if (prev->type == type && prev->base + prev->length == base &&
		    (i == bi->region_count || bi->regions[i].base >= base + length)) {
			prev->length += length;
			return 0;
		}
	}
	if (bi->region_count == BOOT_MAX_REGIONS)
		return "more memory regions than the hypervisor keeps (128)";
	for (unsigned j = bi->region_count; j > i; j--)
		bi->regions[j] = bi->regions[j - 1];
	bi->regions[i] = (struct mem_region){ base, length, type };
	bi->region_count++;
	return 0;
}
