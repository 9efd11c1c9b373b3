/* See vmcs_dump.h. The fields are those of vmx/vmcs_fields.h. */
#include "debug/vmcs_dump.h"
#include "arch/console.h"
#include "lib/string.h"
#include "vmx/vmcs.h"

enum area { GUEST, HOST, CONTROLS, EXIT_INFO };

struct field {
	uint32_t encoding;
	const char *name;
	enum area area;
};

#define F(name, area) { name, #name, area }
static const struct field fields[] = {
	F(GUEST_CR0, GUEST), F(GUEST_CR3, GUEST), F(GUEST_CR4, GUEST), F(GUEST_RIP, GUEST),
	F(GUEST_RSP, GUEST), F(GUEST_RFLAGS, GUEST), F(GUEST_DR7, GUEST),
	F(GUEST_CS_SELECTOR, GUEST), F(GUEST_CS_BASE, GUEST), F(GUEST_CS_LIMIT, GUEST),
	F(GUEST_CS_AR_BYTES, GUEST), F(GUEST_SS_SELECTOR, GUEST), F(GUEST_SS_AR_BYTES, GUEST),
	F(GUEST_DS_SELECTOR, GUEST), F(GUEST_ES_SELECTOR, GUEST), F(GUEST_FS_SELECTOR, GUEST),
	F(GUEST_FS_BASE, GUEST), F(GUEST_GS_SELECTOR, GUEST), F(GUEST_GS_BASE, GUEST),
	F(GUEST_TR_SELECTOR, GUEST), F(GUEST_TR_BASE, GUEST), F(GUEST_TR_AR_BYTES, GUEST),
	F(GUEST_LDTR_SELECTOR, GUEST), F(GUEST_LDTR_AR_BYTES, GUEST),
	F(GUEST_GDTR_BASE, GUEST), F(GUEST_GDTR_LIMIT, GUEST), F(GUEST_IDTR_BASE, GUEST),
	F(GUEST_IDTR_LIMIT, GUEST), F(GUEST_IA32_EFER, GUEST), F(GUEST_IA32_PAT, GUEST),
	F(GUEST_IA32_DEBUGCTL, GUEST), F(GUEST_SYSENTER_CS, GUEST), F(GUEST_SYSENTER_ESP, GUEST),
	F(GUEST_SYSENTER_EIP, GUEST), F(GUEST_ACTIVITY_STATE, GUEST),
	F(GUEST_INTERRUPTIBILITY_INFO, GUEST), F(GUEST_PENDING_DBG_EXCEPTIONS, GUEST),
	F(VMCS_LINK_POINTER, GUEST),
	F(HOST_CR0, HOST), F(HOST_CR3, HOST), F(HOST_CR4, HOST), F(HOST_RIP, HOST),
	F(HOST_RSP, HOST), F(HOST_CS_SELECTOR, HOST), F(HOST_SS_SELECTOR, HOST),
	F(HOST_TR_SELECTOR, HOST), F(HOST_TR_BASE, HOST), F(HOST_GDTR_BASE, HOST),
	F(HOST_IDTR_BASE, HOST), F(HOST_IA32_EFER, HOST), F(HOST_IA32_PAT, HOST),
	F(PIN_BASED_VM_EXEC_CONTROL, CONTROLS), F(CPU_BASED_VM_EXEC_CONTROL, CONTROLS),
	F(SECONDARY_VM_EXEC_CONTROL, CONTROLS), F(VM_EXIT_CONTROLS, CONTROLS),
	F(VM_ENTRY_CONTROLS, CONTROLS), F(EXCEPTION_BITMAP, CONTROLS),
	F(CR0_GUEST_HOST_MASK, CONTROLS), F(CR0_READ_SHADOW, CONTROLS),
	F(CR4_GUEST_HOST_MASK, CONTROLS), F(CR4_READ_SHADOW, CONTROLS),
	F(IO_BITMAP_A, CONTROLS), F(IO_BITMAP_B, CONTROLS), F(MSR_BITMAP, CONTROLS),
	F(EPT_POINTER, CONTROLS), F(VIRTUAL_PROCESSOR_ID, CONTROLS),
	F(VM_ENTRY_INTR_INFO_FIELD, CONTROLS),
	F(VM_EXIT_REASON, EXIT_INFO), F(EXIT_QUALIFICATION, EXIT_INFO),
	F(GUEST_LINEAR_ADDRESS, EXIT_INFO), F(GUEST_PHYSICAL_ADDRESS, EXIT_INFO),
	F(VM_EXIT_INTR_INFO, EXIT_INFO), F(VM_EXIT_INTR_ERROR_CODE, EXIT_INFO),
	F(IDT_VECTORING_INFO_FIELD, EXIT_INFO), F(IDT_VECTORING_ERROR_CODE, EXIT_INFO),
	F(VM_EXIT_INSTRUCTION_LEN, EXIT_INFO), F(VMX_INSTRUCTION_INFO, EXIT_INFO),
	F(VM_INSTRUCTION_ERROR, EXIT_INFO),
};
#undef F

static const char *const area_names[] = { "guest", "host", "controls", "exit" };

int vmcs_dump(const char *area, size_t area_length)
{
	int only = -1;
	for (int a = 0; area && a < 4; a++)
		if (strlen(area_names[a]) == area_length && !strncmp(area, area_names[a], area_length))
			only = a;
	if (area && only < 0)
		return -1;
	for (int a = 0; a < 4; a++) {
		if (only >= 0 && a != only)
			continue;
		printk("vmcs %s state:\n", area_names[a]);
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if ((int)fields[i].area == a)
				printk("  %-30s %016llx\n", fields[i].name,
				       (unsigned long long)vmread(fields[i].encoding));
	}
	return 0;
}
