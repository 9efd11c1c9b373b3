/* The exit-trace filter (debug/trace_filter.c): the list after trace= and
 * the monitor's filter command. Input: the list, not NUL-terminated (the
 * parser is given its length). */
#include <stdlib.h>
#include <string.h>
#include "debug/trace_filter.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	size_t got;
	char *spec = (char *)fuzz_take_rest(&in, &got);
	struct trace_filter f = { { 0x1234, 0x5678 } }, again;
	char err[200];
	memset(err, 'x', sizeof(err));
	if (trace_filter_parse(spec, got, &f, err, sizeof(err))) {
		FUZZ_CHECK(fuzz_terminated(err, sizeof(err)));
		FUZZ_CHECK(strncmp(err, "unknown exit filter '", 21) == 0);
		/* A refused list leaves the filter as it was. */
		FUZZ_CHECK(f.reasons[0] == 0x1234 && f.reasons[1] == 0x5678);
		free(spec);
		return 0;
	}
	for (unsigned r = 128; r < 300; r++)
		FUZZ_CHECK(!trace_filter_has(&f, r));
	/* Text after a NUL is not part of the list. */
	const char *nul = memchr(spec, '\0', got);
	size_t text = nul ? (size_t)(nul - spec) : got;
	FUZZ_CHECK(trace_filter_parse(spec, text, &again, err, sizeof(err)) == 0);
	FUZZ_CHECK(memcmp(&again, &f, sizeof(f)) == 0);
	free(spec);
	return 0;
}
