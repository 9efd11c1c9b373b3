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

static bool variable_matches(const struct mtrr_state *s, const struct mtrr_variable *v,
			     uint64_t addr)
{
	uint64_t mask = v->mask & s->address_mask & ~0xfffull;
	return (addr & mask) == (v->base & mask);
}

/* Precedence among overlapping variable ranges (SDM 11.11.4.1). */
static int address_type(const struct mtrr_state *s, uint64_t addr)
{
	if (!s->enabled)
		return MTRR_TYPE_UC;
	if (addr < FIXED_END && s->fixed_enabled)
		return fixed_type(s, addr);
	int type = -1;
	for (unsigned i = 0; i < s->variable_count; i++) {
		const struct mtrr_variable *v = &s->variable[i];
		if (!(v->mask & PHYSMASK_VALID) || !variable_matches(s, v, addr))
			continue;
		int t = (int)(v->base & 0xff);
		if (type < 0 || type == t)
			type = t;
		else if (t == MTRR_TYPE_UC || type == MTRR_TYPE_UC)
			type = MTRR_TYPE_UC;
		else if ((t == MTRR_TYPE_WT && type == MTRR_TYPE_WB) ||
			 (t == MTRR_TYPE_WB && type == MTRR_TYPE_WT))
			type = MTRR_TYPE_WT;
		else
			type = MTRR_TYPE_UC;    /* undefined overlap: take the safe type */
	}
	return type < 0 ? s->default_type : type;
}

/* A variable range with a contiguous mask covers one aligned block; the range
 * [base, end) is uniform for it when wholly inside or wholly outside. A
 * non-contiguous mask may match scattered blocks: never call that uniform. */
static bool variable_uniform_over(const struct mtrr_state *s, const struct mtrr_variable *v,
				  uint64_t base, uint64_t end)
{
	if (!(v->mask & PHYSMASK_VALID))
		return true;
	uint64_t mask = v->mask & s->address_mask & ~0xfffull;
	uint64_t block = (~mask & s->address_mask) + 1;   /* size of the block */
	if (mask & (block - 1))
		return end - base <= PAGE;                /* non-contiguous mask */
	uint64_t vb = v->base & mask, ve = vb + block;
	return end <= vb || base >= ve || (base >= vb && end <= ve);
}

int mtrr_range_type(const struct mtrr_state *s, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;
	int type = address_type(s, base);
	if (!s->enabled)
		return type;
	if (base < FIXED_END && s->fixed_enabled) {
		uint64_t fixed_end = end < FIXED_END ? end : FIXED_END;
		for (uint64_t a = base; a < fixed_end; a += PAGE)
			if (address_type(s, a) != type)
				return MTRR_MIXED;
		if (end <= FIXED_END)
			return type;
		return address_type(s, FIXED_END) == type &&
		       mtrr_range_type(s, FIXED_END, end - FIXED_END) == type ? type : MTRR_MIXED;
	}
	for (unsigned i = 0; i < s->variable_count; i++)
		if (!variable_uniform_over(s, &s->variable[i], base, end))
			return MTRR_MIXED;
	return type;
}
