/* The hypercalls of platform/hypercall.h. */
#include "platform/hypercall.h"
#include "arch/console.h"
#include "mm/memory.h"
#include "vmx/exit.h"
#include "vmx/nmi.h"

static int64_t hypercall_puts(uint64_t gpa, uint64_t length)
{
	if (length > HC_PUTS_MAX || !range_set_contains_span(guest_usable_memory(), gpa, length))
		return HC_ERROR_FAULT;
	const char *s = (const char *)gpa;     /* guest memory is identity mapped */
	printk("guest: ");
	for (uint64_t i = 0; i < length; i++)
		printk("%c", s[i]);
	return (int64_t)length;
}

/* The result in RAX, the RIP past VMCALL; then the NMI of selftest=nmi, if
 * armed, arrives while the hypervisor is in the middle of an exit. */
static inline void finish_vmcall(struct vcpu *v, int64_t result)
{
	v->regs.rax = (uint64_t)result;
	vcpu_skip_instruction(v);
	nmi_selftest_fire();
}

/* Out of line, finishing the call itself: the other calls save no
 * registers for it. */
static __attribute__((noinline)) void vmcall_puts(struct vcpu *v)
{
	finish_vmcall(v, hypercall_puts(v->regs.rbx, v->regs.rcx));
}

/* VMCALL always exits (SDM 25.1.2); platform/hypercall.h documents the calls. */
void handle_vmcall(struct vcpu *v)
{
	int64_t result = HC_ERROR_PERM;
	if (vcpu_cpl() == 0) {
		switch (v->regs.rax) {
		case HC_PING: result = (int64_t)HC_PING_REPLY; break;
		case HC_PUTS: vmcall_puts(v); return;
		case HC_EXIT_COUNT: result = (int64_t)v->exits_total; break;
		default: result = HC_ERROR_NOSYS; break;
		}
	}
	finish_vmcall(v, result);
}
