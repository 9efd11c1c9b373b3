/* The guest's ACPI tables: the firmware's, plus one small table that names
 * the hypervisor, so that the guest's boot log shows what it runs on (Linux
 * prints every table it finds), and with a MADT in which every processor
 * but the one the guest runs on is disabled: the hypervisor virtualizes one
 * processor, and a processor the guest started itself (INIT/SIPI) would run
 * outside VMX with the hypervisor's memory in reach. Pure: the firmware tables are read through
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
 * table. Returns the offset of the new RSDP in out, or -1 if the firmware
 * tables are damaged or do not fit (the caller then gives the firmware's). */
long acpi_tables_with_hypervisor(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
				 void *ctx, uint8_t *out, size_t size, uint64_t base,
				 uint32_t boot_apic_id, unsigned *hidden_processors);

#endif
