/* Test guest: COM1 is the guest's and the hypervisor's console at once.
 * What the guest does to it must not silence, stall or cut the hypervisor's
 * output, nor reach the monitor; its command line names the case:
 *   divisor     divisor 0xffff (about 2 baud), first with DLAB left set (the
 *               hypervisor's bytes would go to the divisor latch), then
 *               clear (each byte would take seconds): the hypervisor prints
 *               a line for it (hypercall 1) each time, and the guest finds
 *               its settings as it left them;
 *   loopback    (with monitor=keys) the UART in loopback mode: the guest
 *               "receives" what it sends, Ctrl-] m and a monitor command
 *               among it, which must reach it as on bare hardware and never
 *               the monitor; the hypervisor's line goes to the wire, not
 *               into the guest's receiver;
 *   interleave  (two processors) the AP writes to COM1 without end while
 *               the boot processor writes to the hypervisor's memory: the
 *               report of that must come in whole lines. */
#include "guest/tests/ap_start.h"
#include "guest/tests/runtime.h"
#include "lib/string.h"

#define COM1 0x3f8
#define UART_DLL 0
#define UART_DLM 1
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define MCR_LOOPBACK 0x10
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define HC_PUTS 1
#define HYPERVISOR_IMAGE 0x8000000u

static void hypervisor_says(const char *line)
{
	vmcall(HC_PUTS, (uint32_t)line, strlen(line));
}

static void set_divisor(uint16_t divisor, uint8_t lcr)
{
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, (uint8_t)divisor);
	outb(COM1 + UART_DLM, (uint8_t)(divisor >> 8));
	outb(COM1 + UART_LCR, lcr);
}

static uint16_t read_divisor(void)
{
	uint8_t lcr = inb(COM1 + UART_LCR);
	outb(COM1 + UART_LCR, lcr | LCR_DLAB);
	uint16_t divisor = (uint16_t)(inb(COM1 + UART_DLL) | inb(COM1 + UART_DLM) << 8);
	outb(COM1 + UART_LCR, lcr);
	return divisor;
}

static void slow_divisor(void)
{
	set_divisor(0xffff, LCR_DLAB | LCR_8N1);
	hypervisor_says("the guest's UART: divisor 0xffff, DLAB set\n");
	bool dlab_kept = inb(COM1 + UART_LCR) == (LCR_DLAB | LCR_8N1);
	outb(COM1 + UART_LCR, LCR_8N1);
	bool divisor_kept = read_divisor() == 0xffff;
	hypervisor_says("the guest's UART: divisor 0xffff, DLAB clear\n");
	bool lcr_kept = inb(COM1 + UART_LCR) == LCR_8N1 && read_divisor() == 0xffff;
	set_divisor(1, LCR_8N1);                /* the guest's own output again */
	check("DLAB still set after the hypervisor's line", dlab_kept);
	check("divisor 0xffff still there", divisor_kept);
	check("line control and divisor kept after the second line", lcr_kept);
}

/* Sends a byte to itself in loopback mode; true if it comes back. */
static bool loop_byte(uint8_t byte)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1, byte);
	for (unsigned i = 0; i < 100000; i++)
		if (inb(COM1 + UART_LSR) & LSR_DATA_READY)
			return inb(COM1) == byte;
	return false;
}

static void loopback(void)
{
	static const char typed[] = "\x1dmpoweroff\r";
	uint8_t mcr = inb(COM1 + UART_MCR);
	outb(COM1 + UART_MCR, mcr | MCR_LOOPBACK);
	unsigned echoed = 0;
	for (unsigned i = 0; typed[i]; i++)
		echoed += loop_byte((uint8_t)typed[i]);
	hypervisor_says("the guest's UART is in loopback mode\n");
	bool nothing_received = !(inb(COM1 + UART_LSR) & LSR_DATA_READY);
	bool still_loopback = inb(COM1 + UART_MCR) & MCR_LOOPBACK;
	outb(COM1 + UART_MCR, mcr);
	check("every byte sent in loopback mode came back to the guest",
	      echoed == sizeof(typed) - 1);
	check("the hypervisor's line did not come back", nothing_received);
	check("loopback mode still on after it", still_loopback);
}

void ap_main(uint32_t apic_id)
{
	(void)apic_id;
	for (;;) {
		while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
			;
		outb(COM1, 'x');
	}
}

static void interleave(void)
{
	ap_trampoline_install();
	ap_start_all_xapic();
	ap_wait_ticks(20000000);                /* the AP writes meanwhile */
	*(volatile uint32_t *)(HYPERVISOR_IMAGE + 0x40) = 0xdeadbeef;
	guest_printf("console guest: the write to the hypervisor went through\n");
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	const char *how = guest_argument(info);
	if (!strcmp(how, "divisor"))
		slow_divisor();
	else if (!strcmp(how, "loopback"))
		loopback();
	else if (!strcmp(how, "interleave"))
		interleave();
	else
		guest_printf("console guest: unknown case '%s'\n", how);
	guest_printf("console guest: %d failed checks\n", check_failures());
	return check_failures();
}
