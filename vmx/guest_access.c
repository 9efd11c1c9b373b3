/* See guest_access.h. Guest memory is identity mapped (guest-physical =
 * host-physical), so a readable guest-physical range is read in place. */
#include "vmx/guest_access.h"
#include "lib/string.h"
#include "mm/memory.h"
#include "mm/paging.h"
#include "vmx/vmcs.h"

bool guest_range_readable(uint64_t gpa, uint64_t length)
{
	return physical_range_mapped(gpa, length) &&
	       !range_set_overlaps(hypervisor_memory(), gpa, gpa + length);
}

static int read_guest_u64(void *ctx, uint64_t gpa, uint64_t *value)
{
	(void)ctx;
	if (!guest_range_readable(gpa, 8))
		return -1;
	memcpy(value, (const void *)gpa, 8);
	return 0;
}

int guest_translate(uint64_t gva, struct guest_walk *w)
{
	struct guest_paging p = {
		.cr0 = vmread(GUEST_CR0), .cr3 = vmread(GUEST_CR3), .cr4 = vmread(GUEST_CR4),
		.efer = vmread(GUEST_IA32_EFER),
		.pdpte = { vmread(GUEST_PDPTE0), vmread(GUEST_PDPTE1), vmread(GUEST_PDPTE2),
			   vmread(GUEST_PDPTE3) },
	};
	return guest_walk(&p, gva, read_guest_u64, NULL, w);
}

int guest_read_virtual(uint64_t gva, void *buf, size_t length)
{
	uint8_t *out = buf;
	while (length) {
		struct guest_walk w;
		size_t chunk = 0x1000 - (gva & 0xfff);
		if (chunk > length)
			chunk = length;
		if (guest_translate(gva, &w) || !guest_range_readable(w.gpa, chunk))
			return -1;
		memcpy(out, (const void *)w.gpa, chunk);
		gva += chunk;
		out += chunk;
		length -= chunk;
	}
	return 0;
}
