/* 16550 UARTs, 115200 8N1, polled: COM1 is the hypervisor's console; the
 * gdb stub may use COM1 or COM2. */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H
#include <stdbool.h>
#include <stdint.h>

#define COM1_PORT 0x3f8
#define COM2_PORT 0x2f8
#define UART_PORT_COUNT 8               /* registers from the base port */

/* The console, on COM1, which the guest owns too: serial_putc and
 * serial_try_getc between serial_take, which puts the UART in the
 * hypervisor's settings (115200 8N1, no loopback, no interrupts), and
 * serial_give_back, which restores the guest's once the last byte is out.
 * They nest; the caller serializes them (arch/console.c's lock). */
void serial_init(void);
void serial_take(void);
void serial_give_back(void);
void serial_putc(char c);
/* Returns true and stores a byte when one is waiting. */
bool serial_try_getc(char *c);

/* Any UART, by base port. */
void uart_init(uint16_t port);
void uart_write(uint16_t port, char c);
bool uart_try_read(uint16_t port, char *c);

#endif
