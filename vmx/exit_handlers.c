/* Exit handlers for exceptions, signals, HLT, cache control and VMX
 * instructions (CPUID, VMCALL and XSETBV are the virtual platform's:
 * platform/). Each follows the SDM section cited. */
#include "vmx/exit.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "vmx/nmi.h"
#include "debug/debug_exception.h"
#include "debug/entry_report.h"
#include "vmx/page_fault.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"
#include "vmx/launch.h"

/* Every intercepted event but a guest #PF. Out of line: the #PF, the one a
 * running guest makes often (intercept=pf), then saves no registers. */
static __attribute__((noinline)) void handle_other_exception(struct vcpu *v, uint32_t info,
							      uint32_t error_code)
{
	unsigned vector = info & INTR_INFO_VECTOR_MASK;
	unsigned type = (info & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT;
	if (type == INTR_TYPE_NMI) {
		nmi_exit_taken(v);
		return;
	}
	if ((vector == VECTOR_DB || vector == VECTOR_BP) && debug_exception_exit(v, vector))
		return;
	vcpu_kill(v, "exception %u (type %u, error code 0x%x) intercepted without a handler",
		  vector, type, error_code);
}

/* SDM 27.2.2: the exit interruption information says what was intercepted. */
void handle_exception_or_nmi(struct vcpu *v)
{
	uint32_t info = (uint32_t)vmread(VM_EXIT_INTR_INFO);
	uint32_t error_code = (info & INTR_INFO_DELIVER_CODE)
				      ? (uint32_t)vmread(VM_EXIT_INTR_ERROR_CODE) : 0;
	v->exit->interruption_info = info;      /* for the ring */
	v->exit->interruption_error = error_code;
	uint32_t interrupted = requeue_interrupted_event();
	if ((info & (INTR_INFO_TYPE_MASK | INTR_INFO_VECTOR_MASK)) !=
	    ((INTR_TYPE_HARD_EXCEPTION << INTR_INFO_TYPE_SHIFT) | VECTOR_PF)) {
		handle_other_exception(v, info, error_code);
		return;
	}
	struct guest_fault f = {
		.source = FAULT_GUEST_PF,
		/* CR2 is not yet written: the qualification has the address */
		.linear_address = v->exit->qualification,
		.error_code = error_code,
		.interrupted_event = interrupted,
	};
	guest_page_fault(v, &f);
}

/* External-interrupt exiting is off: interrupts go straight to the guest. If
 * one exits anyway it is still pending, and reaches the guest on entry. */
void handle_external_interrupt(struct vcpu *v)
{
	(void)v;
}

void handle_triple_fault(struct vcpu *v)
{
	vcpu_kill(v, "triple fault (the guest's shutdown state, SDM vol. 3A 6.15 #DF)");
}

/* An INIT signal reaches a processor in VMX non-root operation as this
 * exit (SDM vol. 3C 25.2): the guest's INIT IPIs are emulated and never
 * sent, so it came from the platform (a chipset's soft reset), which resets
 * every processor: a reset of the machine. */
void handle_init_signal(struct vcpu *v)
{
	vcpu_request_reset(v, "INIT signal");
}

void handle_sipi(struct vcpu *v)
{
	vcpu_kill(v, "start-up IPI outside the wait-for-SIPI state");
}

/* HLT: the guest waits for an interrupt. It does so inside VMX non-root
 * operation, in the HLT activity state (SDM 24.4.2), so that an interrupt
 * wakes it directly. With interrupts off it can never wake: the guest has
 * ended, as on real hardware. */
void handle_hlt(struct vcpu *v)
{
	vcpu_skip_instruction(v);
	/* With interrupts off only an NMI or INIT wakes it: the guest has
	 * ended once every processor it started is so halted. */
	if (!(vmread(GUEST_RFLAGS) & RFLAGS_IF) && vcpu_halt_for_good(v)) {
		v->state = GUEST_HALTED;
		return;
	}
	if (vmx_caps.misc & VMX_MISC_ACTIVITY_HLT) {
		vmcs_write(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT);
		vmcheck_after_change(v, "after entering the HLT activity state");
	}
}

/* INVD would drop dirty lines of the hypervisor's memory too: do WBINVD. */
void handle_cache_invalidation(struct vcpu *v)
{
	__asm__ volatile("wbinvd" ::: "memory");
	vcpu_skip_instruction(v);
}

/* The guest sees no VMX (CPUID.1:ECX.VMX = 0, CR4.VMXE refused), so a VMX
 * instruction gets what real hardware gives it then: #UD (SDM 30.3). */
void handle_vmx_instruction(struct vcpu *v)
{
	vcpu_inject_exception(v, VECTOR_UD, false, 0);
}
