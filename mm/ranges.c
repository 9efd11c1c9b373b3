/* Sorted, merged range sets; see ranges.h. */
#include "mm/ranges.h"

void range_set_clear(struct range_set *s)
{
	s->count = 0;
}

static void remove_at(struct range_set *s, unsigned i)
{
	for (unsigned j = i; j + 1 < s->count; j++)
		s->r[j] = s->r[j + 1];
	s->count--;
}

static void insert_at(struct range_set *s, unsigned i, struct range r)
{
	for (unsigned j = s->count; j > i; j--)
		s->r[j] = s->r[j - 1];
	s->r[i] = r;
	s->count++;
}

bool range_set_add(struct range_set *s, uint64_t base, uint64_t end)
{
	if (base >= end)
		return true;
	unsigned i = 0;
	while (i < s->count && s->r[i].end < base)
		i++;
	/* r[i] is the first range that overlaps or touches [base, end), or lies after it. */
	if (i == s->count || s->r[i].base > end) {
		if (s->count == RANGE_SET_MAX)
			return false;
		insert_at(s, i, (struct range){ base, end });
		return true;
	}
	if (base < s->r[i].base)
		s->r[i].base = base;
	if (end > s->r[i].end)
		s->r[i].end = end;
	while (i + 1 < s->count && s->r[i + 1].base <= s->r[i].end) {
		if (s->r[i + 1].end > s->r[i].end)
			s->r[i].end = s->r[i + 1].end;
		remove_at(s, i + 1);
	}
	return true;
}

bool range_set_remove(struct range_set *s, uint64_t base, uint64_t end)
{
	if (base >= end)
		return true;
	for (unsigned i = 0; i < s->count; i++) {
		struct range *r = &s->r[i];
		if (r->end <= base || r->base >= end)
			continue;
		if (r->base < base && r->end > end) {
			/* Split in two. */
			if (s->count == RANGE_SET_MAX)
				return false;
			insert_at(s, i + 1, (struct range){ end, r->end });
			s->r[i].end = base;
			return true;
		}
		if (r->base < base) {
			r->end = base;
		} else if (r->end > end) {
			r->base = end;
		} else {
			remove_at(s, i);
			i--;
		}
	}
	return true;
}

bool range_set_overlaps(const struct range_set *s, uint64_t base, uint64_t end)
{
	for (unsigned i = 0; i < s->count; i++)
		if (s->r[i].base < end && base < s->r[i].end)
			return true;
	return false;
}

bool range_set_contains(const struct range_set *s, uint64_t base, uint64_t end)
{
	/* An end below the base (an address plus a length that wrapped) is no
	 * range, and never inside one. */
	if (end < base)
		return false;
	for (unsigned i = 0; i < s->count; i++)
		if (s->r[i].base <= base && end <= s->r[i].end)
			return true;
	return false;
}

bool range_set_contains_span(const struct range_set *s, uint64_t base, uint64_t length)
{
	return length <= UINT64_MAX - base && range_set_contains(s, base, base + length);
}

uint64_t range_set_total(const struct range_set *s)
{
	uint64_t total = 0;
	for (unsigned i = 0; i < s->count; i++)
		total += s->r[i].end - s->r[i].base;
	return total;
}
