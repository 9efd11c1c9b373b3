/* The text that explains a VM entry (debug/entry_explain.h), and the table
 * of the snapshot's members it prints (vmx/vmcs_snapshot.h). */
#include <stdio.h>
#include <string.h>
#include "debug/entry_explain.h"
#include "tests/unit/snapshot_bochs.h"
#include "tests/unit/unit.h"
#include "vmx/vmcs_fields.h"

#define MAX_LINES 96

struct text {
	unsigned n;
	char line[MAX_LINES][320];
};

static void keep(const char *line, void *ctx)
{
	struct text *t = ctx;
	if (t->n < MAX_LINES)
		snprintf(t->line[t->n], sizeof(t->line[0]), "%s", line);
	t->n++;
}

/* The index of the first line containing `phrase`, or -1. */
static int find(const struct text *t, const char *phrase)
{
	for (unsigned i = 0; i < t->n && i < MAX_LINES; i++)
		if (strstr(t->line[i], phrase))
			return (int)i;
	return -1;
}

static void rules_of_the_refused_group(void)
{
	struct vmcs_snapshot s = bochs_skylake_x_snapshot;
	struct text t = { 0 };
	s.guest.rflags = 0;
	CHECK(entry_explain_failure(&s, ENTRY_CHECK_GUEST, keep, &t) == 1);
	CHECK(t.n == 2);
	CHECK_STR(t.line[0], "vmentry check: the current VMCS breaks 1 rule of the model "
			     "(SDM 26.2, 26.3.1):");
	CHECK_STR(t.line[1], "  26.3.1.4 (guest state): RFLAGS bit 1 must be 1: RFLAGS 0x0");
}

static void none_of_the_refused_group(void)
{
	struct vmcs_snapshot s = bochs_skylake_x_snapshot;
	struct text t = { 0 };
	CHECK(entry_explain_failure(&s, ENTRY_CHECK_CONTROLS, keep, &t) == 0);
	CHECK(find(&t, "vmentry check: the CPU refused the VMX controls (SDM 26.2.1), but the "
		       "model finds none of those rules broken") == 0);
	CHECK(find(&t, "so the CPU applied a rule the model lacks: please report it") == 1);
	CHECK(find(&t, " .controls.pin = 0x3e,") == 2);
	CHECK(find(&t, ".cpu.vmcs_pointer = 0x1fde7000,") == (int)t.n - 1);

	/* Rules of another group do not explain the CPU's refusal. */
	s.host.rip = 1ull << 47;
	t.n = 0;
	CHECK(entry_explain_failure(&s, ENTRY_CHECK_GUEST, keep, &t) == 1);
	CHECK(find(&t, "breaks 1 rule of the model") == 0);
	CHECK(find(&t, "26.2.4 (host state): with \"host address-space size\" 1, the host RIP") == 1);
	CHECK(find(&t, "the CPU refused the guest state (SDM 26.3.1), but the model finds none") == 2);
	CHECK(find(&t, "a rule the model lacks") == 3);
}

/* Exit reasons 34 and 41 name no group of rules. */
static void no_group_refused(void)
{
	struct text t = { 0 };
	CHECK(entry_explain_failure(&bochs_skylake_x_snapshot, -1, keep, &t) == 0);
	CHECK(t.n == 1);
	CHECK_STR(t.line[0], "vmentry check: the model finds no rule of SDM 26.2 or 26.3.1 broken");
}

static void preflight(void)
{
	struct vmcs_snapshot s = bochs_skylake_x_snapshot;
	struct text t = { 0 };
	CHECK(entry_explain_preflight(&s, "cpu 0, before its first VM entry", true, keep, &t) == 0);
	CHECK(t.n == 1);
	CHECK_STR(t.line[0], "vmcheck: cpu 0, before its first VM entry: no rule of the model broken");
	t.n = 0;
	CHECK(entry_explain_preflight(&s, "cpu 0, after an emulated write of CR0", false, keep,
				      &t) == 0);
	CHECK(t.n == 0);
	s.guest.seg[SEG_SS].ar = 0xc09b;
	CHECK(entry_explain_preflight(&s, "cpu 1, after a SIPI", false, keep, &t) == 1);
	CHECK(t.n == 2);
	CHECK_STR(t.line[0], "vmcheck: cpu 1, after a SIPI: the next VM entry would break 1 rule "
			     "of the model (SDM 26.2, 26.3.1):");
	CHECK(find(&t, "  26.3.1.2 (guest state): SS type must be 3 or 7") == 1);
}

/* Every byte of the snapshot is one member of the table, 8 bytes each. */
static void the_table_covers_the_snapshot(void)
{
	static uint8_t covered[sizeof(struct vmcs_snapshot)];
	memset(covered, 0, sizeof(covered));
	for (unsigned i = 0; i < vmcs_snapshot_field_count; i++)
		for (unsigned b = 0; b < 8; b++)
			covered[vmcs_snapshot_fields[i].offset + b]++;
	for (size_t b = 0; b < sizeof(covered); b++)
		CHECK(covered[b] == 1);
	CHECK(vmcs_snapshot_field_count * 8 == sizeof(struct vmcs_snapshot));
}

static const struct snapshot_field *field_named(const char *name)
{
	for (unsigned i = 0; i < vmcs_snapshot_field_count; i++)
		if (!strcmp(vmcs_snapshot_fields[i].name, name))
			return &vmcs_snapshot_fields[i];
	return NULL;
}

static void field_widths(void)
{
	CHECK(snapshot_field_bits(field_named("guest.seg[SEG_CS].selector")) == 16);
	CHECK(snapshot_field_bits(field_named("guest.seg[SEG_CS].limit")) == 32);
	CHECK(snapshot_field_bits(field_named("controls.ept_pointer")) == 64);
	CHECK(snapshot_field_bits(field_named("guest.rip")) == 64);
	CHECK(snapshot_field_bits(field_named("caps.basic")) == 64);
	CHECK(field_named("host.selector[HOST_SEG_TR]")->id == HOST_TR_SELECTOR);
	CHECK(field_named("guest.seg[SEG_TR].ar")->id == GUEST_TR_AR_BYTES);
	CHECK(field_named("guest.pdpte[3]")->id == GUEST_PDPTE3);
}

/* The printed snapshot (a bug report) reads back into the same snapshot. */
static void printed_snapshot_reads_back(void)
{
	struct vmcs_snapshot s, back;
	struct text t = { 0 };
	memset(&back, 0, sizeof(back));
	for (unsigned i = 0; i < vmcs_snapshot_field_count; i++)
		*snapshot_member(&s, &vmcs_snapshot_fields[i]) = 0x0123456789abcdefull * (i + 1);
	entry_explain_snapshot(&s, keep, &t);
	CHECK(t.n > 1 && t.n < MAX_LINES);
	unsigned read = 0;
	for (unsigned i = 0; i < t.n && i < MAX_LINES; i++) {
		CHECK(strlen(t.line[i]) <= 96);
		for (char *item = strtok(t.line[i], ","); item; item = strtok(NULL, ",")) {
			char name[64];
			unsigned long long value;
			if (sscanf(item, " .%63s = 0x%llx", name, &value) != 2)
				continue;
			const struct snapshot_field *f = field_named(name);
			CHECK(f != NULL);
			if (f) {
				*snapshot_member(&back, f) = value;
				read++;
			}
		}
	}
	CHECK(read == vmcs_snapshot_field_count);
	CHECK(memcmp(&s, &back, sizeof(s)) == 0);
}

const struct unit_test entry_explain_tests[] = {
	{ "rules_of_the_refused_group", rules_of_the_refused_group },
	{ "none_of_the_refused_group", none_of_the_refused_group },
	{ "no_group_refused", no_group_refused },
	{ "preflight", preflight },
	{ "the_table_covers_the_snapshot", the_table_covers_the_snapshot },
	{ "field_widths", field_widths },
	{ "printed_snapshot_reads_back", printed_snapshot_reads_back },
};
const unsigned entry_explain_test_count = sizeof(entry_explain_tests) / sizeof(entry_explain_tests[0]);
