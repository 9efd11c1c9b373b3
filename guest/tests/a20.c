/* Test guest: masking address bit 20 (the A20 gate) through port 0x92 bit
 * 1, the keyboard controller's output port (command 0xd1) and its command
 * 0xdd. With A20 masked, Bochs 2.7 would alias every address with bit 20
 * set, after EPT, the hypervisor's own accesses included. The hypervisor
 * keeps A20 on: port 0x92 still reads bit 1 set, the two words 1 MiB apart
 * stay apart, and an exit (CPUID) after each attempt returns. */
#include "guest/tests/runtime.h"
#include "lib/format.h"

#define LOW_WORD ((volatile uint32_t *)0x200000u)
#define HIGH_WORD ((volatile uint32_t *)0x300000u)      /* LOW_WORD with bit 20 */
#define PORT_A 0x92
#define PORT_A_A20 0x02
#define KBC_STATUS 0x64
#define KBC_DATA 0x60

static void kbc_wait_input_empty(void)
{
	while (inb(KBC_STATUS) & 0x02)
		;
}

static void check_a20_on(const char *how)
{
	*LOW_WORD = 0x11111111;
	*HIGH_WORD = 0x22222222;
	guest_cpuid(0);                 /* an exit: the hypervisor runs */
	char name[96];
	format_string(name, sizeof(name), "after %s, 0x200000 and 0x300000 stay apart", how);
	check(name, *LOW_WORD == 0x11111111 && *HIGH_WORD == 0x22222222);
	format_string(name, sizeof(name), "after %s, port 0x92 reads A20 on", how);
	check(name, inb(PORT_A) & PORT_A_A20);
}

int guest_main(void)
{
	outb(PORT_A, inb(PORT_A) & ~PORT_A_A20);
	check_a20_on("port 0x92 bit 1 cleared");
	kbc_wait_input_empty();
	outb(KBC_STATUS, 0xd1);
	kbc_wait_input_empty();
	outb(KBC_DATA, 0xdd);                   /* output port: reset high, A20 low */
	kbc_wait_input_empty();
	check_a20_on("the output port written with A20 low");
	outb(KBC_STATUS, 0xdd);
	kbc_wait_input_empty();
	check_a20_on("keyboard controller command 0xdd");
	guest_printf("a20 guest: %d failed checks\n", check_failures());
	return check_failures();
}
