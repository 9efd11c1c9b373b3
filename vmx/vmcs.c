/* Step 2 of the VMX life cycle: the VMCS region (SDM vol. 3C 24.2, 24.11). */
#include "vmx/vmcs.h"
#include "arch/console.h"
#include "mm/memory.h"
#include "vmx/vmx.h"

/* SDM 30.4, table 30-1. */
const char *vm_instruction_error_name(uint64_t error)
{
	static const char *const names[] = {
		[1] = "VMCALL executed in VMX root operation",
		[2] = "VMCLEAR with invalid physical address",
		[3] = "VMCLEAR with VMXON pointer",
		[4] = "VMLAUNCH with non-clear VMCS",
		[5] = "VMRESUME with non-launched VMCS",
		[6] = "VMRESUME after VMXOFF",
		[7] = "VM entry with invalid control field(s)",
		[8] = "VM entry with invalid host-state field(s)",
		[9] = "VMPTRLD with invalid physical address",
		[10] = "VMPTRLD with VMXON pointer",
		[11] = "VMPTRLD with incorrect VMCS revision identifier",
		[12] = "VMREAD/VMWRITE from/to unsupported VMCS component",
		[13] = "VMWRITE to read-only VMCS component",
		[15] = "VMXON executed in VMX root operation",
		[16] = "VM entry with invalid executive-VMCS pointer",
		[17] = "VM entry with non-launched executive VMCS",
		[18] = "VM entry with executive-VMCS pointer not VMXON pointer",
		[19] = "VMCALL with non-clear VMCS",
		[20] = "VMCALL with invalid VM-exit control fields",
		[22] = "VMCALL with incorrect MSEG revision identifier",
		[23] = "VMXOFF under dual-monitor treatment of SMIs and SMM",
		[24] = "VMCALL with invalid SMM-monitor features",
		[25] = "VM entry with invalid VM-execution control fields in executive VMCS",
		[26] = "VM entry with events blocked by MOV SS",
		[28] = "invalid operand to INVEPT/INVVPID",
	};
	if (error < sizeof(names) / sizeof(names[0]) && names[error])
		return names[error];
	return "unknown VM-instruction error";
}

uint64_t vmcs_create(void)
{
	uint32_t *vmcs = (uint32_t *)page_alloc();
	vmcs[0] = vmx_caps.revision;     /* bit 31 clear: an ordinary VMCS */
	uint64_t pa = (uint64_t)vmcs;
	if (vmclear(pa) != VMX_SUCCEED)
		panic("VMCLEAR of the new VMCS at 0x%llx failed", (unsigned long long)pa);
	if (vmptrld(pa) != VMX_SUCCEED)
		panic("VMPTRLD of the new VMCS at 0x%llx failed: %s", (unsigned long long)pa,
		      vm_instruction_error_name(vmread(VM_INSTRUCTION_ERROR)));
	return pa;
}

void vmcs_write_failed(uint32_t field, uint64_t value)
{
	if (vmwrite_checked(field, value) == VMX_FAIL_INVALID)
		panic("VMWRITE of field 0x%x failed: no current VMCS", field);
	uint64_t error = vmread(VM_INSTRUCTION_ERROR);
	panic("VMWRITE of field 0x%x = 0x%llx failed: VM-instruction error %llu (%s)", field,
	      (unsigned long long)value, (unsigned long long)error,
	      vm_instruction_error_name(error));
}
