/* #DB and #BP for the debuggers: the single step that the monitor and the
 * gdb stub share, and the dispatch of those exceptions' VM exits. */
#ifndef DEBUG_DEBUG_EXCEPTION_H
#define DEBUG_DEBUG_EXCEPTION_H
#include <stdbool.h>
#include "vmx/vcpu.h"

/* Runs one guest instruction, then exits with #DB (v->stepping is set). */
void guest_step_start(struct vcpu *v);
/* Ends a step: the guest's own trap flag back (a stop that came first, a
 * breakpoint or a fault, cuts a step short). */
void guest_step_end(struct vcpu *v);
/* Sets or clears one vector in the exception bitmap. */
void debug_intercept_exception(unsigned vector, bool on);
/* A #DB or #BP exit (handle_exception_or_nmi): returns true if a debugger
 * took it; false sends it on to the ordinary handling. */
bool debug_exception_exit(struct vcpu *v, unsigned vector);

#endif
