/* The VMCS: creating it, writing and reading fields (SDM vol. 3C ch. 24, 30). */
#ifndef VMX_VMCS_H
#define VMX_VMCS_H
#include <stdint.h>
#include "vmx/vmcs_fields.h"
#include "vmx/vmx_ops.h"

/* Allocates a VMCS region, writes the revision, VMCLEARs it and makes it
 * current with VMPTRLD (SDM 24.11.3). Returns its physical address. */
uint64_t vmcs_create(void);
/* VMWRITE; a failure is a bug in the hypervisor: prints the field and the
 * VM-instruction error and stops. */
void vmcs_write(uint32_t field, uint64_t value);
/* The SDM's text for a VM-instruction error number (SDM 30.4). */
const char *vm_instruction_error_name(uint64_t error);

#endif
