/* Seeing the guest power off the machine. */
#ifndef PLATFORM_POWER_H
#define PLATFORM_POWER_H
#include "boot/multiboot2.h"
#include "vmx/bitmaps.h"

/* Intercepts the ACPI PM1a control port (from the FADT, when the boot loader
 * gave an RSDP). */
void guest_power_init(struct vmx_bitmaps *b, const struct boot_info *bi);

#endif
