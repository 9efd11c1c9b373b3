/* Test guest with several processors: it starts its application processors
 * as an operating system does (SDM vol. 3A 8.4.4: INIT, SIPI, SIPI), which
 * the hypervisor emulates, and every AP reports what it sees.
 *   phase 1, xAPIC: INIT and SIPI to "all excluding self" through the
 *            memory-mapped ICR;
 *   phase 2, x2APIC: the boot processor switches its APIC to x2APIC mode and
 *            sends INIT and SIPI to each AP by APIC ID (physical mode) through
 *            MSR 0x830;
 *   phase 3: the AP with APIC ID 1 is started once more and writes to the
 *            hypervisor's memory: the hypervisor refuses, stops the guest on
 *            every processor and reports it. Reaching the end is a failure.
 * Each AP enters at the trampoline of guest/tests/ap_start.c and calls
 * ap_main(). */
#include "guest/tests/ap_start.h"
#include "guest/tests/runtime.h"

#define HYPERVISOR_IMAGE 0x8000000u
#define MSR_IA32_APIC_BASE 0x1b
#define MSR_X2APIC_ICR 0x830
#define APIC_BASE_X2APIC (1u << 10)
#define ICR_INIT 0x4500u                /* INIT, level assert */
#define ICR_STARTUP 0x4600u             /* start-up, level assert */
#define CHECK_IN_TICKS 100000000ull     /* TSC ticks to wait for APs to report */

static volatile int phase;
static volatile unsigned checked_in;
static volatile int print_lock;

static void lock_print(void)
{
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
}

static void unlock_print(void)
{
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
}

void ap_main(uint32_t apic_id)
{
	bool hypervisor_bit = guest_cpuid(1).ecx & (1u << 31);
	lock_print();
	guest_printf("ap %u: phase %d, hypervisor bit %s\n", apic_id, phase,
		     hypervisor_bit ? "set" : "clear");
	unlock_print();
	__atomic_add_fetch(&checked_in, 1, __ATOMIC_SEQ_CST);
	if (phase == 3 && apic_id == 1) {
		*(volatile uint32_t *)(HYPERVISOR_IMAGE + 0x40) = 0xdeadbeef;
		lock_print();
		guest_printf("ap %u: the write to the hypervisor went through\n", apic_id);
		unlock_print();
	}
}

/* Waits until no AP has checked in for a while; returns how many did. */
static unsigned wait_check_ins(void)
{
	unsigned seen;
	do {
		seen = checked_in;
		ap_wait_ticks(CHECK_IN_TICKS);
	} while (checked_in != seen);
	return seen;
}

static void x2apic_ipi(uint32_t apic_id, uint32_t icr)
{
	guest_wrmsr(MSR_X2APIC_ICR, ((uint64_t)apic_id << 32) | icr);
}

static unsigned start_phase(int n)
{
	checked_in = 0;
	phase = n;
	return n;
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	ap_trampoline_install();

	start_phase(1);
	ap_start_all_xapic();
	unsigned aps = wait_check_ins();
	guest_printf("smp guest: phase 1 (xAPIC, all excluding self): %u APs checked in\n", aps);

	/* The APIC may not move (the ICR interception is at its default page):
	 * a relocation is refused with #GP, the x2APIC switch is allowed. */
	idt_setup();
	uint64_t base = guest_rdmsr(MSR_IA32_APIC_BASE);
	check("APIC relocation refused",
	      !wrmsr_checked(MSR_IA32_APIC_BASE, (base & 0xfff) | 0xfed00000u));
	check("APIC still at its base", guest_rdmsr(MSR_IA32_APIC_BASE) == base);

	start_phase(2);
	check("x2APIC switch", wrmsr_checked(MSR_IA32_APIC_BASE, base | APIC_BASE_X2APIC));
	uint32_t self = (uint32_t)guest_rdmsr(0x802);
	for (uint32_t id = 0; id <= AP_MAX; id++) {
		if (id == self)
			continue;
		x2apic_ipi(id, ICR_INIT);
		ap_wait_ticks(500000);
		x2apic_ipi(id, ICR_STARTUP | (AP_TRAMPOLINE >> 12));
	}
	guest_printf("smp guest: phase 2 (x2APIC %u, physical): %u APs checked in\n", self,
		     wait_check_ins());

	start_phase(3);
	x2apic_ipi(1, ICR_INIT);
	ap_wait_ticks(500000);
	x2apic_ipi(1, ICR_STARTUP | (AP_TRAMPOLINE >> 12));
	wait_check_ins();
	guest_printf("smp guest: the hypervisor did not stop the guest (%d failed checks)\n",
		     check_failures());
	return 1;
}
