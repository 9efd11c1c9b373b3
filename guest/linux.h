/* The Linux guest loader (x86 boot protocol, 32-bit entry). */
#ifndef GUEST_LINUX_H
#define GUEST_LINUX_H
#include "boot/multiboot2.h"
#include "vmx/vmcs_setup.h"

/* Loads module 0 as a bzImage with its command line, and the module whose
 * string starts with "initrd" as its initrd. */
void linux_load(const struct boot_info *bi, struct guest_entry *entry);
/* Rewrites the guest's ACPI tables for the processors that really run. */
void linux_update_processors(const struct boot_info *bi);

#endif
