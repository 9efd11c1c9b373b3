/* The checks on the guest's non-register state (SDM vol. 3C 26.3.1.5:
 * activity and interruptibility state, pending debug exceptions, VMCS link
 * pointer) and on its PDPTEs (26.3.1.6). A broken rule fails the entry with
 * exit reason 33. Pure. */
#include "arch/cpu_bits.h"
#include "vmx/entry_checks_rules.h"
#include "vmx/event_rules.h"
#include "vmx/pae.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx.h"

#define PENDING_DBG_ENABLED (1ull << 12)
#define PENDING_DBG_RTM (1ull << 16)
/* Bits 11:4, 13, 15 and 63:17. */
#define PENDING_DBG_RESERVED (0xff0ull | (1ull << 13) | (1ull << 15) | ~0x1ffffull)
#define BLOCKING_STI_MOV_SS (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS)

static const char *const activity_names[] = { "active", "HLT", "shutdown", "wait-for-SIPI" };

/* The events an activity state lets a VM entry inject. */
static bool injection_allowed(unsigned state, unsigned type, unsigned vector)
{
	bool machine_check = type == INTR_TYPE_HARD_EXCEPTION && vector == VECTOR_MC;
	switch (state) {
	case GUEST_ACTIVITY_HLT:
		return type == INTR_TYPE_EXT_INTR || type == INTR_TYPE_NMI || machine_check ||
		       (type == INTR_TYPE_HARD_EXCEPTION && vector == VECTOR_DB) ||
		       (type == INTR_TYPE_OTHER_EVENT && vector == 0);
	case GUEST_ACTIVITY_SHUTDOWN:
		return type == INTR_TYPE_NMI || machine_check;
	case GUEST_ACTIVITY_WAIT_SIPI:
		return false;
	default:
		return true;
	}
}

static void check_activity_state(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	uint64_t state = s->guest.activity_state;
	/* IA32_VMX_MISC bits 6, 7, 8: HLT, shutdown, wait-for-SIPI. */
	if (state > GUEST_ACTIVITY_WAIT_SIPI ||
	    (state != GUEST_ACTIVITY_ACTIVE && !(s->caps.misc & (VMX_MISC_ACTIVITY_HLT << (state - 1)))))
		entry_rule_broken(c, "26.3.1.5", "the activity state must be 0-3 and one "
				  "IA32_VMX_MISC bits 8:6 offers: state %llu, MISC 0x%llx",
				  (unsigned long long)state, (unsigned long long)s->caps.misc);
	if (state > GUEST_ACTIVITY_WAIT_SIPI)
		return;
	if (state == GUEST_ACTIVITY_HLT && AR_DPL(s->guest.seg[SEG_SS].ar) != 0)
		entry_rule_broken(c, "26.3.1.5", "the activity state must not be HLT with SS.DPL "
				  "not 0: SS.DPL %u", AR_DPL(s->guest.seg[SEG_SS].ar));
	if (state != GUEST_ACTIVITY_ACTIVE && (s->guest.interruptibility & BLOCKING_STI_MOV_SS))
		entry_rule_broken(c, "26.3.1.5", "the activity state must be active with blocking by "
				  "STI or MOV SS: state %llu (%s), interruptibility 0x%llx",
				  (unsigned long long)state, activity_names[state],
				  (unsigned long long)s->guest.interruptibility);
	if (c->injecting && !injection_allowed((unsigned)state, c->event_type, c->event_vector))
		entry_rule_broken(c, "26.3.1.5", "the injected event must be one the %s activity "
				  "state lets through: type %u, vector %u", activity_names[state],
				  c->event_type, c->event_vector);
	if ((c->entry & VM_ENTRY_SMM) && state == GUEST_ACTIVITY_WAIT_SIPI)
		entry_rule_broken(c, "26.3.1.5", "the activity state must not be wait-for-SIPI with "
				  "\"entry to SMM\"");
}

static void check_interruptibility(struct entry_checker *c)
{
	uint32_t blocking = (uint32_t)c->s->guest.interruptibility;
	bool nmi = c->injecting && c->event_type == INTR_TYPE_NMI;
	if (c->s->guest.interruptibility >> 5)
		entry_rule_broken(c, "26.3.1.5", "reserved bits 31:5 of the interruptibility state "
				  "must be 0: 0x%llx", (unsigned long long)c->s->guest.interruptibility);
	if ((blocking & BLOCKING_STI_MOV_SS) == BLOCKING_STI_MOV_SS)
		entry_rule_broken(c, "26.3.1.5", "the interruptibility state must not show blocking "
				  "by both STI and MOV SS: 0x%x", blocking);
	if ((blocking & INTERRUPTIBILITY_STI) && !(c->s->guest.rflags & RFLAGS_IF))
		entry_rule_broken(c, "26.3.1.5", "blocking by STI must be 0 when RFLAGS.IF is 0: "
				  "interruptibility 0x%x, RFLAGS 0x%llx", blocking,
				  (unsigned long long)c->s->guest.rflags);
	if (c->injecting && c->event_type == INTR_TYPE_EXT_INTR && (blocking & BLOCKING_STI_MOV_SS))
		entry_rule_broken(c, "26.3.1.5", "blocking by STI and by MOV SS must be 0 to inject "
				  "an external interrupt: interruptibility 0x%x", blocking);
	if (nmi && (blocking & INTERRUPTIBILITY_MOV_SS))
		entry_rule_broken(c, "26.3.1.5", "blocking by MOV SS must be 0 to inject an NMI: "
				  "interruptibility 0x%x", blocking);
	/* The hypervisor never runs in SMM. */
	if (blocking & INTERRUPTIBILITY_SMI)
		entry_rule_broken(c, "26.3.1.5", "blocking by SMI must be 0 outside SMM: "
				  "interruptibility 0x%x", blocking);
	if ((c->entry & VM_ENTRY_SMM) && !(blocking & INTERRUPTIBILITY_SMI))
		entry_rule_broken(c, "26.3.1.5", "blocking by SMI must be 1 with \"entry to SMM\": "
				  "interruptibility 0x%x", blocking);
	if (nmi && (c->pin & PIN_BASED_VIRTUAL_NMIS) && (blocking & INTERRUPTIBILITY_NMI))
		entry_rule_broken(c, "26.3.1.5", "blocking by NMI must be 0 to inject an NMI with "
				  "\"virtual NMIs\": interruptibility 0x%x", blocking);
	if ((blocking & INTERRUPTIBILITY_ENCLAVE) && (blocking & INTERRUPTIBILITY_MOV_SS))
		entry_rule_broken(c, "26.3.1.5", "blocking by MOV SS must be 0 with an enclave "
				  "interruption (bit 4): interruptibility 0x%x", blocking);
}

static void check_pending_debug(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	uint64_t pending = s->guest.pending_debug;
	bool blocked = (s->guest.interruptibility & BLOCKING_STI_MOV_SS) ||
		       s->guest.activity_state == GUEST_ACTIVITY_HLT;
	bool single_step = (s->guest.rflags & RFLAGS_TF) && !(s->guest.debugctl & DEBUGCTL_BTF);
	if (pending & PENDING_DBG_RESERVED)
		entry_rule_broken(c, "26.3.1.5", "bits 11:4, 13, 15 and 63:17 of the pending debug "
				  "exceptions must be 0: 0x%llx", (unsigned long long)pending);
	if (blocked && single_step != ((pending & PENDING_DBG_BS) != 0))
		entry_rule_broken(c, "26.3.1.5", "with blocking by STI or MOV SS or in HLT, the BS "
				  "bit (14) of the pending debug exceptions must be %u (RFLAGS.TF %u, "
				  "DEBUGCTL.BTF %u): pending 0x%llx", single_step,
				  (unsigned)((s->guest.rflags & RFLAGS_TF) != 0),
				  (unsigned)((s->guest.debugctl & DEBUGCTL_BTF) != 0),
				  (unsigned long long)pending);
	if ((pending & PENDING_DBG_RTM) &&
	    ((pending & ~(PENDING_DBG_RTM | PENDING_DBG_ENABLED | PENDING_DBG_BS)) ||
	     (pending & PENDING_DBG_BS) || !(pending & PENDING_DBG_ENABLED) ||
	     (s->guest.interruptibility & INTERRUPTIBILITY_MOV_SS)))
		entry_rule_broken(c, "26.3.1.5", "with the RTM bit (16) of the pending debug "
				  "exceptions, bit 12 must be the only other one set and blocking by "
				  "MOV SS must be 0: pending 0x%llx, interruptibility 0x%llx",
				  (unsigned long long)pending,
				  (unsigned long long)s->guest.interruptibility);
}

static void check_link_pointer(struct entry_checker *c)
{
	uint64_t link = c->s->guest.link_pointer;
	unsigned width = entry_phys_width(c);
	if (link == ~0ull)
		return;
	if ((link & 0xfff) || bits_from(link, width))
		entry_rule_broken(c, "26.3.1.5", "a VMCS link pointer other than FFFFFFFF_FFFFFFFFH "
				  "must be 4-KiB aligned within the physical-address width (%u): "
				  "0x%llx", width, (unsigned long long)link);
	if (link == c->s->cpu.vmcs_pointer)
		entry_rule_broken(c, "26.3.1.5", "the VMCS link pointer must not be the current-VMCS "
				  "pointer: 0x%llx", (unsigned long long)link);
}

/* 26.3.1.6: an entry to PAE paging with EPT checks the PDPTE fields as a MOV
 * to CR3 would check the PDPTEs (vol. 3A 4.4.1). */
static void check_pdptes(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	bool pae = (s->guest.cr0 & CR0_PG) && (s->guest.cr4 & CR4_PAE) && !c->ia32e_guest;
	if (!pae || !(c->secondary & SECONDARY_EXEC_ENABLE_EPT))
		return;
	for (unsigned i = 0; i < 4; i++) {
		uint64_t one[4] = { s->guest.pdpte[i], 0, 0, 0 };
		if (!pae_pdptes_valid(one, (unsigned)s->cpu.maxphyaddr))
			entry_rule_broken(c, "26.3.1.6", "with EPT and PAE paging, a present guest PDPTE "
					  "must not set reserved bits: PDPTE%u 0x%llx", i,
					  (unsigned long long)s->guest.pdpte[i]);
	}
}

void entry_checks_non_register(struct entry_checker *c)
{
	check_activity_state(c);
	check_interruptibility(c);
	check_pending_debug(c);
	check_link_pointer(c);
	check_pdptes(c);
}
