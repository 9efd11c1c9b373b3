/* NMIs (SDM vol. 3C 24.6.1, 25.2-25.3, 26.6.1, 27.2.3, 31.7.1.2).
 *
 * An NMI reaches the hypervisor in one of two ways, and neither stops it:
 *   - in the guest, with "NMI exiting": a VM exit, reason 0 with
 *     interruption type NMI, handled by nmi_exit_taken();
 *   - in VMX root operation (the hypervisor handling an exit): through the
 *     host IDT's vector 2, whose handler count_host_nmi() runs.
 * Both only count it in the vCPU's nmi_pending. Before each VM entry
 * nmi_inject_pending() injects one when the guest can take it (no NMI, STI
 * or MOV-SS blocking, no other event queued), or turns on the exit that
 * says when it can: NMI-window exiting (needs "virtual NMIs") or, under STI
 * blocking, interrupt-window exiting (as KVM does). A CPU without virtual
 * NMIs retries at each exit instead.
 *
 * One processor also makes another leave the guest with an NMI
 * (platform/apic.c apic_kick): the target's vCPU counts such kicks, and an
 * NMI that finds a kick counted is not the guest's. */
#include "vmx/nmi.h"
#include "arch/cpu.h"
#include "arch/exceptions.h"
#include "arch/lapic.h"
#include "arch/percpu.h"
#include "vmx/launch.h"
#include "vmx/event_rules.h"
#include "vmx/vmcs.h"

/* A kick another processor sent, or an NMI for the guest (which also wakes
 * a vCPU halted with interrupts off). */
static void count_nmi(struct vcpu *v)
{
	unsigned kicks = __atomic_load_n(&v->kicks, __ATOMIC_SEQ_CST);
	while (kicks && !__atomic_compare_exchange_n(&v->kicks, &kicks, kicks - 1, false,
						     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	if (kicks)
		return;
	__atomic_add_fetch(&v->nmi_pending, 1, __ATOMIC_RELAXED);
	vcpu_wake(v);
}

/* An NMI in root operation: the guest's end parks this processor here;
 * otherwise counted for the vCPU this processor runs. */
static void host_nmi(void)
{
	vcpu_park_if_guest_ended();
	struct vcpu *v = this_cpu()->vcpu;
	if (v)
		count_nmi(v);
}

void nmi_init(void)
{
	exceptions_set_nmi_handler(host_nmi);
}

/* The exit leaves NMIs blocked on this processor until an IRET, as KVM
 * finds too (it runs its NMI handler, which ends in one): without it the
 * next NMI, a kick included, would wait for the next host exception. */
void nmi_exit_taken(struct vcpu *v)
{
	iret_to_self();
	count_nmi(v);
}

static void set_window_exiting(uint32_t window)
{
	uint32_t controls = (uint32_t)vmread(CPU_BASED_VM_EXEC_CONTROL);
	uint32_t wanted = (controls & ~(CPU_BASED_NMI_WINDOW_EXITING |
					CPU_BASED_INTR_WINDOW_EXITING)) | window;
	if (wanted != controls)
		vmcs_write(CPU_BASED_VM_EXEC_CONTROL, wanted);
}

/* Which exit tells when the guest can take an NMI (SDM 25.2): none if the
 * CPU lacks virtual NMIs (NMI-window exiting needs them, 26.2.1.1). */
static uint32_t window_for(uint32_t interruptibility)
{
	if (!(vmread(PIN_BASED_VM_EXEC_CONTROL) & PIN_BASED_VIRTUAL_NMIS))
		return 0;
	if ((interruptibility & INTERRUPTIBILITY_STI) && !(interruptibility & INTERRUPTIBILITY_NMI))
		return CPU_BASED_INTR_WINDOW_EXITING;
	return CPU_BASED_NMI_WINDOW_EXITING;
}

void nmi_inject_pending(struct vcpu *v)
{
	uint32_t interruptibility = (uint32_t)vmread(GUEST_INTERRUPTIBILITY_INFO);
	if (vcpu_event_queued() || nmi_blocked(interruptibility)) {
		set_window_exiting(window_for(interruptibility));
		return;
	}
	/* SDM 26.6.1.2: an injected NMI blocks virtual NMIs until its IRET. */
	vcpu_queue_event(INTR_INFO_EVENT(INTR_TYPE_NMI, VECTOR_NMI), 0, 0);
	__atomic_sub_fetch(&v->nmi_pending, 1, __ATOMIC_RELAXED);
	set_window_exiting(v->nmi_pending ? window_for(INTERRUPTIBILITY_NMI) : 0);
}

void handle_event_window(struct vcpu *v)
{
	(void)v;
	set_window_exiting(0);  /* the loop injects the NMI before the next entry */
}

bool nmi_selftest_armed;

void nmi_selftest_arm(void)
{
	nmi_selftest_armed = true;
}

/* An NMI IPI to this processor's own APIC ID (SDM vol. 3A 10.6.1: the
 * "self" shorthand does not allow NMI delivery). */
void nmi_selftest_send(void)
{
	nmi_selftest_armed = false;
	lapic_send_ipi(lapic_id(), ICR_DELIVERY_NMI | ICR_LEVEL_ASSERT);
}
