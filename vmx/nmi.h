/* NMIs: taken by the hypervisor wherever they arrive, never fatal, and
 * delivered to the guest when it can take one (vmx/nmi.c). */
#ifndef VMX_NMI_H
#define VMX_NMI_H
#include <stdbool.h>
#include "vmx/vcpu.h"

/* Installs the host NMI handler: it counts for the vCPU this processor
 * runs (this_cpu()->vcpu), or parks the processor when the guest has ended. */
void nmi_init(void);
/* Before each VM entry: injects a pending NMI if the guest can take it and
 * no other event is queued, else asks for an exit when it can. */
void nmi_inject_pending(struct vcpu *v);
/* An NMI exit ("NMI exiting", SDM 24.6.1): counted for the guest. */
void nmi_exit_taken(struct vcpu *v);
/* NMI-window and interrupt-window exits: the guest can take the NMI now. */
void handle_event_window(struct vcpu *v);

/* selftest=nmi: the hypervisor sends itself an NMI (through its local APIC)
 * while it handles the guest's next VMCALL, in VMX root operation. */
void nmi_selftest_arm(void);
void nmi_selftest_send(void);
extern bool nmi_selftest_armed;
/* Called by the VMCALL handler: one test unless armed. */
static inline void nmi_selftest_fire(void)
{
	if (nmi_selftest_armed)
		nmi_selftest_send();
}

#endif
