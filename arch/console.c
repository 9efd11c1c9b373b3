/* Console output over the serial port. Each processor gathers its output in
 * a line buffer of its own and writes whole lines under one lock, so that
 * lines from different processors never interleave. */
#include "arch/console.h"
#include "arch/percpu.h"
#include "arch/power.h"
#include "arch/serial.h"
#include "lib/format.h"
#include "lib/spinlock.h"

static struct spinlock console_lock;

static void flush_line(struct percpu *cpu)
{
	spin_lock(&console_lock);
	for (unsigned i = 0; i < cpu->line_length; i++)
		serial_putc(cpu->line[i]);
	spin_unlock(&console_lock);
	cpu->line_length = 0;
}

static void console_sink(char c, void *ctx)
{
	struct percpu *cpu = ctx;
	cpu->line[cpu->line_length++] = c;
	if (c == '\n' || cpu->line_length == sizeof(cpu->line))
		flush_line(cpu);
}

int vprintk(const char *fmt, va_list ap)
{
	return format_to(console_sink, this_cpu(), fmt, ap);
}

void console_flush(void)
{
	struct percpu *cpu = this_cpu();
	if (cpu->line_length)
		flush_line(cpu);
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
