/* The checks on the guest's segment registers (SDM vol. 3C 26.3.1.2), one
 * table row per register: which rules apply to it, and the function for
 * its own type and DPL rules. The access-rights format is that of 24.4.1
 * (table 24-2). A broken rule fails the entry with exit reason 33. Pure. */
#include "arch/cpu_bits.h"
#include "lib/format.h"
#include "vmx/entry_checks_rules.h"
#include "vmx/vmcs_fields.h"

#define AR_RESERVED_11_8 0xf00u
#define AR_RESERVED_31_17 0xfffe0000u
#define AR_VIRTUAL_8086 0xf3u           /* present, DPL 3, read/write accessed data */
#define SELECTOR_RPL(selector) ((unsigned)(selector) & 3)
#define SELECTOR_TI (1u << 2)
#define RFLAGS_VM (1ull << 17)

struct segment_rules;
typedef void (*segment_check_fn)(struct entry_checker *c, const struct segment_rules *r,
				 const struct vmcs_segment *seg);

enum base_rule {
	BASE_HIGH_ZERO,                 /* bits 63:32 are 0 (CS; SS, DS, ES if usable) */
	BASE_CANONICAL,                 /* canonical (TR; LDTR if usable) */
	BASE_CANONICAL_ALWAYS,          /* canonical, usable or not (FS, GS) */
};

struct segment_rules {
	const char *name;
	enum vmcs_segment_index index;
	bool checked_unusable;          /* CS and TR: checked even when marked unusable */
	enum base_rule base;
	segment_check_fn type_and_dpl;  /* the rules of its own */
};

static bool is_system(const struct segment_rules *r)
{
	return r->index == SEG_TR || r->index == SEG_LDTR;
}

static const struct vmcs_segment *segment(const struct entry_checker *c,
					  enum vmcs_segment_index i)
{
	return &c->s->guest.seg[i];
}

/* CS: types 9, 11, 13, 15 (accessed code), or 3 with "unrestricted guest";
 * its DPL against SS's; D/B in 64-bit mode. */
static void code_segment(struct entry_checker *c, const struct segment_rules *r,
			 const struct vmcs_segment *seg)
{
	(void)r;
	unsigned type = AR_TYPE(seg->ar), dpl = AR_DPL(seg->ar);
	unsigned ss_dpl = AR_DPL(segment(c, SEG_SS)->ar);
	bool code = type == 9 || type == 11 || type == 13 || type == 15;
	if (!code && !(type == 3 && c->unrestricted_guest))
		entry_rule_broken(c, "26.3.1.2", "CS type must be 9, 11, 13 or 15 (accessed code), or "
				  "3 with \"unrestricted guest\": CS type %u, AR 0x%llx", type,
				  (unsigned long long)seg->ar);
	if (type == 3 && dpl != 0)
		entry_rule_broken(c, "26.3.1.2", "CS.DPL must be 0 for CS type 3: CS.DPL %u", dpl);
	if ((type == 9 || type == 11) && dpl != ss_dpl)
		entry_rule_broken(c, "26.3.1.2", "CS.DPL must equal SS.DPL for a non-conforming code "
				  "segment (type 9 or 11): CS.DPL %u, SS.DPL %u", dpl, ss_dpl);
	if ((type == 13 || type == 15) && dpl > ss_dpl)
		entry_rule_broken(c, "26.3.1.2", "CS.DPL must not be greater than SS.DPL for a "
				  "conforming code segment (type 13 or 15): CS.DPL %u, SS.DPL %u",
				  dpl, ss_dpl);
	if (c->ia32e_guest && (seg->ar & AR_L) && (seg->ar & AR_DB))
		entry_rule_broken(c, "26.3.1.2", "CS.D/B must be 0 with \"IA-32e mode guest\" and "
				  "CS.L 1: CS AR 0x%llx", (unsigned long long)seg->ar);
}

/* SS, if usable: types 3 or 7 (its DPL rules apply usable or not: see
 * check_stack_privilege). */
static void stack_segment(struct entry_checker *c, const struct segment_rules *r,
			  const struct vmcs_segment *seg)
{
	(void)r;
	unsigned type = AR_TYPE(seg->ar);
	if (type != 3 && type != 7)
		entry_rule_broken(c, "26.3.1.2", "SS type must be 3 or 7 (read/write accessed data) "
				  "when SS is usable: SS type %u, AR 0x%llx", type,
				  (unsigned long long)seg->ar);
}

/* DS, ES, FS, GS, if usable: accessed, readable if code, DPL >= RPL. */
static void data_segment(struct entry_checker *c, const struct segment_rules *r,
			 const struct vmcs_segment *seg)
{
	unsigned type = AR_TYPE(seg->ar), dpl = AR_DPL(seg->ar);
	unsigned rpl = SELECTOR_RPL(seg->selector);
	if (!(type & 1))
		entry_rule_broken(c, "26.3.1.2", "%s type must be accessed (bit 0 set) when %s is "
				  "usable: %s type %u", r->name, r->name, r->name, type);
	if ((type & 8) && !(type & 2))
		entry_rule_broken(c, "26.3.1.2", "%s must be readable (type bit 1) when it is a code "
				  "segment: %s type %u", r->name, r->name, type);
	if (!c->unrestricted_guest && type <= 11 && dpl < rpl)
		entry_rule_broken(c, "26.3.1.2", "%s.DPL must not be less than the RPL of its "
				  "selector without \"unrestricted guest\" (data or non-conforming "
				  "code): %s.DPL %u, RPL %u", r->name, r->name, dpl, rpl);
}

/* TR: usable, TI 0, a busy TSS (type 11, or 3 outside IA-32e mode). */
static void task_register(struct entry_checker *c, const struct segment_rules *r,
			  const struct vmcs_segment *seg)
{
	(void)r;
	unsigned type = AR_TYPE(seg->ar);
	if (seg->ar & AR_UNUSABLE)
		entry_rule_broken(c, "26.3.1.2", "TR must be usable (access-rights bit 16 clear): "
				  "TR AR 0x%llx", (unsigned long long)seg->ar);
	if (seg->selector & SELECTOR_TI)
		entry_rule_broken(c, "26.3.1.2", "the TI flag (bit 2) of the TR selector must be 0: "
				  "TR 0x%llx", (unsigned long long)seg->selector);
	if (type != 11 && (type != 3 || c->ia32e_guest))
		entry_rule_broken(c, "26.3.1.2", "TR type must be 11 (busy 32/64-bit TSS), or 3 "
				  "(busy 16-bit TSS) outside IA-32e mode: TR type %u", type);
}

/* LDTR, if usable: TI 0, type 2. */
static void ldt_register(struct entry_checker *c, const struct segment_rules *r,
			 const struct vmcs_segment *seg)
{
	(void)r;
	if (seg->selector & SELECTOR_TI)
		entry_rule_broken(c, "26.3.1.2", "the TI flag (bit 2) of the LDTR selector must be 0 "
				  "when LDTR is usable: LDTR 0x%llx", (unsigned long long)seg->selector);
	if (AR_TYPE(seg->ar) != 2)
		entry_rule_broken(c, "26.3.1.2", "LDTR type must be 2 (LDT) when LDTR is usable: "
				  "LDTR type %u", AR_TYPE(seg->ar));
}

static const struct segment_rules segment_table[] = {
	{ "CS", SEG_CS, true, BASE_HIGH_ZERO, code_segment },
	{ "SS", SEG_SS, false, BASE_HIGH_ZERO, stack_segment },
	{ "DS", SEG_DS, false, BASE_HIGH_ZERO, data_segment },
	{ "ES", SEG_ES, false, BASE_HIGH_ZERO, data_segment },
	{ "FS", SEG_FS, false, BASE_CANONICAL_ALWAYS, data_segment },
	{ "GS", SEG_GS, false, BASE_CANONICAL_ALWAYS, data_segment },
	{ "TR", SEG_TR, true, BASE_CANONICAL, task_register },
	{ "LDTR", SEG_LDTR, false, BASE_CANONICAL, ldt_register },
};

static void check_base(struct entry_checker *c, const struct segment_rules *r,
		       const struct vmcs_segment *seg, bool checked)
{
	char name[16];
	if (r->base == BASE_HIGH_ZERO && checked && (seg->base >> 32))
		entry_rule_broken(c, "26.3.1.2", "bits 63:32 of the %s base must be 0%s: base 0x%llx",
				  r->name, r->index == SEG_CS ? "" : " when it is usable",
				  (unsigned long long)seg->base);
	if (r->base == BASE_CANONICAL_ALWAYS || (r->base == BASE_CANONICAL && checked)) {
		format_string(name, sizeof(name), "the %s base", r->name);
		entry_check_canonical(c, "26.3.1.2", name, seg->base);
	}
}

/* The access-rights rules every register that is checked shares. */
static void check_descriptor(struct entry_checker *c, const struct segment_rules *r,
			     const struct vmcs_segment *seg)
{
	uint32_t ar = (uint32_t)seg->ar, limit = (uint32_t)seg->limit;
	bool system = is_system(r);
	if (!(ar & AR_S) != system)
		entry_rule_broken(c, "26.3.1.2", "%s.S must be %u (%s): %s AR 0x%x", r->name, !system,
				  system ? "a system segment" : "code or data", r->name, ar);
	if (!(ar & AR_P))
		entry_rule_broken(c, "26.3.1.2", "%s must be present (P = 1): %s AR 0x%x", r->name,
				  r->name, ar);
	if (ar & (AR_RESERVED_11_8 | AR_RESERVED_31_17))
		entry_rule_broken(c, "26.3.1.2", "reserved access-rights bits 11:8 and 31:17 of %s "
				  "must be 0: %s AR 0x%x", r->name, r->name, ar);
	if ((ar & AR_G) && (limit & 0xfff) != 0xfff)
		entry_rule_broken(c, "26.3.1.2", "%s.G must be 0 if any of limit bits 11:0 is 0: "
				  "%s limit 0x%x, AR 0x%x", r->name, r->name, limit, ar);
	if (!(ar & AR_G) && (limit >> 20))
		entry_rule_broken(c, "26.3.1.2", "%s.G must be 1 if any of limit bits 31:20 is 1: "
				  "%s limit 0x%x, AR 0x%x", r->name, r->name, limit, ar);
}

/* CS..GS of a virtual-8086 guest: base = selector << 4, limit FFFFH, AR F3H. */
static void check_virtual_8086(struct entry_checker *c, const struct segment_rules *r,
			       const struct vmcs_segment *seg)
{
	if (seg->base != (uint64_t)(uint16_t)seg->selector << 4)
		entry_rule_broken(c, "26.3.1.2", "the %s base must be its selector shifted left by 4 "
				  "in virtual-8086 mode: selector 0x%llx, base 0x%llx", r->name,
				  (unsigned long long)seg->selector, (unsigned long long)seg->base);
	if (seg->limit != 0xffff)
		entry_rule_broken(c, "26.3.1.2", "the %s limit must be FFFFH in virtual-8086 mode: "
				  "limit 0x%llx", r->name, (unsigned long long)seg->limit);
	if (seg->ar != AR_VIRTUAL_8086)
		entry_rule_broken(c, "26.3.1.2", "the %s access rights must be F3H in virtual-8086 "
				  "mode: AR 0x%llx", r->name, (unsigned long long)seg->ar);
}

/* SS's selector and DPL, usable or not (outside virtual-8086 mode). */
static void check_stack_privilege(struct entry_checker *c)
{
	const struct vmcs_segment *ss = segment(c, SEG_SS), *cs = segment(c, SEG_CS);
	unsigned ss_rpl = SELECTOR_RPL(ss->selector), ss_dpl = AR_DPL(ss->ar);
	if (!c->unrestricted_guest && ss_rpl != SELECTOR_RPL(cs->selector))
		entry_rule_broken(c, "26.3.1.2", "the RPL of SS must equal the RPL of CS without "
				  "\"unrestricted guest\": SS 0x%llx, CS 0x%llx",
				  (unsigned long long)ss->selector, (unsigned long long)cs->selector);
	if (!c->unrestricted_guest && ss_dpl != ss_rpl)
		entry_rule_broken(c, "26.3.1.2", "SS.DPL must equal the RPL of SS without "
				  "\"unrestricted guest\": SS.DPL %u, RPL %u", ss_dpl, ss_rpl);
	if ((AR_TYPE(cs->ar) == 3 || !(c->s->guest.cr0 & CR0_PE)) && ss_dpl != 0)
		entry_rule_broken(c, "26.3.1.2", "SS.DPL must be 0 when CS type is 3 or CR0.PE is 0: "
				  "SS.DPL %u, CS type %u, CR0 0x%llx", ss_dpl, AR_TYPE(cs->ar),
				  (unsigned long long)c->s->guest.cr0);
}

void entry_checks_segments(struct entry_checker *c)
{
	bool vm86 = c->s->guest.rflags & RFLAGS_VM;
	for (unsigned i = 0; i < sizeof(segment_table) / sizeof(segment_table[0]); i++) {
		const struct segment_rules *r = &segment_table[i];
		const struct vmcs_segment *seg = segment(c, r->index);
		bool checked = r->checked_unusable || !(seg->ar & AR_UNUSABLE);
		check_base(c, r, seg, checked);
		if (vm86 && !is_system(r)) {
			check_virtual_8086(c, r, seg);
		} else if (checked) {
			r->type_and_dpl(c, r, seg);
			check_descriptor(c, r, seg);
		}
	}
	if (!vm86)
		check_stack_privilege(c);
}
