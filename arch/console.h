/* The hypervisor's console: formatted output on the serial port. */
#ifndef ARCH_CONSOLE_H
#define ARCH_CONSOLE_H
#include <stdarg.h>

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
/* Output reaches the port a line at a time; this writes a line not yet ended
 * (a prompt). */
void console_flush(void);

/* Prints "hypervisor: fatal: <message>" and stops the machine with a failure status. */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
