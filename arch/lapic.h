/* The hypervisor's own use of its processor's local APIC: its ID and sending
 * IPIs (INIT and SIPI at bring-up, NMI to make another processor leave the
 * guest). xAPIC (memory-mapped) or x2APIC (MSRs), whichever mode the APIC is
 * in (SDM vol. 3A 10.4, 10.6, 10.12). */
#ifndef ARCH_LAPIC_H
#define ARCH_LAPIC_H
#include <stdbool.h>
#include <stdint.h>

#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_DEFAULT_BASE 0xfee00000ull

/* xAPIC register offsets in the APIC page, and the x2APIC MSRs used here
 * (SDM vol. 3A tables 10-1 and 10-6). */
#define XAPIC_ID 0x20
#define XAPIC_LDR 0xd0
#define XAPIC_DFR 0xe0
#define XAPIC_ICR_LOW 0x300
#define XAPIC_ICR_HIGH 0x310
#define MSR_X2APIC_APICID 0x802
#define MSR_X2APIC_ICR 0x830

/* ICR low word fields (SDM vol. 3A 10.6.1, figure 10-12). */
#define ICR_VECTOR_MASK 0xffu
#define ICR_DELIVERY_SHIFT 8
#define ICR_DELIVERY_MASK (7u << ICR_DELIVERY_SHIFT)
#define ICR_DELIVERY_FIXED (0u << ICR_DELIVERY_SHIFT)
#define ICR_DELIVERY_LOWEST (1u << ICR_DELIVERY_SHIFT)
#define ICR_DELIVERY_NMI (4u << ICR_DELIVERY_SHIFT)
#define ICR_DELIVERY_INIT (5u << ICR_DELIVERY_SHIFT)
#define ICR_DELIVERY_STARTUP (6u << ICR_DELIVERY_SHIFT)
#define ICR_DEST_LOGICAL (1u << 11)
#define ICR_DELIVERY_PENDING (1u << 12)
#define ICR_LEVEL_ASSERT (1u << 14)
#define ICR_TRIGGER_LEVEL (1u << 15)
#define ICR_SHORTHAND_SHIFT 18
#define ICR_SHORTHAND_MASK (3u << ICR_SHORTHAND_SHIFT)

bool lapic_x2apic_mode(void);
uint32_t lapic_id(void);
/* Sends the IPI described by the ICR low word to the APIC ID (physical
 * destination, no shorthand) and waits until the APIC has sent it. */
void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);

#endif
