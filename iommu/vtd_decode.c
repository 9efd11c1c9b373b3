/* See vtd_decode.h. */
#include "iommu/vtd_decode.h"
#include "lib/format.h"

static unsigned bits(uint64_t value, unsigned high, unsigned low)
{
	return (unsigned)((value >> low) & ((1ull << (high - low + 1)) - 1));
}

void vtd_caps_decode(uint32_t version, uint64_t cap, uint64_t ecap, struct vtd_caps *out)
{
	unsigned sllps = bits(cap, 37, 34);
	*out = (struct vtd_caps){
		.version_major = bits(version, 7, 4),
		.version_minor = bits(version, 3, 0),
		.domain_id_bits = 4 + 2 * bits(cap, 2, 0),
		.write_buffer_flush = bits(cap, 4, 4),
		.caching_mode = bits(cap, 7, 7),
		.sagaw = bits(cap, 12, 8),
		.mgaw = bits(cap, 21, 16) + 1,
		.fault_record_offset = bits(cap, 33, 24) * 16,
		.mib_pages = sllps & 1,
		.gib_pages = sllps & 2,
		.fault_record_count = bits(cap, 47, 40) + 1,
		.drain_writes = bits(cap, 54, 54),
		.drain_reads = bits(cap, 55, 55),
		.coherent = bits(ecap, 0, 0),
		.queued_invalidation = bits(ecap, 1, 1),
		.iotlb_offset = bits(ecap, 17, 8) * 16,
		.scalable_mode = bits(ecap, 43, 43),
	};
}

void vtd_fault_decode(uint64_t low, uint64_t high, struct vtd_fault *out)
{
	*out = (struct vtd_fault){
		.valid = bits(high, 63, 63),
		.source_id = (uint16_t)bits(high, 15, 0),
		.address = low & ~0xfffull,
		.reason = (uint8_t)bits(high, 39, 32),
		.read = bits(high, 62, 62),
	};
}

const char *vtd_fault_reason_name(uint8_t reason)
{
	static const char *const names[] = {
		[0x1] = "root entry not present",
		[0x2] = "context entry not present",
		[0x3] = "invalid context entry",
		[0x4] = "address beyond the guest address width",
		[0x5] = "write denied by the page table (not mapped writable)",
		[0x6] = "read denied by the page table (not mapped readable)",
		[0x7] = "page-table entry address invalid",
		[0x8] = "root table address invalid",
		[0x9] = "context table address invalid",
		[0xa] = "reserved bits set in a root entry",
		[0xb] = "reserved bits set in a context entry",
		[0xc] = "reserved bits set in a page-table entry",
		[0xd] = "translation type blocked by the context entry",
	};
	if (reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "other (see VT-d appendix A)";
}

void vtd_fault_describe(const struct vtd_fault *f, char *buf, unsigned size)
{
	format_string(buf, size, "DMA %s by %02x:%02x.%x to 0x%llx: %s (fault reason 0x%x)",
		      f->read ? "read" : "write", f->source_id >> 8, (f->source_id >> 3) & 0x1f,
		      f->source_id & 7, (unsigned long long)f->address,
		      vtd_fault_reason_name(f->reason), f->reason);
}
