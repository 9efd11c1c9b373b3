/* See exit_log.h. */
#include "debug/exit_log.h"
#include "vmx/exit.h"
#include "lib/format.h"
#include "arch/console.h"
#include "arch/percpu.h"
#include "vmx/vmcs.h"

struct vmx_exit exit_rings[MAX_CPUS][EXIT_LOG_SIZE];
static struct trace_filter trace_filter;

void exit_trace_set_filter(const struct trace_filter *f)
{
	trace_filter = *f;
	exit_extras.trace = !trace_filter_empty(f);
}

/* previous_tsc: the TSC of the exit before, 0 for none. The TSC is read
 * only while an exit extra is on (vmx/exit.c): without it no delta. */
static void print_entry(unsigned cpu, uint64_t sequence, const struct vmx_exit *e,
			uint64_t previous_tsc)
{
	struct exit_info info = {
		.reason = e->reason,
		.qualification = e->qualification,
		.rcx = e->rcx,
		.guest_physical = e->guest_physical,
		.guest_linear = e->guest_linear,
		.interruption_info = e->interruption_info,
		.interruption_error = e->interruption_error,
	};
	char decoded[128], delta[24] = "";
	exit_decode(&info, decoded, sizeof(decoded));
	if (e->tsc)
		format_string(delta, sizeof(delta), " +%llu",
			      (unsigned long long)(previous_tsc ? e->tsc - previous_tsc : 0));
	printk("cpu%u exit %llu%s: %s at rip 0x%llx%s%s\n", cpu, (unsigned long long)sequence,
	       delta, exit_reason_name(e->reason), (unsigned long long)e->rip,
	       decoded[0] ? ": " : "", decoded);
}

/* The TSC of exit number `sequence - 1`, 0 for none. */
static uint64_t tsc_before(const struct vcpu *v, uint64_t sequence)
{
	return sequence ? v->ring[(sequence - 1) % EXIT_LOG_SIZE].tsc : 0;
}

void exit_trace_recorded(struct vcpu *v)
{
	struct vmx_exit *e = v->exit;
	if (!trace_filter_has(&trace_filter, e->reason))
		return;
	e->rcx = v->regs.rcx;           /* before the MSR handlers note it */
	if (exit_decode_needs_addresses(e->reason)) {
		e->guest_physical = vmread(GUEST_PHYSICAL_ADDRESS);
		e->guest_linear = vmread(GUEST_LINEAR_ADDRESS);
	}
	if (exit_decode_needs_interruption(e->reason)) {
		e->interruption_info = (uint32_t)vmread(VM_EXIT_INTR_INFO);
		e->interruption_error = (uint32_t)vmread(VM_EXIT_INTR_ERROR_CODE);
	}
	print_entry(v->cpu, v->exits_total - 1, e, tsc_before(v, v->exits_total - 1));
}

void exit_log_print_recent(const struct vcpu *v, unsigned n)
{
	uint64_t recorded = v->exits_total;
	if (n > EXIT_LOG_SIZE)
		n = EXIT_LOG_SIZE;
	if (n > recorded)
		n = (unsigned)recorded;
	printk("last %u exits of cpu %u:\n", n, v->cpu);
	for (uint64_t i = recorded - n; i < recorded; i++)
		print_entry(v->cpu, i, &v->ring[i % EXIT_LOG_SIZE],
			    i > recorded - n ? tsc_before(v, i) : 0);
}

void exit_stats_print(const struct vcpu *v)
{
	bool ticks = exit_extras.count_ticks;
	printk("hypervisor: %llu VM exits by reason (%s):\n", (unsigned long long)v->exits_total,
	       ticks ? "count, TSC ticks in the hypervisor, mean" : "count");
	for (unsigned r = 0; r < VMX_EXIT_REASON_COUNT; r++) {
		if (!v->exit_count[r])
			continue;
		if (ticks)
			printk("  %-28s %8llu %12llu %8llu\n", exit_reason_name(r),
			       (unsigned long long)v->exit_count[r],
			       (unsigned long long)v->exit_ticks[r],
			       (unsigned long long)(v->exit_ticks[r] / v->exit_count[r]));
		else
			printk("  %-28s %8llu\n", exit_reason_name(r),
			       (unsigned long long)v->exit_count[r]);
	}
}
