/* Starting the application processors; see ap_start.h. Linked into the
 * guests that start APs (Makefile: AP_GUESTS), not a guest of its own. */
#include "guest/tests/ap_start.h"

#define XAPIC_ICR_LOW ((volatile uint32_t *)0xfee00300u)
#define XAPIC_ICR_HIGH ((volatile uint32_t *)0xfee00310u)
#define ICR_INIT 0x4500u                /* INIT, level assert */
#define ICR_STARTUP 0x4600u             /* start-up, level assert */
#define ICR_ALL_EXCLUDING_SELF (3u << 18)

extern const uint8_t ap_trampoline_start[], ap_trampoline_end[];

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

uint8_t ap_stacks[(AP_MAX + 1) * 4096] __attribute__((aligned(4096)));

void ap_trampoline_install(void)
{
	for (unsigned i = 0; i < (unsigned)(ap_trampoline_end - ap_trampoline_start); i++)
		((volatile uint8_t *)AP_TRAMPOLINE)[i] = ap_trampoline_start[i];
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void ap_wait_ticks(uint64_t ticks)
{
	uint64_t end = rdtsc() + ticks;
	while (rdtsc() < end)
		__asm__ volatile("pause");
}

static void xapic_ipi(uint32_t icr)
{
	*XAPIC_ICR_HIGH = 0;
	*XAPIC_ICR_LOW = icr;
}

void ap_start_all_xapic(void)
{
	xapic_ipi(ICR_INIT | ICR_ALL_EXCLUDING_SELF);
	ap_wait_ticks(500000);
	xapic_ipi(ICR_STARTUP | ICR_ALL_EXCLUDING_SELF | (AP_TRAMPOLINE >> 12));
	ap_wait_ticks(10000);
	xapic_ipi(ICR_STARTUP | ICR_ALL_EXCLUDING_SELF | (AP_TRAMPOLINE >> 12));
}
