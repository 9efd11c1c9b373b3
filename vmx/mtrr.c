/* MTRR memory-type decisions; see mtrr.h. */
#include "vmx/mtrr.h"

#define PHYSMASK_VALID (1ull << 11)
#define FIXED_END 0x100000ull
#define PAGE 4096ull

const char *mtrr_type_name(int type)
{
	switch (type) {
	case MTRR_TYPE_UC: return "UC";
	case MTRR_TYPE_WC: return "WC";
	case MTRR_TYPE_WT: return "WT";
	case MTRR_TYPE_WP: return "WP";
	case MTRR_TYPE_WB: return "WB";
	default: return "mixed";
	}
}

/* Fixed ranges (SDM 11.11.2.2): 8 x 64 KiB from 0, 16 x 16 KiB from
 * 0x80000, 64 x 4 KiB from 0xc0000. */
static int fixed_type(const struct mtrr_state *s, uint64_t addr)
{
	if (addr < 0x80000)
		return s->fixed[addr >> 16];
	if (addr < 0xc0000)
		return s->fixed[8 + ((addr - 0x80000) >> 14)];
	return s->fixed[24 + ((addr - 0xc0000) >> 12)];
}

/* Precedence among overlapping variable ranges (SDM 11.11.4.1): `type` so
 * far (-1: none yet) with one more range's type `t`. */
static int overlap_type(int type, int t)
{
	if (type < 0 || type == t)
		return t;
	if (t == MTRR_TYPE_UC || type == MTRR_TYPE_UC)
		return MTRR_TYPE_UC;
	if ((t == MTRR_TYPE_WT && type == MTRR_TYPE_WB) ||
	    (t == MTRR_TYPE_WB && type == MTRR_TYPE_WT))
		return MTRR_TYPE_WT;
	return MTRR_TYPE_UC;    /* undefined overlap: take the safe type */
}

enum cover { COVERS_NONE, COVERS_ALL, COVERS_PART };

/* How the valid variable range v lies over [base, end) (page-aligned). With
 * a contiguous mask it covers one aligned block of at least a page: all of
 * the range, none of it or part. A non-contiguous mask may match scattered
 * blocks: it decides a single page, and any larger range is taken as
 * partly covered. */
static enum cover variable_cover(const struct mtrr_state *s, const struct mtrr_variable *v,
				 uint64_t base, uint64_t end)
{
	uint64_t mask = mtrr_variable_mask(s, v);
	uint64_t ignored = ~mask & s->address_mask;      /* the address bits it ignores */
	if (ignored & (ignored + 1)) {                   /* not all low: non-contiguous */
		if (end - base > PAGE)
			return COVERS_PART;
		return (base & mask) == (v->base & mask) ? COVERS_ALL : COVERS_NONE;
	}
	uint64_t vb = v->base & mask, ve = vb + ignored + 1;
	if (end <= vb || base >= ve)
		return COVERS_NONE;
	return base >= vb && end <= ve ? COVERS_ALL : COVERS_PART;
}

/* The type that the variable ranges and the default type give every byte
 * of [base, end), or MTRR_MIXED: one pass over the ranges. */
static int variable_type(const struct mtrr_state *s, uint64_t base, uint64_t end)
{
	int type = -1;
	for (unsigned i = 0; i < s->variable_count; i++) {
		const struct mtrr_variable *v = &s->variable[i];
		if (!(v->mask & PHYSMASK_VALID))
			continue;
		enum cover c = variable_cover(s, v, base, end);
		if (c == COVERS_PART)
			return MTRR_MIXED;
		if (c == COVERS_ALL)
			type = overlap_type(type, (int)(v->base & 0xff));
	}
	return type < 0 ? s->default_type : type;
}

/* Below 1 MiB the fixed ranges decide, when enabled (SDM 11.11.2.2),
 * page by page; above, the variable ranges. */
int mtrr_range_type(const struct mtrr_state *s, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;
	if (!s->enabled)
		return MTRR_TYPE_UC;
	if (base >= FIXED_END || !s->fixed_enabled)
		return variable_type(s, base, end);
	int type = fixed_type(s, base);
	uint64_t fixed_end = end < FIXED_END ? end : FIXED_END;
	for (uint64_t a = base + PAGE; a < fixed_end; a += PAGE)
		if (fixed_type(s, a) != type)
			return MTRR_MIXED;
	if (end <= FIXED_END)
		return type;
	return mtrr_range_type(s, FIXED_END, end - FIXED_END) == type ? type : MTRR_MIXED;
}
