/* The input of the two ACPI targets (acpi.c, acpi_tables.c), so that they
 * share their seeds: a firmware RSDP and a window of physical memory that
 * holds the tables, and where the guest's tables are built. */
#ifndef TESTS_FUZZ_ACPI_INPUT_H
#define TESTS_FUZZ_ACPI_INPUT_H
#include <stdlib.h>
#include <string.h>
#include "tests/fuzz/fuzz.h"

/* Layout: the window's physical address (8 bytes); flags (1 byte: bit 0, a
 * 36-byte ACPI 2.0 RSDP, else 20 bytes); the boot processor's APIC ID
 * (1 byte); the size and the physical address of the buffer for the
 * guest's tables (2 and 4 bytes); the RSDP (36 bytes, of which the first
 * 20 or all are used); the window's bytes (the rest). */
#define ACPI_INPUT_HEADER 52

struct acpi_input {
	uint64_t window_base;
	size_t window_size;
	uint8_t *window;                /* heap copy, exactly window_size bytes */
	uint8_t *rsdp;                  /* heap copy, exactly rsdp_length bytes */
	size_t rsdp_length;
	uint32_t boot_apic_id;
	size_t out_size;
	uint64_t out_base;
};

static inline void acpi_input_take(struct acpi_input *a, const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	a->window_base = fuzz_take(&in, 8);
	uint8_t flags = (uint8_t)fuzz_take(&in, 1);
	a->boot_apic_id = (uint32_t)fuzz_take(&in, 1);
	a->out_size = (size_t)fuzz_take(&in, 2);
	a->out_base = fuzz_take(&in, 4);
	size_t got;
	uint8_t *rsdp = fuzz_take_copy(&in, 36, &got);
	a->rsdp_length = got < 36 ? got : (flags & 1) ? 36 : 20;
	a->rsdp = malloc(a->rsdp_length ? a->rsdp_length : 1);
	memcpy(a->rsdp, rsdp, a->rsdp_length);
	free(rsdp);
	a->window = fuzz_take_rest(&in, &a->window_size);
}

static inline void acpi_input_free(struct acpi_input *a)
{
	free(a->window);
	free(a->rsdp);
}

#endif
