/* The checks on the VMX controls (SDM vol. 3C 26.2.1.1-26.2.1.3) but those
 * of event injection (entry_checks_injection.c). A broken rule fails
 * VMLAUNCH/VMRESUME with VM-instruction error 7. Pure. */
#include "vmx/controls.h"
#include "vmx/entry_checks_rules.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx.h"

enum control_word { PIN, PRIMARY, SECONDARY, EXIT, ENTRY };

static const struct control_field *const words[] = {
	[PIN] = &pin_based_controls, [PRIMARY] = &primary_controls,
	[SECONDARY] = &secondary_controls, [EXIT] = &exit_controls, [ENTRY] = &entry_controls,
};

static uint32_t word_value(const struct entry_checker *c, enum control_word w)
{
	const uint32_t values[] = { c->pin, c->primary, c->secondary, c->exit, c->entry };
	return values[w];
}

/* The name of the lowest bit of mask (controls.c), "reserved" if it has none. */
static const char *bit_name(enum control_word w, uint32_t mask)
{
	const char *name = words[w]->bit_names[__builtin_ctz(mask)];
	return name ? name : "reserved";
}

/* Appendix A.3-A.5: the low half of a capability MSR holds the allowed
 * 0-settings (a bit set there must be 1), the high half the allowed
 * 1-settings (a bit clear there must be 0). */
static void check_reserved_bits(struct entry_checker *c, const char *section,
				enum control_word w, uint64_t capability, const char *msr)
{
	uint32_t value = word_value(c, w);
	uint32_t wrong[2] = { value & ~(uint32_t)(capability >> 32), (uint32_t)capability & ~value };
	const char *prefix = w != SECONDARY && (c->s->caps.basic & VMX_BASIC_TRUE_CTLS)
				     ? "TRUE_" : "";
	for (unsigned must_be = 0; must_be < 2; must_be++)
		if (wrong[must_be])
			entry_rule_broken(c, section, "reserved bits of the %s controls must be set "
					  "as IA32_VMX_%s%s allows: bit %u (%s) must be %u: "
					  "controls 0x%x", words[w]->name, prefix, msr,
					  __builtin_ctz(wrong[must_be]), bit_name(w, wrong[must_be]),
					  must_be, value);
}

/* A control that must have a setting when another one has a given one. */
struct dependency {
	const char *section;
	enum control_word if_word;
	uint32_t if_bit;
	uint32_t if_setting;
	enum control_word then_word;
	uint32_t then_bit;
	uint32_t then_setting;
};

static const struct dependency dependencies[] = {
	{ "26.2.1.1", PIN, PIN_BASED_NMI_EXITING, 0, PIN, PIN_BASED_VIRTUAL_NMIS, 0 },
	{ "26.2.1.1", PIN, PIN_BASED_VIRTUAL_NMIS, 0, PRIMARY, CPU_BASED_NMI_WINDOW_EXITING, 0 },
	{ "26.2.1.1", PRIMARY, CPU_BASED_TPR_SHADOW, 0, SECONDARY,
	  SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE, 0 },
	{ "26.2.1.1", PRIMARY, CPU_BASED_TPR_SHADOW, 0, SECONDARY,
	  SECONDARY_EXEC_APIC_REGISTER_VIRT, 0 },
	{ "26.2.1.1", PRIMARY, CPU_BASED_TPR_SHADOW, 0, SECONDARY,
	  SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY, 0 },
	{ "26.2.1.1", SECONDARY, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE, 1, SECONDARY,
	  SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0 },
	{ "26.2.1.1", SECONDARY, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY, 1, PIN,
	  PIN_BASED_EXT_INTR_MASK, 1 },
	{ "26.2.1.1", PIN, PIN_BASED_POSTED_INTR, 1, SECONDARY,
	  SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY, 1 },
	{ "26.2.1.1", PIN, PIN_BASED_POSTED_INTR, 1, EXIT, VM_EXIT_ACK_INTR_ON_EXIT, 1 },
	{ "26.2.1.1", SECONDARY, SECONDARY_EXEC_ENABLE_PML, 1, SECONDARY,
	  SECONDARY_EXEC_ENABLE_EPT, 1 },
	{ "26.2.1.1", SECONDARY, SECONDARY_EXEC_UNRESTRICTED_GUEST, 1, SECONDARY,
	  SECONDARY_EXEC_ENABLE_EPT, 1 },
	{ "26.2.1.2", PIN, PIN_BASED_VMX_PREEMPTION_TIMER, 0, EXIT,
	  VM_EXIT_SAVE_VMX_PREEMPTION_TIMER, 0 },
};

static bool setting(const struct entry_checker *c, enum control_word w, uint32_t bit)
{
	return (word_value(c, w) & bit) != 0;
}

static void check_dependencies(struct entry_checker *c)
{
	for (unsigned i = 0; i < sizeof(dependencies) / sizeof(dependencies[0]); i++) {
		const struct dependency *d = &dependencies[i];
		if (setting(c, d->if_word, d->if_bit) != d->if_setting ||
		    setting(c, d->then_word, d->then_bit) == d->then_setting)
			continue;
		entry_rule_broken(c, d->section, "the %s control \"%s\" must be %u when \"%s\" is %u: "
				  "%s controls 0x%x, %s controls 0x%x", words[d->then_word]->name,
				  bit_name(d->then_word, d->then_bit), d->then_setting,
				  bit_name(d->if_word, d->if_bit), d->if_setting,
				  words[d->if_word]->name, word_value(c, d->if_word),
				  words[d->then_word]->name, word_value(c, d->then_word));
	}
}

/* "Bits 11:0 of the address must be 0. The address should not set any bits
 * beyond the processor's physical-address width." */
static void check_page_address(struct entry_checker *c, const char *name, uint64_t address)
{
	unsigned width = entry_phys_width(c);
	if (address & 0xfff)
		entry_rule_broken(c, "26.2.1.1", "bits 11:0 of the %s address must be 0: "
				  "address 0x%llx", name, (unsigned long long)address);
	if (bits_from(address, width))
		entry_rule_broken(c, "26.2.1.1", "the %s address must not set bits beyond the "
				  "physical-address width (%u): address 0x%llx", name, width,
				  (unsigned long long)address);
}

/* The EPTP (24.6.11) with EPT on. */
static void check_eptp(struct entry_checker *c)
{
	uint64_t eptp = c->s->controls.ept_pointer, caps = c->s->caps.ept_vpid;
	unsigned type = eptp & 7, width = (unsigned)c->s->cpu.maxphyaddr;
	if (!((type == 0 && (caps & EPT_CAP_UC)) || (type == 6 && (caps & EPT_CAP_WB))))
		entry_rule_broken(c, "26.2.1.1", "the EPT memory type (EPTP bits 2:0) must be one "
				  "IA32_VMX_EPT_VPID_CAP offers (UC bit 8, WB bit 14): type %u, "
				  "EPTP 0x%llx, caps 0x%llx", type, (unsigned long long)eptp,
				  (unsigned long long)caps);
	if (((eptp >> 3) & 7) != 3)
		entry_rule_broken(c, "26.2.1.1", "EPTP bits 5:3 must be 3 (a page-walk length of 4): "
				  "EPTP 0x%llx", (unsigned long long)eptp);
	if ((eptp & (1u << 6)) && !(caps & EPT_CAP_ACCESSED_DIRTY))
		entry_rule_broken(c, "26.2.1.1", "EPTP bit 6 (accessed and dirty flags) must be 0 "
				  "when IA32_VMX_EPT_VPID_CAP bit 21 is 0: EPTP 0x%llx",
				  (unsigned long long)eptp);
	if ((eptp & 0xf80) || bits_from(eptp, width))
		entry_rule_broken(c, "26.2.1.1", "EPTP bits 11:7 and 63:%u (the physical-address "
				  "width) are reserved and must be 0: EPTP 0x%llx", width,
				  (unsigned long long)eptp);
}

/* 26.2.1.1 */
static void check_execution_controls(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	check_reserved_bits(c, "26.2.1.1", PIN, s->caps.pin, "PINBASED_CTLS");
	check_reserved_bits(c, "26.2.1.1", PRIMARY, s->caps.primary, "PROCBASED_CTLS");
	if (c->primary & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		check_reserved_bits(c, "26.2.1.1", SECONDARY, s->caps.secondary,
				    "PROCBASED_CTLS2");
	/* The SDM says 4 and points to IA32_VMX_MISC[24:16] for future processors. */
	unsigned targets = VMX_MISC_CR3_TARGETS(s->caps.misc);
	if (s->controls.cr3_target_count > targets)
		entry_rule_broken(c, "26.2.1.1", "the CR3-target count must not be greater than %u "
				  "(IA32_VMX_MISC bits 24:16): count %llu", targets,
				  (unsigned long long)s->controls.cr3_target_count);
	if (c->primary & CPU_BASED_USE_IO_BITMAPS) {
		check_page_address(c, "I/O-bitmap A", s->controls.io_bitmap_a);
		check_page_address(c, "I/O-bitmap B", s->controls.io_bitmap_b);
	}
	if (c->primary & CPU_BASED_USE_MSR_BITMAPS)
		check_page_address(c, "MSR-bitmap", s->controls.msr_bitmap);
	if ((c->secondary & SECONDARY_EXEC_ENABLE_VPID) && (uint16_t)s->controls.vpid == 0)
		entry_rule_broken(c, "26.2.1.1", "with \"enable VPID\" the VPID must not be 0000H: "
				  "VPID 0");
	if (c->secondary & SECONDARY_EXEC_ENABLE_EPT)
		check_eptp(c);
}

/* 26.2.1.2, 26.2.1.3: an MSR-store or MSR-load area of `count` entries of
 * 16 bytes each at `address`. */
static void check_msr_area(struct entry_checker *c, const char *section, const char *name,
			   uint64_t count, uint64_t address)
{
	unsigned width = entry_phys_width(c);
	if ((uint32_t)count == 0)
		return;
	if (address & 0xf)
		entry_rule_broken(c, section, "the lower 4 bits of the %s address must be 0: "
				  "address 0x%llx", name, (unsigned long long)address);
	/* "The arithmetic used for the computation uses more bits than the
	 * processor's physical-address width": it cannot wrap below 2^64
	 * for an address within that width. */
	uint64_t last = address + (uint32_t)count * 16ull - 1;
	if (bits_from(address, width) || bits_from(last, width) || last < address)
		entry_rule_broken(c, section, "the %s area must lie within the physical-address "
				  "width (%u): address 0x%llx, %llu entries", name, width,
				  (unsigned long long)address, (unsigned long long)(uint32_t)count);
}

void entry_checks_controls(struct entry_checker *c)
{
	const struct vmcs_snapshot *s = c->s;
	check_execution_controls(c);
	check_dependencies(c);
	check_reserved_bits(c, "26.2.1.2", EXIT, s->caps.exit, "EXIT_CTLS");
	check_msr_area(c, "26.2.1.2", "VM-exit MSR-store", s->controls.exit_msr_store_count,
		       s->controls.exit_msr_store_addr);
	check_msr_area(c, "26.2.1.2", "VM-exit MSR-load", s->controls.exit_msr_load_count,
		       s->controls.exit_msr_load_addr);
	check_reserved_bits(c, "26.2.1.3", ENTRY, s->caps.entry, "ENTRY_CTLS");
	check_msr_area(c, "26.2.1.3", "VM-entry MSR-load", s->controls.entry_msr_load_count,
		       s->controls.entry_msr_load_addr);
	/* The hypervisor never runs in SMM. */
	if (c->entry & (VM_ENTRY_SMM | VM_ENTRY_DEACT_DUAL_MONITOR))
		entry_rule_broken(c, "26.2.1.3", "outside SMM the VM-entry controls \"entry to SMM\" "
				  "and \"deactivate dual-monitor treatment\" must be 0: "
				  "VM-entry controls 0x%x", c->entry);
}
