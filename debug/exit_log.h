/* What the hypervisor remembers of its exits: a ring of the last ones per
 * processor (kept
 * always, printed with any fatal report and by the monitor), the exit trace
 * (printed as they happen, for the reasons in the trace filter), and the
 * statistics (count and TSC ticks spent per reason). */
#ifndef DEBUG_EXIT_LOG_H
#define DEBUG_EXIT_LOG_H
#include <stdint.h>
#include "arch/percpu.h"
#include "debug/trace_filter.h"
#include "debug/exit_decode.h"
#include "vmx/vcpu.h"
#include "vmx/vmcs.h"

#define EXIT_LOG_SIZE 64

/* Raw fields only: decoding and the TSC delta wait until it is printed.
 * Fields the reason does not use are left as they were. */
struct exit_log_entry {
	uint64_t sequence;
	uint64_t tsc;
	uint64_t rip;
	struct exit_info info;
};

/* One ring per processor, written only by its own: no lock on the exit path. */
struct exit_ring {
	struct exit_log_entry entry[EXIT_LOG_SIZE];
	uint64_t recorded;              /* entries ever recorded */
};

extern struct exit_ring exit_rings[MAX_CPUS];
extern bool exit_tracing;               /* the trace filter is not empty */

/* Prints the entry just recorded if the trace filter has its reason. */
void exit_trace_recorded(const struct vcpu *v);

/* Called first thing on every exit: records it from the fields
 * vmx_handle_exit has read (exit), and prints it if traced. Inline: it is the
 * price of the ring on every exit. */
static inline void exit_log_record(struct vcpu *v, const struct vmx_exit *exit)
{
	struct exit_ring *r = &exit_rings[v->cpu];
	struct exit_log_entry *e = &r->entry[r->recorded % EXIT_LOG_SIZE];
	uint32_t reason = exit->reason;
	e->sequence = v->exits_total;
	e->tsc = exit->tsc;
	e->rip = exit->rip;
	e->info.reason = reason;
	e->info.qualification = exit->qualification;
	e->info.rcx = v->regs.rcx;
	if (exit_decode_needs_addresses(reason)) {
		e->info.guest_physical = vmread(GUEST_PHYSICAL_ADDRESS);
		e->info.guest_linear = vmread(GUEST_LINEAR_ADDRESS);
	}
	if (exit_decode_needs_interruption(reason)) {
		e->info.interruption_info = (uint32_t)vmread(VM_EXIT_INTR_INFO);
		e->info.interruption_error = (uint32_t)vmread(VM_EXIT_INTR_ERROR_CODE);
	}
	r->recorded++;
	if (exit_tracing)
		exit_trace_recorded(v);
}

/* Prints the last n exits of v's processor, oldest first. */
void exit_log_print_recent(const struct vcpu *v, unsigned n);
/* Count, total and mean TSC ticks per exit reason. */
void exit_stats_print(const struct vcpu *v);
/* The filter of the exit trace (trace= option, monitor's filter command). */
void exit_trace_set_filter(const struct trace_filter *f);

#endif
