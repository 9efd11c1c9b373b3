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
#define LSR_TRANSMITTER_EMPTY (1 << 6)
#define LCR_8N1        0x03
#define LCR_DLAB       0x80
#define MCR_DTR_RTS    0x03
#define MCR_OUT2       0x08            /* the UART's interrupt line to the PIC */
#define MCR_LOOPBACK   0x10
#define UART_CLOCK_DIVISOR_115200 1   /* 1.8432 MHz / (16 * 115200) */
/* Bounds on the waits for the transmitter, in status reads: a byte takes
 * 87 us at 115200 baud, a status read about 1 us on hardware (less in an
 * emulator, where the transmitter is as quick); a UART that never says
 * empty (absent, broken) costs a bounded delay, not a hang. */
#define THR_WAIT_READS 100000
#define DRAIN_WAIT_READS 1000000

/* What a UART is set to: divisor, line control, interrupt enable, modem
 * control (with loopback). FCR is write-only and not among them. */
struct uart_settings {
	uint8_t lcr, dll, dlm, ier, mcr;
};

static void write_settings(uint16_t port, const struct uart_settings *s)
{
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DLL, s->dll);
	outb(port + UART_DLM, s->dlm);
	outb(port + UART_LCR, s->lcr & ~LCR_DLAB);
	outb(port + UART_IER, s->ier);
	outb(port + UART_MCR, s->mcr);
	outb(port + UART_LCR, s->lcr);
}

/* The hypervisor's: 115200 8N1, no interrupts, no loopback, DTR and RTS,
 * and OUT2 (the interrupt line to the PIC) as given. */
static struct uart_settings hypervisor_settings(uint8_t out2)
{
	return (struct uart_settings){ .lcr = LCR_8N1, .dll = UART_CLOCK_DIVISOR_115200,
				       .mcr = MCR_DTR_RTS | out2 };
}

void uart_init(uint16_t port)
{
	struct uart_settings ours = hypervisor_settings(0);
	write_settings(port, &ours);
	outb(port + UART_FCR, 0xc7);     /* enable and clear FIFOs */
}

static void wait_status(uint16_t port, uint8_t bits, unsigned reads)
{
	for (unsigned i = 0; i < reads && (inb(port + UART_LSR) & bits) != bits; i++)
		;
}

void uart_write(uint16_t port, char c)
{
	wait_status(port, LSR_THR_EMPTY, THR_WAIT_READS);
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

/* COM1 is also the guest's: what it set, kept while the hypervisor writes
 * (the FIFOs stay as the guest set them). */
static struct uart_settings guest_settings;
static unsigned taken;          /* nested serial_take calls */

static struct uart_settings read_settings(uint16_t port)
{
	struct uart_settings s = { .lcr = inb(port + UART_LCR), .mcr = inb(port + UART_MCR) };
	outb(port + UART_LCR, s.lcr | LCR_DLAB);
	s.dll = inb(port + UART_DLL);
	s.dlm = inb(port + UART_DLM);
	outb(port + UART_LCR, s.lcr & ~LCR_DLAB);
	s.ier = inb(port + UART_IER);
	return s;
}

void serial_take(void)
{
	if (taken++)
		return;
	guest_settings = read_settings(COM1_PORT);
	struct uart_settings ours = hypervisor_settings(guest_settings.mcr & MCR_OUT2);
	write_settings(COM1_PORT, &ours);
}

void serial_give_back(void)
{
	if (--taken)
		return;
	/* the last byte leaves at the hypervisor's rate, then the guest's */
	wait_status(COM1_PORT, LSR_THR_EMPTY | LSR_TRANSMITTER_EMPTY, DRAIN_WAIT_READS);
	write_settings(COM1_PORT, &guest_settings);
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
