/* Loading the guest from the first GRUB module. */
#ifndef GUEST_LOADER_H
#define GUEST_LOADER_H
#include <stdint.h>
#include "boot/multiboot2.h"
#include "vmx/vmcs_setup.h"

enum guest_kind { GUEST_MULTIBOOT, GUEST_LINUX };

/* What module 0 is; anything else is refused with a message, and the machine
 * stops. Called before VMX is touched, so a wrong module is named first. */
enum guest_kind guest_identify(const struct boot_info *bi);

/* Loads module 0 into guest memory (a multiboot v1 ELF kernel with the
 * modules after it as its modules, or a Linux bzImage with its initrd) and
 * fills in how to enter it. A module
 * that cannot be loaded is refused with a message that says why, and the
 * machine stops. */
void guest_load(const struct boot_info *bi, struct guest_entry *entry);

/* After the APs started: fewer run than planned, so the guest's tables
 * (Linux's MADT) must list only those. */
void guest_update_processors(const struct boot_info *bi);

/* Guest memory placement shared by the loaders: the bytes [addr, addr + size)
 * must be RAM the guest owns, else the machine stops with `what` named. */
void guest_check_range(uint64_t addr, uint64_t size, const char *what);
/* The same, and the bytes hold nothing the guest will read: under UEFI, not
 * boot-services memory (guest_free_memory). For a guest that gets the EFI
 * system table, which may point there. */
void guest_check_free_range(uint64_t addr, uint64_t size, const char *what);
/* Writes a GDT with flat 32-bit code (0x10) and data (0x18) descriptors, the
 * selectors of the Linux boot protocol, at addr (32 bytes). */
void guest_write_boot_gdt(uint64_t addr, struct guest_entry *entry);

#endif
