/* See iommu.h. The order of the steps follows VT-d spec 6 and 10: read the
 * units' capabilities, build the tables, make them visible to units that do
 * not snoop, then per unit: root table, invalidations, translation on. */
#include "iommu/iommu.h"
#include "arch/acpi.h"
#include "arch/console.h"
#include "iommu/dma_map.h"
#include "iommu/dmar.h"
#include "iommu/vtd.h"
#include "lib/bytes.h"
#include "mm/memory.h"
#include "mm/paging.h"

#define DOMAIN_ID 1             /* domain 0 is reserved when CAP.CM is set (VT-d 10.4.2) */
#define CACHE_LINE 64
#define ACPI_CHECKSUM 9
/* Faults are polled, not signalled: a fault event is an MSI, and the
 * hypervisor takes no interrupts of its own while the guest runs. Reading
 * FSTS costs a bus read, so not on every exit: about every 50 ms at 2.5 GHz. */
#define FAULT_POLL_TICKS (1ull << 27)

static struct dmar_info dmar;
static struct vtd_unit units[DMAR_MAX_UNITS];
static unsigned unit_count;
static struct dma_map map;

bool iommu_confining(void)
{
	return unit_count > 0;
}

static void describe_dmar(const struct dmar_info *d, bool verbose)
{
	printk("iommu: DMAR: %u remapping units, %u reserved regions, host address width %u%s%s\n",
	       d->unit_count, d->rmrr_count, d->host_address_width,
	       d->interrupt_remapping ? ", interrupt remapping available (not used)" : "",
	       d->x2apic_opt_out ? ", x2APIC opt-out" : "");
	for (unsigned i = 0; i < d->rmrr_count; i++)
		printk("iommu: RMRR %llx-%llx (segment %u, %u devices) stays mapped\n",
		       (unsigned long long)d->rmrrs[i].base, (unsigned long long)d->rmrrs[i].end,
		       d->rmrrs[i].segment, d->rmrrs[i].scopes.count);
	for (unsigned i = 0; verbose && i < d->unit_count; i++) {
		for (unsigned s = 0; s < d->units[i].scopes.count; s++) {
			char scope[80];
			dmar_scope_describe(&d->units[i].scopes.scope[s], scope, sizeof(scope));
			printk("iommu:   unit %u scope: %s\n", i, scope);
		}
	}
}

static void open_unit(unsigned i, const struct dmar_unit *d)
{
	struct vtd_unit *u = &units[i];
	if (!physical_range_mapped(d->register_base, d->register_size))
		panic("iommu: unit %u's registers at 0x%llx are outside the hypervisor's map", i,
		      (unsigned long long)d->register_base);
	vtd_unit_open(u, d->register_base, d->register_size);
	char err[120];
	if (vtd_unit_check(u, err, sizeof(err)))
		panic("iommu: unit %u at 0x%llx not handled: %s (iommu=off boots without DMA confinement)",
		      i, (unsigned long long)d->register_base, err);
	const struct vtd_caps *c = &u->caps;
	printk("iommu: unit %u at 0x%llx: VT-d %u.%u, segment %u%s, %u scopes; SAGAW 0x%x, MGAW %u, "
	       "pages 4K%s%s, %s, %u fault records%s%s\n",
	       i, (unsigned long long)d->register_base, c->version_major, c->version_minor,
	       d->segment, d->include_pci_all ? " INCLUDE_PCI_ALL" : "", d->scopes.count, c->sagaw,
	       c->mgaw, c->mib_pages ? "/2M" : "", c->gib_pages ? "/1G" : "",
	       c->coherent ? "coherent" : "not coherent (tables flushed from the CPU caches)",
	       c->fault_record_count, c->caching_mode ? ", caching mode" : "",
	       c->write_buffer_flush ? ", write-buffer flush" : "");
	/* The guest must not reprogram the unit: its registers leave EPT too. */
	memory_claim_for_hypervisor(d->register_base, d->register_base + d->register_size);
}

static unsigned address_bits(uint64_t top)
{
	unsigned n = 12;
	while (n < 64 && (1ull << n) < top)
		n++;
	return n;
}

static uint64_t *table_alloc(void *ctx)
{
	(void)ctx;
	return page_alloc();
}

/* One translation all units can walk: the widths and page sizes they share. */
static void build_map(uint64_t top)
{
	uint32_t sagaw = ~0u;
	bool mib = true, gib = true;
	for (unsigned i = 0; i < unit_count; i++) {
		sagaw &= units[i].caps.sagaw;
		mib = mib && units[i].caps.mib_pages;
		gib = gib && units[i].caps.gib_pages;
	}
	for (unsigned i = 0; i < dmar.rmrr_count; i++)
		if (dmar.rmrrs[i].end > top)
			top = dmar.rmrrs[i].end;
	unsigned bits = address_bits(top);
	unsigned levels = dma_map_levels_for(sagaw, bits);
	if (!levels)
		panic("iommu: no page-table walk that every unit supports (common SAGAW 0x%x) covers %u-bit addresses",
		      sagaw, bits);
	for (unsigned i = 0; i < unit_count; i++)
		if (units[i].caps.mgaw < bits)
			panic("iommu: unit %u translates %u-bit addresses (MGAW), guest memory needs %u",
			      i, units[i].caps.mgaw, bits);
	const struct range_set *hypervisor = hypervisor_memory();
	if (dma_map_init(&map, levels, mib, gib, DOMAIN_ID, table_alloc, 0) ||
	    dma_map_identity(&map, 0, top, hypervisor))
		panic("iommu: cannot build the DMA page tables");
	/* RMRRs: the firmware's devices (USB keyboards, graphics) keep DMAing
	 * there (VT-d 8.4); never into the hypervisor's memory. */
	static const struct range_set nothing;
	for (unsigned i = 0; i < dmar.rmrr_count; i++) {
		const struct dmar_rmrr *r = &dmar.rmrrs[i];
		if (range_set_overlaps(hypervisor, r->base, r->end))
			panic("iommu: RMRR %llx-%llx overlaps the hypervisor's memory",
			      (unsigned long long)r->base, (unsigned long long)r->end);
		if (dma_map_identity(&map, r->base, r->end, &nothing))
			panic("iommu: cannot map RMRR %llx-%llx", (unsigned long long)r->base,
			      (unsigned long long)r->end);
	}
	printk("iommu: DMA map: identity of 0-0x%llx less the hypervisor, %u-level walk "
	       "(%u-bit), %u tables, %u/%u/%u pages of 1G/2M/4K\n",
	       (unsigned long long)top, levels, dma_map_address_bits(levels), map.tables,
	       map.leaves[2], map.leaves[1], map.leaves[0]);
}

static void flush_page(void *ctx, const void *page)
{
	(void)ctx;
	for (unsigned at = 0; at < 4096; at += CACHE_LINE)
		__asm__ volatile("clflush %0" ::"m"(*((const char *)page + at)));
}

/* A unit without ECAP.C reads the tables from memory, past the CPU caches
 * (VT-d 6.1): write them back first. */
static void make_tables_visible(void)
{
	for (unsigned i = 0; i < unit_count; i++) {
		if (!units[i].caps.coherent) {
			dma_map_for_each_table(&map, flush_page, 0);
			__asm__ volatile("mfence" ::: "memory");
			return;
		}
	}
}

/* The guest must not find the DMAR and drive the units itself: like Xen,
 * rename it (signature "XMAR", checksum kept right) in the firmware's copy
 * that the guest's RSDT points at. */
static void hide_dmar(const uint8_t *table)
{
	uint8_t *t = (uint8_t *)(uintptr_t)table;
	t[ACPI_CHECKSUM] = (uint8_t)(t[ACPI_CHECKSUM] + t[0] - 'X');
	t[0] = 'X';
	if (*(volatile uint8_t *)t != 'X')
		printk("iommu: warning: the DMAR table at %p is read-only: the guest will find it\n",
		       (const void *)table);
}

void iommu_init(const struct boot_info *bi, const struct hv_options *o, uint64_t memory_top)
{
	if (o->iommu_off) {
		printk("iommu: off (iommu=off): device DMA is not confined, the guest's devices can reach the hypervisor's memory\n");
		return;
	}
	const uint8_t *table = bi->rsdp ? acpi_find_table(bi->rsdp, bi->rsdp_length, physical_read,
							  0, "DMAR")
					: NULL;
	if (!table) {
		printk("iommu: no ACPI DMAR table (no VT-d): device DMA is not confined, the guest's devices can reach the hypervisor's memory\n");
		return;
	}
	char err[160];
	if (dmar_parse(table, load32(table + 4), &dmar, err, sizeof(err)))
		panic("iommu: DMAR table not handled: %s (iommu=off boots without DMA confinement)",
		      err);
	describe_dmar(&dmar, o->verbose);
	for (unsigned i = 0; i < dmar.unit_count; i++)
		open_unit(i, &dmar.units[i]);
	unit_count = dmar.unit_count;
	iommu_fault_polling = unit_count > 0;
	build_map(memory_top);
	make_tables_visible();
	for (unsigned i = 0; i < unit_count; i++) {
		struct vtd_fault stale[1];
		if (vtd_unit_take_faults(&units[i], stale, 1))
			printk("iommu: unit %u: faults recorded before the hypervisor, cleared\n", i);
		vtd_unit_enable(&units[i], &map);
	}
	hide_dmar(table);
	printk("iommu: DMA remapping on in %u units: devices reach guest memory only\n", unit_count);
}

unsigned iommu_report_faults(struct vtd_fault *out, unsigned max)
{
	unsigned total = 0;
	for (unsigned i = 0; i < unit_count; i++) {
		struct vtd_fault faults[8];
		unsigned n = vtd_unit_take_faults(&units[i], faults, 8);
		for (unsigned k = 0; k < n && k < 8; k++) {
			char line[160];
			vtd_fault_describe(&faults[k], line, sizeof(line));
			printk("iommu: unit %u fault: %s\n", i, line);
			if (total < max)
				out[total] = faults[k];
			total++;
		}
		if (n > 8)
			printk("iommu: unit %u: %u more faults not shown or lost\n", i, n - 8);
	}
	return total;
}

bool iommu_fault_polling;

void iommu_poll_faults(uint64_t tsc)
{
	static uint64_t last;
	if (tsc - last < FAULT_POLL_TICKS)
		return;
	last = tsc;
	iommu_report_faults(NULL, 0);
}
