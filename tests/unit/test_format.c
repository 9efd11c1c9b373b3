#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/format.h"
#include "tests/unit/unit.h"

static char buf[128];

#define FMT(...) (format_string(buf, sizeof(buf), __VA_ARGS__), buf)

static void integers(void)
{
	CHECK_STR(FMT("%d %i %u", -42, 7, 4000000000u), "-42 7 4000000000");
	CHECK_STR(FMT("%x %X", 0xbeefu, 0xbeefu), "beef BEEF");
	CHECK_STR(FMT("%llx", 0x123456789abcdef0ull), "123456789abcdef0");
	CHECK_STR(FMT("%lld", (long long)INT64_MIN), "-9223372036854775808");
	CHECK_STR(FMT("%zu", (size_t)12345), "12345");
	CHECK_STR(FMT("%d", 0), "0");
}

static void widths_and_flags(void)
{
	CHECK_STR(FMT("[%5d]", 42), "[   42]");
	CHECK_STR(FMT("[%-5d]", 42), "[42   ]");
	CHECK_STR(FMT("[%05d]", -42), "[-0042]");
	CHECK_STR(FMT("[%08x]", 0xabcu), "[00000abc]");
	CHECK_STR(FMT("[%*d]", 4, 7), "[   7]");
	CHECK_STR(FMT("[%-6s]", "ab"), "[ab    ]");
	CHECK_STR(FMT("[%.3s]", "abcdef"), "[abc]");
	CHECK_STR(FMT("[%.*s]", 2, "abcdef"), "[ab]");
}

static void strings_chars_pointers(void)
{
	CHECK_STR(FMT("%s|%c|%%", "hi", 'x'), "hi|x|%");
	const char *volatile null_string = NULL;
	CHECK_STR(FMT("%s", null_string), "(null)");
	CHECK_STR(FMT("%p", (void *)0x1000), "0x0000000000001000");
}

static void unknown_conversion_is_literal(void)
{
	/* Through variables: the compiler would reject these literals. */
	const char *unknown = "a %q b", *trailing = "end %";
	CHECK_STR(FMT(unknown, 0), "a %q b");
	CHECK_STR(FMT(trailing, 0), "end %");
}

static void truncation(void)
{
	char small[6];
	int n = format_string(small, sizeof(small), "%s", "hello world");
	CHECK(n == 11);
	CHECK_STR(small, "hello");
	n = format_string(small, 0, "abc");
	CHECK(n == 3);
}

/* With a precision, %s reads no byte past it: the string need not end in
 * NUL (found by the trace_filter fuzz target: its error message quotes a
 * word at the very end of an unterminated buffer). */
static void precision_bounds_the_read(void)
{
	char *word = malloc(2);         /* exactly "ab", no NUL: ASan watches */
	memcpy(word, "ab", 2);
	CHECK_STR(FMT("[%.*s]", 2, word), "[ab]");
	CHECK_STR(FMT("[%.1s]", word), "[a]");
	free(word);
}

const struct unit_test format_tests[] = {
	{ "integers", integers },
	{ "widths_and_flags", widths_and_flags },
	{ "strings_chars_pointers", strings_chars_pointers },
	{ "unknown_conversion_is_literal", unknown_conversion_is_literal },
	{ "truncation", truncation },
	{ "precision_bounds_the_read", precision_bounds_the_read },
};
const unsigned format_test_count = sizeof(format_tests) / sizeof(format_tests[0]);
