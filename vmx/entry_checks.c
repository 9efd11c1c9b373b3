/* The model of the VM-entry checks: the order of the groups and what they
 * share; see entry_checks.h. Pure. */
#include "vmx/entry_checks.h"
#include <stdarg.h>
#include "arch/cpu_bits.h"
#include "lib/format.h"
#include "vmx/entry_checks_rules.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx.h"

static enum entry_check_group group_of(const char *section)
{
	/* "26.2.1.x": the controls; "26.2.2"-"26.2.4": the host; "26.3.x": the guest */
	if (section[3] == '3')
		return ENTRY_CHECK_GUEST;
	return section[5] == '1' ? ENTRY_CHECK_CONTROLS : ENTRY_CHECK_HOST;
}

void entry_rule_broken(struct entry_checker *c, const char *section, const char *fmt, ...)
{
	struct entry_check_finding f = { group_of(section), section, "" };
	va_list ap;
	va_start(ap, fmt);
	format_buffer(f.text, sizeof(f.text), fmt, ap);
	va_end(ap);
	c->broken++;
	c->report(&f, c->ctx);
}

uint64_t bits_from(uint64_t value, unsigned width)
{
	return width >= 64 ? 0 : value & (~0ull << width);
}

/* Canonical: bits 63 down to the linear-address width - 1 all equal. */
void entry_check_canonical(struct entry_checker *c, const char *section, const char *name,
			   uint64_t address)
{
	unsigned width = (unsigned)c->s->cpu.linear_width;
	if (width == 0 || width >= 64)
		return;
	uint64_t upper = address >> (width - 1);
	if (upper != 0 && upper != (~0ull >> (width - 1)))
		entry_rule_broken(c, section, "%s must be canonical (%u-bit linear addresses): "
				  "0x%llx", name, width, (unsigned long long)address);
}

unsigned entry_phys_width(const struct entry_checker *c)
{
	unsigned width = (unsigned)c->s->cpu.maxphyaddr;
	if ((c->s->caps.basic & VMX_BASIC_PHYS_ADDR_32) && width > 32)
		return 32;
	return width;
}

void entry_check_fixed_bits(struct entry_checker *c, const char *section, const char *reg,
			    const char *msr, uint64_t value, uint64_t fixed0, uint64_t fixed1,
			    uint64_t exempt)
{
	uint64_t clear = fixed0 & ~value & ~exempt;
	uint64_t set = value & ~fixed1 & ~exempt;
	if (clear)
		entry_rule_broken(c, section, "%s must set the bits IA32_VMX_%s_FIXED0 sets (23.8): "
				  "bits 0x%llx are 0: %s 0x%llx", reg, msr,
				  (unsigned long long)clear, reg, (unsigned long long)value);
	if (set)
		entry_rule_broken(c, section, "%s must clear the bits IA32_VMX_%s_FIXED1 clears (23.8): "
				  "bits 0x%llx are 1: %s 0x%llx", reg, msr,
				  (unsigned long long)set, reg, (unsigned long long)value);
}

/* "Bits 63:52 and bits in the range 51:32 beyond the processor's
 * physical-address width must be 0" (26.2.2, 26.3.1.1). */
void entry_check_cr3(struct entry_checker *c, const char *section, const char *reg,
		     uint64_t cr3)
{
	unsigned width = (unsigned)c->s->cpu.maxphyaddr;
	width = width < 32 ? 32 : width > 52 ? 52 : width;
	if (bits_from(cr3, width))
		entry_rule_broken(c, section, "%s must not set bits 63:%u (beyond the "
				  "physical-address width): 0x%llx", reg, width,
				  (unsigned long long)cr3);
}

/* Each byte must be one that WRMSR to IA32_PAT takes: 0 (UC), 1 (WC), 4 (WT),
 * 5 (WP), 6 (WB) or 7 (UC-). */
void entry_check_pat(struct entry_checker *c, const char *section, const char *which,
		     uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++) {
		unsigned type = (pat >> (8 * i)) & 0xff;
		if (type == 2 || type == 3 || type > 7) {
			entry_rule_broken(c, section, "with \"load IA32_PAT\", each byte of the %s "
					  "IA32_PAT field must be a memory type (0, 1, 4, 5, 6, 7): "
					  "byte %u is %u: PAT 0x%llx", which, i, type,
					  (unsigned long long)pat);
			return;
		}
	}
}

/* IA32_EFER: SCE (bit 0), LME (8), LMA (10), NXE (11); the rest is reserved. */
uint64_t efer_reserved_bits(uint64_t efer)
{
	return efer & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE);
}

unsigned entry_checks_run(const struct vmcs_snapshot *s, entry_check_report_fn report,
			  void *ctx)
{
	struct entry_checker c = { .s = s, .report = report, .ctx = ctx };
	c.pin = (uint32_t)s->controls.pin;
	c.primary = (uint32_t)s->controls.primary;
	/* 26.2.1.1: without "activate secondary controls" VM entry operates
	 * as if every secondary control were 0. */
	if (c.primary & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		c.secondary = (uint32_t)s->controls.secondary;
	c.exit = (uint32_t)s->controls.exit;
	c.entry = (uint32_t)s->controls.entry;
	c.unrestricted_guest = c.secondary & SECONDARY_EXEC_UNRESTRICTED_GUEST;
	c.ia32e_guest = c.entry & VM_ENTRY_IA32E_MODE;
	c.host_64 = c.exit & VM_EXIT_HOST_ADDR_SPACE_SIZE;
	uint32_t info = (uint32_t)s->controls.entry_intr_info;
	c.injecting = info & INTR_INFO_VALID;
	c.event_type = (info & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT;
	c.event_vector = info & INTR_INFO_VECTOR_MASK;

	entry_checks_controls(&c);
	entry_checks_event_injection(&c);
	entry_checks_host(&c);
	entry_checks_guest_control_registers(&c);
	entry_checks_segments(&c);
	entry_checks_tables_rip_rflags(&c);
	entry_checks_non_register(&c);
	return c.broken;
}

const char *entry_check_group_name(enum entry_check_group group)
{
	static const char *const names[] = {
		[ENTRY_CHECK_CONTROLS] = "VMX controls",
		[ENTRY_CHECK_HOST] = "host state",
		[ENTRY_CHECK_GUEST] = "guest state",
	};
	return group <= ENTRY_CHECK_GUEST ? names[group] : "unknown";
}
