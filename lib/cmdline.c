/* Command-line parsing; see cmdline.h. Syntax: words separated by spaces,
 * each `name` or `name=value`. */
#include "lib/cmdline.h"
#include "arch/serial.h"
#include "lib/format.h"
#include "lib/string.h"

#define MAX_WORD 64

struct choice {
	const char *value;
	int setting;
};

struct option {
	const char *name;
	bool takes_value;
	const struct choice *choices;   /* when takes_value */
	unsigned choice_count;
	int *(*field)(struct hv_options *o);
	/* Options with their own syntax: returns 0, or -1 with a message. */
	int (*parse)(const char *value, unsigned length, struct hv_options *o, char *err,
		     unsigned err_size);
};

static int *field_intercept_pf(struct hv_options *o) { return &o->intercept_pf; }
static int *field_monitor(struct hv_options *o) { return &o->monitor; }

static int parse_trace(const char *value, unsigned length, struct hv_options *o, char *err,
		       unsigned err_size)
{
	return trace_filter_parse(value, length, &o->trace, err, err_size);
}
/* gdb=com1|com2[,nowait] */
static int parse_gdb(const char *value, unsigned length, struct hv_options *o, char *err,
		     unsigned err_size)
{
	unsigned name_length = 0;
	while (name_length < length && value[name_length] != ',')
		name_length++;
	const char *flag = value + name_length + 1;
	unsigned flag_length = name_length < length ? length - name_length - 1 : 0;
	bool nowait = flag_length == 6 && !strncmp(flag, "nowait", 6);
	if (name_length < length && !nowait) {
		format_string(err, err_size, "unknown flag '%.*s' (expected nowait)",
			      (int)flag_length, flag);
		return -1;
	}
	if (name_length == 4 && !strncmp(value, "com1", 4))
		o->gdb.port = COM1_PORT;
	else if (name_length == 4 && !strncmp(value, "com2", 4))
		o->gdb.port = COM2_PORT;
	else {
		format_string(err, err_size, "unknown port '%.*s' (expected com1 or com2)",
			      (int)name_length, value);
		return -1;
	}
	o->gdb.nowait = nowait;
	return 0;
}
static int *field_verbose(struct hv_options *o) { return &o->verbose; }
static int *field_vmcheck(struct hv_options *o) { return &o->vmcheck; }
static int *field_iommu_off(struct hv_options *o) { return &o->iommu_off; }
static int *field_console(struct hv_options *o) { return &o->console; }
static int *field_stats_ticks(struct hv_options *o) { return &o->stats_ticks; }

static const struct choice intercept_choices[] = { { "pf", 1 }, { "none", 0 } };
static const struct choice monitor_choices[] = {
	{ "off", MONITOR_OFF }, { "keys", MONITOR_ON_KEYS }, { "boot", MONITOR_AT_BOOT },
	{ "fatal", MONITOR_ON_FATAL },
};
static const struct choice selftest_choices[] = {
	{ "exception", SELFTEST_EXCEPTION }, { "vmentry-failure", SELFTEST_VMENTRY_FAILURE },
	{ "vmfail", SELFTEST_VMFAIL }, { "dma", SELFTEST_DMA }, { "xsetbv", SELFTEST_XSETBV },
	{ "nmi", SELFTEST_NMI }, { "none", SELFTEST_NONE },
};
static const struct choice vmentry_failure_choices[] = {
	{ "controls", VMENTRY_FAILURE_CONTROLS }, { "host", VMENTRY_FAILURE_HOST },
	{ "segments", VMENTRY_FAILURE_SEGMENTS },
	{ "control-registers", VMENTRY_FAILURE_CONTROL_REGISTERS },
	{ "rip-rflags", VMENTRY_FAILURE_RIP_RFLAGS }, { "activity", VMENTRY_FAILURE_ACTIVITY },
	{ "event-injection", VMENTRY_FAILURE_EVENT_INJECTION },
};
static const struct choice iommu_choices[] = { { "on", 0 }, { "off", 1 } };
static const struct choice stats_choices[] = { { "counts", 0 }, { "ticks", 1 } };
static const struct choice console_choices[] = {
	{ "serial", CONSOLE_SERIAL }, { "screen", CONSOLE_SCREEN }, { "both", CONSOLE_BOTH },
};

static const struct choice *find_choice(const struct choice *choices, unsigned count,
				       const char *value, unsigned length)
{
	for (unsigned c = 0; c < count; c++)
		if (strlen(choices[c].value) == length && !strncmp(choices[c].value, value, length))
			return &choices[c];
	return NULL;
}

static void list_choices(const struct choice *choices, unsigned count, char *buf,
			 unsigned size)
{
	unsigned used = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < count && used < size; i++)
		used += (unsigned)format_string(buf + used, size - used, "%s%s", i ? ", " : "",
						choices[i].value);
}

#define COUNT(array) (unsigned)(sizeof(array) / sizeof((array)[0]))

/* selftest=NAME, or selftest=vmentry-failure:GROUP */
static int parse_selftest(const char *value, unsigned length, struct hv_options *o, char *err,
			  unsigned err_size)
{
	char expected[96];
	unsigned name_length = 0;
	while (name_length < length && value[name_length] != ':')
		name_length++;
	const struct choice *name = find_choice(selftest_choices, COUNT(selftest_choices), value,
						name_length);
	if (!name) {
		list_choices(selftest_choices, COUNT(selftest_choices), expected, sizeof(expected));
		format_string(err, err_size, "unknown value '%.*s' (expected one of: %s)",
			      (int)name_length, value, expected);
		return -1;
	}
	const struct choice *group = NULL;
	if (name_length < length) {
		const char *suffix = value + name_length + 1;
		unsigned suffix_length = length - name_length - 1;
		if (name->setting == SELFTEST_VMENTRY_FAILURE)
			group = find_choice(vmentry_failure_choices, COUNT(vmentry_failure_choices),
					    suffix, suffix_length);
		if (!group) {
			list_choices(vmentry_failure_choices, COUNT(vmentry_failure_choices), expected,
				     sizeof(expected));
			format_string(err, err_size, "unknown group '%.*s' (vmentry-failure has: %s)",
				      (int)suffix_length, suffix, expected);
			return -1;
		}
	}
	o->selftest = name->setting;
	o->vmentry_failure = group ? group->setting : VMENTRY_FAILURE_RFLAGS_BIT_1;
	return 0;
}

static const struct option options[] = {
	{ "intercept", true, intercept_choices, 2, field_intercept_pf, NULL },
	{ "trace", true, NULL, 0, NULL, parse_trace },
	{ "monitor", true, monitor_choices, 4, field_monitor, NULL },
	{ "gdb", true, NULL, 0, NULL, parse_gdb },
	{ "verbose", false, NULL, 0, field_verbose, NULL },
	{ "selftest", true, selftest_choices, COUNT(selftest_choices), NULL, parse_selftest },
	{ "vmcheck", false, NULL, 0, field_vmcheck, NULL },
	{ "iommu", true, iommu_choices, 2, field_iommu_off, NULL },
	{ "console", true, console_choices, 3, field_console, NULL },
	{ "stats", true, stats_choices, 2, field_stats_ticks, NULL },
};

struct warner {
	cmdline_warn_fn fn;
	void *ctx;
	int count;
};

static void warn(struct warner *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct warner *w, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	format_buffer(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->count++;
	if (w->fn)
		w->fn(msg, w->ctx);
}

static void apply_word(const char *word, unsigned len, struct hv_options *out, struct warner *w)
{
	unsigned name_len = 0;
	while (name_len < len && word[name_len] != '=')
		name_len++;
	const char *value = name_len < len ? word + name_len + 1 : NULL;
	unsigned value_len = value ? len - name_len - 1 : 0;

	for (unsigned i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const struct option *opt = &options[i];
		if (strlen(opt->name) != name_len || strncmp(opt->name, word, name_len))
			continue;
		if (!opt->takes_value) {
			if (value)
				warn(w, "option '%s' takes no value; '%.*s' ignored", opt->name,
				     (int)len, word);
			else
				*opt->field(out) = 1;
			return;
		}
		if (opt->parse && value) {
			char why[160];
			if (opt->parse(value, value_len, out, why, sizeof(why)))
				warn(w, "option '%s': %s; ignored", opt->name, why);
			return;
		}
		const struct choice *choice =
			value ? find_choice(opt->choices, opt->choice_count, value, value_len) : NULL;
		if (choice) {
			*opt->field(out) = choice->setting;
			return;
		}
		char expected[96] = "see the README";
		if (opt->choices)
			list_choices(opt->choices, opt->choice_count, expected, sizeof(expected));
		if (value)
			warn(w, "option '%s' has unknown value '%.*s' (expected one of: %s); ignored",
			     opt->name, (int)value_len, value, expected);
		else
			warn(w, "option '%s' needs a value (one of: %s); ignored", opt->name, expected);
		return;
	}
	warn(w, "unknown option '%.*s' ignored", (int)name_len, word);
}

int cmdline_parse(const char *cmdline, struct hv_options *out, cmdline_warn_fn fn, void *ctx)
{
	struct warner w = { fn, ctx, 0 };
	memset(out, 0, sizeof(*out));
	if (!cmdline)
		return 0;
	bool first = true;
	for (const char *p = cmdline; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *start = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		unsigned len = (unsigned)(p - start);
		if (len == 0)
			break;
		/* Some loaders put the image path first. */
		if (first && start[0] == '/') {
			first = false;
			continue;
		}
		first = false;
		if (len > MAX_WORD)
			warn(&w, "option '%.*s...' is too long; ignored", 16, start);
		else
			apply_word(start, len, out, &w);
	}
	if (out->gdb.port == COM1_PORT && out->monitor != MONITOR_OFF) {
		warn(&w, "gdb=com1 takes COM1, where the monitor would read its keys: monitor off");
		out->monitor = MONITOR_OFF;
	}
	return w.count;
}

void cmdline_describe(const struct hv_options *o, char *buf, unsigned size)
{
	static const char *const monitor_names[] = { "off", "keys", "boot", "fatal" };
	static const char *const console_names[] = { "both", "serial", "screen" };
	const char *trace = trace_filter_empty(&o->trace) ? "none"
			    : (o->trace.reasons[0] == ~0ull && o->trace.reasons[1] == ~0ull)
				    ? "exits" : "some";
	const char *gdb = o->gdb.port == COM1_PORT ? "com1" : o->gdb.port == COM2_PORT ? "com2" : "off";
	format_string(buf, size, "intercept=%s trace=%s monitor=%s console=%s gdb=%s%s%s%s%s%s",
		      o->intercept_pf ? "pf" : "none", trace, monitor_names[o->monitor & 3],
		      console_names[o->console % 3], gdb, o->gdb.nowait ? ",nowait" : "",
		      o->verbose ? " verbose" : "", o->iommu_off ? " iommu=off" : "",
		      o->stats_ticks ? " stats=ticks" : "", o->vmcheck ? " vmcheck" : "");
}
