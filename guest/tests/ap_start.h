/* Starting the application processors of a test guest as an operating
 * system does (SDM vol. 3A 8.4.4: INIT, SIPI, SIPI). Each AP enters in real
 * mode at AP_TRAMPOLINE (the code ap_trampoline_install copies there),
 * switches to 32-bit protected mode, takes a stack by its initial APIC ID
 * and calls the guest's ap_main(apic_id); when that returns it halts. */
#ifndef GUEST_TESTS_AP_START_H
#define GUEST_TESTS_AP_START_H
#include <stdint.h>

#define AP_TRAMPOLINE 0x8000u
#define AP_MAX 15

/* Defined by the guest that starts APs. */
void ap_main(uint32_t apic_id);

void ap_trampoline_install(void);
/* Waits about `ticks` TSC ticks. */
void ap_wait_ticks(uint64_t ticks);
/* INIT, then SIPI twice, to "all excluding self" through the xAPIC's
 * memory-mapped ICR. */
void ap_start_all_xapic(void);

#endif
