/* VMX control adjustment; see controls.h. */
#include "vmx/controls.h"
#include "lib/format.h"

static const char *const pin_based_names[32] = {
	[0] = "external-interrupt exiting", [3] = "NMI exiting", [5] = "virtual NMIs",
	[6] = "activate VMX-preemption timer", [7] = "process posted interrupts",
};

static const char *const primary_names[32] = {
	[2] = "interrupt-window exiting", [3] = "use TSC offsetting", [7] = "HLT exiting",
	[9] = "INVLPG exiting", [10] = "MWAIT exiting", [11] = "RDPMC exiting",
	[12] = "RDTSC exiting", [15] = "CR3-load exiting", [16] = "CR3-store exiting",
	[19] = "CR8-load exiting", [20] = "CR8-store exiting", [21] = "use TPR shadow",
	[22] = "NMI-window exiting", [23] = "MOV-DR exiting", [24] = "unconditional I/O exiting",
	[25] = "use I/O bitmaps", [27] = "monitor trap flag", [28] = "use MSR bitmaps",
	[29] = "MONITOR exiting", [30] = "PAUSE exiting",
	[31] = "activate secondary controls",
};

static const char *const secondary_names[32] = {
	[0] = "virtualize APIC accesses", [1] = "enable EPT", [2] = "descriptor-table exiting",
	[3] = "enable RDTSCP", [4] = "virtualize x2APIC mode", [5] = "enable VPID",
	[6] = "WBINVD exiting", [7] = "unrestricted guest", [8] = "APIC-register virtualization",
	[9] = "virtual-interrupt delivery", [10] = "PAUSE-loop exiting", [11] = "RDRAND exiting",
	[12] = "enable INVPCID", [13] = "enable VM functions", [14] = "VMCS shadowing",
	[16] = "RDSEED exiting", [17] = "enable PML", [18] = "EPT-violation #VE",
	[20] = "enable XSAVES/XRSTORS", [25] = "use TSC scaling",
	[26] = "enable user wait and pause",
};

static const char *const exit_names[32] = {
	[2] = "save debug controls", [9] = "host address-space size",
	[12] = "load IA32_PERF_GLOBAL_CTRL", [15] = "acknowledge interrupt on exit",
	[18] = "save IA32_PAT", [19] = "load IA32_PAT", [20] = "save IA32_EFER",
	[21] = "load IA32_EFER", [22] = "save VMX-preemption timer value",
};

static const char *const entry_names[32] = {
	[2] = "load debug controls", [9] = "IA-32e mode guest", [10] = "entry to SMM",
	[11] = "deactivate dual-monitor treatment", [13] = "load IA32_PERF_GLOBAL_CTRL",
	[14] = "load IA32_PAT", [15] = "load IA32_EFER",
};

const struct control_field pin_based_controls = { "pin-based VM-execution", pin_based_names };
const struct control_field primary_controls = { "primary processor-based VM-execution",
						 primary_names };
const struct control_field secondary_controls = { "secondary processor-based VM-execution",
						   secondary_names };
const struct control_field exit_controls = { "VM-exit", exit_names };
const struct control_field entry_controls = { "VM-entry", entry_names };

int vmx_adjust_controls(const struct control_field *field, uint64_t capability,
			uint32_t required, uint32_t optional, uint32_t *out,
			char *err, size_t err_size)
{
	uint32_t must_be_one = (uint32_t)capability;
	uint32_t may_be_one = (uint32_t)(capability >> 32);
	uint32_t missing = required & ~may_be_one;

	if (missing) {
		unsigned bit = (unsigned)__builtin_ctz(missing);
		const char *name = field->bit_names[bit];
		format_string(err, err_size,
			      "the CPU cannot set the %s control \"%s\" (bit %u), which the hypervisor needs",
			      field->name, name ? name : "unnamed", bit);
		return -1;
	}
	*out = ((required | optional) & may_be_one) | must_be_one;
	return 0;
}
