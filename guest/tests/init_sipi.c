/* Test guest on two processors: back-to-back starts of the AP, as an OS
 * brings a processor online and offline again and again. Each round sends
 * INIT, and SIPI_DELAY_TICKS later a SIPI (far less than the 10 ms of the
 * MP specification: modern Linux waits no more than microseconds), and
 * gives the AP ROUND_TICKS to report, which a processor does in a few
 * thousand. The emulated INIT and SIPI must be as quick, and lose no SIPI
 * that comes while the AP is still leaving its previous run. Runs bare too,
 * the reference. */
#include "guest/tests/ap_start.h"
#include "guest/tests/runtime.h"

#define ROUNDS 40
#define SIPI_DELAY_TICKS 20000ull
#define ROUND_TICKS 100000ull
#define ICR_LOW ((volatile uint32_t *)0xfee00300u)
#define ICR_HIGH ((volatile uint32_t *)0xfee00310u)
#define ICR_INIT 0x4500u                /* INIT, level assert */
#define ICR_STARTUP 0x4600u             /* start-up, level assert */

static volatile unsigned checked_in;

void ap_main(uint32_t apic_id)
{
	(void)apic_id;
	__atomic_add_fetch(&checked_in, 1, __ATOMIC_SEQ_CST);
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void ipi_to_ap(uint32_t icr)
{
	*ICR_HIGH = 1u << 24;           /* APIC ID 1 */
	*ICR_LOW = icr;
}

/* One round: the ticks the AP took to report, or 0 if it did not. */
static uint64_t start_ap_once(void)
{
	unsigned before = checked_in;
	uint64_t start = rdtsc();
	ipi_to_ap(ICR_INIT);
	while (rdtsc() - start < SIPI_DELAY_TICKS)
		__asm__ volatile("pause");
	ipi_to_ap(ICR_STARTUP | (AP_TRAMPOLINE >> 12));
	while (checked_in == before)
		if (rdtsc() - start > ROUND_TICKS)
			return 0;
	return rdtsc() - start;
}

int guest_main(void)
{
	serial_init();
	ap_trampoline_install();
	unsigned started = 0;
	uint64_t slowest = 0;
	for (unsigned round = 0; round < ROUNDS; round++) {
		uint64_t ticks = start_ap_once();
		started += ticks != 0;
		if (ticks > slowest)
			slowest = ticks;
	}
	guest_printf("init-sipi guest: the AP started in %u of %u rounds (slowest in %u ticks)\n",
		     started, ROUNDS, (unsigned)slowest);
	check("every round started the AP", started == ROUNDS);
	stop_bochs_if_bare();
	return check_failures();
}
