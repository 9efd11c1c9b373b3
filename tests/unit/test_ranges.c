#include "mm/ranges.h"
#include "tests/unit/unit.h"

static struct range_set s;

static int is(unsigned i, uint64_t base, uint64_t end)
{
	return i < s.count && s.r[i].base == base && s.r[i].end == end;
}

static void add_merges_and_sorts(void)
{
	range_set_clear(&s);
	CHECK(range_set_add(&s, 0x5000, 0x6000));
	CHECK(range_set_add(&s, 0x1000, 0x2000));
	CHECK(range_set_add(&s, 0x3000, 0x4000));
	CHECK(s.count == 3 && is(0, 0x1000, 0x2000) && is(2, 0x5000, 0x6000));
	CHECK(range_set_add(&s, 0x2000, 0x3000));      /* touches both neighbours */
	CHECK(s.count == 2 && is(0, 0x1000, 0x4000));
	CHECK(range_set_add(&s, 0x0, 0x10000));        /* swallows everything */
	CHECK(s.count == 1 && is(0, 0, 0x10000));
	CHECK(range_set_add(&s, 0x20000, 0x20000));    /* empty: no change */
	CHECK(s.count == 1);
}

static void remove_trims_and_splits(void)
{
	range_set_clear(&s);
	range_set_add(&s, 0x1000, 0x9000);
	CHECK(range_set_remove(&s, 0x3000, 0x4000));
	CHECK(s.count == 2 && is(0, 0x1000, 0x3000) && is(1, 0x4000, 0x9000));
	CHECK(range_set_remove(&s, 0x0, 0x2000));
	CHECK(is(0, 0x2000, 0x3000));
	CHECK(range_set_remove(&s, 0x8000, 0x10000));
	CHECK(is(1, 0x4000, 0x8000));
	CHECK(range_set_remove(&s, 0x2000, 0x8000));   /* spans both */
	CHECK(s.count == 0);
}

static void queries(void)
{
	range_set_clear(&s);
	range_set_add(&s, 0x1000, 0x3000);
	range_set_add(&s, 0x5000, 0x6000);
	CHECK(range_set_overlaps(&s, 0x2fff, 0x4000));
	CHECK(!range_set_overlaps(&s, 0x3000, 0x5000));
	CHECK(range_set_contains(&s, 0x1000, 0x3000));
	CHECK(!range_set_contains(&s, 0x1000, 0x5001));
	CHECK(range_set_total(&s) == 0x3000);
}

/* An inverted range is in no set: a caller whose end wrapped past 2^64
 * (as HC_PUTS's page rounding once did) must not read it as contained. */
static void inverted_range_is_not_contained(void)
{
	range_set_clear(&s);
	range_set_add(&s, 0x1000, 0x20000000);
	CHECK(!range_set_contains(&s, 0xfffffffffffff000ull, 0));
	CHECK(!range_set_contains(&s, 0x3000, 0x2000));
	CHECK(range_set_contains(&s, 0x2000, 0x2000));   /* empty, inside */
}

static void span_checks_overflow(void)
{
	range_set_clear(&s);
	range_set_add(&s, 0x1000, 0x20000000);
	CHECK(range_set_contains_span(&s, 0x1000, 0x1000));
	CHECK(range_set_contains_span(&s, 0x1fffffff, 1));
	CHECK(!range_set_contains_span(&s, 0x1fffffff, 2));
	CHECK(!range_set_contains_span(&s, 0xfffffffffffff001ull, 1));
	CHECK(!range_set_contains_span(&s, 0xfffffffffffff001ull, 0xfff));
	CHECK(!range_set_contains_span(&s, 0x1000, 0xfffffffffffff000ull));
	CHECK(!range_set_contains_span(&s, 0x2000, ~0ull));
	range_set_add(&s, 0xffffffffffff0000ull, ~0ull);
	CHECK(range_set_contains_span(&s, 0xffffffffffff0000ull, 0xffff));
	CHECK(!range_set_contains_span(&s, 0xffffffffffff0000ull, 0x10000));
}

/* A range whose end wrapped past 2^64 is not inside the set: the loaders
 * and the print hypercall ask with address + length (found by fuzzing). */
static void wrapped_range_not_contained(void)
{
	range_set_clear(&s);
	range_set_add(&s, 0x1000, 0x8000000);
	CHECK(!range_set_contains(&s, 0xfffffffffffff000ull, 0x1000));
	CHECK(!range_set_contains(&s, 0xfffffffffffff000ull, 0));
	CHECK(!range_set_contains(&s, 0x2000, 0x1fff));
	CHECK(range_set_contains(&s, 0x2000, 0x3000));
}

static void full_set_refuses(void)
{
	range_set_clear(&s);
	for (unsigned i = 0; i < RANGE_SET_MAX; i++)
		CHECK(range_set_add(&s, i * 0x2000ull, i * 0x2000ull + 0x1000));
	CHECK(!range_set_add(&s, 0x10000000, 0x10001000));
	CHECK(s.count == RANGE_SET_MAX);
	/* a split would need one more slot */
	range_set_clear(&s);
	for (unsigned i = 0; i < RANGE_SET_MAX; i++)
		range_set_add(&s, i * 0x10000ull, i * 0x10000ull + 0x8000);
	CHECK(!range_set_remove(&s, 0x1000, 0x2000));
}

const struct unit_test ranges_tests[] = {
	{ "add_merges_and_sorts", add_merges_and_sorts },
	{ "remove_trims_and_splits", remove_trims_and_splits },
	{ "queries", queries },
	{ "inverted_range_is_not_contained", inverted_range_is_not_contained },
	{ "span_checks_overflow", span_checks_overflow },
	{ "wrapped_range_not_contained", wrapped_range_not_contained },
	{ "full_set_refuses", full_set_refuses },
};
const unsigned ranges_test_count = sizeof(ranges_tests) / sizeof(ranges_tests[0]);
