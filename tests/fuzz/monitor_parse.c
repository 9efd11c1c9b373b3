/* The serial monitor (debug/monitor_parse.c): a command line typed on the
 * serial port, and the key sequence that enters the monitor. Input: the
 * line (cut at its first NUL); the same bytes are also fed to the key
 * sequence one by one. */
#include <stdlib.h>
#include <string.h>
#include "debug/monitor_parse.h"
#include "tests/fuzz/fuzz.h"

static void check_command(const struct monitor_command *c, const char *line)
{
	size_t length = strlen(line);
	FUZZ_CHECK(c->verb >= MON_HELP && c->verb <= MON_CPU);
	FUZZ_CHECK(c->argc <= 2);
	if (c->verb == MON_MEM || c->verb == MON_VMEM || c->verb == MON_XLATE)
		FUZZ_CHECK(c->argc >= 1);
	if (c->verb == MON_CPU)
		FUZZ_CHECK(c->argc == 1);
	if (c->verb == MON_FILTER)
		FUZZ_CHECK(c->word != NULL);
	if (c->word) {
		/* The word is a piece of the line, without blanks. */
		FUZZ_CHECK(c->word_length > 0);
		FUZZ_CHECK(fuzz_inside(c->word, c->word_length, line, length));
		FUZZ_CHECK(!memchr(c->word, ' ', c->word_length));
		FUZZ_CHECK(!memchr(c->word, '\t', c->word_length));
	}
}

/* What reaches the guest is the input less each Ctrl-] m (which enters the
 * monitor), with Ctrl-] Ctrl-] as one Ctrl-]. */
static void check_escape(const uint8_t *data, size_t size)
{
	struct escape_state s = { 0 };
	char *delivered = malloc(2 * size + 1), out[2];
	size_t n = 0, expected = 0;
	unsigned entries = 0, expected_entries = 0;
	for (size_t i = 0; i < size; i++) {
		int r = escape_feed(&s, (char)data[i], out);
		FUZZ_CHECK(r >= -1 && r <= 2);
		if (r < 0)
			entries++;
		for (int k = 0; k < r; k++)
			delivered[n++] = out[k];
	}
	for (size_t i = 0; i < size; i++) {
		if (data[i] != MONITOR_ESCAPE) {
			FUZZ_CHECK(expected < n && delivered[expected++] == (char)data[i]);
		} else if (i + 1 < size && data[i + 1] == 'm') {
			expected_entries++;
			i++;
		} else if (i + 1 < size) {
			FUZZ_CHECK(expected < n && delivered[expected++] == MONITOR_ESCAPE);
			if (data[i + 1] == MONITOR_ESCAPE)
				i++;
		}
	}
	FUZZ_CHECK(expected == n && entries == expected_entries);
	free(delivered);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	char *line = fuzz_take_string(&in);
	struct monitor_command c;
	char err[96];
	memset(err, 'x', sizeof(err));
	if (monitor_parse(line, &c, err, sizeof(err)))
		FUZZ_CHECK(fuzz_terminated(err, sizeof(err)) && err[0]);
	else
		check_command(&c, line);
	free(line);
	check_escape(data, size);
	return 0;
}
