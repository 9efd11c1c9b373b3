/* The central VM-exit handler and the handlers it dispatches to. */
#ifndef VMX_EXIT_H
#define VMX_EXIT_H
#include "vmx/vcpu.h"

/* Called by vmx/entry.asm after each VM exit, the guest's GPRs saved: reads
 * the exit information once, records and counts the exit, calls the handler
 * for its basic exit reason from one table (SDM vol. 3C appendix C), then
 * vcpu_prepare_entry: true to VMRESUME at once. */
bool vmx_handle_exit(struct vcpu *v);

typedef void (*exit_handler_fn)(struct vcpu *v);

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
unsigned vcpu_cpl(void);

#endif
