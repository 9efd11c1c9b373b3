/* Holding vCPUs for a debugger. While the monitor or the gdb stub has the
 * guest stopped on one processor, every other vCPU leaves the guest (an NMI
 * kick, platform/apic.c apic_kick) and waits before its next entry
 * (vmx/vcpu.c take_requests calls debugger_take_request), so that the whole
 * guest is paused, as a debugger's stop stops all. One byte per vCPU,
 * vcpu->debugger_request, carries the requests, so that the entry path
 * tests one field. */
#ifndef DEBUG_DEBUGGER_HOLD_H
#define DEBUG_DEBUGGER_HOLD_H
#include <stdbool.h>
#include "vmx/vcpu.h"

enum debugger_request_bits {
	DEBUGGER_HOLD = 1,      /* set by the debugger: wait before the next entry */
	DEBUGGER_HELD = 2,      /* set by the vCPU itself while it waits */
	DEBUGGER_RELOAD = 4,    /* load the gdb stub's state (gdb_stub_vcpu_resumes) */
};

/* Holds every vCPU but `self`, kicks those in the guest and waits (bounded)
 * until each of them waits or no longer runs guest code; one that does not
 * is named, and the result is false. Also what the EPT's rebuild (vmx/
 * launch.c) and a fatal report (vmx/vcpu.c) need: every other vCPU out of
 * the guest. */
bool debugger_hold_others(struct vcpu *self);
void debugger_release_others(struct vcpu *self);
void debugger_hold(struct vcpu *v);
void debugger_release(struct vcpu *v);
/* Asks every vCPU, running or not yet started, to load the gdb stub's
 * state (debug registers, #BP interception, a step) before its next entry. */
void debugger_reload_all(void);
bool debugger_is_held(const struct vcpu *v);
/* On the vCPU's own processor: waits while it is held, serving gdb when gdb
 * chose this vCPU (gdb_stub_serve_if_chosen), then loads what
 * DEBUGGER_RELOAD asks for. Returns at once when nothing is asked. */
void debugger_take_request(struct vcpu *v);

#endif
