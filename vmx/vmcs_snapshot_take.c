/* Filling a struct vmcs_snapshot (vmx/vmcs_snapshot.h) from the current
 * VMCS, the capability MSRs and the processor. Only when a VM entry failed,
 * or with `vmcheck` before one: never on the exit path. */
#include "vmx/vmcs_snapshot_take.h"
#include "arch/cpu.h"
#include "vmx/vmx.h"
#include "vmx/vmx_ops.h"

#define CPUID_ADDRESS_SIZES 0x80000008u

void vmcs_snapshot_take(struct vmcs_snapshot *s)
{
	/* A field this processor lacks (VMREAD fails) reads as 0: the rules
	 * that use such a field apply only with a control it cannot set. */
	for (unsigned i = 0; i < vmcs_snapshot_field_count; i++) {
		const struct snapshot_field *f = &vmcs_snapshot_fields[i];
		if (f->source == SNAPSHOT_VMCS)
			vmread_checked(f->id, snapshot_member(s, f));
		else if (f->source == SNAPSHOT_CAPABILITY)
			*snapshot_member(s, f) = *(const uint64_t *)((const char *)&vmx_caps + f->id);
	}
	/* SDM vol. 3A 4.1.4: without leaf 80000008H, 36 bits and 32 (no IA-32e). */
	uint32_t widths = 0x2024;
	if (cpuid(0x80000000u, 0).eax >= CPUID_ADDRESS_SIZES)
		widths = cpuid(CPUID_ADDRESS_SIZES, 0).eax;
	s->cpu.maxphyaddr = widths & 0xff;
	s->cpu.linear_width = (widths >> 8) & 0xff;
	s->cpu.efer = rdmsr(MSR_IA32_EFER);
	s->cpu.vmcs_pointer = vmptrst();
}
