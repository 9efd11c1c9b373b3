/* What the files of the VM-entry model share (vmx/entry_checks*.c): the
 * snapshot with the facts every group of rules asks about, and how a rule
 * that is broken is reported. Private to the model. */
#ifndef VMX_ENTRY_CHECKS_RULES_H
#define VMX_ENTRY_CHECKS_RULES_H
#include <stdbool.h>
#include "vmx/entry_checks.h"

struct entry_checker {
	const struct vmcs_snapshot *s;
	entry_check_report_fn report;
	void *ctx;
	unsigned broken;                /* rules reported so far */
	/* The controls as VM entry sees them: the secondary ones count only
	 * with "activate secondary controls" (26.2.1.1, footnote 1). */
	uint32_t pin, primary, secondary, exit, entry;
	bool unrestricted_guest;        /* secondary control, 26.3.1.1 footnote 1 */
	bool ia32e_guest;               /* "IA-32e mode guest" VM-entry control */
	bool host_64;                   /* "host address-space size" VM-exit control */
	bool injecting;                 /* the valid bit of the VM-entry interruption information */
	unsigned event_type, event_vector;
};

/* Reports that a rule of `section` is broken: fmt says which rule, in
 * words, and the values that break it. */
void entry_rule_broken(struct entry_checker *c, const char *section, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The bits of value at `width` and above (0 for a width of 64 or more). */
uint64_t bits_from(uint64_t value, unsigned width);
/* Reports `name` ("the host FS base") if the address is not canonical for
 * the processor's linear-address width. */
void entry_check_canonical(struct entry_checker *c, const char *section, const char *name,
			   uint64_t address);
/* The width of the physical addresses of VMX structures: MAXPHYADDR, at
 * most 32 if IA32_VMX_BASIC[48] is 1 (SDM appendix A.1). */
unsigned entry_phys_width(const struct entry_checker *c);

/* 23.8: a control register must set the bits its FIXED0 MSR sets and clear
 * those its FIXED1 MSR clears; the bits of `exempt` are not checked. `reg`
 * names the field ("guest CR0"), `msr` the register the MSRs are of ("CR0"). */
void entry_check_fixed_bits(struct entry_checker *c, const char *section, const char *reg,
			    const char *msr, uint64_t value, uint64_t fixed0, uint64_t fixed1,
			    uint64_t exempt);
void entry_check_cr3(struct entry_checker *c, const char *section, const char *reg,
		     uint64_t cr3);
/* The IA32_PAT and IA32_EFER values a load control may load (26.2.2,
 * 26.3.1.1): PAT bytes that are no memory type, EFER bits that are reserved. */
void entry_check_pat(struct entry_checker *c, const char *section, const char *which,
		     uint64_t pat);
uint64_t efer_reserved_bits(uint64_t efer);

/* One file per group of rules. */
void entry_checks_controls(struct entry_checker *c);            /* 26.2.1.1-26.2.1.3 */
void entry_checks_event_injection(struct entry_checker *c);     /* 26.2.1.3 */
void entry_checks_host(struct entry_checker *c);                /* 26.2.2-26.2.4 */
void entry_checks_guest_control_registers(struct entry_checker *c); /* 26.3.1.1 */
void entry_checks_segments(struct entry_checker *c);            /* 26.3.1.2 */
void entry_checks_tables_rip_rflags(struct entry_checker *c);   /* 26.3.1.3, 26.3.1.4 */
void entry_checks_non_register(struct entry_checker *c);        /* 26.3.1.5, 26.3.1.6 */

#endif
