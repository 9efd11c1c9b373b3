/* The processors of the ACPI MADT (ACPI 6.x 5.2.12): local APIC entries
 * (type 0, 8-bit APIC IDs) and local x2APIC entries (type 9, 32-bit IDs).
 * Pure: unit-tested on the host, every entry bounded by the table. */
#ifndef ARCH_MADT_H
#define ARCH_MADT_H
#include <stdbool.h>
#include <stdint.h>

#define MADT_ENABLED (1u << 0)
#define MADT_ONLINE_CAPABLE (1u << 1)

struct madt_processor {
	uint32_t apic_id;
	uint32_t flags;
	uint32_t flags_offset;          /* where the flags are, from the table start */
};

/* Steps *cursor (0 to start) to the next processor entry of the MADT of
 * `length` bytes. Returns false at the end or at a damaged entry; an entry
 * that runs past the end is the last, its fields read where they are inside. */
bool madt_next_processor(const uint8_t *madt, uint32_t length, uint32_t *cursor,
			 struct madt_processor *p);

#endif
