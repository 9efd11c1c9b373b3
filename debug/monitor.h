/* The serial-console monitor: inspect and steer the guest while it is
 * paused. docs/DEBUGGING.md lists the commands. */
#ifndef DEBUG_MONITOR_H
#define DEBUG_MONITOR_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/bitmaps.h"
#include "vmx/vcpu.h"

/* Intercepts COM1's receive and line-status registers so that the entry key
 * sequence (Ctrl-] m) is seen. Not called when the monitor is off
 * (monitor_enter must not be called then either). The monitor shows guest
 * memory inside the identity map, never the hypervisor's. */
void monitor_init(struct vmx_bitmaps *b);
/* Runs the monitor until continue (or reset, poweroff); the guest is paused
 * on every processor. */
void monitor_enter(struct vcpu *v, const char *why);

#endif
