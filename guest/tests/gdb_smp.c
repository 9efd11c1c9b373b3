/* Test guest for gdb with two processors (tests/boot/gdb_smp.sh): the boot
 * processor starts the AP and spins in wait_for_ap(), counting its turns,
 * until the AP has run ap_work(), which only the AP runs, and only once the
 * boot processor is there (an AP starts in microseconds, before the boot
 * processor is done sending its SIPIs). gdb breaks in
 * ap_work (thread 2), looks at the boot processor (thread 1), which the
 * stop holds, and lets the guest run to its end; the guest then checks
 * that the AP's work is what it would have been without gdb. */
#include "guest/tests/ap_start.h"
#include "guest/tests/runtime.h"

#define AP_TIMEOUT_TURNS 2000000000u

volatile unsigned ap_result;
volatile unsigned bsp_turns;            /* wait_for_ap's loop: gdb sees it stand still */
static volatile bool bsp_waiting;       /* the AP works once the BSP is in wait_for_ap */

__attribute__((noinline)) unsigned ap_work(unsigned id);
__attribute__((noinline)) unsigned ap_work(unsigned id)
{
	volatile unsigned product = id * 7;
	return product + 35;            /* gdb_smp.sh: thread 2 reads `product` here */
}

void ap_main(uint32_t apic_id)
{
	while (!bsp_waiting)
		__asm__ volatile("pause");
	ap_result = ap_work(apic_id);
}

__attribute__((noinline)) static bool wait_for_ap(void)
{
	bsp_waiting = true;
	while (!ap_result && bsp_turns < AP_TIMEOUT_TURNS)
		bsp_turns++;
	return ap_result != 0;
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	guest_printf("gdb smp guest: starting the AP\n");
	ap_trampoline_install();
	ap_start_all_xapic();
	check("the AP ran ap_work", wait_for_ap());
	guest_printf("gdb smp guest: ap_result %u\n", ap_result);
	check("ap_work(1) is 42", ap_result == 42);
	return check_failures();
}
