/* A model of the checks a VM entry makes on the VMCS (SDM vol. 3C 26.2 and
 * 26.3.1), to say which rule a failed entry broke. Pure: it reads a
 * snapshot (vmx/vmcs_snapshot.h), never the VMCS, so it runs on the host
 * (unit tests, fuzzing) as in the hypervisor (debug/entry_report.c).
 *
 * The CPU stops at the first check that fails, in an order of its own
 * (26.2: "these checks may be performed in any order"); the model reports
 * every rule the snapshot breaks. Which rules it has, and which not, is in
 * docs/VMENTRY_CHECKS.md. */
#ifndef VMX_ENTRY_CHECKS_H
#define VMX_ENTRY_CHECKS_H
#include "vmx/vmcs_snapshot.h"

/* What the CPU does when a rule of the group is broken. */
enum entry_check_group {
	ENTRY_CHECK_CONTROLS,   /* 26.2.1: VMfailValid, VM-instruction error 7 */
	ENTRY_CHECK_HOST,       /* 26.2.2-26.2.4: VMfailValid, error 8 */
	ENTRY_CHECK_GUEST,      /* 26.3.1: VM exit, reason 33 with bit 31 set */
};

#define ENTRY_CHECK_TEXT_MAX 224

struct entry_check_finding {
	enum entry_check_group group;
	const char *section;                    /* "26.3.1.2" (2016 numbering) */
	char text[ENTRY_CHECK_TEXT_MAX];        /* the rule in words, then the values */
};

typedef void (*entry_check_report_fn)(const struct entry_check_finding *f, void *ctx);

/* Calls report for every rule the snapshot breaks, in the order of the
 * SDM's sections; returns how many. */
unsigned entry_checks_run(const struct vmcs_snapshot *s, entry_check_report_fn report,
			  void *ctx);

/* "VMX controls" (26.2.1), "host state" (26.2.2-26.2.4), "guest state" (26.3.1). */
const char *entry_check_group_name(enum entry_check_group group);

#endif
