/* See vtd.h. Register offsets and bits from VT-d spec 10.4. */
#include "iommu/vtd.h"
#include "arch/console.h"
#include "lib/format.h"

#define VER_REG         0x00
#define CAP_REG         0x08
#define ECAP_REG        0x10
#define GCMD_REG        0x18
#define GSTS_REG        0x1c
#define RTADDR_REG      0x20
#define CCMD_REG        0x28
#define FSTS_REG        0x34
#define FECTL_REG       0x38
#define PMEN_REG        0x64
#define IOTLB_REG_AFTER_IVA 8

/* GCMD_REG commands and the matching GSTS_REG status bits (10.4.4, 10.4.5). */
#define GCMD_TE         (1u << 31)
#define GCMD_SRTP       (1u << 30)
#define GCMD_WBF        (1u << 27)
#define GCMD_QIE        (1u << 26)
/* One-shot commands (SRTP, SFL, WBF, SIRTP) read back as 0 in GSTS: keep
 * them out of the value written back (10.4.4). */
#define GSTS_PERSISTENT_MASK 0x96ffffffu

#define CCMD_ICC        (1ull << 63)
#define CCMD_GLOBAL     (1ull << 61)    /* CIRG = 01 */
#define IOTLB_IVT       (1ull << 63)
#define IOTLB_GLOBAL    (1ull << 60)    /* IIRG = 01 */
#define IOTLB_DR        (1ull << 49)
#define IOTLB_DW        (1ull << 48)
#define IOTLB_IAIG_SHIFT 57

#define FSTS_PFO        (1u << 0)       /* primary fault overflow, RW1C */
#define FSTS_PPF        (1u << 1)       /* primary pending fault */
#define FSTS_FRI_SHIFT  8
#define FECTL_IM        (1u << 31)      /* interrupt mask */
#define FRCD_F          (1ull << 63)    /* in the record's upper qword, RW1C */

#define PMEN_EPM        (1u << 31)
#define PMEN_PRS        (1u << 0)

#define POLL_LIMIT 10000000u

static uint32_t read32(const struct vtd_unit *u, unsigned offset)
{
	return *(volatile uint32_t *)(u->regs + offset);
}

static uint64_t read64(const struct vtd_unit *u, unsigned offset)
{
	return *(volatile uint64_t *)(u->regs + offset);
}

static void write32(struct vtd_unit *u, unsigned offset, uint32_t value)
{
	*(volatile uint32_t *)(u->regs + offset) = value;
}

static void write64(struct vtd_unit *u, unsigned offset, uint64_t value)
{
	*(volatile uint64_t *)(u->regs + offset) = value;
}

void vtd_unit_open(struct vtd_unit *u, uint64_t base, uint64_t size)
{
	*u = (struct vtd_unit){ .base = base, .size = size,
				.regs = (volatile uint8_t *)(uintptr_t)base };
	vtd_caps_decode(read32(u, VER_REG), read64(u, CAP_REG), read64(u, ECAP_REG), &u->caps);
}

int vtd_unit_check(const struct vtd_unit *u, char *err, unsigned err_size)
{
	const struct vtd_caps *c = &u->caps;
	if (c->version_major == 0) {
		format_string(err, err_size, "version register reads %u.%u: no unit answers there",
			      c->version_major, c->version_minor);
		return -1;
	}
	if (c->fault_record_offset == 0 ||
	    c->fault_record_offset + 16ull * c->fault_record_count > u->size) {
		format_string(err, err_size, "fault records at 0x%x (%u of them) outside its %llu bytes of registers",
			      c->fault_record_offset, c->fault_record_count,
			      (unsigned long long)u->size);
		return -1;
	}
	if (c->iotlb_offset == 0 || c->iotlb_offset + 16ull > u->size) {
		format_string(err, err_size, "IOTLB registers at 0x%x outside its %llu bytes of registers",
			      c->iotlb_offset, (unsigned long long)u->size);
		return -1;
	}
	return 0;
}

/* Waits until (register & mask) == want; the unit answers in microseconds. */
static void wait32(struct vtd_unit *u, unsigned offset, uint32_t mask, uint32_t want,
		   const char *what)
{
	for (unsigned i = 0; i < POLL_LIMIT; i++)
		if ((read32(u, offset) & mask) == want)
			return;
	panic("iommu: unit at 0x%llx did not %s (register 0x%x reads 0x%x)",
	      (unsigned long long)u->base, what, offset, read32(u, offset));
}

/* Sets or clears one GCMD bit, keeping the others as they are (10.4.4). */
static void global_command(struct vtd_unit *u, uint32_t bit, bool on, const char *what)
{
	uint32_t status = read32(u, GSTS_REG) & GSTS_PERSISTENT_MASK;
	write32(u, GCMD_REG, on ? status | bit : status & ~bit);
	wait32(u, GSTS_REG, bit, on ? bit : 0, what);
}

static void flush_write_buffer(struct vtd_unit *u)
{
	if (!u->caps.write_buffer_flush)
		return;
	uint32_t status = read32(u, GSTS_REG) & GSTS_PERSISTENT_MASK;
	write32(u, GCMD_REG, status | GCMD_WBF);
	wait32(u, GSTS_REG, GCMD_WBF, 0, "finish a write-buffer flush");
}

static uint64_t wait_register(struct vtd_unit *u, unsigned offset, uint64_t busy, const char *what)
{
	for (unsigned i = 0; i < POLL_LIMIT; i++) {
		uint64_t value = read64(u, offset);
		if (!(value & busy))
			return value;
	}
	panic("iommu: unit at 0x%llx did not finish %s", (unsigned long long)u->base, what);
}

/* Global invalidations through the register interface (6.5.1): the
 * context cache first, then the IOTLB, which caches translations made
 * through the context entries. */
static void invalidate_all(struct vtd_unit *u)
{
	write64(u, CCMD_REG, CCMD_ICC | CCMD_GLOBAL);
	wait_register(u, CCMD_REG, CCMD_ICC, "a context-cache invalidation");
	unsigned iotlb = u->caps.iotlb_offset + IOTLB_REG_AFTER_IVA;
	uint64_t drain = (u->caps.drain_reads ? IOTLB_DR : 0) | (u->caps.drain_writes ? IOTLB_DW : 0);
	write64(u, iotlb, IOTLB_IVT | IOTLB_GLOBAL | drain);
	uint64_t done = wait_register(u, iotlb, IOTLB_IVT, "an IOTLB invalidation");
	if (!((done >> IOTLB_IAIG_SHIFT) & 3))
		panic("iommu: unit at 0x%llx refused the global IOTLB invalidation (IOTLB_REG 0x%llx)",
		      (unsigned long long)u->base, (unsigned long long)done);
}

/* What the firmware may have left on: protected memory regions (10.4.28),
 * translation, queued invalidation (which turns the register interface off). */
static void take_from_firmware(struct vtd_unit *u)
{
	if (read32(u, PMEN_REG) & PMEN_PRS) {
		write32(u, PMEN_REG, read32(u, PMEN_REG) & ~PMEN_EPM);
		wait32(u, PMEN_REG, PMEN_PRS, 0, "turn its protected memory regions off");
	}
	uint32_t status = read32(u, GSTS_REG);
	if (status & GCMD_TE) {
		printk("iommu: unit at 0x%llx: translation left on by the firmware; turned off to replace its tables\n",
		       (unsigned long long)u->base);
		global_command(u, GCMD_TE, false, "turn translation off");
	}
	if (status & GCMD_QIE)
		global_command(u, GCMD_QIE, false, "turn queued invalidation off");
}

void vtd_unit_enable(struct vtd_unit *u, const struct dma_map *map)
{
	take_from_firmware(u);
	/* Faults are polled (vtd_unit_take_faults), not signalled. */
	write32(u, FECTL_REG, FECTL_IM);
	/* RTADDR: the root table, TTM = 00 (legacy mode, 10.4.6). */
	write64(u, RTADDR_REG, (uint64_t)(uintptr_t)map->root_table);
	global_command(u, GCMD_SRTP, true, "take the root table pointer");
	flush_write_buffer(u);
	invalidate_all(u);
	global_command(u, GCMD_TE, true, "turn translation on");
}

unsigned vtd_unit_take_faults(struct vtd_unit *u, struct vtd_fault *out, unsigned max)
{
	unsigned found = 0;
	uint32_t status = read32(u, FSTS_REG);
	if (!(status & (FSTS_PPF | FSTS_PFO)))
		return 0;
	/* Records fill round-robin from FRI (10.4.9): read them all from there. */
	unsigned first = (status >> FSTS_FRI_SHIFT) & 0xff;
	for (unsigned n = 0; n < u->caps.fault_record_count; n++) {
		unsigned index = (first + n) % u->caps.fault_record_count;
		unsigned offset = u->caps.fault_record_offset + 16 * index;
		uint64_t high = read64(u, offset + 8);
		if (!(high & FRCD_F))
			continue;
		struct vtd_fault f;
		vtd_fault_decode(read64(u, offset), high, &f);
		write64(u, offset + 8, FRCD_F);
		if (found < max)
			out[found] = f;
		found++;
	}
	if (status & FSTS_PFO) {
		write32(u, FSTS_REG, FSTS_PFO);
		found++;        /* at least one more was lost */
	}
	return found;
}
