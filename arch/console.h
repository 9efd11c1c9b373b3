/* The hypervisor's console: formatted output on the serial port. */
#ifndef ARCH_CONSOLE_H
#define ARCH_CONSOLE_H
#include <stdarg.h>

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);

/* Prints "hypervisor: fatal: <message>" and stops the machine with a failure status. */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
