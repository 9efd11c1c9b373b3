/* Which VM exits the exit trace prints: a set of basic exit reasons, parsed
 * from a list such as "cpuid,io,msr" (the trace= option and the monitor's
 * filter command). Pure: unit-tested on the host. */
#ifndef DEBUG_TRACE_FILTER_H
#define DEBUG_TRACE_FILTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct trace_filter {
	uint64_t reasons[2];            /* bit r: basic exit reason r (0-127) */
};

/* Words, separated by commas: exits (or all), none, a group name (cpuid,
 * io, msr, rdmsr, wrmsr, cr, ept, exception, hlt, vmcall, xsetbv, vmx,
 * triple, init, interrupt, cache), or a decimal exit reason. Returns 0, or
 * -1 with a message naming the bad word. `length` bounds spec. */
int trace_filter_parse(const char *spec, size_t length, struct trace_filter *out, char *err,
		       size_t err_size);
bool trace_filter_has(const struct trace_filter *f, unsigned reason);
bool trace_filter_empty(const struct trace_filter *f);

#endif
