/* Test guest: tries to change the hypervisor's memory (its image at 128 MiB).
 * EPT does not map it: the hypervisor refuses the access, reports it and
 * stops the guest, its own image unchanged. Reaching the end is a failure. */
#include "guest/tests/runtime.h"

#define HYPERVISOR_IMAGE 0x8000000u

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	guest_printf("ept guest: writing to 0x%x\n", HYPERVISOR_IMAGE);
	*(volatile uint32_t *)(HYPERVISOR_IMAGE + 0x40) = 0xdeadbeef;
	guest_printf("ept guest: the write went through\n");
	return 1;
}
