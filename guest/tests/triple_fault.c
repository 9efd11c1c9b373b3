/* Test guest: an exception with no usable IDT, so #UD becomes #DF and then a
 * triple fault, which the hypervisor reports with the guest state. */
#include "guest/tests/runtime.h"

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) empty = { 0, 0 };
	guest_printf("triple fault guest: loading an empty IDT and executing UD2\n");
	__asm__ volatile("lidt %0\n\tud2" ::"m"(empty));
	return 1;
}
