/* Console output over the serial port and the screen; see console.h. Each
 * processor gathers its output in a line buffer of its own and writes whole
 * lines under one lock, so that lines from different processors never
 * interleave. */
#include "arch/console.h"
#include "arch/percpu.h"
#include "arch/power.h"
#include "arch/screen.h"
#include "arch/serial.h"
#include "lib/cmdline.h"
#include "lib/format.h"
#include "lib/spinlock.h"
#include "mm/paging.h"

/* Characters the screen's grid holds: 4K (3840x2160) in 8x16 cells is 480x135. */
#define SCREEN_MAX_CELLS (480 * 136)
#define EARLY_OUTPUT_SIZE 4096

static struct screen screen;
static uint8_t screen_cells[SCREEN_MAX_CELLS];
static bool serial_on = true;
static bool screen_ready;       /* set up by console_start */
static bool screen_lent;        /* the guest's until a fatal report */
static bool started;
static char early_output[EARLY_OUTPUT_SIZE];
static unsigned early_length;
static struct spinlock console_lock;
static volatile int console_owner = -1;        /* the processor in flush_line */

static void put_char(char c)
{
	if (serial_on)
		serial_putc(c);
	if (screen_ready && !screen_lent)
		screen_putc(&screen, c);
	else if (!started && early_length < EARLY_OUTPUT_SIZE)
		early_output[early_length++] = c;
}

static void flush_line(struct percpu *cpu)
{
	spin_lock(&console_lock);
	console_owner = (int)cpu->index;
	if (serial_on)
		serial_take();
	for (unsigned i = 0; i < cpu->line_length; i++)
		put_char(cpu->line[i]);
	if (serial_on)
		serial_give_back();
	console_owner = -1;
	spin_unlock(&console_lock);
	cpu->line_length = 0;
}

void console_hold_serial(void)
{
	spin_lock(&console_lock);
	serial_take();
	spin_unlock(&console_lock);
}

void console_release_serial(void)
{
	spin_lock(&console_lock);
	serial_give_back();
	spin_unlock(&console_lock);
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

/* Sets up the screen console, or says why there is none. */
static bool start_screen(const struct framebuffer *fb)
{
	if (!fb->present) {
		printk("console: no screen from the boot loader\n");
		return false;
	}
	uint64_t size = (uint64_t)fb->pitch * fb->height;
	if (!physical_range_mapped(fb->address, size)) {
		printk("console: framebuffer at 0x%llx is outside the hypervisor's identity map; "
		       "no screen console\n", (unsigned long long)fb->address);
		return false;
	}
	if (screen_init(&screen, fb, (void *)fb->address, screen_cells, sizeof(screen_cells))) {
		printk("console: framebuffer type %u, %u bpp, %ux%u: not one the console draws on\n",
		       fb->type, fb->bpp, fb->width, fb->height);
		return false;
	}
	return true;
}

static void describe_screen(const struct framebuffer *fb)
{
	if (fb->type == FRAMEBUFFER_EGA_TEXT)
		printk("console: VGA text mode %ux%u at 0x%llx\n", fb->width, fb->height,
		       (unsigned long long)fb->address);
	else
		printk("console: framebuffer %ux%u, %u bpp, pitch %u, at 0x%llx "
		       "(red %u:%u green %u:%u blue %u:%u): %ux%u characters\n",
		       fb->width, fb->height, fb->bpp, fb->pitch, (unsigned long long)fb->address,
		       fb->red.position, fb->red.size, fb->green.position, fb->green.size,
		       fb->blue.position, fb->blue.size, screen.columns, screen.rows);
}

void console_start(int output, const struct framebuffer *fb)
{
	if (output != CONSOLE_SERIAL && start_screen(fb)) {
		for (unsigned i = 0; i < early_length; i++)
			screen_putc(&screen, early_output[i]);
		screen_ready = true;
		describe_screen(fb);
	}
	started = true;
	if (output == CONSOLE_SCREEN && screen_ready) {
		printk("console: screen only (console=screen): the serial port is silent from here\n");
		serial_on = false;
	}
}

void console_lend_screen_to_guest(void)
{
	if (!screen_ready)
		return;
	printk("console: the screen is the guest's from here; only fatal reports are drawn on it\n");
	screen_lent = true;
}

void console_take_back_screen(void)
{
	screen_lent = false;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	console_take_back_screen();
	printk("\nhypervisor: fatal: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	machine_stop(MACHINE_STATUS_FAILURE);
}

void console_release_from_parked(unsigned cpu_index)
{
	if (console_owner != (int)cpu_index)
		return;
	console_owner = -1;
	put_char('\n');                 /* ends the line it was writing */
	if (serial_on)
		serial_give_back();     /* its serial_take */
	spin_unlock(&console_lock);
}
