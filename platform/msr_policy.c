/* The owned MSRs; see msr_policy.h. MSR numbers and rules from the SDM
 * vol. 4 (model-specific registers). */
#include "platform/msr_policy.h"
#include <stddef.h>

const struct msr_rule msr_rules[] = {
	{ 0x1b, 0x1b, MSR_EMULATED, "IA32_APIC_BASE",
	  "the APIC stays at its default base, the page whose writes platform/apic.c sees "
	  "(and outside hypervisor memory); the guest may switch xAPIC/x2APIC as a CPU allows" },
	{ 0x3a, 0x3a, MSR_EMULATED, "IA32_FEATURE_CONTROL",
	  "VMX is hidden: reads locked with VMX off, so writes #GP as on any locked CPU" },
	{ 0x79, 0x79, MSR_EMULATED, "IA32_BIOS_UPDT_TRIG",
	  "a microcode update would change the CPU under the hypervisor: writes are ignored" },
	{ 0x8b, 0x8b, MSR_EMULATED, "IA32_BIOS_SIGN_ID",
	  "reads 0, no update loaded: the CPUID of the write-0, CPUID, read sequence runs in "
	  "the hypervisor; Linux reads it unchecked and Bochs lacks it" },
	{ 0x9b, 0x9b, MSR_HIDDEN, "IA32_SMM_MONITOR_CTL",
	  "the dual-monitor treatment of SMM is part of VMX, which is hidden" },
	{ 0xfe, 0xfe, MSR_EMULATED, "IA32_MTRRCAP", "virtual MTRRs (platform/vmtrr.c)" },
	{ 0x174, 0x176, MSR_SWITCHED, "IA32_SYSENTER_CS/ESP/EIP",
	  "the VMCS switches them (guest and host fields)" },
	{ 0x1a0, 0x1a0, MSR_EMULATED, "IA32_MISC_ENABLE",
	  "its bits change the CPU the hypervisor runs on too (XD disable, CPUID limit); "
	  "says BTS and PEBS are unavailable; Bochs lacks it" },
	{ 0x1d9, 0x1d9, MSR_EMULATED, "IA32_DEBUGCTL",
	  "kept in the VMCS guest field (cleared at VM exit); no BTS, which writes through "
	  "linear addresses also while the hypervisor runs; Bochs lacks it" },
	{ 0x200, 0x21f, MSR_EMULATED, "IA32_MTRR_PHYSBASE/PHYSMASK",
	  "virtual MTRRs: the physical ones set the hypervisor's own memory types" },
	{ 0x250, 0x250, MSR_EMULATED, "IA32_MTRR_FIX64K_00000", "virtual MTRRs" },
	{ 0x258, 0x259, MSR_EMULATED, "IA32_MTRR_FIX16K", "virtual MTRRs" },
	{ 0x268, 0x26f, MSR_EMULATED, "IA32_MTRR_FIX4K", "virtual MTRRs" },
	{ 0x277, 0x277, MSR_SWITCHED, "IA32_PAT", "the VMCS switches it (load/save PAT controls)" },
	{ 0x2ff, 0x2ff, MSR_EMULATED, "IA32_MTRR_DEF_TYPE", "virtual MTRRs" },
	{ 0x3f1, 0x3f1, MSR_HIDDEN, "IA32_PEBS_ENABLE",
	  "PEBS records go to the DS area's linear addresses, also while the hypervisor "
	  "runs, where its identity map reaches all memory (CPUID.1:EDX.DS is hidden)" },
	{ 0x480, 0x493, MSR_HIDDEN, "IA32_VMX_BASIC..IA32_VMX_PROCBASED_CTLS3",
	  "VMX is hidden (CPUID.1:ECX.VMX clear)" },
	{ 0x560, 0x561, MSR_HIDDEN, "IA32_RTIT_OUTPUT_BASE/MASK_PTRS",
	  "Intel PT writes its trace to physical addresses that EPT does not check "
	  "(CPUID.7.0:EBX.PT is hidden)" },
	{ 0x570, 0x572, MSR_HIDDEN, "IA32_RTIT_CTL/STATUS/CR3_MATCH", "Intel PT is hidden" },
	{ 0x580, 0x58b, MSR_HIDDEN, "IA32_RTIT_ADDRn_A/B", "Intel PT is hidden" },
	{ 0x600, 0x600, MSR_HIDDEN, "IA32_DS_AREA",
	  "BTS and PEBS write to it through linear addresses, also while the hypervisor "
	  "runs (CPUID.1:EDX.DS is hidden)" },
	{ 0x830, 0x830, MSR_EMULATED, "IA32_X2APIC_ICR",
	  "every IPI the guest sends in x2APIC mode is seen: INIT and SIPI are emulated "
	  "(platform/apic.c), the others sent as written" },
	{ 0xc0000080, 0xc0000080, MSR_SWITCHED, "IA32_EFER",
	  "the VMCS switches it (load/save EFER controls)" },
	{ 0xc0000100, 0xc0000101, MSR_SWITCHED, "IA32_FS_BASE/GS_BASE",
	  "the VMCS switches them (segment bases)" },
};

const unsigned msr_rule_count = sizeof(msr_rules) / sizeof(msr_rules[0]);

const struct msr_rule *msr_rule_find(uint32_t msr)
{
	for (unsigned i = 0; i < msr_rule_count; i++)
		if (msr >= msr_rules[i].first && msr <= msr_rules[i].last)
			return &msr_rules[i];
	return NULL;
}

enum msr_owner msr_owner_of(uint32_t msr)
{
	const struct msr_rule *r = msr_rule_find(msr);
	return r ? r->owner : MSR_GUEST;
}

bool msr_intercepted(uint32_t msr)
{
	enum msr_owner owner = msr_owner_of(msr);
	return owner == MSR_EMULATED || owner == MSR_HIDDEN;
}
