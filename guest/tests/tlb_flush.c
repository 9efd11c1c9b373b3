/* Test guest: the TLB flush of an emulated MOV to CR0. Turning paging off
 * and on again flushes the TLB (SDM vol. 3A 4.10.4.1); when the MOV also
 * changes NE, a bit the hypervisor owns, it exits and is emulated, and with
 * VPID the guest's TLB entries survive the exit: the hypervisor must flush
 * them (INVVPID) or the guest keeps using a translation it has replaced. */
#include "guest/tests/runtime.h"

#define PDE_P (1u << 0)
#define PDE_W (1u << 1)
#define PDE_PS (1u << 7)
#define CR4_PSE (1u << 4)
#define CR0_NE (1u << 5)
#define CR0_PG (1u << 31)
#define TEST_LINEAR 0x20000000u
#define PAGE_A 0x00400000u
#define PAGE_B 0x00800000u

static uint32_t page_directory[1024] __attribute__((aligned(4096)));

static uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static void write_cr0(uint32_t v) { __asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory"); }

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	*(volatile uint32_t *)PAGE_A = 0xaaaaaaaa;
	*(volatile uint32_t *)PAGE_B = 0xbbbbbbbb;
	for (uint32_t i = 0; i < 128; i++)
		page_directory[i] = (i << 22) | PDE_P | PDE_W | PDE_PS;
	page_directory[TEST_LINEAR >> 22] = PAGE_A | PDE_P | PDE_W | PDE_PS;
	uint32_t cr0 = paging_enable(page_directory, CR4_PSE);
	uint32_t before = *(volatile uint32_t *)TEST_LINEAR;     /* cached in the TLB */

	/* Paging off and NE on in one MOV (it exits), the mapping changed, then
	 * paging on and NE off again in one MOV (it exits too). */
	write_cr0((cr0 & ~CR0_PG) | CR0_NE);
	page_directory[TEST_LINEAR >> 22] = PAGE_B | PDE_P | PDE_W | PDE_PS;
	write_cr0(cr0);
	uint32_t after = *(volatile uint32_t *)TEST_LINEAR;
	guest_printf("through 0x%x: 0x%x before, 0x%x after paging off and on (CR0 0x%x)\n",
		     TEST_LINEAR, before, after, read_cr0());
	check("old mapping", before == 0xaaaaaaaa);
	check("new mapping after paging off and on", after == 0xbbbbbbbb);
	return check_failures();
}
