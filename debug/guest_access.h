/* Guest memory as the hypervisor reads it for the debuggers (the monitor,
 * the gdb stub) and for the instruction fetch of the xAPIC emulation
 * (platform/apic.c): by
 * guest-physical address inside the identity map, or by guest-virtual
 * address through the guest's page tables (debug/guest_walk.c). Never the
 * hypervisor's own memory: a debugger cannot be used to read or change it. */
#ifndef DEBUG_GUEST_ACCESS_H
#define DEBUG_GUEST_ACCESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "debug/guest_walk.h"

/* RAM or MMIO below the mapped top, and none of it the hypervisor's. */
bool guest_range_accessible(uint64_t gpa, uint64_t length);
/* Walks gva through the guest's current page tables (from the VMCS). */
int guest_translate(uint64_t gva, struct guest_walk *w);
/* Copy between buf and guest-virtual memory; each returns the number of
 * bytes copied, which stops short at the first page that does not translate
 * or is not accessible. */
size_t guest_virtual_read(uint64_t gva, void *buf, size_t length);
size_t guest_virtual_write(uint64_t gva, const void *buf, size_t length);

#endif
