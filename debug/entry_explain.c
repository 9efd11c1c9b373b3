/* See entry_explain.h. The model runs twice: once to count the broken
 * rules by group (the first line says how many), once to list them. Pure. */
#include "debug/entry_explain.h"
#include "lib/format.h"

#define PREFIX "vmentry check: "
#define LINE_MAX_CHARS 300
#define SNAPSHOT_LINE_WIDTH 96

struct lines {
	explain_line_fn line;
	void *ctx;
	unsigned per_group[3];
};

static void say(struct lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct lines *l, const char *fmt, ...)
{
	char text[LINE_MAX_CHARS];
	va_list ap;
	va_start(ap, fmt);
	format_buffer(text, sizeof(text), fmt, ap);
	va_end(ap);
	l->line(text, l->ctx);
}

static void count(const struct entry_check_finding *f, void *ctx)
{
	((struct lines *)ctx)->per_group[f->group]++;
}

static void list(const struct entry_check_finding *f, void *ctx)
{
	say(ctx, "  %s (%s): %s", f->section, entry_check_group_name(f->group), f->text);
}

static unsigned count_and_list(const struct vmcs_snapshot *s, struct lines *l,
			       const char *header)
{
	unsigned n = entry_checks_run(s, count, l);
	if (n == 0)
		return 0;
	say(l, "%s%u rule%s of the model (SDM 26.2, 26.3.1):", header, n, n == 1 ? "" : "s");
	entry_checks_run(s, list, l);
	return n;
}

static const char *const group_sections[] = {
	[ENTRY_CHECK_CONTROLS] = "26.2.1",
	[ENTRY_CHECK_HOST] = "26.2.2-26.2.4",
	[ENTRY_CHECK_GUEST] = "26.3.1",
};

unsigned entry_explain_failure(const struct vmcs_snapshot *s, int refused, explain_line_fn line,
			       void *ctx)
{
	struct lines l = { line, ctx, { 0, 0, 0 } };
	unsigned n = count_and_list(s, &l, PREFIX "the current VMCS breaks ");
	if (refused < 0 || refused > ENTRY_CHECK_GUEST) {
		if (n == 0)
			say(&l, PREFIX "the model finds no rule of SDM 26.2 or 26.3.1 broken");
		return n;
	}
	if (l.per_group[refused])
		return n;
	say(&l, PREFIX "the CPU refused the %s (SDM %s), but the model finds none of those rules "
	    "broken", entry_check_group_name((enum entry_check_group)refused),
	    group_sections[refused]);
	say(&l, PREFIX "so the CPU applied a rule the model lacks: please report it "
	    "(docs/VMENTRY_CHECKS.md) with this snapshot of the VMCS:");
	entry_explain_snapshot(s, line, ctx);
	return n;
}

unsigned entry_explain_preflight(const struct vmcs_snapshot *s, const char *when,
				 bool say_valid, explain_line_fn line, void *ctx)
{
	struct lines l = { line, ctx, { 0, 0, 0 } };
	char header[LINE_MAX_CHARS];
	format_string(header, sizeof(header), "vmcheck: %s: the next VM entry would break ", when);
	unsigned n = count_and_list(s, &l, header);
	if (n == 0 && say_valid)
		say(&l, "vmcheck: %s: no rule of the model broken", when);
	return n;
}

void entry_explain_snapshot(const struct vmcs_snapshot *s, explain_line_fn line, void *ctx)
{
	char text[SNAPSHOT_LINE_WIDTH + 64] = " ";
	unsigned used = 1;              /* lines start with a blank, items with " ." */
	for (unsigned i = 0; i < vmcs_snapshot_field_count; i++) {
		const struct snapshot_field *f = &vmcs_snapshot_fields[i];
		char item[64];
		unsigned n = (unsigned)format_string(item, sizeof(item), " .%s = 0x%llx,", f->name,
						     (unsigned long long)snapshot_value(s, f));
		if (used > 1 && used + n > SNAPSHOT_LINE_WIDTH) {
			line(text, ctx);
			used = 1;
		}
		used += (unsigned)format_string(text + used, sizeof(text) - used, "%s", item);
	}
	if (used > 1)
		line(text, ctx);
}
