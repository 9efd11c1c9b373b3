/* COM1 belongs to the guest, but its received bytes pass the hypervisor
 * first so that Ctrl-] m can open the monitor. When the guest reads the
 * line-status register and a byte is waiting, the hypervisor takes it from
 * the UART, runs it through the escape detector (debug/monitor_parse.c) and
 * keeps what the guest should see in a small queue; the guest's status
 * reads show "data ready" while the queue holds bytes, and its reads of the
 * receive buffer take them from the queue. Writes (the guest's output, the
 * divisor), reads with DLAB set and reads in loopback mode (once the queue
 * is empty) go straight to the UART. */
#include "debug/serial_input.h"
#include "arch/cpu.h"
#include "arch/serial.h"
#include "debug/monitor_parse.h"
#include "platform/io_ports.h"
#include "debug/monitor.h"

#define UART_RBR (COM1_PORT + 0)
#define UART_LCR (COM1_PORT + 3)
#define UART_MCR (COM1_PORT + 4)
#define UART_LSR (COM1_PORT + 5)
#define LCR_DLAB 0x80
#define MCR_LOOPBACK 0x10
#define LSR_DATA_READY 0x01
#define QUEUE_SIZE 16

static char queue[QUEUE_SIZE];
static unsigned queue_head, queue_count;
static struct escape_state escape;

static void enqueue(char c)
{
	if (queue_count < QUEUE_SIZE)
		queue[(queue_head + queue_count++) % QUEUE_SIZE] = c;
}

/* Takes one waiting byte from the UART, if any, through the escape detector. */
static void poll_uart(struct vcpu *v)
{
	if (queue_count || !(inb(UART_LSR) & LSR_DATA_READY))
		return;
	char deliver[2];
	int n = escape_feed(&escape, (char)inb(UART_RBR), deliver);
	if (n < 0) {
		monitor_enter(v, "entered with Ctrl-] m");
		return;
	}
	for (int i = 0; i < n; i++)
		enqueue(deliver[i]);
}

/* In loopback mode the UART receives what the guest sends it, not what the
 * user types: nothing for the escape detector. */
static bool loopback(void)
{
	return inb(UART_MCR) & MCR_LOOPBACK;
}

static void line_status_access(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	if (!a->in || (loopback() && !queue_count)) {
		io_pass_through(a, value);
		return;
	}
	poll_uart(v);
	uint32_t status = inb(UART_LSR) & ~LSR_DATA_READY;
	*value = status | (queue_count ? LSR_DATA_READY : 0);
}

static void receive_buffer_access(struct vcpu *v, const struct io_access *a, uint32_t *value)
{
	if (!a->in || (inb(UART_LCR) & LCR_DLAB) || (loopback() && !queue_count)) {
		io_pass_through(a, value);
		return;
	}
	poll_uart(v);
	if (!queue_count) {
		*value = 0;             /* nothing received: what an empty 16550 returns */
		return;
	}
	*value = (uint8_t)queue[queue_head];
	queue_head = (queue_head + 1) % QUEUE_SIZE;
	queue_count--;
}

void serial_input_intercept(struct vmx_bitmaps *b)
{
	io_intercept_port(b, UART_RBR, receive_buffer_access);
	io_intercept_port(b, UART_LSR, line_status_access);
}
