/* CPUID features that work in a guest only when a VM-execution control
 * enables them (SDM vol. 3C 24.6.2, table 24-7; 25.3): without it the
 * instructions raise #UD in the guest. One table ties each feature to its
 * control, so that the two always agree: the hypervisor enables every such
 * control the CPU allows, and hides from the guest's CPUID every feature
 * whose control the CPU (or the hypervisor below us) does not allow. Pure:
 * unit-tested against capability MSR values. */
#ifndef VMX_FEATURE_CONTROLS_H
#define VMX_FEATURE_CONTROLS_H
#include <stdint.h>
#include "arch/cpu.h"

/* The secondary processor-based controls of the table: all optional. */
uint32_t feature_controls_wanted(void);
/* Clears from a CPUID result the features whose control the secondary
 * capability MSR (IA32_VMX_PROCBASED_CTLS2: allowed 1-settings in bits
 * 63:32) does not allow. */
void feature_controls_filter(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r,
			     uint64_t secondary_capability);
typedef struct cpuid_regs (*cpuid_fn)(uint32_t leaf, uint32_t subleaf);
/* The names of the features the CPU advertises (read through `read`) and
 * the capability hides, up to max of them; returns how many there are. */
unsigned feature_controls_hidden(uint64_t secondary_capability, cpuid_fn read,
				 const char **names, unsigned max);

#endif
