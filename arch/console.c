/* Console output over the serial port. */
#include "arch/console.h"
#include "arch/power.h"
#include "arch/serial.h"
#include "lib/format.h"

static void console_sink(char c, void *ctx)
{
	(void)ctx;
	serial_putc(c);
}

int vprintk(const char *fmt, va_list ap)
{
	return format_to(console_sink, 0, fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	printk("hypervisor: fatal: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	machine_stop(MACHINE_STATUS_FAILURE);
}
