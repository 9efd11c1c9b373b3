/* Test guest for gdb attaching to a running guest (tests/boot/gdb_interrupt.sh,
 * gdb=com2,nowait): it spins until gdb, attached while it runs and having
 * interrupted it with Ctrl-C, writes the release value into `released`. */
#include "guest/tests/runtime.h"

#define RELEASE 0x600d

volatile unsigned released;
volatile unsigned spins;

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	guest_printf("gdb interrupt guest: spinning\n");
	while (released != RELEASE)
		spins++;
	guest_printf("gdb interrupt guest: released\n");
	check("released by gdb", released == RELEASE && spins > 0);
	return check_failures();
}
