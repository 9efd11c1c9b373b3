/* The guest's ACPI tables: the firmware's, plus one small table that names
 * the hypervisor, so that the guest's boot log shows what it runs on (Linux
 * prints every table it finds), and with a MADT in which every processor the
 * hypervisor does not virtualize is disabled (one it could not start, or
 * beyond MAX_CPUS): the guest must never start a processor outside VMX. Pure: the firmware tables are read through
 * a callback, the new ones are written into a buffer the caller places in
 * guest memory at `base`; unit-tested on the host. */
#ifndef GUEST_ACPI_TABLES_H
#define GUEST_ACPI_TABLES_H
#include <stddef.h>
#include <stdint.h>
#include "arch/acpi.h"

#define HYPERVISOR_TABLE_SIGNATURE "OEMH"
#define HYPERVISOR_OEM_ID "TEACHV"
#define HYPERVISOR_OEM_TABLE_ID "VTXHYPER"

/* From the firmware's RSDP (a copy), writes into out (size bytes, to live at
 * guest-physical `base`): a new RSDP, a new RSDT (and XSDT, if the firmware
 * has one) with the firmware's entries and one more, and the hypervisor's
 * table; the MADT keeps enabled only the processors whose APIC IDs are in
 * `virtualized`. Returns the offset of the new RSDP in out, or -1 if the firmware
 * tables are damaged or do not fit (the caller then gives the firmware's). */
long acpi_tables_with_hypervisor(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
				 void *ctx, uint8_t *out, size_t size, uint64_t base,
				 const uint32_t *virtualized, unsigned virtualized_count,
				 unsigned *hidden_processors);

#endif
