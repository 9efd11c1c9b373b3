/* The text that explains a VM entry with the model of its checks
 * (vmx/entry_checks.h): which rules the VMCS breaks, and when the CPU
 * refused what the model finds fine, what a bug report needs. Pure: the
 * text comes one line at a time through a callback (debug/entry_report.c
 * prints it; the unit tests read it). */
#ifndef DEBUG_ENTRY_EXPLAIN_H
#define DEBUG_ENTRY_EXPLAIN_H
#include <stdbool.h>
#include "vmx/entry_checks.h"

typedef void (*explain_line_fn)(const char *line, void *ctx);

/* After a failed entry. `refused` is the group of rules the CPU named
 * (VM-instruction error 7: the controls, 8: the host state, exit reason
 * 33: the guest state), or -1 when its failure names none (exit reasons 34
 * and 41). Lists the rules broken; if none of the group the CPU named is
 * among them, says that the CPU applied a rule the model lacks and prints
 * the snapshot for the report. Returns the number of rules broken. */
unsigned entry_explain_failure(const struct vmcs_snapshot *s, int refused, explain_line_fn line,
			       void *ctx);

/* Before an entry (vmcheck): `when` says which ("cpu 0, before its first
 * VM entry"). The rules the next entry would break, or with `say_valid` a
 * line that it breaks none. Returns their number. */
unsigned entry_explain_preflight(const struct vmcs_snapshot *s, const char *when,
				 bool say_valid, explain_line_fn line, void *ctx);

/* The snapshot as the lines of a C initializer of struct vmcs_snapshot
 * (".controls.pin = 0x3e, ..."), all of vmcs_snapshot_fields. */
void entry_explain_snapshot(const struct vmcs_snapshot *s, explain_line_fn line, void *ctx);

#endif
