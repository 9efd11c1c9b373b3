/* The model of the VM-entry checks (vmx/entry_checks.c) and the text that
 * explains an entry with it (debug/entry_explain.c), on arbitrary
 * snapshots. Input: a first byte, then either (bit 0 clear) the whole
 * snapshot, member by member in the order of vmcs_snapshot_fields, each as
 * many little-endian bytes as its VMCS field is wide; or (bit 0 set)
 * changes to the snapshot of a real entry (tests/unit/snapshot_bochs.h),
 * each a byte choosing the member and 8 bytes of value, cut to the field's
 * width. Bits 2:1 of the first byte choose the group of rules the CPU is
 * said to have refused (3: none). Checked: the count the model returns is
 * the number of rules it reported; each is reported once, with a section of
 * 26.2.1-26.3.1.6 whose group is its own and a terminated text; the real
 * entry's snapshot unchanged breaks nothing; the explanation's lines are
 * terminated, and it prints the snapshot exactly when the refused group has
 * no broken rule. */
#include <string.h>
#include "debug/entry_explain.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/snapshot_bochs.h"

#define MAX_KEPT 256

struct seen {
	unsigned n;
	struct entry_check_finding f[MAX_KEPT];
};

static const char *const sections[] = {
	"26.2.1.1", "26.2.1.2", "26.2.1.3", "26.2.2", "26.2.3", "26.2.4",
	"26.3.1.1", "26.3.1.2", "26.3.1.3", "26.3.1.4", "26.3.1.5", "26.3.1.6",
};

static enum entry_check_group group_of_section(unsigned i)
{
	return i < 3 ? ENTRY_CHECK_CONTROLS : i < 6 ? ENTRY_CHECK_HOST : ENTRY_CHECK_GUEST;
}

static void check_finding(const struct entry_check_finding *f, void *ctx)
{
	struct seen *s = ctx;
	unsigned i = 0;
	while (i < sizeof(sections) / sizeof(sections[0]) && strcmp(f->section, sections[i]))
		i++;
	FUZZ_CHECK(i < sizeof(sections) / sizeof(sections[0]));
	FUZZ_CHECK(f->group == group_of_section(i));
	FUZZ_CHECK(fuzz_terminated(f->text, sizeof(f->text)) && f->text[0]);
	for (unsigned k = 0; k < s->n && k < MAX_KEPT; k++)
		FUZZ_CHECK(strcmp(s->f[k].section, f->section) || strcmp(s->f[k].text, f->text));
	if (s->n < MAX_KEPT)
		s->f[s->n] = *f;
	s->n++;
}

struct explained {
	unsigned lines;
	bool snapshot;
};

static void check_line(const char *line, void *ctx)
{
	struct explained *e = ctx;
	FUZZ_CHECK(fuzz_terminated(line, 320) && line[0]);
	e->snapshot |= strstr(line, ".controls.pin = ") != NULL;
	e->lines++;
}

static void read_snapshot(struct fuzz_input *in, struct vmcs_snapshot *s)
{
	for (unsigned i = 0; i < vmcs_snapshot_field_count; i++) {
		const struct snapshot_field *f = &vmcs_snapshot_fields[i];
		*snapshot_member(s, f) = fuzz_take(in, snapshot_field_bits(f) / 8);
	}
}

static void change_snapshot(struct fuzz_input *in, struct vmcs_snapshot *s)
{
	while (in->size) {
		const struct snapshot_field *f =
			&vmcs_snapshot_fields[fuzz_take(in, 1) % vmcs_snapshot_field_count];
		unsigned bits = snapshot_field_bits(f);
		uint64_t value = fuzz_take(in, 8);
		*snapshot_member(s, f) = bits == 64 ? value : value & ((1ull << bits) - 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	unsigned mode = (unsigned)fuzz_take(&in, 1);
	int refused = (mode >> 1) & 3;
	bool changes = mode & 1;
	struct vmcs_snapshot s = bochs_skylake_x_snapshot;
	if (changes)
		change_snapshot(&in, &s);
	else
		read_snapshot(&in, &s);

	static struct seen seen;
	seen.n = 0;
	unsigned n = entry_checks_run(&s, check_finding, &seen);
	FUZZ_CHECK(n == seen.n);
	if (changes && size == 1)
		FUZZ_CHECK(n == 0);

	unsigned in_refused = 0;
	for (unsigned k = 0; k < seen.n && k < MAX_KEPT; k++)
		in_refused += (int)seen.f[k].group == refused;
	struct explained e = { 0, false };
	unsigned explained = entry_explain_failure(&s, refused == 3 ? -1 : refused, check_line, &e);
	FUZZ_CHECK(explained == n);
	FUZZ_CHECK(e.snapshot == (refused != 3 && in_refused == 0));
	FUZZ_CHECK(e.lines >= (n ? n + 1 : 1));
	return 0;
}
