/* Explaining VM entries on the console with the model of their checks
 * (vmx/entry_checks.h): after one failed, and before one with `vmcheck`.
 * Nothing of it runs on a VM exit that ends well. */
#ifndef DEBUG_ENTRY_REPORT_H
#define DEBUG_ENTRY_REPORT_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/vcpu.h"

/* VMLAUNCH/VMRESUME failed with VMfailValid: for VM-instruction errors 7
 * (controls) and 8 (host state), the rules of the current VMCS the model
 * finds broken. */
void entry_report_vmfail(uint64_t error);
/* A VM exit with bit 31 of the exit reason set (SDM 26.7): reasons 33
 * (guest state), 34 (MSR loading) and 41 (machine check). */
void entry_report_failed_exit(uint32_t reason, uint64_t qualification);

/* The `vmcheck` option: the model before the entries whose state the
 * hypervisor made itself. Set once at boot (vmx/launch.c). */
extern bool vmcheck_enabled;
extern bool vmcheck_verbose;    /* with `verbose`: the snapshot at each start too */

/* The first VM entry of a start of v (at boot, or after a SIPI): `how`
 * says which; prints the rules it would break, or that it breaks none. */
void vmcheck_start(struct vcpu *v, const char *how);
/* After the hypervisor changed the entry state of v (`what`: an emulated
 * mode switch, the HLT activity state): prints the rules the next entry
 * would break, if any. */
void vmcheck_change(struct vcpu *v, const char *what);
/* The guest's end: how many entry states were checked on v's processor. */
void vmcheck_print_summary(const struct vcpu *v);

static inline void vmcheck_after_change(struct vcpu *v, const char *what)
{
	if (vmcheck_enabled)
		vmcheck_change(v, what);
}

#endif
