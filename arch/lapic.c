/* See lapic.h. In xAPIC mode the registers are at the base IA32_APIC_BASE
 * gives, which the hypervisor's identity map covers (below 4 GiB). */
#include "arch/lapic.h"
#include "arch/cpu.h"
#include "arch/tsc.h"

#define ICR_SEND_TIMEOUT_MS 10

static volatile uint32_t *xapic_register(unsigned offset)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE) & ~0xfffull & 0xffffffffffull;
	return (volatile uint32_t *)(base + offset);
}

bool lapic_x2apic_mode(void)
{
	return rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_X2APIC;
}

uint32_t lapic_id(void)
{
	if (lapic_x2apic_mode())
		return (uint32_t)rdmsr(MSR_X2APIC_APICID);
	return *xapic_register(XAPIC_ID) >> 24;
}

void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	if (lapic_x2apic_mode()) {
		/* x2APIC ICR writes are sent at once: no delivery status (10.12.9) */
		wrmsr(MSR_X2APIC_ICR, ((uint64_t)apic_id << 32) | icr_low);
		return;
	}
	*xapic_register(XAPIC_ICR_HIGH) = apic_id << 24;
	*xapic_register(XAPIC_ICR_LOW) = icr_low;
	/* Bounded: an APIC the guest has software-disabled may never say sent. */
	uint64_t end = wait_deadline(ICR_SEND_TIMEOUT_MS);
	while ((*xapic_register(XAPIC_ICR_LOW) & ICR_DELIVERY_PENDING) && rdtsc() < end)
		__asm__ volatile("pause");
}
