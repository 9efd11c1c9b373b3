/* The members of struct vmcs_snapshot and where each comes from; see
 * vmcs_snapshot.h. Pure. */
#include "vmx/vmcs_snapshot.h"
#include "vmx/vmcs_fields.h"
#include "vmx/vmx.h"

#define ENTRY(member, source, id) \
	{ #member, source, id, offsetof(struct vmcs_snapshot, member) }
#define VMCS(member, field) ENTRY(member, SNAPSHOT_VMCS, field)
/* A capability MSR as vmx/vmx.c read it: its member of struct vmx_caps. */
#define CAPABILITY(member) \
	ENTRY(caps.member, SNAPSHOT_CAPABILITY, offsetof(struct vmx_caps, member))
#define CPU(member) ENTRY(member, SNAPSHOT_CPU, 0)
/* The four fields of a guest segment register (SDM appendix B: each kind
 * of field in the order ES, CS, SS, DS, FS, GS, LDTR, TR, 2 apart). */
#define GUEST_SEGMENT(i)                                                    \
	VMCS(guest.seg[i].selector, GUEST_ES_SELECTOR + 2 * i),             \
	VMCS(guest.seg[i].base, GUEST_ES_BASE + 2 * i),                     \
	VMCS(guest.seg[i].limit, GUEST_ES_LIMIT + 2 * i),                   \
	VMCS(guest.seg[i].ar, GUEST_ES_AR_BYTES + 2 * i)
#define HOST_SELECTOR(i) VMCS(host.selector[i], HOST_ES_SELECTOR + 2 * i)

const struct snapshot_field vmcs_snapshot_fields[] = {
	VMCS(controls.pin, PIN_BASED_VM_EXEC_CONTROL),
	VMCS(controls.primary, CPU_BASED_VM_EXEC_CONTROL),
	VMCS(controls.secondary, SECONDARY_VM_EXEC_CONTROL),
	VMCS(controls.exit, VM_EXIT_CONTROLS),
	VMCS(controls.entry, VM_ENTRY_CONTROLS),
	VMCS(controls.cr3_target_count, CR3_TARGET_COUNT),
	VMCS(controls.io_bitmap_a, IO_BITMAP_A),
	VMCS(controls.io_bitmap_b, IO_BITMAP_B),
	VMCS(controls.msr_bitmap, MSR_BITMAP),
	VMCS(controls.ept_pointer, EPT_POINTER),
	VMCS(controls.vpid, VIRTUAL_PROCESSOR_ID),
	VMCS(controls.exit_msr_store_count, VM_EXIT_MSR_STORE_COUNT),
	VMCS(controls.exit_msr_store_addr, VM_EXIT_MSR_STORE_ADDR),
	VMCS(controls.exit_msr_load_count, VM_EXIT_MSR_LOAD_COUNT),
	VMCS(controls.exit_msr_load_addr, VM_EXIT_MSR_LOAD_ADDR),
	VMCS(controls.entry_msr_load_count, VM_ENTRY_MSR_LOAD_COUNT),
	VMCS(controls.entry_msr_load_addr, VM_ENTRY_MSR_LOAD_ADDR),
	VMCS(controls.entry_intr_info, VM_ENTRY_INTR_INFO_FIELD),
	VMCS(controls.entry_exception_error_code, VM_ENTRY_EXCEPTION_ERROR_CODE),
	VMCS(controls.entry_instruction_length, VM_ENTRY_INSTRUCTION_LEN),

	VMCS(host.cr0, HOST_CR0),
	VMCS(host.cr3, HOST_CR3),
	VMCS(host.cr4, HOST_CR4),
	HOST_SELECTOR(SEG_ES), HOST_SELECTOR(SEG_CS), HOST_SELECTOR(SEG_SS),
	HOST_SELECTOR(SEG_DS), HOST_SELECTOR(SEG_FS), HOST_SELECTOR(SEG_GS),
	HOST_SELECTOR(HOST_SEG_TR),
	VMCS(host.fs_base, HOST_FS_BASE),
	VMCS(host.gs_base, HOST_GS_BASE),
	VMCS(host.tr_base, HOST_TR_BASE),
	VMCS(host.gdtr_base, HOST_GDTR_BASE),
	VMCS(host.idtr_base, HOST_IDTR_BASE),
	VMCS(host.sysenter_esp, HOST_IA32_SYSENTER_ESP),
	VMCS(host.sysenter_eip, HOST_IA32_SYSENTER_EIP),
	VMCS(host.efer, HOST_IA32_EFER),
	VMCS(host.pat, HOST_IA32_PAT),
	VMCS(host.rip, HOST_RIP),

	VMCS(guest.cr0, GUEST_CR0),
	VMCS(guest.cr3, GUEST_CR3),
	VMCS(guest.cr4, GUEST_CR4),
	VMCS(guest.dr7, GUEST_DR7),
	VMCS(guest.rip, GUEST_RIP),
	VMCS(guest.rflags, GUEST_RFLAGS),
	GUEST_SEGMENT(SEG_ES), GUEST_SEGMENT(SEG_CS), GUEST_SEGMENT(SEG_SS),
	GUEST_SEGMENT(SEG_DS), GUEST_SEGMENT(SEG_FS), GUEST_SEGMENT(SEG_GS),
	GUEST_SEGMENT(SEG_LDTR), GUEST_SEGMENT(SEG_TR),
	VMCS(guest.gdtr_base, GUEST_GDTR_BASE),
	VMCS(guest.gdtr_limit, GUEST_GDTR_LIMIT),
	VMCS(guest.idtr_base, GUEST_IDTR_BASE),
	VMCS(guest.idtr_limit, GUEST_IDTR_LIMIT),
	VMCS(guest.debugctl, GUEST_IA32_DEBUGCTL),
	VMCS(guest.sysenter_esp, GUEST_SYSENTER_ESP),
	VMCS(guest.sysenter_eip, GUEST_SYSENTER_EIP),
	VMCS(guest.efer, GUEST_IA32_EFER),
	VMCS(guest.pat, GUEST_IA32_PAT),
	VMCS(guest.activity_state, GUEST_ACTIVITY_STATE),
	VMCS(guest.interruptibility, GUEST_INTERRUPTIBILITY_INFO),
	VMCS(guest.pending_debug, GUEST_PENDING_DBG_EXCEPTIONS),
	VMCS(guest.link_pointer, VMCS_LINK_POINTER),
	VMCS(guest.pdpte[0], GUEST_PDPTE0),
	VMCS(guest.pdpte[1], GUEST_PDPTE1),
	VMCS(guest.pdpte[2], GUEST_PDPTE2),
	VMCS(guest.pdpte[3], GUEST_PDPTE3),

	CAPABILITY(basic), CAPABILITY(pin), CAPABILITY(primary), CAPABILITY(secondary),
	CAPABILITY(exit), CAPABILITY(entry), CAPABILITY(misc), CAPABILITY(cr0_fixed0),
	CAPABILITY(cr0_fixed1), CAPABILITY(cr4_fixed0), CAPABILITY(cr4_fixed1),
	CAPABILITY(ept_vpid),

	CPU(cpu.maxphyaddr), CPU(cpu.linear_width), CPU(cpu.efer), CPU(cpu.vmcs_pointer),
};

const unsigned vmcs_snapshot_field_count =
	sizeof(vmcs_snapshot_fields) / sizeof(vmcs_snapshot_fields[0]);

unsigned snapshot_field_bits(const struct snapshot_field *f)
{
	static const unsigned width_bits[4] = { 16, 64, 32, 64 };
	if (f->source != SNAPSHOT_VMCS)
		return 64;
	return width_bits[(f->id >> 13) & 3];
}
