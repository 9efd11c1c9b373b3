/* Finding ACPI tables (RSDP -> RSDT/XSDT -> table) and the power-control
 * register: FADT -> PM1a_CNT (ACPI 6.x 5.2.5-5.2.9). The tables are read through a callback
 * that bounds every access, so the logic is pure and unit-tested on the
 * host, and damaged tables are an answer of "not found", never a wild read. */
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returns a pointer to `length` readable bytes at physical `address`, or NULL. */
typedef const uint8_t *(*acpi_read_fn)(void *ctx, uint64_t address, uint64_t length);

/* The 8-bit sum of `length` bytes; a valid table sums to 0. */
uint8_t acpi_sum(const uint8_t *p, uint64_t length);
/* A whole table at `address` with a sane length and a valid checksum, or NULL. */
const uint8_t *acpi_read_table(acpi_read_fn read, void *ctx, uint64_t address);

/* ACPI 6.x 5.2.5.1: under a legacy BIOS the RSDP lies on a 16-byte boundary
 * in the first KiB of the EBDA (whose segment the BIOS data area holds at
 * 0x40e) or in 0xe0000-0xfffff. Returns the first one whose checksum (and,
 * revision 2 and later, extended checksum) is right, with its length in
 * *length (20 bytes, or 36 from revision 2), or NULL. For boot loaders that
 * do not pass it (multiboot version 1). */
const uint8_t *acpi_find_rsdp(acpi_read_fn read, void *ctx, uint32_t *length);

/* From the RSDP (a copy is fine: it holds physical addresses), the first
 * table of the RSDT (or XSDT, when there is one) with this signature that is
 * whole and checksums, or NULL. */
const uint8_t *acpi_find_table(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
			       void *ctx, const char signature[4]);
/* From the RSDP (a copy is fine: it holds physical addresses), finds the I/O
 * port of PM1a_CNT. Returns false if any table is missing or damaged. */
bool acpi_find_pm1a_control(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
			    void *ctx, uint16_t *port);

#endif
