/* Reading the guest's memory from the hypervisor, by guest-physical or
 * guest-virtual address (through the guest's page tables as the current VMCS
 * describes them). Never the hypervisor's own memory: the monitor, the
 * instruction fetch of MMIO emulation and any debugger go through here. */
#ifndef VMX_GUEST_ACCESS_H
#define VMX_GUEST_ACCESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "debug/guest_walk.h"

/* RAM or MMIO below the mapped top, and none of it the hypervisor's. */
bool guest_range_readable(uint64_t gpa, uint64_t length);
/* Translates gva with the guest's current paging mode. Returns 0 or -1. */
int guest_translate(uint64_t gva, struct guest_walk *w);
/* Copies `length` bytes at guest-virtual gva into buf, page by page.
 * Returns 0, or -1 if any byte is unmapped or not readable. */
int guest_read_virtual(uint64_t gva, void *buf, size_t length);

#endif
