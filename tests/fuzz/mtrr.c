/* Memory types from MTRRs (vmx/mtrr.c:mtrr_range_type): the guest writes
 * its virtual MTRRs (platform/vmtrr.c), and EPT maps each range with the
 * type this says, or splits it where the range is mixed. Input: the state
 * (enabled bits, default type, address width, up to 16 variable ranges as
 * raw PHYSBASE/PHYSMASK values, the 88 fixed-range types), then a range of
 * 4 KiB << k bytes. The model is the SDM's rule for one address (11.11.4):
 * a variable range matches when (address & mask) == (base & mask). The
 * answer must be the type of every page, or MTRR_MIXED; and mixed only
 * where two pages differ or a variable range covers part of the range (as
 * mtrr.h allows), or a non-contiguous mask, which may match scattered
 * pages, is among the ranges looked at. */
#include <string.h>
#include "tests/fuzz/fuzz.h"
#include "vmx/mtrr.h"

#define PAGE 4096ull
#define FIXED_END 0x100000ull
#define PHYSMASK_VALID (1ull << 11)
#define MAX_POINTS (2 * MTRR_MAX_VARIABLE + FIXED_END / PAGE + 2)

static uint64_t variable_mask(const struct mtrr_state *s, const struct mtrr_variable *v)
{
	return v->mask & s->address_mask & ~(PAGE - 1);
}

/* Bit by bit: the mask's set bits run without a gap up to the address width. */
static bool contiguous(const struct mtrr_state *s, uint64_t mask)
{
	for (unsigned bit = 12; bit < 63; bit++) {
		uint64_t next = 1ull << (bit + 1);
		if ((mask & (1ull << bit)) && (s->address_mask & next) && !(mask & next))
			return false;
	}
	return true;
}

/* SDM 11.11.2.2: 8 ranges of 64 KiB, 16 of 16 KiB, 64 of 4 KiB. */
static int model_fixed(const struct mtrr_state *s, uint64_t a)
{
	if (a < 0x80000)
		return s->fixed[a / 0x10000];
	if (a < 0xc0000)
		return s->fixed[8 + (a - 0x80000) / 0x4000];
	return s->fixed[24 + (a - 0xc0000) / 0x1000];
}

/* SDM 11.11.4 and 11.11.4.1: the type of one address. */
static int model_type(const struct mtrr_state *s, uint64_t a)
{
	if (!s->enabled)
		return MTRR_TYPE_UC;
	if (a < FIXED_END && s->fixed_enabled)
		return model_fixed(s, a);
	bool matched = false, uc = false, same = true, only_wt_wb = true;
	int first = 0;
	for (unsigned i = 0; i < s->variable_count; i++) {
		const struct mtrr_variable *v = &s->variable[i];
		uint64_t mask = variable_mask(s, v);
		if (!(v->mask & PHYSMASK_VALID) || (a & mask) != (v->base & mask))
			continue;
		int t = (int)(v->base & 0xff);
		if (!matched)
			first = t;
		matched = true;
		uc |= t == MTRR_TYPE_UC;
		same &= t == first;
		only_wt_wb &= t == MTRR_TYPE_WT || t == MTRR_TYPE_WB;
	}
	if (!matched)
		return s->default_type;
	if (uc)
		return MTRR_TYPE_UC;
	if (same)
		return first;
	return only_wt_wb ? MTRR_TYPE_WT : MTRR_TYPE_UC;
}

static void add_point(uint64_t *points, unsigned *n, uint64_t p, uint64_t base, uint64_t end)
{
	if (p >= base && p < end && *n < MAX_POINTS)
		points[(*n)++] = p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct mtrr_state s;
	memset(&s, 0, sizeof(s));
	unsigned flags = (unsigned)fuzz_take(&in, 1);
	s.enabled = flags & 1;
	s.fixed_enabled = flags & 2;
	s.default_type = (uint8_t)(fuzz_take(&in, 1) & 7);
	unsigned width = 32 + (unsigned)(fuzz_take(&in, 1) % 21);      /* 32-52 bits */
	s.address_mask = (1ull << width) - 1;
	s.variable_count = (unsigned)(fuzz_take(&in, 1) % (MTRR_MAX_VARIABLE + 1));
	for (unsigned i = 0; i < s.variable_count; i++) {
		s.variable[i].base = fuzz_take(&in, 8);
		s.variable[i].mask = fuzz_take(&in, 8);
	}
	for (unsigned i = 0; i < MTRR_FIXED_COUNT; i++)
		s.fixed[i] = (uint8_t)(fuzz_take(&in, 1) & 7);
	uint64_t length = PAGE << (fuzz_take(&in, 1) % 19);            /* 4 KiB-1 GiB */
	uint64_t pages = (s.address_mask + 1 - length) / PAGE + 1;
	uint64_t base = (fuzz_take(&in, 8) % pages) * PAGE, end = base + length;

	int type = mtrr_range_type(&s, base, length);

	/* The pieces of the range on which the model's type cannot change:
	 * each fixed-range page, and the ends of each contiguous variable
	 * range. A non-contiguous one may change it on any page. */
	uint64_t points[MAX_POINTS];
	unsigned n = 0;
	bool exact = true, partial = false;
	add_point(points, &n, base, base, end);
	bool fixed = s.enabled && s.fixed_enabled;
	for (uint64_t a = base; fixed && a < end && a < FIXED_END; a += PAGE)
		add_point(points, &n, a, base, end);
	if (fixed)
		add_point(points, &n, FIXED_END, base, end);
	bool variable_consulted = s.enabled && (!fixed || end > FIXED_END);
	for (unsigned i = 0; variable_consulted && i < s.variable_count; i++) {
		const struct mtrr_variable *v = &s.variable[i];
		uint64_t mask = variable_mask(&s, v);
		if (!(v->mask & PHYSMASK_VALID))
			continue;
		if (!contiguous(&s, mask)) {
			exact = length == PAGE;
			continue;
		}
		uint64_t start = v->base & mask, stop = start + (~mask & s.address_mask) + 1;
		partial |= (start > base && start < end) || (stop > base && stop < end);
		add_point(points, &n, start, base, end);
		add_point(points, &n, stop, base, end);
	}
	add_point(points, &n, end - PAGE, base, end);

	bool differ = false;
	for (unsigned i = 0; i < n; i++)
		differ |= model_type(&s, points[i]) != model_type(&s, base);
	if (type != MTRR_MIXED) {
		/* One type: every piece has it. */
		FUZZ_CHECK(!differ && type == model_type(&s, base));
	} else {
		/* A page is never mixed; a range is mixed only where it is,
		 * or where a variable range covers part of it. */
		FUZZ_CHECK(length > PAGE);
		if (exact && !partial)
			FUZZ_CHECK(differ);
	}
	return 0;
}
