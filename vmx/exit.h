/* The central VM-exit handler and the handlers it dispatches to. */
#ifndef VMX_EXIT_H
#define VMX_EXIT_H
#include "vmx/vcpu.h"
#include "vmx/vmcs.h"

/* Called by vmx/entry.asm after each VM exit, the guest's GPRs saved: reads
 * the exit information once, records and counts the exit, calls the handler
 * for its basic exit reason from one table (SDM vol. 3C appendix C), then
 * vcpu_prepare_entry: true to VMRESUME at once. */
bool vmx_handle_exit(struct vcpu *v)
	/* No frame of its own (the handlers' frames chain to
	 * vmx_enter_guest's): three instructions less on every exit. */
	__attribute__((optimize("omit-frame-pointer")));

typedef void (*exit_handler_fn)(struct vcpu *v);

/* The optional work on every exit, one byte each, overlaid by one word so
 * that an exit with none of it on pays one test: the exit trace (trace=, the
 * monitor's filter), the VT-d fault poll (there are units), the TSC ticks
 * per reason (stats=ticks). */
union exit_extras {
	struct {
		volatile bool trace;
		bool poll_iommu;
		bool count_ticks;
	};
	uint32_t any;
};
extern union exit_extras exit_extras;

/* SDM 27.2.4: an exit during the delivery of an event (an exception, an EPT
 * violation or misconfiguration, a task switch, an APIC access) leaves the
 * event in the IDT-vectoring information; unless the handler decides
 * otherwise, it is delivered again at the next entry (as KVM's
 * vmx_complete_interrupts does). Exits an instruction causes cannot happen
 * during event delivery, so only the handlers of those reasons call this.
 * Returns that information (valid or not) for the handler to weigh.
 * Inline, with no call: the handlers that use it keep no registers. */
static inline uint32_t requeue_interrupted_event(void)
{
	uint32_t info = (uint32_t)vmread(IDT_VECTORING_INFO_FIELD);
	if (!(info & INTR_INFO_VALID))
		return info;
	uint32_t error_code = (info & INTR_INFO_DELIVER_CODE)
				      ? (uint32_t)vmread(IDT_VECTORING_ERROR_CODE) : 0;
	unsigned type = (info & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT;
	uint32_t length = (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_SOFT_EXCEPTION ||
			   type == INTR_TYPE_PRIV_SW_EXCEPTION)
				  ? (uint32_t)vmread(VM_EXIT_INSTRUCTION_LEN) : 0;
	/* Bit 12 is undefined here and must be 0 on entry (SDM 27.2.4). */
	vcpu_queue_event(info & ~INTR_INFO_NMI_UNBLOCKED_BY_IRET, error_code, length);
	return info;
}

/* vmx/exit_handlers.c */
void handle_exception_or_nmi(struct vcpu *v);
void handle_external_interrupt(struct vcpu *v);
void handle_triple_fault(struct vcpu *v);
void handle_init_signal(struct vcpu *v);
void handle_sipi(struct vcpu *v);
void handle_hlt(struct vcpu *v);
void handle_cache_invalidation(struct vcpu *v);
void handle_vmx_instruction(struct vcpu *v);
/* platform/cpuid.c, platform/hypercall.c, platform/xsetbv.c */
void handle_cpuid(struct vcpu *v);
void handle_vmcall(struct vcpu *v);
void handle_xsetbv(struct vcpu *v);
/* vmx/exit_cr.c */
void handle_cr_access(struct vcpu *v);
/* platform/io.c */
void handle_io_instruction(struct vcpu *v);
/* platform/msr.c */
void handle_rdmsr(struct vcpu *v);
void handle_wrmsr(struct vcpu *v);
/* vmx/page_fault.c */
void handle_ept_violation(struct vcpu *v);
void handle_ept_misconfig(struct vcpu *v);

/* General-purpose register n in the encoding of exit qualifications
 * (0 RAX, 1 RCX, 2 RDX, 3 RBX, 4 RSP, 5 RBP, 6 RSI, 7 RDI, 8-15 R8-R15). */
uint64_t vcpu_read_gpr(struct vcpu *v, unsigned n);
void vcpu_write_gpr(struct vcpu *v, unsigned n, uint64_t value);
/* The guest's current privilege level: SS.DPL (SDM 24.4.1). */
static inline unsigned vcpu_cpl(void)
{
	return (unsigned)(vmread(GUEST_SS_AR_BYTES) >> 5) & 3;
}

#endif
