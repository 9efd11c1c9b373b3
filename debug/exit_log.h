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

/* One ring of EXIT_LOG_SIZE struct vmx_exit per processor, written only by
 * its own: no lock on the exit path. Raw fields only: decoding and the TSC
 * delta wait until an entry is printed. Entry n % EXIT_LOG_SIZE holds exit
 * number n (counted by the vCPU's exits_total). */
extern struct vmx_exit exit_rings[MAX_CPUS][EXIT_LOG_SIZE];

/* Prints the exit just recorded if the trace filter has its reason,
 * reading first the fields its decoding needs (exit_decode_needs_*). */
void exit_trace_recorded(struct vcpu *v);

/* Called first thing on every exit: takes the next ring entry for it (the
 * caller fills it) and counts it. Inline: it is the price of the ring on
 * every exit. */
static inline struct vmx_exit *exit_log_next(struct vcpu *v)
{
	return v->exit = &v->ring[v->exits_total++ % EXIT_LOG_SIZE];
}

/* Prints the last n exits of v's processor, oldest first. */
void exit_log_print_recent(const struct vcpu *v, unsigned n);
/* Count, total and mean TSC ticks per exit reason. */
void exit_stats_print(const struct vcpu *v);
/* The filter of the exit trace (trace= option, monitor's filter command). */
void exit_trace_set_filter(const struct trace_filter *f);

#endif
