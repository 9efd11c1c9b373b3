/* Finding the ACPI power-control register: RSDP -> RSDT/XSDT -> FADT ->
 * PM1a_CNT (ACPI 6.x 5.2.5-5.2.9). The tables are read through a callback
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

/* The table with this signature that the root table (XSDT if the RSDP
 * gives one, else RSDT) lists, whole and with a valid checksum, or NULL. */
const uint8_t *acpi_find_table(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
			       void *ctx, const char signature[4]);

/* From the RSDP (a copy is fine: it holds physical addresses), finds the I/O
 * port of PM1a_CNT. Returns false if any table is missing or damaged. */
bool acpi_find_pm1a_control(const uint8_t *rsdp, size_t rsdp_length, acpi_read_fn read,
			    void *ctx, uint16_t *port);

#endif
