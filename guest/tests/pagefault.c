/* Test guest: a #PF in the guest's own paging. Run with the hypervisor
 * option intercept=pf the #PF exits to the hypervisor, which reflects it
 * back; either way the guest's handler must see the same CR2 and error
 * code, and the retried access must work. */
#include "guest/tests/runtime.h"

#define PDE_P (1u << 0)
#define PDE_W (1u << 1)
#define PDE_PS (1u << 7)
#define CR4_PSE (1u << 4)
#define TEST_LINEAR 0x20000000u         /* left not present at first */
#define TEST_PHYSICAL 0x00400000u       /* what the handler maps there */

static uint32_t page_directory[1024] __attribute__((aligned(4096)));

static void map_test_page(struct guest_frame *f)
{
	(void)f;
	page_directory[TEST_LINEAR >> 22] = TEST_PHYSICAL | PDE_P | PDE_W | PDE_PS;
	__asm__ volatile("invlpg (%0)" ::"r"(TEST_LINEAR) : "memory");
}

/* Identity map of the first 512 MiB with 4 MiB pages (SDM vol. 3A 4.3). */
static void paging_on(void)
{
	for (uint32_t i = 0; i < 128; i++)
		page_directory[i] = (i << 22) | PDE_P | PDE_W | PDE_PS;
	paging_enable(page_directory, CR4_PSE);
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	paging_on();
	*(volatile uint32_t *)TEST_PHYSICAL = 0x600dcafe;

	expect_fault(0, map_test_page);
	uint32_t value = *(volatile uint32_t *)TEST_LINEAR;    /* read: #PF, retried */
	guest_printf("read #PF: vector %u, error code 0x%x, CR2 0x%x\n", last_fault.vector,
		     last_fault.error_code, last_fault.cr2);
	check("read fault is #PF", last_fault.happened && last_fault.vector == 14);
	check("read fault CR2", last_fault.cr2 == TEST_LINEAR);
	check("read fault error code: not present, read, supervisor", last_fault.error_code == 0);
	check("retried read sees the page", value == 0x600dcafe);

	page_directory[TEST_LINEAR >> 22] = 0;
	__asm__ volatile("invlpg (%0)" ::"r"(TEST_LINEAR) : "memory");
	expect_fault(0, map_test_page);
	*(volatile uint32_t *)(TEST_LINEAR + 4) = 0x12345678;  /* write: #PF, retried */
	guest_printf("write #PF: vector %u, error code 0x%x, CR2 0x%x\n", last_fault.vector,
		     last_fault.error_code, last_fault.cr2);
	check("write fault CR2", last_fault.cr2 == TEST_LINEAR + 4);
	check("write fault error code: not present, write", last_fault.error_code == 2);
	check("retried write landed", *(volatile uint32_t *)(TEST_PHYSICAL + 4) == 0x12345678);
	return check_failures();
}
