/* Test guest for the gdb stub (tests/boot/gdb_stub.sh): gdb breaks in
 * add_squares, reads its argument and local variable, single-steps, runs
 * to its return, watches `watched` being written, and detaches; the guest
 * then checks that its results are what they would have been without gdb.
 * While gdb's watchpoint holds a debug register, the guest uses one of its
 * own, which must work as on a machine without gdb. */
#include "guest/tests/runtime.h"

volatile unsigned watched;
static volatile uint32_t own_target;
static volatile uint32_t dr6_in_handler;

#define DR7_RESERVED_ONE (1u << 10)
#define DR7_L3 (1u << 6)
#define DR7_WRITE3 (1u << 28)           /* R/W3 = 01: data writes */
#define DR7_LEN3_4 (3u << 30)           /* LEN3 = 11: 4 bytes */
#define DR6_B3 (1u << 3)
#define DR6_CLEAR 0xffff0ff0u
#define VECTOR_DB 1

static void read_dr6(struct guest_frame *f)
{
	(void)f;
	__asm__ volatile("mov %%dr6, %0" : "=r"(dr6_in_handler));
}

/* A data breakpoint of the guest's own in DR3 (SDM vol. 3B 17.2): a write
 * to own_target traps with DR6.B3, and DR3/DR7 read back as written. */
static void own_debug_registers(void)
{
	uint32_t dr7 = DR7_RESERVED_ONE | DR7_L3 | DR7_WRITE3 | DR7_LEN3_4, dr7_back, dr3_back;
	__asm__ volatile("mov %0, %%dr6" ::"r"(DR6_CLEAR));
	__asm__ volatile("mov %0, %%dr3" ::"r"(&own_target));
	__asm__ volatile("mov %0, %%dr7" ::"r"(dr7));
	__asm__ volatile("mov %%dr7, %0" : "=r"(dr7_back));
	__asm__ volatile("mov %%dr3, %0" : "=r"(dr3_back));
	check("own DR7 and DR3 read back as written",
	      dr7_back == dr7 && dr3_back == (uint32_t)&own_target);
	expect_fault(0, read_dr6);              /* a trap: EIP is already past the write */
	own_target = 1;
	__asm__ volatile("" ::: "memory");     /* the handler changed last_fault */
	check("own data breakpoint trapped with DR6.B3",
	      last_fault.happened && last_fault.vector == VECTOR_DB && (dr6_in_handler & DR6_B3));
	__asm__ volatile("mov %0, %%dr7" ::"r"(DR7_RESERVED_ONE));
	__asm__ volatile("mov %0, %%dr6" ::"r"(DR6_CLEAR));
}

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
	idt_setup();
	guest_printf("gdb guest: started\n");
	unsigned sum = add_squares(4);
	own_debug_registers();
	watched = sum + 12;
	guest_printf("gdb guest: sum %u, watched %u\n", sum, watched);
	check("add_squares(4) is 30", sum == 30);
	check("watched is 42", watched == 42);
	return check_failures();
}
