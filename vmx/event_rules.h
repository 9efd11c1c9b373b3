/* The rules of event delivery the hypervisor must follow when it completes
 * or redirects what the guest's CPU was doing. Pure: unit-tested on the host
 * (real CPUs and Bochs differ here; only the decisions are testable on every
 * machine). */
#ifndef VMX_EVENT_RULES_H
#define VMX_EVENT_RULES_H
#include <stdbool.h>
#include <stdint.h>

/* Exception vectors (SDM vol. 3A 6.3.1, table 6-1) */
#define VECTOR_DE 0
#define VECTOR_DB 1
#define VECTOR_NMI 2
#define VECTOR_BP 3
#define VECTOR_UD 6
#define VECTOR_DF 8
#define VECTOR_TS 10
#define VECTOR_NP 11
#define VECTOR_SS 12
#define VECTOR_GP 13
#define VECTOR_PF 14
#define VECTOR_AC 17
#define VECTOR_MC 18
#define VECTOR_VE 20
#define VECTOR_CP 21

#define RFLAGS_TF (1ull << 8)
#define DEBUGCTL_BTF (1ull << 1)
#define PENDING_DBG_BS (1ull << 14)
#define INTERRUPTIBILITY_STI (1u << 0)
#define INTERRUPTIBILITY_MOV_SS (1u << 1)
#define INTERRUPTIBILITY_SMI (1u << 2)
#define INTERRUPTIBILITY_NMI (1u << 3)
#define INTERRUPTIBILITY_ENCLAVE (1u << 4)

/* The pending debug exceptions (SDM 24.4.2) after the hypervisor completes
 * a guest instruction by skipping it: with RFLAGS.TF = 1 the instruction
 * ends in a single-step trap (SDM vol. 3A 17.3.1.4), which the VMCS carries
 * as BS (SDM 26.6.3); not with DEBUGCTL.BTF = 1, which traps on branches
 * only (and a VM entry refuses BS with BTF, SDM 26.3.1.5). */
uint64_t pending_debug_after_skip(uint64_t rflags, uint64_t debugctl, uint64_t pending);

enum exception_combination {
	DELIVER_SECOND,         /* handled serially: the second exception is delivered */
	DELIVER_DOUBLE_FAULT,   /* #DF, error code 0 */
	TRIPLE_FAULT,           /* the processor shuts down */
};

/* What the CPU delivers when the hardware exception `second` happens while
 * it delivers the hardware exception `first` (SDM vol. 3A 6.15, table 6-5:
 * benign, contributory and page-fault classes; a contributory or page fault
 * during #DF delivery is a shutdown). */
enum exception_combination exception_combine(unsigned first, unsigned second);

/* True if the guest cannot take an NMI now: blocking by NMI, STI or MOV SS
 * in its interruptibility state (SDM 24.4.2; an NMI injected under MOV-SS
 * blocking fails the VM entry, 26.3.1.5, and under STI blocking some
 * processors refuse it too). */
bool nmi_blocked(uint32_t interruptibility);

#endif
