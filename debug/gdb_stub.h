/* The gdb stub: the GDB remote serial protocol on COM2 (or COM1), so that
 * gdb debugs the guest as a kernel debugger would. The packet layer is
 * debug/gdb_packet.c, the commands debug/gdb_command.c, the registers
 * debug/gdb_regs.c; this is the target side. docs/DEBUGGING.md says how to
 * attach. Each vCPU is a thread (id: vCPU index + 1); a stop stops all. */
#ifndef DEBUG_GDB_STUB_H
#define DEBUG_GDB_STUB_H
#include <stdbool.h>
#include "lib/cmdline.h"
#include "vmx/bitmaps.h"
#include "vmx/vcpu.h"

/* Before the VMCS is built: takes the UART's ports away from the guest. */
void gdb_stub_init(struct vmx_bitmaps *b, const struct gdb_options *o);
/* After the VMCS is built: intercepts #BP, starts the VMX-preemption timer
 * that polls for gdb's interrupt, and without nowait waits for gdb to
 * attach and resume the guest. */
void gdb_stub_start(struct vcpu *v);

/* The exits it takes: the preemption timer (a poll of the line), #BP and
 * #DB (debug/debug_exception.c), a guest stopped for a fault (vcpu_kill)
 * and the guest's end. */
void gdb_stub_poll(struct vcpu *v);
bool gdb_stub_exception(struct vcpu *v, unsigned vector);
bool gdb_stub_step_done(struct vcpu *v);
bool gdb_stub_needs_debug_exceptions(void);
void gdb_stub_guest_stopped(struct vcpu *v);
void gdb_stub_guest_ended(const struct vcpu *v);
/* For debug/debugger_hold.c, on the vCPU's own processor: a held vCPU
 * serves gdb while gdb chose its thread (Hg); as it leaves the hold it
 * loads gdb's breakpoints, its step and a new RIP. */
void gdb_stub_serve_if_chosen(struct vcpu *v);
void gdb_stub_vcpu_resumes(struct vcpu *v);

#endif
