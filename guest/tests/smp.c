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
 * Each AP enters in real mode at 0x8000 (arch-independent trampoline below),
 * switches to 32-bit protected mode and calls ap_main(). */
#include "guest/tests/runtime.h"

#define TRAMPOLINE 0x8000u
#define HYPERVISOR_IMAGE 0x8000000u
#define XAPIC_ICR_LOW ((volatile uint32_t *)0xfee00300u)
#define XAPIC_ICR_HIGH ((volatile uint32_t *)0xfee00310u)
#define MSR_IA32_APIC_BASE 0x1b
#define MSR_X2APIC_ICR 0x830
#define APIC_BASE_X2APIC (1u << 10)
#define ICR_INIT 0x4500u                /* INIT, level assert */
#define ICR_STARTUP 0x4600u             /* start-up, level assert */
#define ICR_ALL_EXCLUDING_SELF (3u << 18)
#define MAX_APS 15
#define CHECK_IN_TICKS 100000000ull     /* TSC ticks to wait for APs to report */

extern const uint8_t ap_trampoline_start[], ap_trampoline_end[];
void ap_main(uint32_t apic_id);

/* Real mode at 0x8000 (CS = 0x800): load a flat GDT kept in the same page,
 * turn on protection, jump to 32-bit code in the guest image, take a stack
 * by initial APIC ID (CPUID.1:EBX[31:24]) and call ap_main(apic_id). */
__asm__(".section .text\n"
	".code16\n"
	".globl ap_trampoline_start, ap_trampoline_end\n"
	"ap_trampoline_start:\n"
	"	cli\n"
	"	xorw %ax, %ax\n"
	"	movw %ax, %ds\n"
	"	lgdtl 0x8000 + (ap_gdt_pointer - ap_trampoline_start)\n"
	"	movl %cr0, %eax\n"
	"	orl $1, %eax\n"
	"	movl %eax, %cr0\n"
	"	ljmpl $0x08, $ap_protected\n"
	"	.balign 8\n"
	"ap_gdt:\n"
	"	.quad 0\n"
	"	.quad 0x00cf9a000000ffff\n"
	"	.quad 0x00cf92000000ffff\n"
	"ap_gdt_pointer:\n"
	"	.word 23\n"
	"	.long 0x8000 + (ap_gdt - ap_trampoline_start)\n"
	"ap_trampoline_end:\n"
	".code32\n"
	"ap_protected:\n"
	"	movw $0x10, %ax\n"
	"	movw %ax, %ds\n"
	"	movw %ax, %es\n"
	"	movw %ax, %ss\n"
	"	movl $1, %eax\n"
	"	cpuid\n"
	"	shrl $24, %ebx\n"
	"	andl $15, %ebx\n"
	"	movl %ebx, %eax\n"
	"	incl %eax\n"
	"	shll $12, %eax\n"
	"	leal ap_stacks(%eax), %esp\n"
	"	pushl %ebx\n"
	"	call ap_main\n"
	"1:	cli\n"
	"	hlt\n"
	"	jmp 1b\n");

uint8_t ap_stacks[(MAX_APS + 1) * 4096] __attribute__((aligned(4096)));
static volatile int phase;
static volatile unsigned checked_in;
static volatile int print_lock;

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void wait_ticks(uint64_t ticks)
{
	uint64_t end = rdtsc() + ticks;
	while (rdtsc() < end)
		__asm__ volatile("pause");
}

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
		wait_ticks(CHECK_IN_TICKS);
	} while (checked_in != seen);
	return seen;
}

static void xapic_ipi(uint32_t icr)
{
	*XAPIC_ICR_HIGH = 0;
	*XAPIC_ICR_LOW = icr;
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
	for (unsigned i = 0; i < (unsigned)(ap_trampoline_end - ap_trampoline_start); i++)
		((volatile uint8_t *)TRAMPOLINE)[i] = ap_trampoline_start[i];

	start_phase(1);
	xapic_ipi(ICR_INIT | ICR_ALL_EXCLUDING_SELF);
	wait_ticks(500000);
	xapic_ipi(ICR_STARTUP | ICR_ALL_EXCLUDING_SELF | (TRAMPOLINE >> 12));
	wait_ticks(10000);
	xapic_ipi(ICR_STARTUP | ICR_ALL_EXCLUDING_SELF | (TRAMPOLINE >> 12));
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
	for (uint32_t id = 0; id <= MAX_APS; id++) {
		if (id == self)
			continue;
		x2apic_ipi(id, ICR_INIT);
		wait_ticks(500000);
		x2apic_ipi(id, ICR_STARTUP | (TRAMPOLINE >> 12));
	}
	guest_printf("smp guest: phase 2 (x2APIC %u, physical): %u APs checked in\n", self,
		     wait_check_ins());

	start_phase(3);
	x2apic_ipi(1, ICR_INIT);
	wait_ticks(500000);
	x2apic_ipi(1, ICR_STARTUP | (TRAMPOLINE >> 12));
	wait_check_ins();
	guest_printf("smp guest: the hypervisor did not stop the guest (%d failed checks)\n",
		     check_failures());
	return 1;
}
