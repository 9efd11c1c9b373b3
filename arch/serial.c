/* 16550 UART driver: the hypervisor's console and the gdb stub's line. */
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

void uart_init(uint16_t port)
{
	outb(port + UART_IER, 0x00);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DLL, UART_CLOCK_DIVISOR_115200);
	outb(port + UART_DLM, 0);
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, 0xc7);     /* enable and clear FIFOs */
	outb(port + UART_MCR, 0x03);     /* DTR, RTS */
}

void uart_write(uint16_t port, char c)
{
	while (!(inb(port + UART_LSR) & LSR_THR_EMPTY))
		;
	outb(port + UART_DATA, (uint8_t)c);
}

bool uart_try_read(uint16_t port, char *c)
{
	if (!(inb(port + UART_LSR) & LSR_DATA_READY))
		return false;
	*c = (char)inb(port + UART_DATA);
	return true;
}

void serial_init(void)
{
	uart_init(COM1_PORT);
}

void serial_putc(char c)
{
	if (c == '\n')
		uart_write(COM1_PORT, '\r');
	uart_write(COM1_PORT, c);
}

bool serial_try_getc(char *c)
{
	return uart_try_read(COM1_PORT, c);
}
