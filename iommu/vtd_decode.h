/* Reading a remapping unit's capability registers and fault records (VT-d
 * spec 10.4.2, 10.4.3, 10.4.14). Pure: unit-tested on the host. */
#ifndef IOMMU_VTD_DECODE_H
#define IOMMU_VTD_DECODE_H
#include <stdbool.h>
#include <stdint.h>

struct vtd_caps {
	unsigned version_major, version_minor;  /* VER_REG */
	/* CAP_REG */
	unsigned domain_id_bits;        /* ND: 4 + 2 * ND */
	bool write_buffer_flush;        /* RWBF: flush write buffers after table updates */
	bool caching_mode;              /* CM: not-present entries may be cached */
	uint32_t sagaw;                 /* supported page-table walks, bit N: N + 2 levels */
	unsigned mgaw;                  /* maximum guest address width, bits */
	unsigned fault_record_offset;   /* FRO * 16: byte offset of the fault records */
	unsigned fault_record_count;    /* NFR + 1 */
	bool mib_pages, gib_pages;      /* SLLPS bits 0, 1 */
	bool drain_reads, drain_writes; /* DRD, DWD */
	/* ECAP_REG */
	bool coherent;                  /* C: the unit snoops the CPU caches on table reads */
	bool queued_invalidation;       /* QI */
	unsigned iotlb_offset;          /* IRO * 16: byte offset of IVA_REG; IOTLB_REG is 8 after */
	bool scalable_mode;             /* SMTS */
};

void vtd_caps_decode(uint32_t version, uint64_t cap, uint64_t ecap, struct vtd_caps *out);

/* One fault recording register (128 bits, VT-d 10.4.14). */
struct vtd_fault {
	bool valid;             /* F: the record holds a fault */
	uint16_t source_id;     /* requester: bus << 8 | device << 3 | function */
	uint64_t address;       /* FI: the page of the faulting request */
	uint8_t reason;         /* FR, VT-d appendix A */
	bool read;              /* T: 1 read, 0 write */
};

void vtd_fault_decode(uint64_t low, uint64_t high, struct vtd_fault *out);
/* VT-d appendix A, for the non-recoverable faults of legacy mode. */
const char *vtd_fault_reason_name(uint8_t reason);
/* "DMA write by 00:03.0 to 0x8000000: ... (fault reason 0x5)" */
void vtd_fault_describe(const struct vtd_fault *f, char *buf, unsigned size);

#endif
