/* What the hypervisor remembers of its exits: a ring of the last ones per
 * processor (kept
 * always, printed with any fatal report and by the monitor), the exit trace
 * (printed as they happen, for the reasons in the trace filter), and the
 * statistics (count and TSC ticks spent per reason). */
#ifndef DEBUG_EXIT_LOG_H
#define DEBUG_EXIT_LOG_H
#include <stdint.h>
#include "debug/trace_filter.h"
#include "debug/exit_decode.h"
#include "vmx/vcpu.h"

#define EXIT_LOG_SIZE 64

/* Raw fields only: decoding and the TSC delta wait until it is printed.
 * Fields the reason does not use are left as they were. */
struct exit_log_entry {
	uint64_t sequence;
	uint64_t tsc;
	uint64_t rip;
	struct exit_info info;
};

/* Called first thing on every exit: records it, and prints it if traced. */
void exit_log_record(struct vcpu *v);
/* Prints the last n exits of v's processor, oldest first. */
void exit_log_print_recent(const struct vcpu *v, unsigned n);
/* Count, total and mean TSC ticks per exit reason. */
void exit_stats_print(const struct vcpu *v);
/* The filter of the exit trace (trace= option, monitor's filter command). */
void exit_trace_set_filter(const struct trace_filter *f);

#endif
