/* The hypervisor's own function symbols, for backtraces.
 * tools/gensyms.sh builds the table from the first link of the image. */
#ifndef LIB_SYMBOLS_H
#define LIB_SYMBOLS_H
#include <stddef.h>
#include <stdint.h>

struct symbol {
	uint64_t address;
	const char *name;
};

/* Sorted by address; the end of the last function is symbol_text_end. */
extern const struct symbol symbol_table[];
extern const uint64_t symbol_count;
extern const uint64_t symbol_text_end;

/* Finds the symbol containing addr in a sorted table; NULL if none. */
const struct symbol *symbol_find(const struct symbol *table, size_t count,
				 uint64_t text_end, uint64_t addr);

#endif
