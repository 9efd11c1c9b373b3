/* Single step and the #DB/#BP dispatch; see debug_exception.h.
 *
 * Single step uses the guest's trap flag with #DB in the exception bitmap,
 * as KVM steps a guest for its debugger: it works on every VT-x CPU (the
 * monitor trap flag, SDM 25.5.2, is optional, and Bochs 2.7's tigerlake,
 * which offers it, delivered no MTF exits in our tests). The #DB after one
 * guest instruction exits here. An instruction the hypervisor emulates does
 * not trap: the step then ends after the next one. */
#include "debug/debug_exception.h"
#include "debug/gdb_stub.h"
#include "debug/monitor.h"
#include "vmx/vmcs.h"

#define RFLAGS_TF (1ull << 8)

void debug_intercept_exception(unsigned vector, bool on)
{
	uint64_t bitmap = vmread(EXCEPTION_BITMAP);
	vmcs_write(EXCEPTION_BITMAP, on ? bitmap | 1u << vector : bitmap & ~(1u << vector));
}

void guest_step_start(struct vcpu *v)
{
	uint64_t rflags = vmread(GUEST_RFLAGS);
	v->step_guest_tf = rflags & RFLAGS_TF;
	v->stepping = true;
	vmcs_write(GUEST_RFLAGS, rflags | RFLAGS_TF);
	debug_intercept_exception(VECTOR_DB, true);
}

/* Puts back the guest's own trap flag; #DB stays intercepted while gdb's
 * hardware breakpoints need it. */
void guest_step_end(struct vcpu *v)
{
	v->stepping = false;
	if (!v->step_guest_tf)
		vmcs_write(GUEST_RFLAGS, vmread(GUEST_RFLAGS) & ~RFLAGS_TF);
	debug_intercept_exception(VECTOR_DB, gdb_stub_needs_debug_exceptions());
	vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS, 0);
}

bool debug_exception_exit(struct vcpu *v, unsigned vector)
{
	if (vector == VECTOR_DB && v->stepping) {
		guest_step_end(v);
		if (!gdb_stub_step_done(v))
			monitor_enter(v, "single step done");
		return true;
	}
	return gdb_stub_exception(v, vector);
}
