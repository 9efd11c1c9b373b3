/* Which processors an IPI reaches (SDM vol. 3A 10.6.2): the shorthand, or
 * the destination field in physical or logical mode; logical mode in the
 * flat or cluster model (xAPIC, set by the DFR) or x2APIC's cluster form
 * (10.12.10). Pure: unit-tested on the host. */
#ifndef PLATFORM_APIC_DEST_H
#define PLATFORM_APIC_DEST_H
#include <stdbool.h>
#include <stdint.h>

/* What a processor's local APIC answers to. */
struct apic_identity {
	uint32_t apic_id;
	uint32_t ldr;           /* xAPIC: the logical destination register as written */
	uint32_t dfr;           /* xAPIC: 0xffffffff flat, 0x0fffffff cluster */
};

/* True when the IPI with ICR low word `icr_low` and destination `dest`
 * (ICR bits 63:56 for xAPIC, 63:32 for x2APIC), sent by the processor
 * `sender_is_target` tells about, reaches `target`. */
bool apic_ipi_reaches(const struct apic_identity *target, bool sender_is_target,
		      uint32_t icr_low, uint32_t dest, bool x2apic);

#endif
