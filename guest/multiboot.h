/* The multiboot (version 1) guest loader. */
#ifndef GUEST_MULTIBOOT_H
#define GUEST_MULTIBOOT_H
#include "boot/multiboot2.h"
#include "vmx/vmcs_setup.h"

/* Loads module 0 as a multiboot kernel and builds its information block
 * (Multiboot Specification 0.6.96, section 3.3). */
void multiboot_load(const struct boot_info *bi, struct guest_entry *entry);

#endif
