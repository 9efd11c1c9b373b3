/* See monitor_parse.h. */
#include "debug/monitor_parse.h"
#include "lib/format.h"
#include "lib/string.h"

struct verb_syntax {
	const char *name;
	enum monitor_verb verb;
	unsigned min_numbers, max_numbers;
	int word;                       /* 0: none, 1: optional, 2: required */
};

static const struct verb_syntax verbs[] = {
	{ "help", MON_HELP, 0, 0, 0 },     { "regs", MON_REGS, 0, 0, 0 },
	{ "vmcs", MON_VMCS, 0, 0, 1 },     { "stats", MON_STATS, 0, 0, 0 },
	{ "ring", MON_RING, 0, 1, 0 },     { "mem", MON_MEM, 1, 2, 0 },
	{ "vmem", MON_VMEM, 1, 2, 0 },     { "xlate", MON_XLATE, 1, 1, 0 },
	{ "filter", MON_FILTER, 0, 0, 2 }, { "step", MON_STEP, 0, 0, 0 },
	{ "continue", MON_CONTINUE, 0, 0, 0 }, { "c", MON_CONTINUE, 0, 0, 0 },
	{ "reset", MON_RESET, 0, 0, 0 },   { "poweroff", MON_POWEROFF, 0, 0, 0 },
	{ "cpus", MON_CPUS, 0, 0, 0 },     { "cpu", MON_CPU, 1, 1, 0 },
};

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static size_t word_length(const char *p)
{
	size_t n = 0;
	while (p[n] && p[n] != ' ' && p[n] != '\t')
		n++;
	return n;
}

/* Hex with 0x, else decimal; the whole word must be a number. */
static int parse_number(const char *p, size_t len, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	if (len > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		len -= 2;
	}
	if (len == 0 || len > (base == 16 ? 16u : 19u))
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

int monitor_parse(const char *line, struct monitor_command *out, char *err, size_t err_size)
{
	const char *p = skip_spaces(line);
	size_t len = word_length(p);
	const struct verb_syntax *syntax = NULL;
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strlen(verbs[i].name) == len && !strncmp(verbs[i].name, p, len))
			syntax = &verbs[i];
	if (!syntax) {
		format_string(err, err_size, "unknown command '%.*s' (try help)", (int)len, p);
		return -1;
	}
	*out = (struct monitor_command){ .verb = syntax->verb };
	p = skip_spaces(p + len);
	if (syntax->word) {
		len = word_length(p);
		if (len == 0 && syntax->word == 2) {
			format_string(err, err_size, "%s: needs an argument", syntax->name);
			return -1;
		}
		out->word = len ? p : NULL;
		out->word_length = len;
		p = skip_spaces(p + len);
	}
	while (*p) {
		len = word_length(p);
		if (out->argc == syntax->max_numbers) {
			format_string(err, err_size, "%s: too many arguments at '%.*s'", syntax->name,
				      (int)len, p);
			return -1;
		}
		if (parse_number(p, len, &out->args[out->argc])) {
			format_string(err, err_size, "%s: '%.*s' is not a number", syntax->name,
				      (int)len, p);
			return -1;
		}
		out->argc++;
		p = skip_spaces(p + len);
	}
	if (out->argc < syntax->min_numbers) {
		format_string(err, err_size, "%s: needs an address", syntax->name);
		return -1;
	}
	return 0;
}

int escape_feed(struct escape_state *s, char c, char deliver[2])
{
	if (!s->pending) {
		if (c == MONITOR_ESCAPE) {
			s->pending = 1;
			return 0;
		}
		deliver[0] = c;
		return 1;
	}
	s->pending = 0;
	if (c == 'm')
		return -1;
	deliver[0] = MONITOR_ESCAPE;
	if (c == MONITOR_ESCAPE)
		return 1;
	deliver[1] = c;
	return 2;
}
