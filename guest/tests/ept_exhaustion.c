/* Test guest: EPT tables the guest could make grow without bound. It sets a
 * variable MTRR with a valid but non-contiguous mask (bit 12 alone: every
 * other 4 KiB page uncacheable), so that no EPT page above 4 KiB is of one
 * memory type, then touches guest-physical memory in four 2 MiB blocks of
 * every GiB from 4 GiB to the end of the physical address space (PAE paging
 * reaches it through a 2 MiB window). Each touch needs EPT tables of its
 * own. The hypervisor must bound them (a limit, and a rebuild from nothing
 * when it is reached), not run out of memory; the guest only sees its
 * memory as before. */
#include "guest/tests/runtime.h"

#define P (1ull << 0)
#define W (1ull << 1)
#define PS (1ull << 7)
#define CR4_PAE (1u << 5)
#define MSR_MTRRCAP 0xfe
#define MSR_MTRR_PHYSBASE0 0x200
#define MTRR_VALID (1u << 11)
#define MTRR_TYPE_UC 0
#define GIB (1ull << 30)
#define WINDOW_INDEX 511                /* the last 2 MiB below 4 GiB */
#define WINDOW ((volatile const uint32_t *)0xffe00000u)
#define TOUCHES_PER_GIB 4
#define MARKER 0x7e57da7au

static uint64_t low_directory[512] __attribute__((aligned(4096)));
static uint64_t high_directory[512] __attribute__((aligned(4096)));
static uint64_t pdpt[4] __attribute__((aligned(32)));

static void paging_on(void)
{
	for (uint32_t i = 0; i < 512; i++)
		low_directory[i] = ((uint64_t)i << 21) | P | W | PS;
	pdpt[0] = (uint32_t)low_directory | P;
	pdpt[3] = (uint32_t)high_directory | P;
	paging_enable(pdpt, CR4_PAE);
}

static uint32_t touch(uint64_t gpa)
{
	high_directory[WINDOW_INDEX] = (gpa & ~(2 * 1024 * 1024ull - 1)) | P | W | PS;
	__asm__ volatile("invlpg (%0)" ::"r"(WINDOW) : "memory");
	return *WINDOW;
}

int guest_main(void)
{
	idt_setup();
	static volatile uint32_t marker = MARKER;
	unsigned ranges = guest_rdmsr(MSR_MTRRCAP) & 0xff;
	unsigned width = guest_cpuid(0x80000008).eax & 0xff;
	uint32_t msr = MSR_MTRR_PHYSBASE0 + 2 * (ranges - 1);  /* the last variable range */
	guest_wrmsr(msr, MTRR_TYPE_UC);
	guest_wrmsr(msr + 1, 0x1000 | MTRR_VALID);
	paging_on();
	uint64_t end = 1ull << width, touched = 0;
	for (uint64_t gib = 4 * GIB; gib < end; gib += GIB)
		for (unsigned i = 0; i < TOUCHES_PER_GIB; i++, touched++)
			touch(gib + i * 64 * 1024 * 1024ull);
	guest_printf("ept guest: %u-bit addresses, variable MTRR %u with mask 0x1000, "
		     "%llu blocks touched above 4 GiB\n", width, ranges - 1,
		     (unsigned long long)touched);
	check("the guest's own memory is as it was", marker == MARKER);
	guest_wrmsr(msr + 1, 0);                /* the range off again */
	check("its memory still after the MTRR change", marker == MARKER);
	return check_failures();
}
