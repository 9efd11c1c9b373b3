/* The VMCS: creating it, writing and reading fields (SDM vol. 3C ch. 24, 30). */
#ifndef VMX_VMCS_H
#define VMX_VMCS_H
#include <stdint.h>
#include "vmx/vmcs_fields.h"
#include "vmx/vmx_ops.h"

/* Allocates a VMCS region, writes the revision, VMCLEARs it and makes it
 * current with VMPTRLD (SDM 24.11.3). Returns its physical address. */
uint64_t vmcs_create(void);
/* Repeats the failed VMWRITE to print the field and the VM-instruction
 * error, and stops. */
_Noreturn void vmcs_write_failed(uint32_t field, uint64_t value) __attribute__((cold));
/* VMWRITE; a failure (CF or ZF set, SDM 30.2) is a bug in the hypervisor:
 * prints the field and the VM-instruction error and stops. Inline, two
 * instructions: it is on every exit's path. */
static inline void vmcs_write(uint32_t field, uint64_t value)
{
	__asm__ goto("vmwrite %1, %0\n\tjbe %l[failed]"
		     : : "r"((uint64_t)field), "rm"(value) : "cc", "memory" : failed);
	return;
failed:
	vmcs_write_failed(field, value);
}
/* The SDM's text for a VM-instruction error number (SDM 30.4). */
const char *vm_instruction_error_name(uint64_t error);

#endif
