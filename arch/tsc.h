/* Time for bounded waits: the TSC, its rate measured once at boot against
 * the PIT (8254 channel 2, 1.193182 MHz), which every PC and emulator has. */
#ifndef ARCH_TSC_H
#define ARCH_TSC_H
#include <stdint.h>

void tsc_calibrate(void);
uint64_t tsc_per_ms(void);
/* Waits at least `us` microseconds (PAUSE in the loop). */
void udelay(uint64_t us);

#endif
