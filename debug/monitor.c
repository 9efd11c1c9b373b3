/* The monitor's command loop and commands. */
#include "debug/monitor.h"
#include "arch/percpu.h"
#include "vmx/launch.h"
#include "debug/debugger_hold.h"
#include "arch/console.h"
#include "arch/serial.h"
#include "debug/monitor_parse.h"
#include "lib/string.h"
#include "mm/memory.h"
#include "debug/exit_log.h"
#include "debug/guest_walk.h"
#include "debug/debug_exception.h"
#include "debug/guest_access.h"
#include "debug/serial_input.h"
#include "vmx/vmcs.h"
#include "debug/vmcs_dump.h"
#include "vmx/vmx.h"

#define LINE_MAX 80
#define DUMP_MAX 256
#define DUMP_DEFAULT 64
#define RING_DEFAULT 16

static const char help_text[] =
	"monitor commands (numbers: decimal or 0x hex):\n"
	"  help                 this list\n"
	"  regs                 guest registers and main state\n"
	"  vmcs [AREA]          the VMCS: guest, host, controls or exit (default all)\n"
	"  stats                VM exits by reason: count, TSC ticks, mean (of the cpu chosen)\n"
	"  ring [N]             the last N exits (default 16, at most 64; of the cpu chosen)\n"
	"  cpus                 every processor: its vCPU's state, exits and last exit\n"
	"  cpu N                choose the processor whose stats and ring are shown; the\n"
	"                       others (regs, vmcs, step...) are this processor's: its VMCS\n"
	"  mem GPA [LEN]        hex dump of guest-physical memory (LEN <= 256)\n"
	"  vmem GVA [LEN]       hex dump of guest-virtual memory\n"
	"  xlate GVA            walk GVA through the guest page tables and EPT\n"
	"  filter LIST          exit trace filter: exits, none, cpuid,io,msr,cr,ept,...\n"
	"  step                 run one guest instruction (trap flag and #DB)\n"
	"  continue (c)         resume the guest\n"
	"  reset, poweroff      end the guest and reset or power off the machine\n";

/* Reads a line, echoing it; backspace edits. */
static void read_line(char *line, size_t size)
{
	size_t n = 0;
	for (;;) {
		char c;
		console_flush();        /* the prompt and the echo so far */
		if (!serial_try_getc(&c))
			continue;
		if (c == '\r' || c == '\n') {
			printk("\n");
			line[n] = '\0';
			return;
		}
		if ((c == 0x7f || c == 0x08) && n > 0) {
			n--;
			printk("\b \b");
		} else if (c >= 0x20 && c < 0x7f && n + 1 < size) {
			line[n++] = c;
			printk("%c", c);
		}
	}
}

static void dump_bytes(uint64_t label, const uint8_t *p, uint64_t length)
{
	for (uint64_t i = 0; i < length; i += 16) {
		printk("  %016llx:", (unsigned long long)(label + i));
		for (uint64_t j = i; j < i + 16 && j < length; j++)
			printk(" %02x", p[j]);
		printk("\n");
	}
}

static void dump_physical(uint64_t gpa, uint64_t length)
{
	if (!guest_range_accessible(gpa, length)) {
		printk("mem: 0x%llx-0x%llx is not guest memory the monitor may show\n",
		       (unsigned long long)gpa, (unsigned long long)(gpa + length));
		return;
	}
	dump_bytes(gpa, (const uint8_t *)gpa, length);
}

static void xlate(struct vcpu *v, uint64_t gva)
{
	struct guest_walk w;
	int rc = guest_translate(gva, &w);
	printk("xlate 0x%llx (%s):\n", (unsigned long long)gva, w.mode);
	for (unsigned i = 0; i < w.steps; i++)
		printk("  %-6s at GPA 0x%llx = 0x%016llx\n", w.step[i].name,
		       (unsigned long long)w.step[i].entry_gpa, (unsigned long long)w.step[i].entry);
	if (rc) {
		printk("  guest page fault: %s\n", w.fault);
		return;
	}
	printk("  GPA 0x%llx (%llu KiB page)\n", (unsigned long long)w.gpa,
	       (unsigned long long)(w.page_size / 1024));
	uint64_t size = 0, entry = ept_lookup(v->ept, w.gpa, &size);
	if (entry)
		printk("  EPT: HPA 0x%llx, entry 0x%llx (%llu KiB page, memory type %llu)\n",
		       (unsigned long long)((entry & EPT_ADDRESS_MASK & ~(size - 1)) | (w.gpa & (size - 1))),
		       (unsigned long long)entry, (unsigned long long)(size / 1024),
		       (unsigned long long)((entry >> EPT_MEMTYPE_SHIFT) & 7));
	else
		printk("  EPT: not mapped%s\n",
		       range_set_overlaps(hypervisor_memory(), w.gpa, w.gpa + 1)
			       ? " (hypervisor memory)" : " (mapped on first touch)");
}

static void dump_virtual(uint64_t gva, uint64_t length)
{
	while (length) {
		struct guest_walk w;
		uint64_t chunk = 4096 - (gva & 4095);
		if (chunk > length)
			chunk = length;
		if (guest_translate(gva, &w)) {
			printk("vmem: 0x%llx: guest page fault: %s\n", (unsigned long long)gva, w.fault);
			return;
		}
		if (!guest_range_accessible(w.gpa, chunk)) {
			printk("vmem: 0x%llx -> GPA 0x%llx is not guest memory the monitor may show\n",
			       (unsigned long long)gva, (unsigned long long)w.gpa);
			return;
		}
		dump_bytes(gva, (const uint8_t *)w.gpa, chunk);
		gva += chunk;
		length -= chunk;
	}
}

static uint64_t length_argument(const struct monitor_command *c, uint64_t fallback)
{
	uint64_t length = c->argc > 1 ? c->args[1] : fallback;
	return length > DUMP_MAX ? DUMP_MAX : length;
}

static const char *const state_names[] = {
	[GUEST_RUNNING] = "running", [GUEST_EXITED] = "exited", [GUEST_POWERED_OFF] = "powered off",
	[GUEST_RESET] = "reset", [GUEST_HALTED] = "halted", [GUEST_KILLED] = "stopped",
	[GUEST_WAIT_FOR_SIPI] = "waiting for SIPI", [GUEST_STOPPED_ELSEWHERE] = "stopped elsewhere",
};

/* What every processor's vCPU is doing, from its own records (another
 * processor's VMCS cannot be read from here: VMREAD reads the current one). */
static void list_cpus(const struct vcpu *here)
{
	for (unsigned i = 0; i < cpu_count; i++) {
		const struct vcpu *v = vcpu_of_cpu(i);
		printk("cpu %u (APIC id %u)%s: %s%s, %llu exits\n", i, v->apic.apic_id,
		       v == here ? " [monitor]" : debugger_is_held(v) ? " [held]" : "",
		       state_names[v->state],
		       v->halted_for_good ? " (HLT with interrupts off)" : "",
		       (unsigned long long)v->exits_total);
		exit_log_print_recent(v, 1);
	}
}

/* The vCPU whose statistics and ring are shown (cpu N); this one's at entry. */
static const struct vcpu *chosen;

static void choose_cpu(uint64_t index)
{
	if (index >= cpu_count) {
		printk("cpu: no processor %llu (%u run the guest)\n", (unsigned long long)index,
		       cpu_count);
		return;
	}
	chosen = vcpu_of_cpu((unsigned)index);
	printk("cpu: stats and ring show cpu %u\n", chosen->cpu);
}

/* Returns true when the monitor should return to the guest. */
static bool run_command(struct vcpu *v, const struct monitor_command *c)
{
	char err[160];
	switch (c->verb) {
	case MON_HELP: printk("%s", help_text); break;
	case MON_REGS: vcpu_dump_state(v); break;
	case MON_VMCS:
		if (vmcs_dump(c->word, c->word_length))
			printk("vmcs: unknown area '%.*s' (guest, host, controls, exit)\n",
			       (int)c->word_length, c->word);
		break;
	case MON_STATS: exit_stats_print(chosen); break;
	case MON_RING:
		exit_log_print_recent(chosen, c->argc ? (unsigned)c->args[0] : RING_DEFAULT);
		break;
	case MON_CPUS: list_cpus(v); break;
	case MON_CPU: choose_cpu(c->args[0]); break;
	case MON_MEM: dump_physical(c->args[0], length_argument(c, DUMP_DEFAULT)); break;
	case MON_VMEM: dump_virtual(c->args[0], length_argument(c, DUMP_DEFAULT)); break;
	case MON_XLATE: xlate(v, c->args[0]); break;
	case MON_FILTER: {
		struct trace_filter f;
		if (trace_filter_parse(c->word, c->word_length, &f, err, sizeof(err)))
			printk("filter: %s\n", err);
		else {
			exit_trace_set_filter(&f);
			printk("filter: set\n");
		}
		break;
	}
	case MON_STEP:
		guest_step_start(v);
		return true;
	case MON_CONTINUE: return true;
	case MON_RESET: vcpu_request_reset(v, "the monitor's reset command"); return true;
	case MON_POWEROFF: v->state = GUEST_POWERED_OFF; return true;
	}
	return false;
}

void monitor_enter(struct vcpu *v, const char *why)
{
	char line[LINE_MAX], err[160];
	chosen = v;
	debugger_hold_others(v);        /* the whole guest pauses */
	console_hold_serial();          /* the user's line, whatever the guest set */
	printk("\nmonitor: %s; guest paused at rip 0x%llx (type help)\n", why,
	       (unsigned long long)vmread(GUEST_RIP));
	for (;;) {
		printk("hv> ");
		read_line(line, sizeof(line));
		struct monitor_command c;
		if (!line[0])
			continue;
		if (monitor_parse(line, &c, err, sizeof(err))) {
			printk("error: %s\n", err);
			continue;
		}
		if (run_command(v, &c))
			break;
	}
	printk("monitor: guest resumed\n");
	console_release_serial();
	debugger_release_others(v);
}

void monitor_init(struct vmx_bitmaps *b)
{
	serial_input_intercept(b);
}
