/* The ACPI DMA Remapping table (DMAR, VT-d spec ch. 8): the remapping units
 * (DRHD) with their register bases and device scopes, the memory the
 * firmware's devices keep using (RMRR), and the INCLUDE_PCI_ALL flag. The
 * table comes from firmware and GRUB hands over anything, so every length is
 * checked and a shape the code does not handle is an error message, never a
 * guess. Pure: unit-tested on the host. */
#ifndef IOMMU_DMAR_H
#define IOMMU_DMAR_H
#include <stdbool.h>
#include <stdint.h>

#define DMAR_MAX_UNITS 8
#define DMAR_MAX_RMRRS 16
#define DMAR_MAX_SCOPES 16
#define DMAR_MAX_PATH 8

/* Device scope types (VT-d 8.3.1). */
enum dmar_scope_type {
	DMAR_SCOPE_PCI_ENDPOINT = 1,
	DMAR_SCOPE_PCI_SUB_HIERARCHY = 2,
	DMAR_SCOPE_IOAPIC = 3,
	DMAR_SCOPE_HPET = 4,
	DMAR_SCOPE_ACPI_NAMESPACE = 5,
};

struct dmar_path_step {
	uint8_t device, function;
};

struct dmar_scope {
	uint8_t type;           /* enum dmar_scope_type */
	uint8_t enumeration_id; /* IOAPIC id, HPET number, ACPI device number */
	uint8_t start_bus;
	uint8_t path_length;
	struct dmar_path_step path[DMAR_MAX_PATH];
};

struct dmar_scope_list {
	unsigned count;
	struct dmar_scope scope[DMAR_MAX_SCOPES];
};

/* DMA Remapping Hardware Unit Definition (VT-d 8.3). */
struct dmar_unit {
	uint64_t register_base;
	uint64_t register_size;         /* bytes: 4 KiB << the Size field */
	uint16_t segment;
	bool include_pci_all;           /* every device of the segment not in another scope */
	struct dmar_scope_list scopes;
};

/* Reserved Memory Region Reporting (VT-d 8.4): [base, end) stays mapped for
 * the devices in scope. */
struct dmar_rmrr {
	uint64_t base, end;
	uint16_t segment;
	struct dmar_scope_list scopes;
};

struct dmar_info {
	unsigned host_address_width;    /* bits of DMA address the platform decodes */
	bool interrupt_remapping;       /* flags bit 0: INTR_REMAP */
	bool x2apic_opt_out;            /* flags bit 1 */
	unsigned unit_count;
	struct dmar_unit units[DMAR_MAX_UNITS];
	unsigned rmrr_count;
	struct dmar_rmrr rmrrs[DMAR_MAX_RMRRS];
	unsigned other_structures;      /* ATSR, RHSA, ANDD, SATC, SIDP: not needed here */
};

/* Parses a whole DMAR table of `length` bytes (checksum already verified by
 * the caller). Returns 0, or -1 with a sentence in err. */
int dmar_parse(const uint8_t *table, uint32_t length, struct dmar_info *out, char *err,
	       unsigned err_size);

/* "PCI endpoint 00:1f.2", "IOAPIC 8 at 00:1e.1" ... for the boot log. */
void dmar_scope_describe(const struct dmar_scope *s, char *buf, unsigned size);

#endif
