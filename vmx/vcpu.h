/* The virtual CPU: guest registers the VMCS does not hold, the exit being
 * handled, the event to inject, and the statistics. */
#ifndef VMX_VCPU_H
#define VMX_VCPU_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/ept.h"
#include "vmx/exit_reasons.h"
#include "platform/apic_dest.h"

/* Laid out for vmx/entry.asm (GUEST_REG_* offsets there): keep in step. */
struct guest_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t host_rsp;              /* the HOST_RSP last written, to skip rewriting it */
};

/* What every exit needs, read once per exit (the exit ring records them
 * too): handlers use these instead of reading the fields again. The other
 * exit fields (instruction length, interruption information) are read by
 * the handlers that use them: each VMREAD is work on the hot path. */
struct vmx_exit {
	uint32_t reason;                /* basic exit reason, bits 15:0 */
	uint32_t full_reason;           /* with bit 31 "VM-entry failure" */
	uint64_t tsc;                   /* when the exit reached the hypervisor */
	uint64_t rip;                   /* guest RIP at the exit */
	uint64_t qualification;         /* exit qualification */
};

enum guest_state {
	GUEST_RUNNING,
	GUEST_EXITED,                   /* wrote its status to port 0xf4 */
	GUEST_POWERED_OFF,              /* ACPI sleep state (S5) */
	GUEST_RESET,                    /* reset through port 0xcf9 */
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
	/* Requests from other processors (platform/apic.c), read in vcpu_run:
	 * an emulated INIT, a SIPI and its vector, and NMIs sent only to make
	 * this processor leave the guest (not to be given to the guest). */
	volatile bool init_request;
	volatile bool sipi_request;
	volatile uint8_t sipi_vector;
	volatile bool invept_request;   /* EPT changed elsewhere: INVEPT before entry */
	/* A debugger's requests (debug/debugger_hold.h): wait before entry
	 * while the monitor or gdb has the guest stopped, load gdb's state. */
	volatile uint8_t debugger_request;
	unsigned kicks;                 /* atomic: counted by apic_kick, taken by vmx/nmi.c */
	bool halted_for_good;           /* HLT with interrupts off (vmx/launch.c) */
	struct vmx_exit exit;
	/* The event to inject at the next VM entry (SDM 24.8.3), 0 if none. */
	uint32_t inject_info;
	uint32_t inject_error_code;
	uint32_t inject_instruction_length;
	uint32_t nmi_pending;           /* NMIs for the guest, counted by vmx/nmi.c */
	enum guest_state state;
	int exit_status;                /* what the guest wrote to port 0xf4 */
	unsigned sleep_type;            /* SLP_TYP of an ACPI power-off */
	bool intercept_pf;
	bool monitor_on_fatal;          /* monitor=fatal: open the monitor on vcpu_kill */
	bool stepping;                  /* the monitor's step command is under way */
	bool step_guest_tf;             /* the guest's own RFLAGS.TF before it */
	struct ept *ept;                /* shared by all processors (vmx/launch.c) */
	uint64_t exits_total;
	uint64_t exit_count[VMX_EXIT_REASON_COUNT];
	uint64_t exit_ticks[VMX_EXIT_REASON_COUNT];     /* TSC ticks spent handling them */
};

/* Runs the guest until it stops or another processor's request makes it
 * leave: { take requests; inject pending events; enter it with
 * VMLAUNCH/VMRESUME; handle the exit }. */
void vcpu_run(struct vcpu *v);
/* Before each VM entry: takes the requests of other processors and sets up
 * the event to inject; false when the guest is not to be entered. */
bool vcpu_prepare_entry(struct vcpu *v);

/* Advances the guest RIP past the instruction that exited. */
void vcpu_skip_instruction(struct vcpu *v);
/* Queues a hardware exception for the next VM entry (SDM 26.5.1). */
void vcpu_inject_exception(struct vcpu *v, unsigned vector, bool has_error_code,
			   uint32_t error_code);
/* Stops the guest: prints why with the guest state; vcpu_run then returns. */
void vcpu_kill(struct vcpu *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the guest registers and the main guest-state fields. */
void vcpu_dump_state(struct vcpu *v);

#define VECTOR_DE 0
#define VECTOR_DB 1
#define VECTOR_NMI 2
#define VECTOR_BP 3
#define VECTOR_UD 6
#define VECTOR_DF 8
#define VECTOR_GP 13
#define VECTOR_PF 14

#endif
