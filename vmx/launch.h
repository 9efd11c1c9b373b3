/* Running the one guest: EPT, bitmaps, VMCS, the loop, and the summary. */
#ifndef VMX_LAUNCH_H
#define VMX_LAUNCH_H
#include <stdint.h>
#include "boot/multiboot2.h"
#include "lib/cmdline.h"
#include "vmx/vmcs_setup.h"

/* Builds EPT over [0, memory_top) less the hypervisor, sets up the VMCS for
 * `entry`, runs the guest until it ends, prints the summary and stops the
 * machine: success after exit status 0, a power-off or a halt; a reset
 * after a guest reset; failure otherwise. */
_Noreturn void vmx_run_guest(const struct guest_entry *entry, const struct boot_info *bi,
			     const struct hv_options *o, uint64_t memory_top);

/* The guest changed its MTRRs (platform/msr.c): gives the EPT pages over
 * [start, end) the memory types they now have, then INVEPT (SDM vol. 3C
 * 28.2.6, 28.3.3.4). */
struct vcpu;
void vmx_update_memory_types(struct vcpu *v, uint64_t start, uint64_t end);

#endif
