/* Symbol lookup by address: binary search in a sorted table. Pure. */
#include "lib/symbols.h"

const struct symbol *symbol_find(const struct symbol *table, size_t count,
				 uint64_t text_end, uint64_t addr)
{
	if (count == 0 || addr < table[0].address || addr >= text_end)
		return NULL;
	size_t lo = 0, hi = count;     /* invariant: table[lo].address <= addr */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (table[mid].address <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return &table[lo];
}
