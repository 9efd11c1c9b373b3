/* Running the guest on every processor: EPT, bitmaps, VMCS, the loop, and
 * the summary. */
#ifndef VMX_LAUNCH_H
#define VMX_LAUNCH_H
#include <stdbool.h>
#include <stdint.h>
#include "lib/spinlock.h"
#include "boot/multiboot2.h"
#include "lib/cmdline.h"
#include "vmx/vmcs_setup.h"

/* Builds EPT over [0, memory_top) less the hypervisor, sets up the VMCS for
 * `entry`, runs the guest until it ends, prints the summary and stops the
 * machine: success after exit status 0, a power-off or a halt; a reset
 * after a guest reset; failure otherwise. */
_Noreturn void vmx_run_guest(const struct guest_entry *entry, const struct boot_info *bi,
			     const struct hv_options *o, uint64_t memory_top);

/* On an application processor, once in VMX root operation: waits for the
 * guest to start this processor (an emulated SIPI), then runs it. */
_Noreturn void vcpu_ap_main(void);
/* The vCPU of processor `index` (0 = the boot processor). */
struct vcpu *vcpu_of_cpu(unsigned index);
/* HLT with interrupts off: true when every vCPU the guest started is now so
 * halted (the guest has ended); vcpu_wake() when an NMI or INIT wakes it. */
bool vcpu_halt_for_good(struct vcpu *v);
void vcpu_wake(struct vcpu *v);
/* Parks the calling processor if another is ending the guest. */
void vcpu_park_if_guest_ended(void);
/* True once a processor has begun ending the guest: every other vCPU leaves.
 * Inline: vcpu_run asks before every VM entry. */
extern volatile int guest_ending;
static inline bool guest_is_ending(void)
{
	return guest_ending;
}
/* Held while EPT changes (first-touch maps, memory types): one EPT for all
 * processors. */
extern struct spinlock guest_ept_lock;
/* The guest changed its MTRRs (platform/msr.c): gives the EPT pages over
 * [start, end) the memory types they now have, then INVEPT (SDM vol. 3C
 * 28.2.6, 28.3.3.4). */
struct vcpu;
void vmx_update_memory_types(struct vcpu *v, uint64_t start, uint64_t end);
/* EPT ran out of tables (its limit: memory the guest cannot make grow without
 * bound): with every other vCPU held out of the guest, everything is
 * unmapped, and mapped again on first touch; each processor INVEPTs before
 * its next entry. False when the others could not be held (nothing done);
 * true also when another processor is at it: the access can be retried. */
bool vmx_reclaim_ept(struct vcpu *v);

#endif
