/* The checks on the host-state area and the address-space size (SDM vol.
 * 3C 26.2.2-26.2.4). A broken rule fails VMLAUNCH/VMRESUME with
 * VM-instruction error 8. Pure. */
#include "arch/cpu_bits.h"
#include "vmx/entry_checks_rules.h"
#include "vmx/vmcs_fields.h"

static const char *const host_selector_names[HOST_SELECTOR_COUNT] = {
	"ES", "CS", "SS", "DS", "FS", "GS", "TR",
};

/* 26.2.2 */
static void check_control_registers_and_msrs(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	/* CR0.NW and CR0.CD are never checked: a VM exit does not change them. */
	entry_check_fixed_bits(c, "26.2.2", "host CR0", "CR0", s->host.cr0, s->caps.cr0_fixed0,
			       s->caps.cr0_fixed1, CR0_NW | CR0_CD);
	entry_check_fixed_bits(c, "26.2.2", "host CR4", "CR4", s->host.cr4, s->caps.cr4_fixed0,
			       s->caps.cr4_fixed1, 0);
	entry_check_cr3(c, "26.2.2", "host CR3", s->host.cr3);
	entry_check_canonical(c, "26.2.2", "the host IA32_SYSENTER_ESP", s->host.sysenter_esp);
	entry_check_canonical(c, "26.2.2", "the host IA32_SYSENTER_EIP", s->host.sysenter_eip);
	if (c->exit & VM_EXIT_LOAD_IA32_PAT)
		entry_check_pat(c, "26.2.2", "host", s->host.pat);
	if (!(c->exit & VM_EXIT_LOAD_IA32_EFER))
		return;
	if (efer_reserved_bits(s->host.efer))
		entry_rule_broken(c, "26.2.2", "with \"load IA32_EFER\", the host IA32_EFER must not "
				  "set reserved bits: bits 0x%llx, EFER 0x%llx",
				  (unsigned long long)efer_reserved_bits(s->host.efer),
				  (unsigned long long)s->host.efer);
	bool lma = s->host.efer & EFER_LMA, lme = s->host.efer & EFER_LME;
	if (lma != c->host_64 || lme != c->host_64)
		entry_rule_broken(c, "26.2.2", "with \"load IA32_EFER\", the host EFER.LMA and "
				  "EFER.LME must each equal \"host address-space size\" (%u): "
				  "EFER 0x%llx", c->host_64, (unsigned long long)s->host.efer);
}

/* 26.2.3 */
static void check_segments(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	for (unsigned i = 0; i < HOST_SELECTOR_COUNT; i++)
		if (s->host.selector[i] & 7)
			entry_rule_broken(c, "26.2.3", "the RPL and TI (bits 2:0) of the host %s "
					  "selector must be 0: %s 0x%llx", host_selector_names[i],
					  host_selector_names[i],
					  (unsigned long long)s->host.selector[i]);
	if ((uint16_t)s->host.selector[SEG_CS] == 0)
		entry_rule_broken(c, "26.2.3", "the host CS selector must not be 0000H");
	if ((uint16_t)s->host.selector[HOST_SEG_TR] == 0)
		entry_rule_broken(c, "26.2.3", "the host TR selector must not be 0000H");
	if (!c->host_64 && (uint16_t)s->host.selector[SEG_SS] == 0)
		entry_rule_broken(c, "26.2.3", "the host SS selector must not be 0000H with "
				  "\"host address-space size\" 0");
	entry_check_canonical(c, "26.2.3", "the host FS base", s->host.fs_base);
	entry_check_canonical(c, "26.2.3", "the host GS base", s->host.gs_base);
	entry_check_canonical(c, "26.2.3", "the host GDTR base", s->host.gdtr_base);
	entry_check_canonical(c, "26.2.3", "the host IDTR base", s->host.idtr_base);
	entry_check_canonical(c, "26.2.3", "the host TR base", s->host.tr_base);
}

/* 26.2.4 */
static void check_address_space_size(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	bool cpu_ia32e = s->cpu.efer & EFER_LMA;
	if (cpu_ia32e != c->host_64)
		entry_rule_broken(c, "26.2.4", "\"host address-space size\" must be %u with the "
				  "processor %s IA-32e mode: VM-exit controls 0x%x, IA32_EFER 0x%llx",
				  cpu_ia32e, cpu_ia32e ? "in" : "outside", c->exit,
				  (unsigned long long)s->cpu.efer);
	if (c->ia32e_guest && (!cpu_ia32e || !c->host_64))
		entry_rule_broken(c, "26.2.4", "\"IA-32e mode guest\" must be 0 with the processor "
				  "outside IA-32e mode or \"host address-space size\" 0: "
				  "VM-entry controls 0x%x, VM-exit controls 0x%x", c->entry, c->exit);
	if (!c->host_64) {
		if (s->host.cr4 & CR4_PCIDE)
			entry_rule_broken(c, "26.2.4", "host CR4.PCIDE must be 0 with \"host "
					  "address-space size\" 0: CR4 0x%llx",
					  (unsigned long long)s->host.cr4);
		if (s->host.rip >> 32)
			entry_rule_broken(c, "26.2.4", "bits 63:32 of the host RIP must be 0 with "
					  "\"host address-space size\" 0: RIP 0x%llx",
					  (unsigned long long)s->host.rip);
		return;
	}
	if (!(s->host.cr4 & CR4_PAE))
		entry_rule_broken(c, "26.2.4", "host CR4.PAE must be 1 with \"host address-space "
				  "size\" 1: CR4 0x%llx", (unsigned long long)s->host.cr4);
	entry_check_canonical(c, "26.2.4", "with \"host address-space size\" 1, the host RIP",
			s->host.rip);
}

void entry_checks_host(struct entry_checker *c)
{
	check_control_registers_and_msrs(c);
	check_segments(c);
	check_address_space_size(c);
}
