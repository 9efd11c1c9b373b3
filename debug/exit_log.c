/* See exit_log.h. */
#include "debug/exit_log.h"
#include "arch/console.h"
#include "arch/percpu.h"
#include "vmx/vmcs.h"

struct exit_ring exit_rings[MAX_CPUS];
bool exit_tracing;
static struct trace_filter trace_filter;

void exit_trace_set_filter(const struct trace_filter *f)
{
	trace_filter = *f;
	exit_tracing = !trace_filter_empty(f);
}

/* previous_tsc: the TSC of the exit before, 0 for none. */
static void print_entry(unsigned cpu, const struct exit_log_entry *e, uint64_t previous_tsc)
{
	char decoded[128];
	exit_decode(&e->info, decoded, sizeof(decoded));
	printk("cpu%u exit %llu +%llu: %s at rip 0x%llx%s%s\n", cpu, (unsigned long long)e->sequence,
	       (unsigned long long)(previous_tsc ? e->tsc - previous_tsc : 0),
	       exit_reason_name(e->info.reason), (unsigned long long)e->rip,
	       decoded[0] ? ": " : "", decoded);
}

static uint64_t tsc_before(const struct exit_ring *r, uint64_t index)
{
	return index ? r->entry[(index - 1) % EXIT_LOG_SIZE].tsc : 0;
}

void exit_trace_recorded(const struct vcpu *v)
{
	const struct exit_ring *r = &exit_rings[v->cpu];
	uint64_t index = r->recorded - 1;
	const struct exit_log_entry *e = &r->entry[index % EXIT_LOG_SIZE];
	if (trace_filter_has(&trace_filter, e->info.reason))
		print_entry(v->cpu, e, tsc_before(r, index));
}

void exit_log_print_recent(const struct vcpu *v, unsigned n)
{
	const struct exit_ring *r = &exit_rings[v->cpu];
	if (n > EXIT_LOG_SIZE)
		n = EXIT_LOG_SIZE;
	if (n > r->recorded)
		n = (unsigned)r->recorded;
	printk("last %u exits of cpu %u:\n", n, v->cpu);
	for (uint64_t i = r->recorded - n; i < r->recorded; i++)
		print_entry(v->cpu, &r->entry[i % EXIT_LOG_SIZE],
			    i > r->recorded - n ? tsc_before(r, i) : 0);
}

void exit_stats_print(const struct vcpu *v)
{
	printk("hypervisor: %llu VM exits by reason (count, TSC ticks in the hypervisor, mean):\n",
	       (unsigned long long)v->exits_total);
	for (unsigned r = 0; r < VMX_EXIT_REASON_COUNT; r++)
		if (v->exit_count[r])
			printk("  %-28s %8llu %12llu %8llu\n", exit_reason_name(r),
			       (unsigned long long)v->exit_count[r],
			       (unsigned long long)v->exit_ticks[r],
			       (unsigned long long)(v->exit_ticks[r] / v->exit_count[r]));
}
