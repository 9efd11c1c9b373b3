/* Ending the machine so that an emulator's exit status tells pass from fail. */
#ifndef ARCH_POWER_H
#define ARCH_POWER_H
#include <stdint.h>

#define MACHINE_STATUS_SUCCESS 0
#define MACHINE_STATUS_FAILURE 1

_Noreturn void machine_stop(uint8_t status);
/* After the guest reset the machine: clears the CMOS shutdown status, so
 * that the firmware runs its POST rather than jump to a warm-reset vector;
 * zeroes the hypervisor's memory but what these last steps run on (the
 * code and read-only data, the boot page tables, a stack of their own, the
 * GDT and IDT); then a full reset through port 0xcf9, else the keyboard
 * controller, else a triple fault. */
_Noreturn void machine_reset(void);
/* The last of those steps (named for the tests, which read memory there). */
_Noreturn void reset_through_ports(void);

#endif
