/* Test guest: NMIs. The guest sends itself NMIs through its local APIC; run
 * with selftest=nmi the hypervisor also takes one in VMX root operation
 * while it handles the guest's VMCALL. Each must reach the guest's NMI
 * handler exactly once, and one that arrives while the handler runs (NMIs
 * blocked) only after its IRET (SDM vol. 3A 6.7.1). */
#include "guest/tests/runtime.h"
#include "platform/hypercall.h"

#define APIC_BASE 0xfee00000u
#define APIC_ID 0x20
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define ICR_DELIVERY_NMI (4u << 8)
#define ICR_PENDING (1u << 12)

static volatile uint32_t nmis;
static volatile uint32_t nmis_seen_inside;     /* by the nested-NMI test, in the handler */
static volatile bool send_nested;

static volatile uint32_t *apic(uint32_t reg)
{
	return (volatile uint32_t *)(APIC_BASE + reg);
}

static void send_self_nmi(void)
{
	*apic(APIC_ICR_HIGH) = *apic(APIC_ID) & 0xff000000u;
	*apic(APIC_ICR_LOW) = ICR_DELIVERY_NMI;
	while (*apic(APIC_ICR_LOW) & ICR_PENDING)
		;
}

static void on_nmi(void)
{
	nmis++;
	if (send_nested) {
		send_nested = false;
		send_self_nmi();
		for (volatile int i = 0; i < 1000; i++)
			;
		nmis_seen_inside = nmis;
	}
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	set_nmi_handler(on_nmi);

	send_self_nmi();
	guest_printf("self NMI: %u delivered\n", nmis);
	check("self NMI delivered once", nmis == 1);

	send_nested = true;
	send_self_nmi();
	guest_printf("NMI sent inside the NMI handler: %u seen inside, %u after IRET\n",
		     nmis_seen_inside, nmis);
	check("nested NMI held while NMIs are blocked", nmis_seen_inside == 2);
	check("nested NMI delivered after IRET", nmis == 3);

	vmcall(HC_PING, 0, 0);
	guest_printf("NMIs after a VMCALL: %u\n", nmis);
	return check_failures();
}
