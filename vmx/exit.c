/* Step 5 of the VMX life cycle: every VM exit comes through
 * vmx_handle_exit(), which dispatches through one table indexed by the basic
 * exit reason (SDM vol. 3C 27.2.1 and appendix C). An exit without a handler
 * stops the guest with a report; it never stops the machine silently. */
#include "vmx/exit.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "debug/debug_regs.h"
#include "debug/entry_report.h"
#include "debug/exit_log.h"
#include "iommu/iommu.h"
#include "vmx/nmi.h"
#include "debug/gdb_stub.h"
#include "vmx/vmcs.h"

static void handle_unexpected_exit(struct vcpu *v)
{
	vcpu_kill(v, "unexpected VM exit, reason %u (%s): no handler", v->exit->reason,
		  exit_reason_name(v->exit->reason));
}

/* Every reason has an entry, so the dispatch needs no test: the ones
 * without a handler of their own get handle_unexpected_exit (the range
 * first, then the handlers over it). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const exit_handler_fn exit_handlers[VMX_EXIT_REASON_COUNT] = {
	[0 ... VMX_EXIT_REASON_COUNT - 1] = handle_unexpected_exit,
	[EXIT_REASON_EXCEPTION_NMI] = handle_exception_or_nmi,
	[EXIT_REASON_EXTERNAL_INTERRUPT] = handle_external_interrupt,
	[EXIT_REASON_TRIPLE_FAULT] = handle_triple_fault,
	[EXIT_REASON_INTERRUPT_WINDOW] = handle_event_window,
	[EXIT_REASON_NMI_WINDOW] = handle_event_window,
	[EXIT_REASON_INIT_SIGNAL] = handle_init_signal,
	[EXIT_REASON_SIPI_SIGNAL] = handle_sipi,
	[EXIT_REASON_CPUID] = handle_cpuid,
	[EXIT_REASON_HLT] = handle_hlt,
	[EXIT_REASON_INVD] = handle_cache_invalidation,
	[EXIT_REASON_WBINVD] = handle_cache_invalidation,
	[EXIT_REASON_VMCALL] = handle_vmcall,
	[EXIT_REASON_VMCLEAR] = handle_vmx_instruction,
	[EXIT_REASON_VMLAUNCH] = handle_vmx_instruction,
	[EXIT_REASON_VMPTRLD] = handle_vmx_instruction,
	[EXIT_REASON_VMPTRST] = handle_vmx_instruction,
	[EXIT_REASON_VMREAD] = handle_vmx_instruction,
	[EXIT_REASON_VMRESUME] = handle_vmx_instruction,
	[EXIT_REASON_VMWRITE] = handle_vmx_instruction,
	[EXIT_REASON_VMXOFF] = handle_vmx_instruction,
	[EXIT_REASON_VMXON] = handle_vmx_instruction,
	[EXIT_REASON_INVEPT] = handle_vmx_instruction,
	[EXIT_REASON_INVVPID] = handle_vmx_instruction,
	[EXIT_REASON_VMFUNC] = handle_vmx_instruction,
	[EXIT_REASON_CR_ACCESS] = handle_cr_access,
	[EXIT_REASON_DR_ACCESS] = handle_dr_access,          /* only while gdb holds DRs */
	[EXIT_REASON_IO_INSTRUCTION] = handle_io_instruction,
	[EXIT_REASON_MSR_READ] = handle_rdmsr,
	[EXIT_REASON_MSR_WRITE] = handle_wrmsr,
	[EXIT_REASON_EPT_VIOLATION] = handle_ept_violation,
	[EXIT_REASON_EPT_MISCONFIG] = handle_ept_misconfig,
	[EXIT_REASON_XSETBV] = handle_xsetbv,
	[EXIT_REASON_PREEMPTION_TIMER] = gdb_stub_poll,      /* only with gdb= */
};
#pragma GCC diagnostic pop

union exit_extras exit_extras;

/* SDM 26.7: a VM entry that fails after loading guest state exits with bit 31
 * of the exit reason set; the basic reason says which check failed, and the
 * model of the checks which rules the VMCS breaks. */
static void handle_failed_vmentry(struct vcpu *v)
{
	vcpu_kill(v, "VM entry failed: exit reason 0x%x (%s), qualification 0x%llx%s",
		  v->exit->full_reason, exit_reason_name(v->exit->reason),
		  (unsigned long long)v->exit->qualification,
		  v->exit->reason == EXIT_REASON_INVALID_GUEST_STATE
			  ? " (a guest-state check of SDM 26.3.1 failed)" : "");
	entry_report_failed_exit(v->exit->reason, v->exit->qualification);
}

/* Out of line: a failed VM entry (bit 31 of the exit reason) or a reason
 * beyond the table. */
static __attribute__((noinline)) void handle_reason_out_of_table(struct vcpu *v)
{
	if (v->exit->full_reason & EXIT_REASON_FAILED_VMENTRY)
		handle_failed_vmentry(v);
	else
		handle_unexpected_exit(v);
}

static __attribute__((noinline)) void exit_extras_before(struct vcpu *v)
{
	v->exit->tsc = rdtsc();
	if (exit_extras.trace)
		exit_trace_recorded(v);
	if (exit_extras.poll_iommu)
		iommu_poll_faults(v->exit->tsc);
}

/* After the handler, out of line: the ticks of stats=ticks, then the work
 * vcpu_prepare_entry has. */
static __attribute__((noinline)) bool finish_exit_with_work(struct vcpu *v)
{
	if (exit_extras.count_ticks && v->exit->reason < VMX_EXIT_REASON_COUNT)
		v->exit_ticks[v->exit->reason] += rdtsc() - v->exit->tsc;
	return vcpu_pending_work(v) ? vcpu_prepare_entry_with_work(v) : true;
}

bool vmx_handle_exit(struct vcpu *v)
{
	struct vmx_exit *e = exit_log_next(v);
	uint32_t reason_read = (uint32_t)vmread(VM_EXIT_REASON);
	e->full_reason = reason_read;
	e->reason = reason_read & 0xffff;
	e->rip = vmread(GUEST_RIP);
	e->qualification = vmread(EXIT_QUALIFICATION);
	if (exit_extras.any)
		exit_extras_before(v);
	/* Read again rather than kept across the call above: then only v
	 * needs a saved register. */
	uint64_t full_reason = v->exit->full_reason;
	/* One test for both: a failed entry has bit 31 set (SDM 26.7). */
	if (full_reason >= VMX_EXIT_REASON_COUNT) {
		handle_reason_out_of_table(v);
		return false;
	}
	v->exit_count[full_reason]++;
	exit_handlers[full_reason](v);
	/* The usual case in one test: no work before the entry (see
	 * vcpu_prepare_entry) and no ticks to count. */
	if (!(vcpu_pending_work(v) | exit_extras.count_ticks))
		return true;
	return finish_exit_with_work(v);
}

/* Index in struct guest_regs of GPR n; RSP (4) lives in the VMCS. */
static const unsigned gpr_slot[16] = { 0, 2, 3, 1, 0, 6, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14 };

uint64_t vcpu_read_gpr(struct vcpu *v, unsigned n)
{
	const uint64_t *r = &v->regs.rax;
	if (n == 4)
		return vmread(GUEST_RSP);
	return r[gpr_slot[n & 15]];
}

void vcpu_write_gpr(struct vcpu *v, unsigned n, uint64_t value)
{
	uint64_t *r = &v->regs.rax;
	if (n == 4)
		vmcs_write(GUEST_RSP, value);
	else
		r[gpr_slot[n & 15]] = value;
}

