/* See vmtrr.h. Layout and rules: SDM vol. 3A 11.11.1 (MTRRCAP, DEF_TYPE),
 * 11.11.2.2 (fixed ranges), 11.11.2.3 (variable ranges). */
#include "platform/vmtrr.h"

#define DEF_TYPE_FE (1ull << 10)
#define DEF_TYPE_E (1ull << 11)
#define DEF_TYPE_WRITABLE (0xffull | DEF_TYPE_FE | DEF_TYPE_E)
#define PHYSBASE_RESERVED 0xf00ull              /* bits 11:8 */
#define PHYSMASK_RESERVED 0x7ffull              /* bits 10:0 */
#define PHYSMASK_VALID (1ull << 11)
#define FIXED_MSR_COUNT 11
#define FIXED_END 0x100000ull

static bool type_valid(const struct vmtrr *m, uint64_t type)
{
	return type == MTRR_TYPE_UC || type == MTRR_TYPE_WT || type == MTRR_TYPE_WP ||
	       type == MTRR_TYPE_WB || (type == MTRR_TYPE_WC && (m->cap & MTRRCAP_WC));
}

/* Index 0-10 of a fixed-range MSR, or -1. */
static int fixed_index(uint32_t msr)
{
	if (msr == MSR_IA32_MTRR_FIX64K_00000)
		return 0;
	if (msr == MSR_IA32_MTRR_FIX16K_80000 || msr == MSR_IA32_MTRR_FIX16K_A0000)
		return 1 + (int)(msr - MSR_IA32_MTRR_FIX16K_80000);
	if (msr >= MSR_IA32_MTRR_FIX4K_C0000 && msr <= MSR_IA32_MTRR_FIX4K_F8000)
		return 3 + (int)(msr - MSR_IA32_MTRR_FIX4K_C0000);
	return -1;
}

/* The variable range an MSR belongs to, or -1 if this CPU lacks it. */
static int variable_index(const struct vmtrr *m, uint32_t msr)
{
	if (msr < MSR_IA32_MTRR_PHYSBASE0)
		return -1;
	unsigned n = (msr - MSR_IA32_MTRR_PHYSBASE0) / 2;
	return n < m->state.variable_count ? (int)n : -1;
}

static uint64_t def_type_value(const struct mtrr_state *s)
{
	return s->default_type | (s->fixed_enabled ? DEF_TYPE_FE : 0) |
	       (s->enabled ? DEF_TYPE_E : 0);
}

bool vmtrr_read(const struct vmtrr *m, uint32_t msr, uint64_t *value)
{
	const struct mtrr_state *s = &m->state;
	if (!m->supported)
		return false;
	if (msr == MSR_IA32_MTRRCAP) {
		*value = m->cap;
		return true;
	}
	if (msr == MSR_IA32_MTRR_DEF_TYPE) {
		*value = def_type_value(s);
		return true;
	}
	int f = fixed_index(msr);
	if (f >= 0) {
		if (!(m->cap & MTRRCAP_FIX))
			return false;
		*value = 0;
		for (unsigned b = 0; b < 8; b++)
			*value |= (uint64_t)s->fixed[f * 8 + b] << (8 * b);
		return true;
	}
	int n = variable_index(m, msr);
	if (n < 0)
		return false;
	*value = (msr & 1) ? s->variable[n].mask : s->variable[n].base;
	return true;
}

/* The span of the addresses a variable range matches, or false if it
 * matches none. An address matches when it equals the range's base in the
 * mask's bits (SDM 11.11.2.3), so it is the base plus some of the bits the
 * mask ignores: within [base, base + ignored bits], whether the mask is
 * contiguous (one block) or not (scattered blocks inside that span). */
static bool variable_extent(const struct mtrr_state *s, const struct mtrr_variable *v,
			    struct vmtrr_extent *x)
{
	if (!(v->mask & PHYSMASK_VALID))
		return false;
	uint64_t mask = mtrr_variable_mask(s, v);
	uint64_t ignored = ~mask & s->address_mask;
	*x = (struct vmtrr_extent){ v->base & mask, (v->base & mask) + ignored + 1 };
	return true;
}

static void extent_add(struct vmtrr_extent *x, const struct vmtrr_extent *more)
{
	if (x->start == x->end) {
		*x = *more;
		return;
	}
	if (more->start < x->start)
		x->start = more->start;
	if (more->end > x->end)
		x->end = more->end;
}

static bool write_def_type(struct vmtrr *m, uint64_t value, struct vmtrr_extent *changed)
{
	if ((value & ~DEF_TYPE_WRITABLE) || !type_valid(m, value & 0xff) ||
	    ((value & DEF_TYPE_FE) && !(m->cap & MTRRCAP_FIX)))
		return false;
	struct mtrr_state *s = &m->state;
	if (value != def_type_value(s))
		*changed = (struct vmtrr_extent){ 0, s->address_mask + 1 };
	s->default_type = (uint8_t)value;
	s->fixed_enabled = value & DEF_TYPE_FE;
	s->enabled = value & DEF_TYPE_E;
	return true;
}

static bool write_fixed(struct vmtrr *m, int f, uint64_t value, struct vmtrr_extent *changed)
{
	if (!(m->cap & MTRRCAP_FIX))
		return false;
	for (unsigned b = 0; b < 8; b++)
		if (!type_valid(m, (value >> (8 * b)) & 0xff))
			return false;
	for (unsigned b = 0; b < 8; b++) {
		uint8_t type = (uint8_t)(value >> (8 * b));
		if (m->state.fixed[f * 8 + b] != type)
			*changed = (struct vmtrr_extent){ 0, FIXED_END };
		m->state.fixed[f * 8 + b] = type;
	}
	return true;
}

static bool write_variable(struct vmtrr *m, uint32_t msr, uint64_t value,
			   struct vmtrr_extent *changed)
{
	struct mtrr_state *s = &m->state;
	int n = variable_index(m, msr);
	uint64_t above_width = ~s->address_mask;
	if (n < 0)
		return false;
	bool is_mask = msr & 1;
	if (value & above_width)
		return false;
	if (is_mask ? (value & PHYSMASK_RESERVED)
		    : ((value & PHYSBASE_RESERVED) || !type_valid(m, value & 0xff)))
		return false;
	struct mtrr_variable *v = &s->variable[n];
	struct mtrr_variable before = *v;
	if (is_mask)
		v->mask = value;
	else
		v->base = value;
	if (before.base == v->base && before.mask == v->mask)
		return true;
	struct vmtrr_extent x;
	if (variable_extent(s, &before, &x))
		extent_add(changed, &x);
	if (variable_extent(s, v, &x))
		extent_add(changed, &x);
	return true;
}

bool vmtrr_write(struct vmtrr *m, uint32_t msr, uint64_t value, struct vmtrr_extent *changed)
{
	*changed = (struct vmtrr_extent){ 0, 0 };
	if (!m->supported || msr == MSR_IA32_MTRRCAP)
		return false;
	if (msr == MSR_IA32_MTRR_DEF_TYPE)
		return write_def_type(m, value, changed);
	int f = fixed_index(msr);
	if (f >= 0)
		return write_fixed(m, f, value, changed);
	return write_variable(m, msr, value, changed);
}
