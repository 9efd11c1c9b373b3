/* Test guest: reads the serial port (polling, as a simple driver does) and
 * reports each byte it receives, until it receives 'q'. With the monitor's
 * key sequence watched (monitor=keys), the bytes pass the hypervisor first. */
#include "guest/tests/runtime.h"

#define COM1 0x3f8

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	guest_printf("echo guest: ready\n");
	for (;;) {
		if (!(inb(COM1 + 5) & 1))
			continue;
		uint8_t c = inb(COM1);
		if (c >= 0x20 && c < 0x7f)
			guest_printf("echo guest: got '%c'\n", c);
		else
			guest_printf("echo guest: got 0x%02x\n", c);
		if (c == 'q')
			return 0;
	}
}
