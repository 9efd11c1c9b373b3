/* Test guest: 32-bit PAE paging turned on by one MOV to CR0 that also sets
 * NE, a bit the hypervisor owns, so that the write exits and is emulated.
 * With EPT, VM entry takes the four PDPTEs from the VMCS, not from memory
 * (SDM vol. 3C 26.3.2.4, 28.3.1): the hypervisor must load them as the MOV
 * would have, and refuse with #GP a PDPT whose present entry sets a
 * reserved bit (SDM vol. 3A 4.4.1). With PAE it also reaches guest-physical
 * addresses above 4 GiB, beyond the hypervisor's initial EPT map. */
#include "guest/tests/runtime.h"

#define P (1ull << 0)
#define W (1ull << 1)
#define PS (1ull << 7)
#define CR0_NE (1u << 5)
#define CR0_PG (1u << 31)
#define CR4_PAE (1u << 5)
#define TEST_LINEAR 0x40000000u         /* 1 GiB: PDPTE 1 maps it to 0 */
#define BEYOND_INITIAL_MAP 0x200000000ull      /* 8 GiB */

static uint64_t directory[512] __attribute__((aligned(4096)));
static uint64_t pdpt[4] __attribute__((aligned(32)));
static uint64_t bad_pdpt[4] __attribute__((aligned(32)));

static uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }

/* mov %eax, %cr0 is 3 bytes: expect_fault(3, 0) skips it. */
static void write_cr0(uint32_t v)
{
	__asm__ volatile("mov %0, %%cr0" ::"a"(v) : "memory");
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	/* The first GiB with 2 MiB pages, seen at 0 and again at 1 GiB. */
	for (uint32_t i = 0; i < 512; i++)
		directory[i] = ((uint64_t)i << 21) | P | W | PS;
	pdpt[0] = pdpt[1] = (uint32_t)directory | P;
	bad_pdpt[0] = (uint32_t)directory | P | W;     /* bit 1 is reserved in a PDPTE */
	uint32_t cr0 = read_cr0(), cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | CR4_PAE));

	__asm__ volatile("mov %0, %%cr3" ::"r"(bad_pdpt) : "memory");
	expect_fault(3, 0);
	write_cr0(cr0 | CR0_PG | CR0_NE);
	guest_printf("PDPT with a reserved bit: %s, CR0 0x%x\n",
		     last_fault.happened ? "#GP" : "accepted", read_cr0());
	check("reserved PDPTE bit raises #GP", last_fault.happened && last_fault.vector == 13);
	check("paging still off", !(read_cr0() & CR0_PG));

	__asm__ volatile("mov %0, %%cr3" ::"r"(pdpt) : "memory");
	write_cr0(cr0 | CR0_PG | CR0_NE);
	static const uint32_t marker = 0x9ae5a9e5;
	uint32_t alias = *(volatile const uint32_t *)(TEST_LINEAR + (uint32_t)&marker);
	guest_printf("PAE paging on: CR0 0x%x, marker through PDPTE 1: 0x%x\n", read_cr0(), alias);
	check("PAE paging on", (read_cr0() & (CR0_PG | CR0_NE)) == (CR0_PG | CR0_NE));
	check("PDPTE 1 maps the alias", alias == marker);

	/* A 2 MiB page at guest-physical 8 GiB, beyond the hypervisor's initial
	 * EPT map (no memory there: reads return all ones): its first touch
	 * maps the whole aligned block, so touching three 4 KiB pages of it
	 * costs one EPT violation, not three. */
	directory[510] = BEYOND_INITIAL_MAP | P | W | PS;
	__asm__ volatile("invlpg (%0)" ::"r"(510u << 21) : "memory");
	volatile const uint32_t *far = (volatile const uint32_t *)(510u << 21);
	uint32_t sum = far[0] ^ far[0x1000 / 4] ^ far[0x100000 / 4];
	guest_printf("touched 3 pages at guest-physical 0x%llx: 0x%x\n", BEYOND_INITIAL_MAP, sum);
	return check_failures();
}
