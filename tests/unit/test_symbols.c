#include <string.h>
#include "lib/symbols.h"
#include "tests/unit/unit.h"

static const struct symbol table[] = {
	{ 0x1000, "first" }, { 0x1040, "second" }, { 0x1100, "third" },
};

static void lookup(void)
{
	CHECK(symbol_find(table, 3, 0x1200, 0x0fff) == NULL);
	CHECK_STR(symbol_find(table, 3, 0x1200, 0x1000)->name, "first");
	CHECK_STR(symbol_find(table, 3, 0x1200, 0x103f)->name, "first");
	CHECK_STR(symbol_find(table, 3, 0x1200, 0x1040)->name, "second");
	CHECK_STR(symbol_find(table, 3, 0x1200, 0x11ff)->name, "third");
	CHECK(symbol_find(table, 3, 0x1200, 0x1200) == NULL);
	CHECK(symbol_find(table, 0, 0x1200, 0x1000) == NULL);
}

const struct unit_test symbols_tests[] = { { "lookup", lookup } };
const unsigned symbols_test_count = 1;
