/* Guest memory for the debuggers; see guest_access.h. Guest-physical
 * memory is identity mapped in the hypervisor, so an accessible GPA is
 * reached at the same address. */
#include "debug/guest_access.h"
#include "arch/cpu.h"
#include "lib/string.h"
#include "mm/memory.h"
#include "mm/paging.h"
#include "vmx/vmcs.h"


bool guest_range_accessible(uint64_t gpa, uint64_t length)
{
	return physical_range_mapped(gpa, length) &&
	       !range_set_overlaps(hypervisor_memory(), gpa, gpa + length);
}

static int read_guest_u64(void *ctx, uint64_t gpa, uint64_t *value)
{
	(void)ctx;
	if (!guest_range_accessible(gpa, 8))
		return -1;
	memcpy(value, (const void *)gpa, 8);
	return 0;
}

int guest_translate(uint64_t gva, struct guest_walk *w)
{
	struct guest_paging p = {
		.cr0 = vmread(GUEST_CR0), .cr3 = vmread(GUEST_CR3), .cr4 = vmread(GUEST_CR4),
		.efer = vmread(GUEST_IA32_EFER),
	};
	/* The PDPTE copies matter only to PAE paging outside long mode
	 * (SDM 26.3.2.4); a 64-bit guest's APIC writes skip them. */
	if ((p.cr4 & CR4_PAE) && !(p.efer & EFER_LMA)) {
		p.pdpte[0] = vmread(GUEST_PDPTE0);
		p.pdpte[1] = vmread(GUEST_PDPTE1);
		p.pdpte[2] = vmread(GUEST_PDPTE2);
		p.pdpte[3] = vmread(GUEST_PDPTE3);
	}
	return guest_walk(&p, gva, read_guest_u64, NULL, w);
}

/* The part of [gva, gva+length) on gva's page: its size and its GPA (the
 * same address in the identity map). False if that page does not
 * translate or is not accessible. */
static bool page_chunk(uint64_t gva, size_t length, size_t *chunk, uint64_t *gpa)
{
	struct guest_walk w;
	*chunk = PAGE_SIZE - (gva & (PAGE_SIZE - 1));
	if (*chunk > length)
		*chunk = length;
	if (guest_translate(gva, &w) || !guest_range_accessible(w.gpa, *chunk))
		return false;
	*gpa = w.gpa;
	return true;
}

size_t guest_virtual_read(uint64_t gva, void *buf, size_t length)
{
	size_t done = 0, chunk;
	while (done < length) {
		uint64_t gpa;
		if (!page_chunk(gva + done, length - done, &chunk, &gpa))
			break;
		memcpy((char *)buf + done, (const void *)gpa, chunk);
		done += chunk;
	}
	return done;
}

size_t guest_virtual_write(uint64_t gva, const void *buf, size_t length)
{
	size_t done = 0, chunk;
	while (done < length) {
		uint64_t gpa;
		if (!page_chunk(gva + done, length - done, &chunk, &gpa))
			break;
		memcpy((void *)gpa, (const char *)buf + done, chunk);
		done += chunk;
	}
	return done;
}
