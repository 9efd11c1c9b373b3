/* The virtual CPU: guest registers the VMCS does not hold, the exit being
 * handled, the event to inject, and the statistics. */
#ifndef VMX_VCPU_H
#define VMX_VCPU_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/ept.h"
#include "vmx/exit_reasons.h"
#include "platform/apic_dest.h"
#include "vmx/event_rules.h"
#include "vmx/vmcs.h"
#include "lib/spinlock.h"

/* Laid out for vmx/entry.asm (GUEST_REG_* offsets there): keep in step. */
struct guest_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t host_rsp;              /* the HOST_RSP last written, to skip rewriting it */
};

/* One VM exit, as the hypervisor keeps it: what every exit needs, read
 * once (handlers use these instead of reading the fields again), and what
 * the handlers of exceptions and EPT exits add. It is an entry of the
 * processor's ring of recent exits (debug/exit_log.h): written once, where
 * the fatal reports and the monitor find it. The other exit fields
 * (instruction length, ...) are read by the handlers that use them: each
 * VMREAD is work on the hot path. 64 bytes. */
struct vmx_exit {
	uint64_t tsc;                   /* when the exit reached the hypervisor */
	uint64_t rip;                   /* guest RIP at the exit */
	uint64_t qualification;         /* exit qualification */
	uint64_t rcx;                   /* guest RCX: the MSR of RDMSR/WRMSR */
	uint32_t reason;                /* basic exit reason, bits 15:0 */
	uint32_t full_reason;           /* with bit 31 "VM-entry failure" */
	uint32_t interruption_info;     /* exceptions and NMIs: their handler */
	uint32_t interruption_error;
	uint64_t guest_physical;        /* EPT violations, misconfigurations: their handler */
	uint64_t guest_linear;
};

enum guest_state {
	GUEST_RUNNING,
	GUEST_EXITED,                   /* wrote its status to port 0xf4 */
	GUEST_POWERED_OFF,              /* ACPI sleep state (S5) */
	GUEST_RESET,                    /* reset the machine (reset_reason says how) */
	GUEST_HALTED,                   /* HLT with interrupts off: it cannot wake */
	GUEST_KILLED,                   /* stopped by the hypervisor for a fault */
	GUEST_WAIT_FOR_SIPI,            /* after INIT: waits in root operation for a SIPI */
	GUEST_STOPPED_ELSEWHERE,        /* another processor ended the guest */
};

struct vcpu {
	struct guest_regs regs;         /* offset 0: vmx/entry.asm */
	bool launched;                  /* VMLAUNCH done: VMRESUME from now on */
	bool vmcs_ready;                /* its VMCS exists on its processor */
	unsigned cpu;                   /* the processor it runs on (arch/percpu.h) */
	struct apic_identity apic;      /* what its local APIC answers to (platform/apic.c) */
	uint32_t icr_high;              /* xAPIC: the guest's last ICR high word */
	unsigned refused_ipis;          /* IPIs of a mode a guest may not send (platform/apic.c) */
	/* Requests from other processors, taken before the next VM entry
	 * (vcpu.c take_requests): one byte each, overlaid by one word so that
	 * the usual entry tests them all at once. */
	union {
		struct {
			volatile bool init_request;     /* an emulated INIT (platform/apic.c) */
			volatile bool invept_request;   /* EPT changed elsewhere: INVEPT */
			/* A debugger's requests (debug/debugger_hold.h): wait
			 * before entry while the monitor or gdb has the guest
			 * stopped, load gdb's state. */
			volatile uint8_t debugger_request;
			volatile bool end_request;      /* the guest ended elsewhere: leave */
		};
		volatile uint32_t requests;
	};
	volatile bool sipi_request;     /* an emulated SIPI, and its vector */
	volatile uint8_t sipi_vector;
	/* Orders an emulated INIT or SIPI from another processor against this
	 * vCPU taking them (platform/apic.c, vmx/launch.c). */
	struct spinlock init_sipi_lock;
	unsigned sipi_starts;           /* times a SIPI started it */
	/* NMIs sent only to make this processor leave the guest (not to be
	 * given to the guest). */
	unsigned kicks;                 /* atomic: counted by apic_kick, taken by vmx/nmi.c */
	bool halted_for_good;           /* HLT with interrupts off (vmx/launch.c) */
	struct vmx_exit *exit;          /* the exit being handled: in the ring */
	uint32_t nmi_pending;           /* NMIs for the guest, counted by vmx/nmi.c */
	enum guest_state state;
	int exit_status;                /* what the guest wrote to port 0xf4 */
	unsigned sleep_type;            /* SLP_TYP of an ACPI power-off */
	const char *reset_reason;       /* GUEST_RESET: what the guest did */
	bool intercept_pf;
	bool monitor_on_fatal;          /* monitor=fatal: open the monitor on vcpu_kill */
	bool stepping;                  /* the monitor's step command is under way */
	bool step_guest_tf;             /* the guest's own RFLAGS.TF before it */
	struct ept *ept;                /* shared by all processors (vmx/launch.c) */
	struct vmx_exit *ring;          /* this processor's ring of recent exits */
	uint64_t exits_total;           /* also the ring's count of entries written */
	uint64_t exit_count[VMX_EXIT_REASON_COUNT];
	uint64_t exit_ticks[VMX_EXIT_REASON_COUNT];     /* with stats=ticks: TSC ticks in them */
};

/* Runs the guest until it stops or another processor's request makes it
 * leave: { take requests; inject pending events; enter it with
 * VMLAUNCH/VMRESUME; handle the exit }. */
void vcpu_run(struct vcpu *v);
/* The part of vcpu_prepare_entry that has work to do. */
bool vcpu_prepare_entry_with_work(struct vcpu *v);
/* Non-zero when vcpu_prepare_entry has work: something is asked of this
 * vCPU, an NMI waits for it, or its guest no longer runs (GUEST_RUNNING is
 * 0). An event a handler queued is already in the VMCS (vcpu_queue_event). */
static inline uint32_t vcpu_pending_work(const struct vcpu *v)
{
	return v->requests | v->nmi_pending | (uint32_t)v->state;
}

/* Before each VM entry: takes the requests of other processors and sets up
 * the event to inject; false when the guest is not to be entered. Inline,
 * for the usual case: one test of vcpu_pending_work. */
static inline bool vcpu_prepare_entry(struct vcpu *v)
{
	if (!vcpu_pending_work(v))
		return true;
	return vcpu_prepare_entry_with_work(v);
}

void vcpu_single_step_over(uint64_t rflags) __attribute__((cold));
uint64_t vcpu_wrap_rip(uint64_t rip) __attribute__((cold));
/* Completes the guest instruction at the exit's RIP, `length` bytes, that
 * the hypervisor performed for it. Outside 64-bit mode EIP is 32 bits and
 * wraps at 4 GiB, which only an instruction ending there can meet: that one
 * case reads CS. (In 16-bit code IP does not wrap at 64 KiB: the next fetch
 * faults at the segment limit, as on the CPU.) */
static inline void vcpu_advance_rip(struct vcpu *v, uint64_t length)
{
	uint64_t rip = v->exit->rip, next = rip + length;
	if ((uint32_t)next < (uint32_t)rip)     /* across a 4 GiB line */
		next = vcpu_wrap_rip(next);
	vmcs_write(GUEST_RIP, next);
	/* Skipping an instruction ends STI/MOV SS blocking (SDM 26.3.1.5). */
	uint64_t interruptibility = vmread(GUEST_INTERRUPTIBILITY_INFO);
	if (interruptibility & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS))
		vmcs_write(GUEST_INTERRUPTIBILITY_INFO,
			   interruptibility & ~(uint64_t)(INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
	uint64_t rflags = vmread(GUEST_RFLAGS);
	if (rflags & RFLAGS_TF)
		vcpu_single_step_over(rflags);
}

/* Advances the guest RIP past the instruction that exited. Inline: every
 * exit an instruction causes ends with it. */
static inline void vcpu_skip_instruction(struct vcpu *v)
{
	vcpu_advance_rip(v, vmread(VM_EXIT_INSTRUCTION_LEN));
}
/* Event injection (SDM 26.5): an event for the guest goes straight into the
 * VM-entry interruption-information field and its companions, and the next
 * VM entry delivers it. Nothing keeps a copy: every VM exit clears that
 * field's valid bit (SDM 24.8.3), so the field says whether an event waits.
 * On the processor whose VMCS is current, the vCPU's own. */
static inline void vcpu_queue_event(uint32_t info, uint32_t error_code,
				    uint32_t instruction_length)
{
	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, info);
	if (info & INTR_INFO_DELIVER_CODE)
		vmcs_write(VM_ENTRY_EXCEPTION_ERROR_CODE, error_code);
	/* Used only by software interrupts and exceptions (SDM 24.8.3). */
	if (instruction_length)
		vmcs_write(VM_ENTRY_INSTRUCTION_LEN, instruction_length);
}
static inline bool vcpu_event_queued(void)
{
	return vmread(VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID;
}
/* Queues a hardware exception for v, the vCPU whose VMCS is current, at the
 * next VM entry (SDM 26.5.1), without its error code in real mode. */
void vcpu_inject_exception(struct vcpu *v, unsigned vector, bool has_error_code,
			   uint32_t error_code);
/* The guest resets the machine (platform/power.c does it after the
 * summary); `reason` names how, for the summary. */
static inline void vcpu_request_reset(struct vcpu *v, const char *reason)
{
	v->state = GUEST_RESET;
	v->reset_reason = reason;
}
/* Stops the guest: prints why with the guest state; vcpu_run then returns. */
void vcpu_kill(struct vcpu *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the guest registers and the main guest-state fields. */
void vcpu_dump_state(struct vcpu *v);

#endif
