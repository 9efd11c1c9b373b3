/* See entry_report.h: the snapshot of the current VMCS (vmx/vmcs_snapshot_take.c)
 * through the model, printed by debug/entry_explain.c. */
#include "debug/entry_report.h"
#include "arch/console.h"
#include "arch/percpu.h"
#include "debug/entry_explain.h"
#include "lib/format.h"
#include "vmx/exit_reasons.h"
#include "vmx/vmcs_snapshot_take.h"

#define VM_ERROR_INVALID_CONTROLS 7
#define VM_ERROR_INVALID_HOST_STATE 8

bool vmcheck_enabled;
bool vmcheck_verbose;
static unsigned checks[MAX_CPUS], checks_broken[MAX_CPUS];

static void print_line(const char *line, void *ctx)
{
	(void)ctx;
	printk("%s\n", line);
}

void entry_report_vmfail(uint64_t error)
{
	struct vmcs_snapshot s;
	if (error != VM_ERROR_INVALID_CONTROLS && error != VM_ERROR_INVALID_HOST_STATE)
		return;
	vmcs_snapshot_take(&s);
	entry_explain_failure(&s, error == VM_ERROR_INVALID_CONTROLS ? ENTRY_CHECK_CONTROLS
								     : ENTRY_CHECK_HOST,
			      print_line, NULL);
}

void entry_report_failed_exit(uint32_t reason, uint64_t qualification)
{
	struct vmcs_snapshot s;
	vmcs_snapshot_take(&s);
	switch (reason) {
	case EXIT_REASON_INVALID_GUEST_STATE:
		entry_explain_failure(&s, ENTRY_CHECK_GUEST, print_line, NULL);
		return;
	case EXIT_REASON_MSR_LOADING:
		printk("vmentry check: entry %llu of the VM-entry MSR-load area failed to load "
		       "(SDM 26.4); the model does not check MSR-load entries\n",
		       (unsigned long long)qualification);
		break;
	case EXIT_REASON_MCE_DURING_VMENTRY:
		printk("vmentry check: a machine-check event during VM entry (SDM 26.8) is no "
		       "rule of the VMCS\n");
		break;
	default:
		break;
	}
	entry_explain_failure(&s, -1, print_line, NULL);
}

static unsigned check(struct vcpu *v, const char *when, bool say_valid)
{
	struct vmcs_snapshot s;
	char text[96];
	vmcs_snapshot_take(&s);
	format_string(text, sizeof(text), "cpu %u, %s", v->cpu, when);
	unsigned broken = entry_explain_preflight(&s, text, say_valid, print_line, NULL);
	checks[v->cpu]++;
	checks_broken[v->cpu] += broken != 0;
	if (say_valid && vmcheck_verbose) {
		printk("vmcheck: %s: the snapshot (struct vmcs_snapshot):\n", text);
		entry_explain_snapshot(&s, print_line, NULL);
	}
	return broken;
}

void vmcheck_start(struct vcpu *v, const char *how)
{
	check(v, how, true);
}

void vmcheck_change(struct vcpu *v, const char *what)
{
	check(v, what, false);
}

void vmcheck_print_summary(const struct vcpu *v)
{
	printk("vmcheck: cpu %u: %u entry states checked, %u of them with broken rules\n",
	       v->cpu, checks[v->cpu], checks_broken[v->cpu]);
}
