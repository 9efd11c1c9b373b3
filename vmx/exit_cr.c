/* Control-register accesses (SDM vol. 3C 27.2.1, table 27-3). Only writes to
 * CR0 and CR4 bits the hypervisor owns exit (the guest/host masks of
 * vmx/vmcs_setup.c); reads are answered by the read shadows without an exit. */
#include "vmx/exit.h"
#include "arch/cpu.h"
#include "vmx/vmcs.h"
#include "vmx/vmcs_setup.h"
#include "vmx/vmx.h"

#define CR_ACCESS_MOV_TO_CR 0
#define CR_ACCESS_LMSW 3
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define CR4_PCIDE (1ull << 17)
#define CR4_PGE (1ull << 7)

/* SDM vol. 3A 2.5 and vol. 2 MOV CR: the #GP(0) conditions of a CR0 write. */
static bool cr0_write_faults(uint64_t value, uint64_t efer, uint64_t cr4)
{
	if (value >> 32)
		return true;
	if ((value & CR0_PG) && !(value & CR0_PE))
		return true;
	if ((value & CR0_NW) && !(value & CR0_CD))
		return true;
	/* Paging on with EFER.LME needs PAE (SDM vol. 3A 9.8.5). */
	return (value & CR0_PG) && (efer & EFER_LME) && !(cr4 & CR4_PAE);
}

/* What the guest sees in CR0/CR4: its own bits from the register, ours from
 * the read shadow (SDM 24.6.6). */
static uint64_t guest_view(uint32_t real_field, uint32_t shadow_field, uint64_t mask)
{
	return (vmread(real_field) & ~mask) | (vmread(shadow_field) & mask);
}

uint64_t guest_cr0(void)
{
	return guest_view(GUEST_CR0, CR0_READ_SHADOW, vmx_cr0_guest_host_mask());
}

uint64_t guest_cr4(void)
{
	return guest_view(GUEST_CR4, CR4_READ_SHADOW, vmx_cr4_guest_host_mask());
}

static void emulate_cr0_write(struct vcpu *v, uint64_t value)
{
	uint64_t old = guest_cr0();
	uint64_t efer = vmread(GUEST_IA32_EFER);
	if (cr0_write_faults(value, efer, guest_cr4())) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	/* The write exits because it changed a bit we own, so the CPU did not do
	 * the IA-32e mode switch that a change of PG implies (SDM vol. 3A 9.8.5):
	 * do it, in EFER.LMA and the "IA-32e mode guest" entry control. */
	if ((old ^ value) & CR0_PG) {
		uint32_t entry = (uint32_t)vmread(VM_ENTRY_CONTROLS);
		if ((value & CR0_PG) && (efer & EFER_LME)) {
			efer |= EFER_LMA;
			entry |= VM_ENTRY_IA32E_MODE;
		} else if (!(value & CR0_PG)) {
			efer &= ~EFER_LMA;
			entry &= ~VM_ENTRY_IA32E_MODE;
		}
		vmcs_write(GUEST_IA32_EFER, efer);
		vmcs_write(VM_ENTRY_CONTROLS, entry);
	}
	vmcs_write(CR0_READ_SHADOW, value);
	vmcs_write(GUEST_CR0, vmx_fixed_cr0(value, true));
	vcpu_skip_instruction(v);
}

static void emulate_cr4_write(struct vcpu *v, uint64_t value)
{
	uint64_t old = guest_cr4();
	/* VMXE: the guest has no VMX. Bits VMX operation forbids are reserved. */
	bool faults = (value & CR4_VMXE) || (value & ~vmx_caps.cr4_fixed1) ||
		      ((vmread(GUEST_IA32_EFER) & EFER_LMA) && !(value & CR4_PAE));
	if (faults) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	vmcs_write(CR4_READ_SHADOW, value);
	vmcs_write(GUEST_CR4, vmx_fixed_cr4(value));
	/* A MOV to CR4 that changes PGE or PCIDE flushes the TLB (SDM vol. 3A
	 * 4.10.4.1); emulated, it must flush the guest's VPID. */
	if ((old ^ value) & (CR4_PGE | CR4_PCIDE | CR4_PAE))
		invvpid(INVVPID_SINGLE_CONTEXT, 1);
	vcpu_skip_instruction(v);
}

void handle_cr_access(struct vcpu *v)
{
	uint64_t q = vmread(EXIT_QUALIFICATION);
	unsigned cr = q & 15, type = (q >> 4) & 3, gpr = (q >> 8) & 15;

	if (type == CR_ACCESS_MOV_TO_CR && cr == 0) {
		emulate_cr0_write(v, vcpu_read_gpr(v, gpr));
	} else if (type == CR_ACCESS_MOV_TO_CR && cr == 4) {
		emulate_cr4_write(v, vcpu_read_gpr(v, gpr));
	} else if (type == CR_ACCESS_LMSW) {
		/* LMSW writes PE, MP, EM, TS and cannot clear PE (vol. 2 LMSW). */
		uint64_t old = guest_cr0();
		uint64_t msw = (q >> 16) & 0xf;
		emulate_cr0_write(v, (old & ~0xeull) | (msw & 0xe) | ((old | msw) & CR0_PE));
	} else {
		vcpu_kill(v, "unexpected control-register access: CR%u, access type %u", cr, type);
	}
}
