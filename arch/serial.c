/* 16550 UART driver: the hypervisor's console. */
#include "arch/serial.h"
#include "arch/cpu.h"

#define UART_DATA 0          /* DLAB=0: transmit/receive buffer */
#define UART_IER  1          /* DLAB=0: interrupt enable */
#define UART_DLL  0          /* DLAB=1: divisor low */
#define UART_DLM  1          /* DLAB=1: divisor high */
#define UART_FCR  2
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5
#define LSR_DATA_READY (1 << 0)
#define LSR_THR_EMPTY  (1 << 5)
#define LCR_8N1        0x03
#define LCR_DLAB       0x80
#define UART_CLOCK_DIVISOR_115200 1   /* 1.8432 MHz / (16 * 115200) */

void serial_init(void)
{
	outb(COM1_PORT + UART_IER, 0x00);
	outb(COM1_PORT + UART_LCR, LCR_DLAB);
	outb(COM1_PORT + UART_DLL, UART_CLOCK_DIVISOR_115200);
	outb(COM1_PORT + UART_DLM, 0);
	outb(COM1_PORT + UART_LCR, LCR_8N1);
	outb(COM1_PORT + UART_FCR, 0xc7);     /* enable and clear FIFOs */
	outb(COM1_PORT + UART_MCR, 0x03);     /* DTR, RTS */
}

static void serial_write_byte(char c)
{
	while (!(inb(COM1_PORT + UART_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1_PORT + UART_DATA, (uint8_t)c);
}

void serial_putc(char c)
{
	if (c == '\n')
		serial_write_byte('\r');
	serial_write_byte(c);
}

bool serial_try_getc(char *c)
{
	if (!(inb(COM1_PORT + UART_LSR) & LSR_DATA_READY))
		return false;
	*c = (char)inb(COM1_PORT + UART_DATA);
	return true;
}
