/* Test guest: a #PF while the CPU delivers a #PF becomes #DF (SDM vol. 3A
 * 6.15, table 6-5). Run with intercept=pf: both #PFs exit, and the
 * hypervisor must combine them as the CPU would, not reflect the second as
 * a plain #PF (which faults again on the same IDT read, forever).
 *
 * The IDT straddles a page boundary: entries 0-13 (#DF's among them) on a
 * present page, entry 14 (#PF's) and up on a page left not present. A read
 * of an unmapped address raises #PF; reading its IDT entry raises the
 * second; the guest's #DF handler maps both pages and the read is retried. */
#include "guest/tests/runtime.h"

#define PTE_P (1u << 0)
#define PTE_W (1u << 1)
#define PDE_PS (1u << 7)
#define CR4_PSE (1u << 4)
#define TEST_LINEAR 0x20000000u         /* not present until the #DF handler */
#define TEST_PHYSICAL 0x00400000u
#define VECTOR_PF 14

struct idt_gate {
	uint16_t offset_low, selector;
	uint8_t zero, type_attr;
	uint16_t offset_high;
} __attribute__((packed));

extern const uint32_t exception_stubs[48];
static uint32_t page_directory[1024] __attribute__((aligned(4096)));
static uint32_t page_table[1024] __attribute__((aligned(4096)));  /* 4 KiB pages */
static uint8_t idt_pages[2 * 4096] __attribute__((aligned(4096)));
static struct idt_gate *idt;

static uint32_t *pte_of(const void *p)
{
	return &page_table[((uint32_t)p >> 12) & 1023];
}

static void map_both(struct guest_frame *f)
{
	(void)f;
	*pte_of(idt_pages + 4096) |= PTE_P;
	page_directory[TEST_LINEAR >> 22] = TEST_PHYSICAL | PTE_P | PTE_W | PDE_PS;
	__asm__ volatile("invlpg (%0)" ::"r"(idt_pages + 4096) : "memory");
	__asm__ volatile("invlpg (%0)" ::"r"(TEST_LINEAR) : "memory");
}

static void split_idt_setup(void)
{
	uint16_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	idt = (struct idt_gate *)(idt_pages + 4096 - VECTOR_PF * sizeof(*idt));
	for (int v = 0; v < 32; v++)
		idt[v] = (struct idt_gate){ (uint16_t)exception_stubs[v], cs, 0, 0x8e,
					    (uint16_t)(exception_stubs[v] >> 16) };
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) p = { 32 * sizeof(*idt) - 1, (uint32_t)idt };
	__asm__ volatile("lidt %0" ::"m"(p));
}

/* Identity map of the first 512 MiB: 4 MiB pages, except 4 KiB pages for
 * the 4 MiB that hold the IDT. */
static void paging_on(void)
{
	uint32_t idt_pde = (uint32_t)idt_pages >> 22;
	for (uint32_t i = 0; i < 128; i++)
		page_directory[i] = (i << 22) | PTE_P | PTE_W | PDE_PS;
	for (uint32_t i = 0; i < 1024; i++)
		page_table[i] = (idt_pde << 22) + (i << 12) + (PTE_P | PTE_W);
	page_directory[idt_pde] = (uint32_t)page_table | PTE_P | PTE_W;
	*pte_of(idt_pages + 4096) &= ~PTE_P;
	paging_enable(page_directory, CR4_PSE);
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	split_idt_setup();
	paging_on();
	*(volatile uint32_t *)TEST_PHYSICAL = 0x600dcafe;

	expect_fault(0, map_both);
	uint32_t value = *(volatile uint32_t *)TEST_LINEAR;
	guest_printf("fault: vector %u, error code 0x%x, CR2 0x%x (#PF's IDT entry at 0x%x)\n",
		     last_fault.vector, last_fault.error_code, last_fault.cr2,
		     (uint32_t)&idt[VECTOR_PF]);
	check("#PF during #PF delivery is #DF", last_fault.happened && last_fault.vector == 8);
	check("#DF error code 0", last_fault.error_code == 0);
	check("CR2 is the second fault's address", last_fault.cr2 == (uint32_t)&idt[VECTOR_PF]);
	check("retried read sees the page", value == 0x600dcafe);
	return check_failures();
}
