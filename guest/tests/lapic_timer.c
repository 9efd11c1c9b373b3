/* Test guest: the local APIC as an operating system sets it up, through the
 * xAPIC page whose writes the hypervisor decodes and performs: the logical
 * destination registers read back what was written, and the APIC timer's
 * interrupt (a fixed vector, not the 8259's ExtINT) arrives in one-shot mode
 * and in TSC-deadline mode, also while the guest waits in HLT. Linux needs
 * all of it: its timer tick and its I/O APIC interrupts (logical
 * destinations) come this way. Then the same with paging on and the APIC
 * mapped at another linear address, as Linux maps it (its fixmap): the
 * hypervisor must write the register the guest named, whatever page
 * walk found it. */
#include "guest/tests/runtime.h"

#define APIC_BASE_ADDRESS 0xfee00000u
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_LDR 0xd0
#define APIC_DFR 0xe0
#define APIC_SVR 0xf0
#define APIC_LVT_TIMER 0x320
#define APIC_TIMER_INITIAL 0x380
#define APIC_TIMER_DIVIDE 0x3e0
#define LVT_MASKED (1u << 16)
#define LVT_TSC_DEADLINE (2u << 17)
#define MSR_IA32_TSC_DEADLINE 0x6e0
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define TIMER_VECTOR 0x2d
#define WAIT_TICKS 200000000ull         /* TSC ticks: far longer than any timer here */
#define CR4_PSE (1u << 4)
#define PAGE_PRESENT_WRITABLE 0x3u
#define PAGE_CACHE_DISABLE 0x18u       /* PCD and PWT */
#define PDE_LARGE (1u << 7)
#define APIC_ALIAS 0xfffff000u          /* the last page of the address space */

static volatile unsigned timer_interrupts;
static uint32_t page_directory[1024] __attribute__((aligned(4096)));
static uint32_t top_page_table[1024] __attribute__((aligned(4096)));
static uint32_t apic_window = APIC_BASE_ADDRESS;

static volatile uint32_t *apic(unsigned offset)
{
	return (volatile uint32_t *)(apic_window + offset);
}

/* 4 MiB pages map 0-4 GiB one to one but for the last 4 MiB, whose last
 * 4 KiB page is the APIC's (uncached). */
static void paging_with_apic_alias(void)
{
	for (uint32_t i = 0; i < 1023; i++)
		page_directory[i] = (i << 22) | PDE_LARGE | PAGE_PRESENT_WRITABLE;
	for (uint32_t i = 0; i < 1023; i++)
		top_page_table[i] = (1023u << 22) + (i << 12) + PAGE_PRESENT_WRITABLE;
	top_page_table[1023] = APIC_BASE_ADDRESS | PAGE_CACHE_DISABLE | PAGE_PRESENT_WRITABLE;
	page_directory[1023] = (uint32_t)top_page_table | PAGE_PRESENT_WRITABLE;
	paging_enable(page_directory, CR4_PSE);
	apic_window = APIC_ALIAS;
}

static void timer_interrupt(void)
{
	timer_interrupts++;
	*apic(APIC_EOI) = 0;
}

static uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Waits with interrupts on until the timer interrupt count passes `before`,
 * spinning or halting; bounded by WAIT_TICKS. */
static bool timer_arrived(unsigned before, bool halt)
{
	uint64_t end = tsc() + WAIT_TICKS;
	while (timer_interrupts == before && tsc() < end) {
		if (halt)
			__asm__ volatile("sti; hlt; cli");
		else
			__asm__ volatile("sti; pause; cli");
	}
	return timer_interrupts != before;
}

static void logical_destination(uint32_t ldr)
{
	*apic(APIC_DFR) = 0xffffffff;           /* flat model */
	*apic(APIC_LDR) = ldr;
	check("LDR reads back what was written", (*apic(APIC_LDR) & 0xff000000) == ldr);
	check("DFR reads back the flat model", *apic(APIC_DFR) == 0xffffffff);
	*apic(APIC_TPR) = 0x10;
	check("TPR reads back what was written", (*apic(APIC_TPR) & 0xff) == 0x10);
	*apic(APIC_TPR) = 0;
}

static void one_shot(bool halt)
{
	*apic(APIC_TIMER_DIVIDE) = 0xb;         /* divide by 1 */
	*apic(APIC_LVT_TIMER) = TIMER_VECTOR;
	check("LVT timer reads back one-shot, the vector, unmasked",
	      *apic(APIC_LVT_TIMER) == TIMER_VECTOR);
	unsigned before = timer_interrupts;
	*apic(APIC_TIMER_INITIAL) = 100000;
	check(halt ? "one-shot timer interrupt wakes HLT" : "one-shot timer interrupt arrives",
	      timer_arrived(before, halt));
}

static void tsc_deadline(bool halt)
{
	*apic(APIC_LVT_TIMER) = LVT_TSC_DEADLINE | TIMER_VECTOR;
	check("LVT timer reads back TSC-deadline mode",
	      *apic(APIC_LVT_TIMER) == (LVT_TSC_DEADLINE | TIMER_VECTOR));
	unsigned before = timer_interrupts;
	guest_wrmsr(MSR_IA32_TSC_DEADLINE, tsc() + 100000);
	check(halt ? "TSC-deadline timer interrupt wakes HLT" : "TSC-deadline timer interrupt arrives",
	      timer_arrived(before, halt));
}

int guest_main(void)
{
	idt_setup();
	set_interrupt_handler(TIMER_VECTOR, timer_interrupt);
	outb(0x21, 0xff);                       /* the 8259s' IRQs masked */
	outb(0xa1, 0xff);
	*apic(APIC_SVR) = 0x1ff;                /* software-enabled, spurious vector 0xff */
	logical_destination(0x01000000);
	one_shot(false);
	one_shot(true);
	if (guest_cpuid(1).ecx & CPUID_1_ECX_TSC_DEADLINE) {
		tsc_deadline(false);
		tsc_deadline(true);
	} else {
		guest_printf("lapic guest: no TSC-deadline mode (CPUID.1:ECX[24] = 0)\n");
	}
	guest_printf("lapic guest: paging on, the APIC at 0x%x\n", APIC_ALIAS);
	paging_with_apic_alias();
	logical_destination(0x02000000);
	one_shot(false);        /* spinning: a timer that never fires fails, not hangs */
	*apic(APIC_LVT_TIMER) = LVT_MASKED;
	guest_printf("lapic guest: %u timer interrupts\n", timer_interrupts);
	return check_failures();
}
