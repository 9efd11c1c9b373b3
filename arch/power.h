/* Ending the machine so that an emulator's exit status tells pass from fail. */
#ifndef ARCH_POWER_H
#define ARCH_POWER_H
#include <stdint.h>

#define MACHINE_STATUS_SUCCESS 0
#define MACHINE_STATUS_FAILURE 1

_Noreturn void machine_stop(uint8_t status);

#endif
