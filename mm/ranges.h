/* Sets of physical address ranges [base, end), kept sorted and merged. Pure:
 * unit-tested on the host. The frame allocator, the EPT builder and the guest
 * memory maps are all built from these. */
#ifndef MM_RANGES_H
#define MM_RANGES_H
#include <stdbool.h>
#include <stdint.h>

#define RANGE_SET_MAX 128

struct range {
	uint64_t base;
	uint64_t end;           /* exclusive */
};

struct range_set {
	unsigned count;
	struct range r[RANGE_SET_MAX];
};

void range_set_clear(struct range_set *s);
/* Adds [base, end), merging with overlapping or touching ranges.
 * Returns false (and leaves the set unchanged) if the set is full. */
bool range_set_add(struct range_set *s, uint64_t base, uint64_t end);
/* Removes [base, end) from every range. Returns false if a split would overflow. */
bool range_set_remove(struct range_set *s, uint64_t base, uint64_t end);
bool range_set_overlaps(const struct range_set *s, uint64_t base, uint64_t end);
/* True if one range holds all of [base, end); an inverted range (end < base)
 * is never contained. */
bool range_set_contains(const struct range_set *s, uint64_t base, uint64_t end);
/* True if one range holds all of the `length` bytes at base; false if they
 * would wrap past 2^64. */
bool range_set_contains_span(const struct range_set *s, uint64_t base, uint64_t length);
uint64_t range_set_total(const struct range_set *s);

#endif
