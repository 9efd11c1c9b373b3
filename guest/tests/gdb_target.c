/* Test guest for the gdb stub (tests/boot/gdb_stub.sh): gdb breaks in
 * add_squares, reads its argument and local variable, single-steps, runs
 * to its return, watches `watched` being written, and detaches; the guest
 * then checks that its results are what they would have been without gdb. */
#include "guest/tests/runtime.h"

volatile unsigned watched;

__attribute__((noinline)) unsigned add_squares(unsigned n);
__attribute__((noinline)) unsigned add_squares(unsigned n)
{
	volatile unsigned total = 0;
	for (unsigned i = 1; i <= n; i++)
		total += i * i;
	return total;                   /* gdb_stub.sh: "advance" to this line */
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	guest_printf("gdb guest: started\n");
	unsigned sum = add_squares(4);
	watched = sum + 12;
	guest_printf("gdb guest: sum %u, watched %u\n", sum, watched);
	check("add_squares(4) is 30", sum == 30);
	check("watched is 42", watched == 42);
	return check_failures();
}
