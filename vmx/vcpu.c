/* Step 4 of the VMX life cycle: the loop that runs the guest.
 *
 *   vcpu_run()
 *     vcpu_prepare_entry()            requests; VM-entry interruption info (SDM 26.5)
 *     vmx_enter_guest()               vmx/entry.asm: VMLAUNCH
 *       loop: ... the guest runs until a VM exit; the CPU resumes the host
 *       at vmx_exit_point (HOST_RIP), which calls
 *         vmx_handle_exit()           vmx/exit.c: one table, one handler per reason
 *           vcpu_prepare_entry()      true: VMRESUME from entry.asm at once
 *       false: vmx_enter_guest returns
 */
#include "vmx/vcpu.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/power.h"
#include "lib/format.h"
#include "vmx/event_rules.h"
#include "vmx/exit.h"
#include "vmx/nmi.h"
#include "debug/debugger_hold.h"
#include "debug/entry_report.h"
#include "debug/exit_log.h"
#include "debug/gdb_stub.h"
#include "vmx/vmcs.h"
#include "debug/monitor.h"
#include "vmx/page_fault.h"
#include "vmx/launch.h"

int vmx_enter_guest(struct vcpu *v, int launched);

/* SDM 30.4 for VMfailValid, with the rules the VMCS breaks for errors 7 and 8;
 * VMfailInvalid means there was no current VMCS. */
static void report_vmfail(int result)
{
	if (result == VMX_FAIL_INVALID)
		panic("VM entry failed: VMfailInvalid (no valid current VMCS)");
	uint64_t error = vmread(VM_INSTRUCTION_ERROR);
	printk("hypervisor: VM entry failed: VMfailValid, VM-instruction error %llu: %s\n",
	       (unsigned long long)error, vm_instruction_error_name(error));
	entry_report_vmfail(error);
	panic("cannot enter the guest");
}

/* Requests from other processors, taken before each entry: a debugger's
 * hold (gdb may end the guest from there); EPT changed elsewhere; an
 * emulated INIT sends the vCPU back to wait for a SIPI (SDM vol. 3A 8.4.1);
 * a guest that has ended elsewhere ends here too. */
static bool take_requests(struct vcpu *v)
{
	if (v->debugger_request) {
		debugger_take_request(v);
		if (v->state != GUEST_RUNNING)
			return true;
	}
	if (v->invept_request) {
		v->invept_request = false;
		vcpu_invept(v);
	}
	if (v->init_request) {
		spin_lock(&v->init_sipi_lock);
		v->init_request = false;
		spin_unlock(&v->init_sipi_lock);
		vcpu_wake(v);
		vmcs_write(VM_ENTRY_INTR_INFO_FIELD, 0);        /* INIT discards it */
		v->state = GUEST_WAIT_FOR_SIPI;
		return true;
	}
	if (v->end_request || guest_is_ending()) {
		v->state = GUEST_STOPPED_ELSEWHERE;
		return true;
	}
	return false;
}

bool vcpu_prepare_entry_with_work(struct vcpu *v)
{
	if (v->state != GUEST_RUNNING || (v->requests && take_requests(v)))
		return false;
	if (v->nmi_pending)
		nmi_inject_pending(v);
	return true;
}

void vcpu_run(struct vcpu *v)
{
	if (!vcpu_prepare_entry(v))
		return;
	bool launched = v->launched;
	v->launched = true;     /* every later entry is entry.asm's VMRESUME */
	int result = vmx_enter_guest(v, launched);
	if (result != 0)
		report_vmfail(result);
}

/* A guest single-stepping over a skipped instruction gets its #DB after it
 * (SDM 26.6.3). Out of line: rare. */
void vcpu_single_step_over(uint64_t rflags)
{
	vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS,
		   pending_debug_after_skip(rflags, vmread(GUEST_IA32_DEBUGCTL),
					    vmread(GUEST_PENDING_DBG_EXCEPTIONS)));
}

/* Outside 64-bit mode (CS.L, SDM vol. 3A 3.4.5) the instruction pointer is
 * EIP, 32 bits; a VM entry with RIP bits 63:32 set there fails (SDM vol. 3C
 * 26.3.1.4). */
uint64_t vcpu_wrap_rip(uint64_t rip)
{
	return (vmread(GUEST_CS_AR_BYTES) & AR_L) ? rip : (uint32_t)rip;
}

/* The fault-class exceptions but #DB (SDM vol. 3A table 6-1): #DE, #BR,
 * #UD, #NM, #TS, #NP, #SS, #GP, #PF, #MF, #AC, #XM, #VE, #CP. */
#define FAULT_VECTORS 0x3b7ce1u

/* SDM 26.5.1.1: error codes come with #DF, #TS, #NP, #SS, #GP, #PF, #AC, but
 * only in protected mode: a real-mode guest (unrestricted guest, CR0.PE = 0)
 * gets none (SDM vol. 3A 20.1.4), and a VM entry that injects one then fails
 * its control checks (SDM 26.2.1.3). An injected event pushes RFLAGS as the
 * guest-state area has it (26.5.1), so the RF that a processor sets in the
 * frame of a fault (vol. 3A 17.3.1.1) is set there, as KVM does. */
void vcpu_inject_exception(struct vcpu *v, unsigned vector, bool has_error_code,
			   uint32_t error_code)
{
	(void)v;        /* its VMCS is the current one */
	if (!(vmread(GUEST_CR0) & CR0_PE))
		has_error_code = false;
	if (FAULT_VECTORS & (1u << vector))
		vmcs_write(GUEST_RFLAGS, vmread(GUEST_RFLAGS) | RFLAGS_RF);
	vcpu_queue_event(INTR_INFO_EVENT(INTR_TYPE_HARD_EXCEPTION, vector) |
				 (has_error_code ? INTR_INFO_DELIVER_CODE : 0),
			 error_code, 0);
}

void vcpu_dump_state(struct vcpu *v)
{
	const struct guest_regs *r = &v->regs;
	printk("  guest RIP %016llx RSP %016llx RFLAGS %016llx\n",
	       (unsigned long long)vmread(GUEST_RIP), (unsigned long long)vmread(GUEST_RSP),
	       (unsigned long long)vmread(GUEST_RFLAGS));
	printk("  RAX %016llx RBX %016llx RCX %016llx RDX %016llx\n",
	       (unsigned long long)r->rax, (unsigned long long)r->rbx,
	       (unsigned long long)r->rcx, (unsigned long long)r->rdx);
	printk("  RSI %016llx RDI %016llx RBP %016llx\n", (unsigned long long)r->rsi,
	       (unsigned long long)r->rdi, (unsigned long long)r->rbp);
	printk("  CR0 %016llx (shadow %llx) CR3 %016llx CR4 %016llx (shadow %llx)\n",
	       (unsigned long long)vmread(GUEST_CR0), (unsigned long long)vmread(CR0_READ_SHADOW),
	       (unsigned long long)vmread(GUEST_CR3), (unsigned long long)vmread(GUEST_CR4),
	       (unsigned long long)vmread(CR4_READ_SHADOW));
	printk("  CS %04llx base %llx AR %llx  SS %04llx  EFER %llx  IDTR %llx/%llx GDTR %llx/%llx\n",
	       (unsigned long long)vmread(GUEST_CS_SELECTOR),
	       (unsigned long long)vmread(GUEST_CS_BASE),
	       (unsigned long long)vmread(GUEST_CS_AR_BYTES),
	       (unsigned long long)vmread(GUEST_SS_SELECTOR),
	       (unsigned long long)vmread(GUEST_IA32_EFER),
	       (unsigned long long)vmread(GUEST_IDTR_BASE),
	       (unsigned long long)vmread(GUEST_IDTR_LIMIT),
	       (unsigned long long)vmread(GUEST_GDTR_BASE),
	       (unsigned long long)vmread(GUEST_GDTR_LIMIT));
	printk("  activity state %llu, interruptibility %llx, IDT-vectoring info %llx\n",
	       (unsigned long long)vmread(GUEST_ACTIVITY_STATE),
	       (unsigned long long)vmread(GUEST_INTERRUPTIBILITY_INFO),
	       (unsigned long long)vmread(IDT_VECTORING_INFO_FIELD));
}

/* The report comes whole: the other vCPUs are held first, so that their
 * guest's writes to COM1 cannot cut its lines, and it starts on a line of
 * its own, whatever this guest's output left. */
void vcpu_kill(struct vcpu *v, const char *fmt, ...)
{
	va_list ap;
	debugger_hold_others(v);
	console_take_back_screen();
	printk("\nhypervisor: cpu %u: guest stopped: ", v->cpu);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n  exit reason %u (%s), qualification 0x%llx\n", v->exit->reason,
	       exit_reason_name(v->exit->reason), (unsigned long long)v->exit->qualification);
	vcpu_dump_state(v);
	exit_log_print_recent(v, 16);
	v->state = GUEST_KILLED;
	gdb_stub_guest_stopped(v);
	if (v->monitor_on_fatal)
		monitor_enter(v, "the guest was stopped");
}
