/* Virtual MTRRs (SDM vol. 3A 11.11): the guest's MTRR reads and writes go to
 * this copy, never to the physical MTRRs, which set the hypervisor's own
 * memory types. A write is checked as the CPU checks it (#GP on reserved
 * bits, invalid types, missing ranges) and says which guest-physical range
 * may have changed type, for EPT (vmx/launch.c:vmx_update_memory_types).
 * Pure: unit-tested on the host. */
#ifndef PLATFORM_VMTRR_H
#define PLATFORM_VMTRR_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/mtrr.h"

#define MSR_IA32_MTRRCAP 0xfe
#define MSR_IA32_MTRR_PHYSBASE0 0x200
#define MSR_IA32_MTRR_FIX64K_00000 0x250
#define MSR_IA32_MTRR_FIX16K_80000 0x258
#define MSR_IA32_MTRR_FIX16K_A0000 0x259
#define MSR_IA32_MTRR_FIX4K_C0000 0x268
#define MSR_IA32_MTRR_FIX4K_F8000 0x26f
#define MSR_IA32_MTRR_DEF_TYPE 0x2ff
#define MTRRCAP_FIX (1ull << 8)
#define MTRRCAP_WC (1ull << 10)

struct vmtrr {
	bool supported;         /* CPUID.1:EDX.MTRR */
	uint64_t cap;           /* IA32_MTRRCAP, read-only */
	struct mtrr_state state;        /* what EPT's memory types follow */
};

/* [start, end) of guest-physical memory whose type may have changed;
 * empty when start == end. */
struct vmtrr_extent {
	uint64_t start, end;
};

/* Both return false where the CPU raises #GP. */
bool vmtrr_read(const struct vmtrr *m, uint32_t msr, uint64_t *value);
bool vmtrr_write(struct vmtrr *m, uint32_t msr, uint64_t value, struct vmtrr_extent *changed);

#endif
