/* 16550 UART on COM1, 115200 8N1, polled. */
#ifndef ARCH_SERIAL_H
#define ARCH_SERIAL_H
#include <stdbool.h>

#define COM1_PORT 0x3f8

void serial_init(void);
void serial_putc(char c);
/* Returns true and stores a byte when one is waiting. */
bool serial_try_getc(char *c);

#endif
