/* Range sets (mm/ranges.c): what the firmware's memory map, the modules and
 * the hypervisor's own memory become, and what every "is this guest RAM?"
 * question asks (loaders, hypercall arguments, the monitor). Input: an
 * offset (8 bytes), then operations of 5 bytes: the kind (add, remove,
 * contains, overlaps) and two 16-bit numbers, base and end, taken modulo
 * UNIVERSE and added to the offset. A bitmap of the UNIVERSE addresses is
 * the model the set must equal after every operation. */
#include <string.h>
#include "mm/ranges.h"
#include "tests/fuzz/fuzz.h"

#define UNIVERSE 512
#define MAX_OPERATIONS 300      /* enough to fill the set (128 ranges) */

struct model {
	bool in[UNIVERSE];
};

static bool model_all(const struct model *m, unsigned base, unsigned end, bool want)
{
	for (unsigned a = base; a < end; a++)
		if (m->in[a] != want)
			return false;
	return true;
}

static void check_same(const struct range_set *s, const struct model *m, uint64_t offset)
{
	FUZZ_CHECK(s->count <= RANGE_SET_MAX);
	uint64_t total = 0;
	for (unsigned i = 0; i < s->count; i++) {
		const struct range *r = &s->r[i];
		/* Sorted, merged: each range non-empty, apart from the next. */
		FUZZ_CHECK(r->base < r->end);
		FUZZ_CHECK(i + 1 == s->count || r->end < s->r[i + 1].base);
		FUZZ_CHECK(r->base >= offset && r->end - offset <= UNIVERSE);
		FUZZ_CHECK(model_all(m, (unsigned)(r->base - offset), (unsigned)(r->end - offset), true));
		total += r->end - r->base;
	}
	unsigned members = 0;
	for (unsigned a = 0; a < UNIVERSE; a++)
		members += m->in[a];
	FUZZ_CHECK(total == members && range_set_total(s) == total);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint64_t offset = fuzz_take(&in, 8);
	if (offset > UINT64_MAX - UNIVERSE)
		offset = UINT64_MAX - UNIVERSE;
	static struct range_set s;
	static struct model m;
	range_set_clear(&s);
	memset(&m, 0, sizeof(m));
	for (unsigned n = 0; n < MAX_OPERATIONS && in.size >= 5; n++) {
		unsigned kind = (unsigned)fuzz_take(&in, 1) % 4;
		unsigned b = (unsigned)(fuzz_take(&in, 2) % (UNIVERSE + 1));
		unsigned e = (unsigned)(fuzz_take(&in, 2) % (UNIVERSE + 1));
		uint64_t base = offset + b, end = offset + e;
		switch (kind) {
		case 0:
		case 1: {
			struct range_set before = s;
			if ((kind == 0 ? range_set_add : range_set_remove)(&s, base, end)) {
				for (unsigned a = b; a < e; a++)
					m.in[a] = kind == 0;
			} else {
				/* Full: refused, and the set is as it was. */
				FUZZ_CHECK(before.count == RANGE_SET_MAX);
				FUZZ_CHECK(memcmp(&before, &s, sizeof(s)) == 0);
			}
			check_same(&s, &m, offset);
			break;
		}
		case 2:
			/* An inverted range ([base, end) with end below base, as an
			 * address plus a length that wraps gives) is never inside. */
			if (e < b)
				FUZZ_CHECK(!range_set_contains(&s, base, end));
			else if (b < e)
				FUZZ_CHECK(range_set_contains(&s, base, end) ==
					   model_all(&m, b, e, true));
			break;
		default:
			if (b < e)
				FUZZ_CHECK(range_set_overlaps(&s, base, end) == !model_all(&m, b, e, false));
			break;
		}
	}
	return 0;
}
