/* The hypervisor's console: formatted output on the serial port and on the
 * screen GRUB handed over (arch/screen.h), as the console= option chooses. */
#ifndef ARCH_CONSOLE_H
#define ARCH_CONSOLE_H
#include <stdarg.h>
#include "boot/multiboot2.h"

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
/* Output reaches the devices a line at a time; this writes a line not yet
 * ended (a prompt). */
void console_flush(void);

/* Until this is called, output goes to the serial port and is kept (its
 * first 4 KiB); then the screen, if `output` (enum console_output) wants it
 * and fb is one the console can draw on inside the identity map, is
 * cleared and shows the kept output first. Prints what it chose. */
void console_start(int output, const struct framebuffer *fb);

/* The guest owns the screen from here (its own console is on it): only
 * fatal reports are drawn on it again, after console_take_back_screen. */
void console_lend_screen_to_guest(void);
void console_take_back_screen(void);
/* The serial port in the hypervisor's settings from hold to release (the
 * monitor's session: its input as well as its output), not only while a
 * line is written (arch/serial.h). */
void console_hold_serial(void);
void console_release_serial(void);
/* For a processor parked for good by an NMI while it wrote a line (the
 * guest's end, vmx/launch.c): frees the console it held, so that the
 * others can still print. Nothing if it did not hold it. */
void console_release_from_parked(unsigned cpu_index);

/* Prints "hypervisor: fatal: <message>", on a line of its own, and stops the
 * machine with a failure status. */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
