/* Taking a snapshot of what a VM entry checks, on the processor whose VMCS
 * is current. */
#ifndef VMX_VMCS_SNAPSHOT_TAKE_H
#define VMX_VMCS_SNAPSHOT_TAKE_H
#include "vmx/vmcs_snapshot.h"

/* Every member of vmcs_snapshot_fields: the VMCS fields by VMREAD (0 for a
 * field the processor lacks), the capability MSRs as vmx/vmx.c read them,
 * CPUID's address widths, IA32_EFER and the current-VMCS pointer. */
void vmcs_snapshot_take(struct vmcs_snapshot *s);

#endif
