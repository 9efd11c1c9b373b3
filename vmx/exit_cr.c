/* Control-register accesses (SDM vol. 3C 27.2.1, table 27-3). Only writes to
 * CR0 and CR4 bits the hypervisor owns exit (the guest/host masks of
 * vmx/vmcs_setup.c); reads are answered by the read shadows without an exit. */
#include "vmx/exit.h"
#include "arch/cpu.h"
#include "debug/entry_report.h"
#include "lib/string.h"
#include "mm/memory.h"
#include "vmx/pae.h"
#include "vmx/vmcs.h"
#include "vmx/vmcs_setup.h"
#include "vmx/vmx.h"

#define CR_ACCESS_MOV_TO_CR 0
#define CR_ACCESS_LMSW 3
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR4_PGE (1ull << 7)
#define CR4_PSE (1ull << 4)
#define CR4_SMEP (1ull << 20)
/* Changes that make a MOV reload the PDPTEs under PAE paging (SDM 4.4.1). */
#define CR0_PDPTE_RELOAD (CR0_PG | CR0_CD | CR0_NW)
#define CR4_PDPTE_RELOAD (CR4_PAE | CR4_PGE | CR4_PSE | CR4_SMEP)
#define CR4_SMAP (1ull << 21)
#define CR4_PKE (1ull << 22)
#define CR4_LA57 (1ull << 12)
/* INVVPID under emulation. The guest's TLB entries survive VM exits and
 * entries under its VPID (SDM 28.3.3.3), so an emulated MOV to CR0/CR4 must
 * do the flush the native one would (SDM vol. 3A 4.10.4.1): a change of
 * CR0.PG; a change of CR4.PGE or CR4.PCIDE; and, because flushing more is
 * always correct and these writes are rare, every other bit that changes
 * how a translation is formed or checked (PAE, PSE, LA57, SMEP, SMAP, PKE).
 * CR3 loads and INVLPG/INVPCID are not intercepted: the CPU does those
 * flushes itself. Only writes that change a bit the hypervisor owns exit at
 * all, so most guests never get here. */
#define CR4_TLB_FLUSH (CR4_PGE | CR4_PCIDE | CR4_PAE | CR4_PSE | CR4_LA57 | CR4_SMEP | \
		       CR4_SMAP | CR4_PKE)

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

/* SDM vol. 3A 4.4.1: a MOV to CR0 or CR4 that makes one of the *_PDPTE_RELOAD
 * changes and leaves PAE paging on loads the four PDPTEs from the PDPT at
 * CR3, with #GP(0) if a present one sets a reserved bit. With EPT, VM entry
 * takes them from the VMCS (SDM vol. 3C 26.3.2.4), so an emulated MOV writes
 * them there. A PDPT outside guest RAM reads as all ones, reserved bits
 * included. Returns false for the #GP. */
static bool load_pae_pdptes(uint64_t cr0, uint64_t cr4, uint64_t efer)
{
	if (!pae_paging(cr0, cr4, efer))
		return true;
	uint64_t base = vmread(GUEST_CR3) & PAE_PDPT_ALIGN_MASK;
	uint64_t pdpte[4] = { ~0ull, ~0ull, ~0ull, ~0ull };
	if (range_set_contains_span(guest_usable_memory(), base, sizeof(pdpte)))
		memcpy(pdpte, (const void *)base, sizeof(pdpte));    /* identity mapped */
	if (!pae_pdptes_valid(pdpte, cpuid(0x80000008, 0).eax & 0xff))
		return false;
	for (unsigned i = 0; i < 4; i++)
		vmcs_write(GUEST_PDPTE0 + 2 * i, pdpte[i]);
	return true;
}

/* The write exits because it changed a bit we own, so the CPU did not do
 * the IA-32e mode switch that a change of PG implies (SDM vol. 3A 9.8.5):
 * EFER.LMA follows PG when EFER.LME is set. */
static uint64_t efer_after_cr0_write(uint64_t efer, uint64_t cr0)
{
	if ((cr0 & CR0_PG) && (efer & EFER_LME))
		return efer | EFER_LMA;
	return efer & ~EFER_LMA;
}

static void emulate_cr0_write(struct vcpu *v, uint64_t value)
{
	uint64_t old = guest_cr0();
	uint64_t efer = vmread(GUEST_IA32_EFER);
	uint64_t cr4 = guest_cr4();
	uint64_t new_efer = efer_after_cr0_write(efer, value);
	if (cr0_write_faults(value, efer, cr4) ||
	    (((old ^ value) & CR0_PDPTE_RELOAD) && !load_pae_pdptes(value, cr4, new_efer))) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	/* ... and the "IA-32e mode guest" entry control follows EFER.LMA. */
	if (new_efer != efer) {
		uint32_t entry = (uint32_t)vmread(VM_ENTRY_CONTROLS);
		entry = (new_efer & EFER_LMA) ? entry | VM_ENTRY_IA32E_MODE
					      : entry & ~VM_ENTRY_IA32E_MODE;
		vmcs_write(GUEST_IA32_EFER, new_efer);
		vmcs_write(VM_ENTRY_CONTROLS, entry);
	}
	vmcs_write(CR0_READ_SHADOW, value);
	vmcs_write(GUEST_CR0, vmx_fixed_cr0(value, true));
	if ((old ^ value) & CR0_PG)
		vmx_flush_guest_tlb();
	vcpu_skip_instruction(v);
	vmcheck_after_change(v, "after an emulated write of CR0");
}

static void emulate_cr4_write(struct vcpu *v, uint64_t value)
{
	uint64_t old = guest_cr4();
	/* VMXE: the guest has no VMX. Bits VMX operation forbids are reserved. */
	uint64_t efer = vmread(GUEST_IA32_EFER);
	bool faults = (value & CR4_VMXE) || (value & ~vmx_caps.cr4_fixed1) ||
		      ((efer & EFER_LMA) && !(value & CR4_PAE)) ||
		      (((old ^ value) & CR4_PDPTE_RELOAD) &&
		       !load_pae_pdptes(guest_cr0(), value, efer));
	if (faults) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	vmcs_write(CR4_READ_SHADOW, value);
	vmcs_write(GUEST_CR4, vmx_fixed_cr4(value));
	if ((old ^ value) & CR4_TLB_FLUSH)
		vmx_flush_guest_tlb();
	vcpu_skip_instruction(v);
	vmcheck_after_change(v, "after an emulated write of CR4");
}

void handle_cr_access(struct vcpu *v)
{
	uint64_t q = v->exit->qualification;
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
