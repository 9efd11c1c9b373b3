/* See apic_dest.h. */
#include "platform/apic_dest.h"
#include "arch/lapic.h"

#define SHORTHAND_NONE 0
#define SHORTHAND_SELF 1
#define SHORTHAND_ALL_INCLUDING_SELF 2
#define SHORTHAND_ALL_EXCLUDING_SELF 3
#define XAPIC_BROADCAST 0xffu
#define X2APIC_BROADCAST 0xffffffffu
#define DFR_MODEL_FLAT 0xfu

static bool logical_match(const struct apic_identity *t, uint32_t dest, bool x2apic)
{
	if (x2apic) {
		/* LDR = cluster (ID bits 31:4) << 16 | 1 << ID bits 3:0 (10.12.10.2) */
		return (dest >> 16) == (t->apic_id >> 4) && (dest & (1u << (t->apic_id & 15)));
	}
	uint32_t logical_id = t->ldr >> 24;
	dest &= 0xff;
	if (dest == XAPIC_BROADCAST)
		return true;
	if ((t->dfr >> 28) == DFR_MODEL_FLAT)
		return (logical_id & dest) != 0;
	return (logical_id >> 4) == (dest >> 4) && (logical_id & dest & 0xf);
}

bool apic_ipi_reaches(const struct apic_identity *target, bool sender_is_target,
		      uint32_t icr_low, uint32_t dest, bool x2apic)
{
	switch ((icr_low & ICR_SHORTHAND_MASK) >> ICR_SHORTHAND_SHIFT) {
	case SHORTHAND_SELF: return sender_is_target;
	case SHORTHAND_ALL_INCLUDING_SELF: return true;
	case SHORTHAND_ALL_EXCLUDING_SELF: return !sender_is_target;
	default: break;
	}
	if (icr_low & ICR_DEST_LOGICAL)
		return logical_match(target, dest, x2apic);
	if (x2apic)
		return dest == X2APIC_BROADCAST || dest == target->apic_id;
	return (dest & 0xff) == XAPIC_BROADCAST || (dest & 0xff) == target->apic_id;
}
