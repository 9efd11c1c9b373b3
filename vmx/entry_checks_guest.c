/* The checks on the guest's control registers, debug registers and MSRs
 * (SDM vol. 3C 26.3.1.1), descriptor-table registers (26.3.1.3), RIP and
 * RFLAGS (26.3.1.4). A broken rule fails the entry with exit reason 33 and
 * bit 31 set. Pure. */
#include "arch/cpu_bits.h"
#include "vmx/entry_checks_rules.h"
#include "vmx/event_rules.h"
#include "vmx/vmcs_fields.h"

/* IA32_DEBUGCTL: bits 5:2 and 63:16 are reserved (vol. 3B 17.4.1). */
#define DEBUGCTL_RESERVED (0x3cull | ~0xffffull)
#define RFLAGS_FIXED_1 (1ull << 1)
#define RFLAGS_RESERVED (~0x3fffffull | (1ull << 15) | (1ull << 5) | (1ull << 3))
#define RFLAGS_VM (1ull << 17)

static void check_efer(struct entry_checker *c)
{
	uint64_t efer = c->s->guest.efer;
	bool lma = efer & EFER_LMA, lme = efer & EFER_LME;
	if (efer_reserved_bits(efer))
		entry_rule_broken(c, "26.3.1.1", "with \"load IA32_EFER\", the guest IA32_EFER must "
				  "not set reserved bits: bits 0x%llx, EFER 0x%llx",
				  (unsigned long long)efer_reserved_bits(efer),
				  (unsigned long long)efer);
	if (lma != c->ia32e_guest)
		entry_rule_broken(c, "26.3.1.1", "with \"load IA32_EFER\", the guest EFER.LMA must "
				  "equal \"IA-32e mode guest\" (%u): EFER 0x%llx", c->ia32e_guest,
				  (unsigned long long)efer);
	if ((c->s->guest.cr0 & CR0_PG) && lma != lme)
		entry_rule_broken(c, "26.3.1.1", "with \"load IA32_EFER\" and CR0.PG 1, the guest "
				  "EFER.LME must equal EFER.LMA: EFER 0x%llx",
				  (unsigned long long)efer);
}

/* 26.3.1.1 */
void entry_checks_guest_control_registers(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	uint64_t cr0 = s->guest.cr0, cr4 = s->guest.cr4;
	/* NW and CD are never checked (a VM entry does not change them); PE
	 * and PG not with "unrestricted guest". */
	uint64_t exempt = CR0_NW | CR0_CD | (c->unrestricted_guest ? CR0_PE | CR0_PG : 0);
	entry_check_fixed_bits(c, "26.3.1.1", "guest CR0", "CR0", cr0, s->caps.cr0_fixed0,
			       s->caps.cr0_fixed1, exempt);
	if ((cr0 & CR0_PG) && !(cr0 & CR0_PE))
		entry_rule_broken(c, "26.3.1.1", "guest CR0.PE must be 1 if CR0.PG is 1: "
				  "CR0 0x%llx", (unsigned long long)cr0);
	entry_check_fixed_bits(c, "26.3.1.1", "guest CR4", "CR4", cr4, s->caps.cr4_fixed0,
			       s->caps.cr4_fixed1, 0);
	bool debug_controls = c->entry & VM_ENTRY_LOAD_DEBUG_CONTROLS;
	if (debug_controls && (s->guest.debugctl & DEBUGCTL_RESERVED))
		entry_rule_broken(c, "26.3.1.1", "with \"load debug controls\", the guest "
				  "IA32_DEBUGCTL must not set reserved bits (5:2, 63:16): "
				  "DEBUGCTL 0x%llx", (unsigned long long)s->guest.debugctl);
	if (c->ia32e_guest && (!(cr0 & CR0_PG) || !(cr4 & CR4_PAE)))
		entry_rule_broken(c, "26.3.1.1", "with \"IA-32e mode guest\", guest CR0.PG and "
				  "CR4.PAE must be 1: CR0 0x%llx, CR4 0x%llx",
				  (unsigned long long)cr0, (unsigned long long)cr4);
	if (!c->ia32e_guest && (cr4 & CR4_PCIDE))
		entry_rule_broken(c, "26.3.1.1", "without \"IA-32e mode guest\", guest CR4.PCIDE "
				  "must be 0: CR4 0x%llx", (unsigned long long)cr4);
	entry_check_cr3(c, "26.3.1.1", "guest CR3", s->guest.cr3);
	if (debug_controls && (s->guest.dr7 >> 32))
		entry_rule_broken(c, "26.3.1.1", "with \"load debug controls\", bits 63:32 of the "
				  "guest DR7 must be 0: DR7 0x%llx", (unsigned long long)s->guest.dr7);
	entry_check_canonical(c, "26.3.1.1", "the guest IA32_SYSENTER_ESP", s->guest.sysenter_esp);
	entry_check_canonical(c, "26.3.1.1", "the guest IA32_SYSENTER_EIP", s->guest.sysenter_eip);
	if (c->entry & VM_ENTRY_LOAD_IA32_PAT)
		entry_check_pat(c, "26.3.1.1", "guest", s->guest.pat);
	if (c->entry & VM_ENTRY_LOAD_IA32_EFER)
		check_efer(c);
}

static void check_rip(struct entry_checker *c)
{
	uint64_t rip = c->s->guest.rip;
	unsigned width = (unsigned)c->s->cpu.linear_width;
	bool long_mode_cs = c->ia32e_guest && (c->s->guest.seg[SEG_CS].ar & AR_L);
	if (!long_mode_cs && (rip >> 32))
		entry_rule_broken(c, "26.3.1.4", "bits 63:32 of the guest RIP must be 0 unless "
				  "\"IA-32e mode guest\" is 1 and CS.L is 1: RIP 0x%llx",
				  (unsigned long long)rip);
	/* Bits 63:N identical, N the linear-address width (not canonical:
	 * bit N-1 may differ). */
	uint64_t upper = width && width < 64 ? rip >> width : 0;
	if (long_mode_cs && upper != 0 && upper != ~0ull >> width)
		entry_rule_broken(c, "26.3.1.4", "bits 63:%u of the guest RIP must be identical in "
				  "64-bit mode: RIP 0x%llx", width, (unsigned long long)rip);
}

static void check_rflags(struct entry_checker *c)
{
	uint64_t rflags = c->s->guest.rflags;
	if (rflags & RFLAGS_RESERVED)
		entry_rule_broken(c, "26.3.1.4", "reserved bits 63:22, 15, 5 and 3 of the guest "
				  "RFLAGS must be 0: RFLAGS 0x%llx", (unsigned long long)rflags);
	if (!(rflags & RFLAGS_FIXED_1))
		entry_rule_broken(c, "26.3.1.4", "RFLAGS bit 1 must be 1: RFLAGS 0x%llx",
				  (unsigned long long)rflags);
	if ((rflags & RFLAGS_VM) && (c->ia32e_guest || !(c->s->guest.cr0 & CR0_PE)))
		entry_rule_broken(c, "26.3.1.4", "RFLAGS.VM must be 0 with \"IA-32e mode guest\" or "
				  "CR0.PE 0: RFLAGS 0x%llx, CR0 0x%llx", (unsigned long long)rflags,
				  (unsigned long long)c->s->guest.cr0);
	if (c->injecting && c->event_type == INTR_TYPE_EXT_INTR && !(rflags & RFLAGS_IF))
		entry_rule_broken(c, "26.3.1.4", "RFLAGS.IF must be 1 to inject an external "
				  "interrupt: RFLAGS 0x%llx", (unsigned long long)rflags);
}

/* 26.3.1.3, 26.3.1.4 */
void entry_checks_tables_rip_rflags(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	entry_check_canonical(c, "26.3.1.3", "the guest GDTR base", s->guest.gdtr_base);
	entry_check_canonical(c, "26.3.1.3", "the guest IDTR base", s->guest.idtr_base);
	if ((s->guest.gdtr_limit | s->guest.idtr_limit) >> 16)
		entry_rule_broken(c, "26.3.1.3", "bits 31:16 of the guest GDTR and IDTR limits must "
				  "be 0: GDTR limit 0x%llx, IDTR limit 0x%llx",
				  (unsigned long long)s->guest.gdtr_limit,
				  (unsigned long long)s->guest.idtr_limit);
	check_rip(c);
	check_rflags(c);
}
