/* The model of the VM-entry checks (vmx/entry_checks.h): a snapshot taken
 * from a real entry breaks no rule; each case below changes it so that it
 * breaks exactly one rule, and the model must report exactly that one, by
 * section and a phrase of its words. A case may first put the snapshot in
 * another valid state (64-bit guest, virtual-8086 guest, ...). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "arch/cpu_bits.h"
#include "tests/unit/snapshot_bochs.h"
#include "tests/unit/unit.h"
#include "vmx/entry_checks.h"
#include "vmx/event_rules.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx.h"

#define MAX_FINDINGS 24
#define MAX_CHANGES 8
#define RFLAGS_VM (1ull << 17)
#define EXT_INTR(vector) INTR_INFO_EVENT(INTR_TYPE_EXT_INTR, vector)
#define HW_EXCEPTION(vector) INTR_INFO_EVENT(INTR_TYPE_HARD_EXCEPTION, vector)
#define NMI INTR_INFO_EVENT(INTR_TYPE_NMI, VECTOR_NMI)
#define NON_CANONICAL (1ull << 47)

static const struct vmcs_snapshot *const V = &bochs_skylake_x_snapshot;

struct findings {
	unsigned n;
	struct entry_check_finding f[MAX_FINDINGS];
};

static void collect(const struct entry_check_finding *f, void *ctx)
{
	struct findings *r = ctx;
	if (r->n < MAX_FINDINGS)
		r->f[r->n] = *f;
	r->n++;
}

static unsigned run(const struct vmcs_snapshot *s, struct findings *r)
{
	memset(r, 0, sizeof(*r));
	unsigned n = entry_checks_run(s, collect, r);
	CHECK(n == r->n);
	return n;
}

static void print_findings(const struct findings *r)
{
	for (unsigned i = 0; i < r->n && i < MAX_FINDINGS; i++)
		printf("      %s: %s\n", r->f[i].section, r->f[i].text);
}

/* One member of the snapshot set to a value (offset + 1: 0 ends the list). */
struct change {
	size_t offset_plus_1;
	uint64_t value;
};
#define SET(member, v) { offsetof(struct vmcs_snapshot, member) + 1, (v) }

struct rule_case {
	const char *section;
	const char *phrase;                     /* in the words of the rule */
	void (*prepare)(struct vmcs_snapshot *s);       /* another valid state, or NULL */
	struct change set[MAX_CHANGES];
};

static void apply(struct vmcs_snapshot *s, const struct rule_case *c)
{
	if (c->prepare)
		c->prepare(s);
	for (unsigned i = 0; i < MAX_CHANGES && c->set[i].offset_plus_1; i++)
		*(uint64_t *)((char *)s + c->set[i].offset_plus_1 - 1) = c->set[i].value;
}

/* Exactly one rule broken: the case's. */
static void check_cases(const struct rule_case *cases, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		struct vmcs_snapshot s = *V;
		struct findings r;
		apply(&s, &cases[i]);
		unsigned n = run(&s, &r);
		bool ok = n == 1 && !strcmp(r.f[0].section, cases[i].section) &&
			  strstr(r.f[0].text, cases[i].phrase);
		if (!ok) {
			printf("    case %s \"%s\": %u rules broken\n", cases[i].section,
			       cases[i].phrase, n);
			print_findings(&r);
		}
		CHECK(ok);
	}
}

#define CHECK_CASES(cases) check_cases(cases, sizeof(cases) / sizeof(cases[0]))

/* Valid states of other modes. */
static void long_mode(struct vmcs_snapshot *s)
{
	s->controls.entry |= VM_ENTRY_IA32E_MODE;
	s->guest.cr0 |= CR0_PG;
	s->guest.cr4 |= CR4_PAE;
	s->guest.efer = EFER_LMA | EFER_LME;
}

static void virtual_8086(struct vmcs_snapshot *s)
{
	s->guest.rflags |= RFLAGS_VM;
	for (unsigned i = SEG_ES; i <= SEG_GS; i++) {
		s->guest.seg[i].base = s->guest.seg[i].selector << 4;
		s->guest.seg[i].limit = 0xffff;
		s->guest.seg[i].ar = 0xf3;
	}
}

/* Without "unrestricted guest", CR0.PG and PE must be 1 (IA32_VMX_CR0_FIXED0). */
static void restricted_guest(struct vmcs_snapshot *s)
{
	s->controls.secondary &= ~SECONDARY_EXEC_UNRESTRICTED_GUEST;
	s->guest.cr0 |= CR0_PG;
}

/* The processor outside IA-32e mode, a 32-bit host. */
static void legacy_host(struct vmcs_snapshot *s)
{
	s->cpu.efer = 0;
	s->controls.exit &= ~VM_EXIT_HOST_ADDR_SPACE_SIZE;
	s->host.efer = 0;
}

static void tpr_shadow(struct vmcs_snapshot *s)
{
	s->controls.primary |= CPU_BASED_TPR_SHADOW;
}

/* Posted interrupts need their control allowed, virtual-interrupt
 * delivery (TPR shadow, external-interrupt exiting) and acknowledge
 * interrupt on exit. */
static void posted_interrupts(struct vmcs_snapshot *s)
{
	tpr_shadow(s);
	s->caps.pin |= (uint64_t)PIN_BASED_POSTED_INTR << 32;
	s->controls.pin |= PIN_BASED_POSTED_INTR | PIN_BASED_EXT_INTR_MASK;
	s->controls.secondary |= SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY;
	s->controls.exit |= VM_EXIT_ACK_INTR_ON_EXIT;
}

static void taken_from_a_real_entry_breaks_nothing(void)
{
	struct findings r;
	CHECK(run(V, &r) == 0);
	print_findings(&r);
}

static void other_valid_states_break_nothing(void)
{
	void (*const states[])(struct vmcs_snapshot *) = {
		long_mode, virtual_8086, restricted_guest, legacy_host, tpr_shadow,
		posted_interrupts,
	};
	for (unsigned i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		struct vmcs_snapshot s = *V;
		struct findings r;
		states[i](&s);
		CHECK(run(&s, &r) == 0);
		print_findings(&r);
	}
}

/* Bits the rules leave unchecked: CR0.PE and PG with "unrestricted guest",
 * CR0.NW and CD always; and what the SDM allows beside the rules. */
static void exemptions(void)
{
	const struct rule_case allowed[] = {
		{ "", "", NULL, { SET(guest.cr0, V->guest.cr0 & ~(CR0_PE | CR0_PG)) } },
		{ "", "", NULL, { SET(guest.cr0, V->guest.cr0 | CR0_CD | CR0_NW),
				  SET(host.cr0, V->host.cr0 | CR0_CD | CR0_NW) } },
		{ "", "", NULL, { SET(guest.seg[SEG_DS].ar, AR_UNUSABLE | 0xc092) } },
		{ "", "", NULL, { SET(guest.seg[SEG_SS].ar, AR_UNUSABLE) } },
		{ "", "", NULL, { SET(guest.seg[SEG_CS].ar, 0xc093) } },   /* type 3 with UG */
		{ "", "", long_mode, { SET(guest.seg[SEG_CS].ar, 0xa09b),
				       SET(guest.rip, 0xffff800000001000ull) } },
		{ "", "", NULL, { SET(controls.entry_intr_info, HW_EXCEPTION(VECTOR_GP)),
				  SET(guest.cr0, V->guest.cr0 & ~CR0_PE) } },   /* real mode */
	};
	for (unsigned i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		struct vmcs_snapshot s = *V;
		struct findings r;
		apply(&s, &allowed[i]);
		CHECK(run(&s, &r) == 0);
		print_findings(&r);
	}
}

static void execution_controls(void)
{
	const uint64_t eptp = V->controls.ept_pointer;
	const struct rule_case cases[] = {
		{ "26.2.1.1", "pin-based VM-execution controls must be set as "
			      "IA32_VMX_TRUE_PINBASED_CTLS allows: bit 1 (reserved) must be 1",
		  NULL, { SET(controls.pin, V->controls.pin & ~2u) } },
		{ "26.2.1.1", "pin-based VM-execution controls must be set as "
			      "IA32_VMX_TRUE_PINBASED_CTLS allows: bit 8 (reserved) must be 0",
		  NULL, { SET(controls.pin, V->controls.pin | 1u << 8) } },
		{ "26.2.1.1", "primary processor-based VM-execution controls must be set as "
			      "IA32_VMX_TRUE_PROCBASED_CTLS allows: bit 1 (reserved) must be 1",
		  NULL, { SET(controls.primary, V->controls.primary & ~2u) } },
		{ "26.2.1.1", "IA32_VMX_TRUE_PROCBASED_CTLS allows: bit 27 (monitor trap flag) "
			      "must be 0",
		  NULL, { SET(controls.primary, V->controls.primary | CPU_BASED_MONITOR_TRAP_FLAG) } },
		{ "26.2.1.1", "secondary processor-based VM-execution controls must be set as "
			      "IA32_VMX_PROCBASED_CTLS2 allows: bit 15 (reserved) must be 0",
		  NULL, { SET(controls.secondary, V->controls.secondary | 1u << 15) } },
		{ "26.2.1.1", "the CR3-target count must not be greater than 4",
		  NULL, { SET(controls.cr3_target_count, 5) } },
		{ "26.2.1.1", "bits 11:0 of the I/O-bitmap A address must be 0",
		  NULL, { SET(controls.io_bitmap_a, V->controls.io_bitmap_a | 0x800) } },
		{ "26.2.1.1", "the I/O-bitmap B address must not set bits beyond the "
			      "physical-address width (40)",
		  NULL, { SET(controls.io_bitmap_b, V->controls.io_bitmap_b | 1ull << 40) } },
		{ "26.2.1.1", "bits 11:0 of the MSR-bitmap address must be 0",
		  NULL, { SET(controls.msr_bitmap, V->controls.msr_bitmap | 8) } },
		{ "26.2.1.1", "the MSR-bitmap address must not set bits beyond the physical-address "
			      "width (32)",
		  NULL, { SET(controls.msr_bitmap, 1ull << 32),
			  SET(caps.basic, V->caps.basic | VMX_BASIC_PHYS_ADDR_32) } },
		{ "26.2.1.1", "\"virtual NMIs\" must be 0 when \"NMI exiting\" is 0",
		  NULL, { SET(controls.pin, V->controls.pin & ~PIN_BASED_NMI_EXITING) } },
		{ "26.2.1.1", "\"NMI-window exiting\" must be 0 when \"virtual NMIs\" is 0",
		  NULL, { SET(controls.pin, V->controls.pin & ~PIN_BASED_VIRTUAL_NMIS),
			  SET(controls.primary, V->controls.primary | CPU_BASED_NMI_WINDOW_EXITING) } },
		{ "26.2.1.1", "\"virtualize x2APIC mode\" must be 0 when \"use TPR shadow\" is 0",
		  NULL, { SET(controls.secondary,
			      V->controls.secondary | SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE) } },
		{ "26.2.1.1", "\"APIC-register virtualization\" must be 0 when \"use TPR shadow\" is 0",
		  NULL, { SET(controls.secondary,
			      V->controls.secondary | SECONDARY_EXEC_APIC_REGISTER_VIRT) } },
		{ "26.2.1.1", "\"virtual-interrupt delivery\" must be 0 when \"use TPR shadow\" is 0",
		  NULL, { SET(controls.secondary,
			      V->controls.secondary | SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY),
			  SET(controls.pin, V->controls.pin | PIN_BASED_EXT_INTR_MASK) } },
		{ "26.2.1.1", "\"virtualize APIC accesses\" must be 0 when \"virtualize x2APIC mode\" "
			      "is 1",
		  tpr_shadow, { SET(controls.secondary, V->controls.secondary |
						      SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
						      SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES) } },
		{ "26.2.1.1", "\"external-interrupt exiting\" must be 1 when "
			      "\"virtual-interrupt delivery\" is 1",
		  tpr_shadow, { SET(controls.secondary, V->controls.secondary |
						      SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY) } },
		{ "26.2.1.1", "\"virtual-interrupt delivery\" must be 1 when "
			      "\"process posted interrupts\" is 1",
		  posted_interrupts, { SET(controls.secondary, V->controls.secondary) } },
		{ "26.2.1.1", "\"acknowledge interrupt on exit\" must be 1 when "
			      "\"process posted interrupts\" is 1",
		  posted_interrupts, { SET(controls.exit, V->controls.exit) } },
		{ "26.2.1.1", "\"enable EPT\" must be 1 when \"enable PML\" is 1",
		  restricted_guest, { SET(controls.secondary,
					  (V->controls.secondary | SECONDARY_EXEC_ENABLE_PML) &
						  ~(SECONDARY_EXEC_ENABLE_EPT |
						    SECONDARY_EXEC_UNRESTRICTED_GUEST)) } },
		{ "26.2.1.1", "\"enable EPT\" must be 1 when \"unrestricted guest\" is 1",
		  NULL, { SET(controls.secondary,
			      V->controls.secondary & ~SECONDARY_EXEC_ENABLE_EPT) } },
		{ "26.2.1.1", "with \"enable VPID\" the VPID must not be 0000H",
		  NULL, { SET(controls.vpid, 0) } },
		{ "26.2.1.1", "the EPT memory type (EPTP bits 2:0) must be one "
			      "IA32_VMX_EPT_VPID_CAP offers",
		  NULL, { SET(controls.ept_pointer, (eptp & ~7ull) | 1) } },
		{ "26.2.1.1", "EPTP bits 5:3 must be 3 (a page-walk length of 4)",
		  NULL, { SET(controls.ept_pointer, (eptp & ~0x38ull) | 2 << 3) } },
		{ "26.2.1.1", "EPTP bit 6 (accessed and dirty flags) must be 0 when "
			      "IA32_VMX_EPT_VPID_CAP bit 21 is 0",
		  NULL, { SET(controls.ept_pointer, eptp | 0x40),
			  SET(caps.ept_vpid, V->caps.ept_vpid & ~EPT_CAP_ACCESSED_DIRTY) } },
		{ "26.2.1.1", "EPTP bits 11:7 and 63:40 (the physical-address width) are reserved",
		  NULL, { SET(controls.ept_pointer, eptp | 0x100) } },
		{ "26.2.1.1", "EPTP bits 11:7 and 63:40 (the physical-address width) are reserved",
		  NULL, { SET(controls.ept_pointer, eptp | 1ull << 40) } },
	};
	CHECK_CASES(cases);
}

static void exit_and_entry_controls(void)
{
	const struct rule_case cases[] = {
		{ "26.2.1.2", "VM-exit controls must be set as IA32_VMX_TRUE_EXIT_CTLS allows: "
			      "bit 0 (reserved) must be 1",
		  NULL, { SET(controls.exit, V->controls.exit & ~1u) } },
		{ "26.2.1.2", "IA32_VMX_TRUE_EXIT_CTLS allows: bit 23 (reserved) must be 0",
		  NULL, { SET(controls.exit, V->controls.exit | 1u << 23) } },
		{ "26.2.1.2", "\"save VMX-preemption timer value\" must be 0 when "
			      "\"activate VMX-preemption timer\" is 0",
		  NULL, { SET(controls.exit, V->controls.exit | VM_EXIT_SAVE_VMX_PREEMPTION_TIMER) } },
		{ "26.2.1.2", "the lower 4 bits of the VM-exit MSR-store address must be 0",
		  NULL, { SET(controls.exit_msr_store_count, 1),
			  SET(controls.exit_msr_store_addr, 0x1008) } },
		{ "26.2.1.2", "the VM-exit MSR-store area must lie within the physical-address width",
		  NULL, { SET(controls.exit_msr_store_count, 1),
			  SET(controls.exit_msr_store_addr, 1ull << 40) } },
		{ "26.2.1.2", "the lower 4 bits of the VM-exit MSR-load address must be 0",
		  NULL, { SET(controls.exit_msr_load_count, 3),
			  SET(controls.exit_msr_load_addr, 0x2004) } },
		{ "26.2.1.2", "the VM-exit MSR-load area must lie within the physical-address width "
			      "(40): address 0xfffffffff0, 2 entries",
		  NULL, { SET(controls.exit_msr_load_count, 2),
			  SET(controls.exit_msr_load_addr, (1ull << 40) - 16) } },
		{ "26.2.1.3", "VM-entry controls must be set as IA32_VMX_TRUE_ENTRY_CTLS allows: "
			      "bit 0 (reserved) must be 1",
		  NULL, { SET(controls.entry, V->controls.entry & ~1u) } },
		{ "26.2.1.3", "IA32_VMX_TRUE_ENTRY_CTLS allows: bit 16 (reserved) must be 0",
		  NULL, { SET(controls.entry, V->controls.entry | 1u << 16) } },
		{ "26.2.1.3", "the lower 4 bits of the VM-entry MSR-load address must be 0",
		  NULL, { SET(controls.entry_msr_load_count, 1),
			  SET(controls.entry_msr_load_addr, 0x3001) } },
		{ "26.2.1.3", "the VM-entry MSR-load area must lie within the physical-address width",
		  NULL, { SET(controls.entry_msr_load_count, 1),
			  SET(controls.entry_msr_load_addr, 1ull << 41) } },
		{ "26.2.1.3", "outside SMM the VM-entry controls \"entry to SMM\" and \"deactivate "
			      "dual-monitor treatment\" must be 0",
		  NULL, { SET(controls.entry, V->controls.entry | VM_ENTRY_DEACT_DUAL_MONITOR) } },
	};
	CHECK_CASES(cases);
}

static void event_injection(void)
{
	const struct rule_case cases[] = {
		{ "26.2.1.3", "the interruption type must not be reserved (1; 7 without the "
			      "\"monitor trap flag\" control): type 1",
		  NULL, { SET(controls.entry_intr_info, INTR_INFO_EVENT(1, 0)) } },
		{ "26.2.1.3", "the interruption type must not be reserved (1; 7 without the "
			      "\"monitor trap flag\" control): type 7",
		  NULL, { SET(controls.entry_intr_info, INTR_INFO_EVENT(INTR_TYPE_OTHER_EVENT, 0)) } },
		{ "26.2.1.3", "the vector must fit the interruption type (NMI: 2",
		  NULL, { SET(controls.entry_intr_info, INTR_INFO_EVENT(INTR_TYPE_NMI, 3)) } },
		{ "26.2.1.3", "the vector must fit the interruption type",
		  NULL, { SET(controls.entry_intr_info, INTR_INFO_EVENT(INTR_TYPE_HARD_EXCEPTION, 32)) } },
		{ "26.2.1.3", "the deliver-error-code bit (bit 11) must be 1 for type 3, vector 13",
		  NULL, { SET(controls.entry_intr_info, HW_EXCEPTION(VECTOR_GP)) } },
		{ "26.2.1.3", "the deliver-error-code bit (bit 11) must be 0 for type 3, vector 6",
		  NULL, { SET(controls.entry_intr_info, HW_EXCEPTION(VECTOR_UD) |
							 INTR_INFO_DELIVER_CODE) } },
		{ "26.2.1.3", "the deliver-error-code bit (bit 11) must be 0 for type 3, vector 13 "
			      "with CR0.PE 0",
		  NULL, { SET(controls.entry_intr_info, HW_EXCEPTION(VECTOR_GP) |
							 INTR_INFO_DELIVER_CODE),
			  SET(guest.cr0, V->guest.cr0 & ~CR0_PE) } },
		{ "26.2.1.3", "with bit 11 set, bits 31:16 of the VM-entry exception error code must "
			      "be 0: error code 0x10000",
		  NULL, { SET(controls.entry_intr_info, HW_EXCEPTION(VECTOR_GP) |
							 INTR_INFO_DELIVER_CODE),
			  SET(controls.entry_exception_error_code, 0x10000) } },
		{ "26.2.1.3", "reserved bits 30:12 of the VM-entry interruption information must be 0",
		  NULL, { SET(controls.entry_intr_info, HW_EXCEPTION(VECTOR_GP) |
							 INTR_INFO_DELIVER_CODE | 1u << 12) } },
		{ "26.2.1.3", "a software interrupt or exception needs a VM-entry instruction length "
			      "of 1-15",
		  NULL, { SET(controls.entry_intr_info, INTR_INFO_EVENT(INTR_TYPE_SOFT_INTR, 0x80)),
			  SET(controls.entry_instruction_length, 16) } },
		{ "26.2.1.3", "a software interrupt or exception needs a VM-entry instruction length "
			      "of 1-15 (0 only with IA32_VMX_MISC[30]): type 6, length 0",
		  NULL, { SET(controls.entry_intr_info,
			      INTR_INFO_EVENT(INTR_TYPE_SOFT_EXCEPTION, VECTOR_BP)),
			  SET(caps.misc, V->caps.misc & ~VMX_MISC_ZERO_LENGTH_INJECTION) } },
	};
	CHECK_CASES(cases);
}

static void host_state(void)
{
	const struct rule_case cases[] = {
		{ "26.2.2", "host CR0 must set the bits IA32_VMX_CR0_FIXED0 sets (23.8): bits 0x20",
		  NULL, { SET(host.cr0, V->host.cr0 & ~CR0_NE) } },
		{ "26.2.2", "host CR0 must clear the bits IA32_VMX_CR0_FIXED1 clears (23.8): "
			    "bits 0x100000000",
		  NULL, { SET(host.cr0, V->host.cr0 | 1ull << 32) } },
		{ "26.2.2", "host CR4 must set the bits IA32_VMX_CR4_FIXED0 sets (23.8): bits 0x2000",
		  NULL, { SET(host.cr4, V->host.cr4 & ~CR4_VMXE) } },
		{ "26.2.2", "host CR4 must clear the bits IA32_VMX_CR4_FIXED1 clears (23.8): "
			    "bits 0x1000",
		  NULL, { SET(host.cr4, V->host.cr4 | 1u << 12) } },
		{ "26.2.2", "host CR3 must not set bits 63:40 (beyond the physical-address width)",
		  NULL, { SET(host.cr3, V->host.cr3 | 1ull << 45) } },
		{ "26.2.2", "the host IA32_SYSENTER_ESP must be canonical (48-bit linear addresses)",
		  NULL, { SET(host.sysenter_esp, NON_CANONICAL) } },
		{ "26.2.2", "the host IA32_SYSENTER_EIP must be canonical",
		  NULL, { SET(host.sysenter_eip, 0xfffe000000000000ull) } },
		{ "26.2.2", "each byte of the host IA32_PAT field must be a memory type (0, 1, 4, 5, "
			    "6, 7): byte 0 is 2",
		  NULL, { SET(host.pat, (V->host.pat & ~0xffull) | 2) } },
		{ "26.2.2", "the host IA32_EFER must not set reserved bits: bits 0x2",
		  NULL, { SET(host.efer, V->host.efer | 2) } },
		{ "26.2.2", "the host EFER.LMA and EFER.LME must each equal \"host address-space "
			    "size\" (1)",
		  NULL, { SET(host.efer, V->host.efer & ~EFER_LME) } },
		{ "26.2.3", "the RPL and TI (bits 2:0) of the host DS selector must be 0",
		  NULL, { SET(host.selector[SEG_DS], V->host.selector[SEG_DS] | 3) } },
		{ "26.2.3", "the RPL and TI (bits 2:0) of the host TR selector must be 0",
		  NULL, { SET(host.selector[HOST_SEG_TR], V->host.selector[HOST_SEG_TR] | 4) } },
		{ "26.2.3", "the host CS selector must not be 0000H",
		  NULL, { SET(host.selector[SEG_CS], 0) } },
		{ "26.2.3", "the host TR selector must not be 0000H",
		  NULL, { SET(host.selector[HOST_SEG_TR], 0) } },
		{ "26.2.3", "the host SS selector must not be 0000H with \"host address-space size\" 0",
		  legacy_host, { SET(host.selector[SEG_SS], 0) } },
		{ "26.2.3", "the host FS base must be canonical",
		  NULL, { SET(host.fs_base, NON_CANONICAL) } },
		{ "26.2.3", "the host TR base must be canonical",
		  NULL, { SET(host.tr_base, NON_CANONICAL) } },
		{ "26.2.4", "\"host address-space size\" must be 0 with the processor outside IA-32e "
			    "mode",
		  NULL, { SET(cpu.efer, 0) } },
		{ "26.2.4", "\"host address-space size\" must be 1 with the processor in IA-32e mode",
		  NULL, { SET(controls.exit, V->controls.exit & ~VM_EXIT_HOST_ADDR_SPACE_SIZE),
			  SET(host.efer, 0) } },
		{ "26.2.4", "\"IA-32e mode guest\" must be 0 with the processor outside IA-32e mode or "
			    "\"host address-space size\" 0",
		  long_mode, { SET(cpu.efer, 0),
			       SET(controls.exit, V->controls.exit & ~VM_EXIT_HOST_ADDR_SPACE_SIZE),
			       SET(host.efer, 0) } },
		{ "26.2.4", "host CR4.PCIDE must be 0 with \"host address-space size\" 0",
		  legacy_host, { SET(host.cr4, V->host.cr4 | CR4_PCIDE) } },
		{ "26.2.4", "bits 63:32 of the host RIP must be 0 with \"host address-space size\" 0",
		  legacy_host, { SET(host.rip, V->host.rip | 1ull << 32) } },
		{ "26.2.4", "host CR4.PAE must be 1 with \"host address-space size\" 1",
		  NULL, { SET(host.cr4, V->host.cr4 & ~CR4_PAE) } },
		{ "26.2.4", "with \"host address-space size\" 1, the host RIP must be canonical",
		  NULL, { SET(host.rip, NON_CANONICAL) } },
	};
	CHECK_CASES(cases);
}

static void guest_control_registers(void)
{
	const struct rule_case cases[] = {
		{ "26.3.1.1", "guest CR0 must set the bits IA32_VMX_CR0_FIXED0 sets (23.8): bits 0x20",
		  NULL, { SET(guest.cr0, V->guest.cr0 & ~CR0_NE) } },
		{ "26.3.1.1", "guest CR0 must set the bits IA32_VMX_CR0_FIXED0 sets (23.8): "
			      "bits 0x80000000",
		  NULL, { SET(controls.secondary,
			      V->controls.secondary & ~SECONDARY_EXEC_UNRESTRICTED_GUEST) } },
		{ "26.3.1.1", "guest CR0 must clear the bits IA32_VMX_CR0_FIXED1 clears (23.8)",
		  NULL, { SET(guest.cr0, V->guest.cr0 | 1ull << 32) } },
		{ "26.3.1.1", "guest CR0.PE must be 1 if CR0.PG is 1",
		  NULL, { SET(guest.cr0, (V->guest.cr0 | CR0_PG) & ~CR0_PE) } },
		{ "26.3.1.1", "guest CR4 must set the bits IA32_VMX_CR4_FIXED0 sets",
		  NULL, { SET(guest.cr4, V->guest.cr4 & ~CR4_VMXE) } },
		{ "26.3.1.1", "guest CR4 must clear the bits IA32_VMX_CR4_FIXED1 clears",
		  NULL, { SET(guest.cr4, V->guest.cr4 | 1u << 12) } },
		{ "26.3.1.1", "the guest IA32_DEBUGCTL must not set reserved bits (5:2, 63:16)",
		  NULL, { SET(guest.debugctl, 1u << 2) } },
		{ "26.3.1.1", "with \"IA-32e mode guest\", guest CR0.PG and CR4.PAE must be 1",
		  long_mode, { SET(guest.cr4, V->guest.cr4) } },
		{ "26.3.1.1", "without \"IA-32e mode guest\", guest CR4.PCIDE must be 0",
		  NULL, { SET(guest.cr4, V->guest.cr4 | CR4_PCIDE) } },
		{ "26.3.1.1", "guest CR3 must not set bits 63:40",
		  NULL, { SET(guest.cr3, 1ull << 40) } },
		{ "26.3.1.1", "bits 63:32 of the guest DR7 must be 0",
		  NULL, { SET(guest.dr7, V->guest.dr7 | 1ull << 32) } },
		{ "26.3.1.1", "the guest IA32_SYSENTER_ESP must be canonical",
		  NULL, { SET(guest.sysenter_esp, NON_CANONICAL) } },
		{ "26.3.1.1", "the guest IA32_SYSENTER_EIP must be canonical",
		  NULL, { SET(guest.sysenter_eip, NON_CANONICAL) } },
		{ "26.3.1.1", "each byte of the guest IA32_PAT field must be a memory type (0, 1, 4, "
			      "5, 6, 7): byte 3 is 3",
		  NULL, { SET(guest.pat, 0x0007040603070406ull) } },
		{ "26.3.1.1", "the guest IA32_EFER must not set reserved bits: bits 0x4",
		  NULL, { SET(guest.efer, 4) } },
		{ "26.3.1.1", "the guest EFER.LMA must equal \"IA-32e mode guest\" (0)",
		  NULL, { SET(guest.efer, EFER_LMA) } },
		{ "26.3.1.1", "with \"load IA32_EFER\" and CR0.PG 1, the guest EFER.LME must equal "
			      "EFER.LMA",
		  NULL, { SET(guest.cr0, V->guest.cr0 | CR0_PG), SET(guest.efer, EFER_LME) } },
	};
	CHECK_CASES(cases);
}

static void guest_segments(void)
{
	const struct rule_case cases[] = {
		{ "26.3.1.2", "the TI flag (bit 2) of the TR selector must be 0",
		  NULL, { SET(guest.seg[SEG_TR].selector, 4) } },
		{ "26.3.1.2", "the TI flag (bit 2) of the LDTR selector must be 0 when LDTR is usable",
		  NULL, { SET(guest.seg[SEG_LDTR].selector, 4), SET(guest.seg[SEG_LDTR].ar, 0x82) } },
		{ "26.3.1.2", "the RPL of SS must equal the RPL of CS without \"unrestricted guest\"",
		  restricted_guest, { SET(guest.seg[SEG_SS].selector, V->guest.seg[SEG_SS].selector | 3),
				      SET(guest.seg[SEG_SS].ar, 0xc0f3),
				      SET(guest.seg[SEG_CS].ar, 0xc0fb) } },
		{ "26.3.1.2", "the ES base must be its selector shifted left by 4 in virtual-8086 mode",
		  virtual_8086, { SET(guest.seg[SEG_ES].base, 0x10) } },
		{ "26.3.1.2", "the FS limit must be FFFFH in virtual-8086 mode",
		  virtual_8086, { SET(guest.seg[SEG_FS].limit, 0xfffff) } },
		{ "26.3.1.2", "the GS access rights must be F3H in virtual-8086 mode",
		  virtual_8086, { SET(guest.seg[SEG_GS].ar, 0xf2) } },
		{ "26.3.1.2", "the FS base must be canonical",
		  NULL, { SET(guest.seg[SEG_FS].base, NON_CANONICAL),
			  SET(guest.seg[SEG_FS].ar, AR_UNUSABLE) } },
		{ "26.3.1.2", "the TR base must be canonical",
		  NULL, { SET(guest.seg[SEG_TR].base, NON_CANONICAL) } },
		{ "26.3.1.2", "the LDTR base must be canonical",
		  NULL, { SET(guest.seg[SEG_LDTR].base, NON_CANONICAL),
			  SET(guest.seg[SEG_LDTR].ar, 0x82) } },
		{ "26.3.1.2", "bits 63:32 of the CS base must be 0: base 0x100000000",
		  NULL, { SET(guest.seg[SEG_CS].base, 1ull << 32) } },
		{ "26.3.1.2", "bits 63:32 of the DS base must be 0 when it is usable",
		  NULL, { SET(guest.seg[SEG_DS].base, 1ull << 32) } },
		{ "26.3.1.2", "CS type must be 9, 11, 13 or 15 (accessed code), or 3 with "
			      "\"unrestricted guest\": CS type 1",
		  NULL, { SET(guest.seg[SEG_CS].ar, 0xc091) } },
		{ "26.3.1.2", "CS.DPL must be 0 for CS type 3: CS.DPL 1",
		  NULL, { SET(guest.seg[SEG_CS].ar, 0xc0b3) } },
		{ "26.3.1.2", "CS.DPL must equal SS.DPL for a non-conforming code segment (type 9 or "
			      "11): CS.DPL 1, SS.DPL 0",
		  NULL, { SET(guest.seg[SEG_CS].ar, 0xc0bb) } },
		{ "26.3.1.2", "CS.DPL must not be greater than SS.DPL for a conforming code segment",
		  NULL, { SET(guest.seg[SEG_CS].ar, 0xc0bf) } },
		{ "26.3.1.2", "CS.D/B must be 0 with \"IA-32e mode guest\" and CS.L 1",
		  long_mode, { SET(guest.seg[SEG_CS].ar, 0xe09b) } },
		{ "26.3.1.2", "SS type must be 3 or 7 (read/write accessed data) when SS is usable: "
			      "SS type 11",
		  NULL, { SET(guest.seg[SEG_SS].ar, 0xc09b) } },
		{ "26.3.1.2", "DS type must be accessed (bit 0 set) when DS is usable: DS type 2",
		  NULL, { SET(guest.seg[SEG_DS].ar, 0xc092) } },
		{ "26.3.1.2", "ES must be readable (type bit 1) when it is a code segment: ES type 9",
		  NULL, { SET(guest.seg[SEG_ES].ar, 0xc099) } },
		{ "26.3.1.2", "DS.DPL must not be less than the RPL of its selector without "
			      "\"unrestricted guest\"",
		  restricted_guest, { SET(guest.seg[SEG_DS].selector,
					  V->guest.seg[SEG_DS].selector | 3) } },
		{ "26.3.1.2", "FS.S must be 1 (code or data)",
		  NULL, { SET(guest.seg[SEG_FS].ar, 0xc083) } },
		{ "26.3.1.2", "GS must be present (P = 1)",
		  NULL, { SET(guest.seg[SEG_GS].ar, 0xc013) } },
		{ "26.3.1.2", "reserved access-rights bits 11:8 and 31:17 of DS must be 0",
		  NULL, { SET(guest.seg[SEG_DS].ar, 0xc193) } },
		{ "26.3.1.2", "reserved access-rights bits 11:8 and 31:17 of ES must be 0",
		  NULL, { SET(guest.seg[SEG_ES].ar, 0x2c093) } },
		{ "26.3.1.2", "CS.G must be 0 if any of limit bits 11:0 is 0",
		  NULL, { SET(guest.seg[SEG_CS].limit, 0xfffff000) } },
		{ "26.3.1.2", "SS.G must be 1 if any of limit bits 31:20 is 1",
		  NULL, { SET(guest.seg[SEG_SS].ar, 0x4093) } },
		{ "26.3.1.2", "TR must be usable (access-rights bit 16 clear)",
		  NULL, { SET(guest.seg[SEG_TR].ar, V->guest.seg[SEG_TR].ar | AR_UNUSABLE) } },
		{ "26.3.1.2", "TR type must be 11 (busy 32/64-bit TSS), or 3 (busy 16-bit TSS) outside "
			      "IA-32e mode: TR type 9",
		  NULL, { SET(guest.seg[SEG_TR].ar, 0x89) } },
		{ "26.3.1.2", "TR type must be 11 (busy 32/64-bit TSS), or 3 (busy 16-bit TSS) outside "
			      "IA-32e mode: TR type 3",
		  long_mode, { SET(guest.seg[SEG_TR].ar, 0x83) } },
		{ "26.3.1.2", "TR.S must be 0 (a system segment)",
		  NULL, { SET(guest.seg[SEG_TR].ar, 0x9b) } },
		{ "26.3.1.2", "LDTR type must be 2 (LDT) when LDTR is usable: LDTR type 3",
		  NULL, { SET(guest.seg[SEG_LDTR].ar, 0x83) } },
		{ "26.3.1.2", "LDTR must be present (P = 1)",
		  NULL, { SET(guest.seg[SEG_LDTR].ar, 0x02) } },
		{ "26.3.1.2", "TR must be present (P = 1)",
		  NULL, { SET(guest.seg[SEG_TR].ar, 0x0b) } },
		{ "26.3.1.2", "reserved access-rights bits 11:8 and 31:17 of TR must be 0",
		  NULL, { SET(guest.seg[SEG_TR].ar, 0x48b) } },
		{ "26.3.1.2", "reserved access-rights bits 11:8 and 31:17 of TR must be 0",
		  NULL, { SET(guest.seg[SEG_TR].ar, 0x4008b) } },
		{ "26.3.1.2", "TR.G must be 0 if any of limit bits 11:0 is 0",
		  NULL, { SET(guest.seg[SEG_TR].ar, 0x808b), SET(guest.seg[SEG_TR].limit, 0x10000) } },
		{ "26.3.1.2", "TR.G must be 1 if any of limit bits 31:20 is 1",
		  NULL, { SET(guest.seg[SEG_TR].limit, 0x100000) } },
		{ "26.3.1.2", "LDTR.S must be 0 (a system segment)",
		  NULL, { SET(guest.seg[SEG_LDTR].ar, 0x92) } },
		{ "26.3.1.2", "reserved access-rights bits 11:8 and 31:17 of LDTR must be 0",
		  NULL, { SET(guest.seg[SEG_LDTR].ar, 0x182) } },
		{ "26.3.1.2", "reserved access-rights bits 11:8 and 31:17 of LDTR must be 0",
		  NULL, { SET(guest.seg[SEG_LDTR].ar, 0x80082) } },
		{ "26.3.1.2", "LDTR.G must be 0 if any of limit bits 11:0 is 0",
		  NULL, { SET(guest.seg[SEG_LDTR].ar, 0x8082) } },
		{ "26.3.1.2", "LDTR.G must be 1 if any of limit bits 31:20 is 1",
		  NULL, { SET(guest.seg[SEG_LDTR].ar, 0x82),
			  SET(guest.seg[SEG_LDTR].limit, 0x100000) } },
		{ "26.3.1.2", "SS.DPL must equal the RPL of SS without \"unrestricted guest\"",
		  restricted_guest, { SET(guest.seg[SEG_SS].ar, 0xc0f3),
				      SET(guest.seg[SEG_CS].ar, 0xc0fb) } },
		{ "26.3.1.2", "SS.DPL must be 0 when CS type is 3 or CR0.PE is 0",
		  NULL, { SET(guest.cr0, V->guest.cr0 & ~CR0_PE), SET(guest.seg[SEG_SS].ar, 0xc0f3),
			  SET(guest.seg[SEG_CS].ar, 0xc0fb) } },
	};
	CHECK_CASES(cases);
}

static void guest_tables_rip_rflags(void)
{
	const struct rule_case cases[] = {
		{ "26.3.1.3", "the guest GDTR base must be canonical",
		  NULL, { SET(guest.gdtr_base, NON_CANONICAL) } },
		{ "26.3.1.3", "the guest IDTR base must be canonical",
		  NULL, { SET(guest.idtr_base, 0x0000f00000000000ull) } },
		{ "26.3.1.3", "bits 31:16 of the guest GDTR and IDTR limits must be 0",
		  NULL, { SET(guest.idtr_limit, 0x10000) } },
		{ "26.3.1.4", "bits 63:32 of the guest RIP must be 0 unless \"IA-32e mode guest\" is 1 "
			      "and CS.L is 1",
		  long_mode, { SET(guest.rip, 1ull << 32) } },
		{ "26.3.1.4", "bits 63:48 of the guest RIP must be identical in 64-bit mode",
		  long_mode, { SET(guest.seg[SEG_CS].ar, 0xa09b), SET(guest.rip, 1ull << 50) } },
		{ "26.3.1.4", "reserved bits 63:22, 15, 5 and 3 of the guest RFLAGS must be 0",
		  NULL, { SET(guest.rflags, V->guest.rflags | 1u << 3) } },
		{ "26.3.1.4", "reserved bits 63:22, 15, 5 and 3 of the guest RFLAGS must be 0",
		  NULL, { SET(guest.rflags, V->guest.rflags | 1ull << 22) } },
		{ "26.3.1.4", "RFLAGS bit 1 must be 1: RFLAGS 0x0",
		  NULL, { SET(guest.rflags, 0) } },
		{ "26.3.1.4", "RFLAGS.VM must be 0 with \"IA-32e mode guest\" or CR0.PE 0",
		  virtual_8086, { SET(guest.cr0, V->guest.cr0 & ~CR0_PE) } },
		{ "26.3.1.4", "RFLAGS.IF must be 1 to inject an external interrupt",
		  NULL, { SET(controls.entry_intr_info, EXT_INTR(0x20)) } },
	};
	CHECK_CASES(cases);
}

static void guest_non_register_state(void)
{
	const uint64_t sti = INTERRUPTIBILITY_STI, mov_ss = INTERRUPTIBILITY_MOV_SS;
	const uint64_t rflags_if = V->guest.rflags | RFLAGS_IF;
	const struct rule_case cases[] = {
		{ "26.3.1.5", "the activity state must be 0-3 and one IA32_VMX_MISC bits 8:6 offers: "
			      "state 4",
		  NULL, { SET(guest.activity_state, 4) } },
		{ "26.3.1.5", "the activity state must be 0-3 and one IA32_VMX_MISC bits 8:6 offers: "
			      "state 2",
		  NULL, { SET(guest.activity_state, GUEST_ACTIVITY_SHUTDOWN),
			  SET(caps.misc, V->caps.misc & ~VMX_MISC_ACTIVITY_SHUTDOWN) } },
		{ "26.3.1.5", "the activity state must not be HLT with SS.DPL not 0",
		  NULL, { SET(guest.activity_state, GUEST_ACTIVITY_HLT),
			  SET(guest.seg[SEG_SS].ar, 0xc0f3), SET(guest.seg[SEG_CS].ar, 0xc0fb) } },
		{ "26.3.1.5", "the activity state must be active with blocking by STI or MOV SS",
		  NULL, { SET(guest.activity_state, GUEST_ACTIVITY_HLT),
			  SET(guest.interruptibility, sti), SET(guest.rflags, rflags_if) } },
		{ "26.3.1.5", "the injected event must be one the HLT activity state lets through: "
			      "type 3, vector 13",
		  NULL, { SET(guest.activity_state, GUEST_ACTIVITY_HLT),
			  SET(controls.entry_intr_info, HW_EXCEPTION(VECTOR_GP) |
							 INTR_INFO_DELIVER_CODE) } },
		{ "26.3.1.5", "the injected event must be one the shutdown activity state lets "
			      "through: type 3, vector 1",
		  NULL, { SET(guest.activity_state, GUEST_ACTIVITY_SHUTDOWN),
			  SET(controls.entry_intr_info, HW_EXCEPTION(VECTOR_DB)) } },
		{ "26.3.1.5", "the injected event must be one the wait-for-SIPI activity state lets "
			      "through: type 2, vector 2",
		  NULL, { SET(guest.activity_state, GUEST_ACTIVITY_WAIT_SIPI),
			  SET(controls.entry_intr_info, NMI) } },
		{ "26.3.1.5", "reserved bits 31:5 of the interruptibility state must be 0",
		  NULL, { SET(guest.interruptibility, 1u << 5) } },
		{ "26.3.1.5", "the interruptibility state must not show blocking by both STI and MOV SS",
		  NULL, { SET(guest.interruptibility, sti | mov_ss), SET(guest.rflags, rflags_if) } },
		{ "26.3.1.5", "blocking by STI must be 0 when RFLAGS.IF is 0",
		  NULL, { SET(guest.interruptibility, sti) } },
		{ "26.3.1.5", "blocking by STI and by MOV SS must be 0 to inject an external interrupt",
		  NULL, { SET(guest.interruptibility, mov_ss), SET(guest.rflags, rflags_if),
			  SET(controls.entry_intr_info, EXT_INTR(0x20)) } },
		{ "26.3.1.5", "blocking by MOV SS must be 0 to inject an NMI",
		  NULL, { SET(guest.interruptibility, mov_ss), SET(controls.entry_intr_info, NMI) } },
		{ "26.3.1.5", "blocking by SMI must be 0 outside SMM",
		  NULL, { SET(guest.interruptibility, INTERRUPTIBILITY_SMI) } },
		{ "26.3.1.5", "blocking by NMI must be 0 to inject an NMI with \"virtual NMIs\"",
		  NULL, { SET(guest.interruptibility, INTERRUPTIBILITY_NMI),
			  SET(controls.entry_intr_info, NMI) } },
		{ "26.3.1.5", "blocking by MOV SS must be 0 with an enclave interruption (bit 4)",
		  NULL, { SET(guest.interruptibility, INTERRUPTIBILITY_ENCLAVE | mov_ss) } },
		{ "26.3.1.5", "bits 11:4, 13, 15 and 63:17 of the pending debug exceptions must be 0",
		  NULL, { SET(guest.pending_debug, 1u << 4) } },
		{ "26.3.1.5", "the BS bit (14) of the pending debug exceptions must be 1 (RFLAGS.TF 1, "
			      "DEBUGCTL.BTF 0)",
		  NULL, { SET(guest.interruptibility, sti),
			  SET(guest.rflags, rflags_if | RFLAGS_TF) } },
		{ "26.3.1.5", "the BS bit (14) of the pending debug exceptions must be 0 (RFLAGS.TF 1, "
			      "DEBUGCTL.BTF 1)",
		  NULL, { SET(guest.activity_state, GUEST_ACTIVITY_HLT),
			  SET(guest.rflags, V->guest.rflags | RFLAGS_TF),
			  SET(guest.debugctl, DEBUGCTL_BTF), SET(guest.pending_debug, PENDING_DBG_BS) } },
		{ "26.3.1.5", "with the RTM bit (16) of the pending debug exceptions, bit 12 must be "
			      "the only other one set",
		  NULL, { SET(guest.pending_debug, 1u << 16) } },
		{ "26.3.1.5", "a VMCS link pointer other than FFFFFFFF_FFFFFFFFH must be 4-KiB aligned",
		  NULL, { SET(guest.link_pointer, 0x1008) } },
		{ "26.3.1.5", "a VMCS link pointer other than FFFFFFFF_FFFFFFFFH must be 4-KiB aligned "
			      "within the physical-address width (40)",
		  NULL, { SET(guest.link_pointer, 1ull << 40) } },
		{ "26.3.1.5", "the VMCS link pointer must not be the current-VMCS pointer",
		  NULL, { SET(guest.link_pointer, V->cpu.vmcs_pointer) } },
		{ "26.3.1.6", "with EPT and PAE paging, a present guest PDPTE must not set reserved "
			      "bits: PDPTE2 0x1003",
		  NULL, { SET(guest.cr0, V->guest.cr0 | CR0_PG), SET(guest.cr4, V->guest.cr4 | CR4_PAE),
			  SET(guest.pdpte[2], 0x1003) } },
	};
	CHECK_CASES(cases);
}

/* "Entry to SMM" breaks 26.2.1.3 outside SMM (the hypervisor's case)
 * whatever else holds; the rules of 26.3.1.5 that depend on it come with
 * that finding. */
static void entry_to_smm(void)
{
	struct vmcs_snapshot s = *V;
	struct findings r;
	s.controls.entry |= VM_ENTRY_SMM;
	s.guest.activity_state = GUEST_ACTIVITY_WAIT_SIPI;
	s.guest.interruptibility = INTERRUPTIBILITY_SMI;
	CHECK(run(&s, &r) == 3);
	CHECK(r.n == 3 && !strcmp(r.f[0].section, "26.2.1.3") &&
	      strstr(r.f[0].text, "outside SMM the VM-entry controls"));
	CHECK(r.n == 3 && strstr(r.f[1].text, "must not be wait-for-SIPI with \"entry to SMM\""));
	CHECK(r.n == 3 && strstr(r.f[2].text, "blocking by SMI must be 0 outside SMM"));
	s.guest.interruptibility = 0;
	CHECK(run(&s, &r) == 3);
	CHECK(r.n == 3 && strstr(r.f[2].text, "blocking by SMI must be 1 with \"entry to SMM\""));
}

/* The group of a finding is that of its section: what the CPU does. */
static void groups_follow_sections(void)
{
	struct vmcs_snapshot s = *V;
	struct findings r;
	s.controls.cr3_target_count = 5;
	s.host.rip = NON_CANONICAL;
	s.guest.rflags = 0;
	CHECK(run(&s, &r) == 3);
	CHECK(r.f[0].group == ENTRY_CHECK_CONTROLS && r.f[1].group == ENTRY_CHECK_HOST &&
	      r.f[2].group == ENTRY_CHECK_GUEST);
	CHECK_STR(entry_check_group_name(r.f[1].group), "host state");
}

const struct unit_test entry_checks_tests[] = {
	{ "taken_from_a_real_entry_breaks_nothing", taken_from_a_real_entry_breaks_nothing },
	{ "other_valid_states_break_nothing", other_valid_states_break_nothing },
	{ "exemptions", exemptions },
	{ "execution_controls", execution_controls },
	{ "exit_and_entry_controls", exit_and_entry_controls },
	{ "event_injection", event_injection },
	{ "host_state", host_state },
	{ "guest_control_registers", guest_control_registers },
	{ "guest_segments", guest_segments },
	{ "guest_tables_rip_rflags", guest_tables_rip_rflags },
	{ "guest_non_register_state", guest_non_register_state },
	{ "entry_to_smm", entry_to_smm },
	{ "groups_follow_sections", groups_follow_sections },
};
const unsigned entry_checks_test_count = sizeof(entry_checks_tests) / sizeof(entry_checks_tests[0]);
