/* Step 3 of the VMX life cycle: the VMCS contents.
 * Controls: SDM vol. 3C 24.6-24.8, adjusted per appendix A (vmx/controls.c).
 * Host state: SDM 24.5, checked at VM entry per 26.2.2-26.2.4.
 * Guest state: SDM 24.4, checked per 26.3.1. */
#include "vmx/vmcs_setup.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/gdt.h"
#include "arch/percpu.h"
#include "vmx/controls.h"
#include "vmx/ept.h"
#include "vmx/feature_controls.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

extern char vmx_exit_point[];

#define VPID_GUEST 1            /* VPID 0 is the host's (SDM 24.6.2) */

static uint32_t adjust(const struct control_field *f, uint64_t cap, uint32_t required,
		       uint32_t optional)
{
	char err[160];
	uint32_t value;
	if (vmx_adjust_controls(f, cap, required, optional, &value, err, sizeof(err)))
		panic("VMX: %s", err);
	return value;
}

uint64_t vmx_cr0_guest_host_mask(void)
{
	/* PE and PG are the guest's with unrestricted guest; NE and the other
	 * fixed bits are ours. Bits that must be 0 (~fixed1) fault natively. */
	return vmx_caps.cr0_fixed0 & ~(CR0_PE | CR0_PG);
}

uint64_t vmx_cr4_guest_host_mask(void)
{
	return vmx_caps.cr4_fixed0 | (~vmx_caps.cr4_fixed1 & 0xffffffffull);
}

static bool vpid_enabled;

/* With VPID, the guest's TLB entries outlive VM exits and entries (SDM
 * 28.3.3.3); without it, every VM entry and exit flushes them. */
void vmx_flush_guest_tlb(void)
{
	if (vpid_enabled)
		invvpid(ept_invvpid_type(vmx_caps.ept_vpid), VPID_GUEST);
}

static void print_hidden_features(void)
{
	const char *names[8];
	unsigned n = feature_controls_hidden(vmx_caps.secondary, cpuid, names, 8);
	for (unsigned i = 0; i < n && i < 8; i++)
		printk("guest cpu: hiding %s: the CPU cannot enable its VMX control\n", names[i]);
}

void vmcs_setup_controls(struct vcpu *v, const struct vmx_bitmaps *b)
{
	/* The controls of vmx/feature_controls.c: on wherever the CPU allows
	 * them; platform/cpuid.c hides the features of the others. */
	/* VPID only where INVVPID can flush the guest's mappings
	 * (vmx_flush_guest_tlb). */
	uint32_t vpid = ept_invvpid_type(vmx_caps.ept_vpid) ? SECONDARY_EXEC_ENABLE_VPID : 0;
	uint32_t secondary = adjust(&secondary_controls, vmx_caps.secondary,
				    SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST,
				    vpid | feature_controls_wanted());
	/* NMIs exit: an NMI is how one processor makes another leave the guest
	 * (platform/apic.c apic_kick), and the guest's own are delivered when it
	 * can take them, its NMI blocking virtual where the CPU allows (vmx/nmi.c). */
	uint32_t pin = adjust(&pin_based_controls, vmx_caps.pin, PIN_BASED_NMI_EXITING,
			      PIN_BASED_VIRTUAL_NMIS);
	vmcs_write(PIN_BASED_VM_EXEC_CONTROL, pin);
	vmcs_write(CPU_BASED_VM_EXEC_CONTROL,
		   adjust(&primary_controls, vmx_caps.primary,
			  CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
			  CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS, 0));
	vmcs_write(SECONDARY_VM_EXEC_CONTROL, secondary);
	vmcs_write(VM_EXIT_CONTROLS,
		   adjust(&exit_controls, vmx_caps.exit,
			  VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
			  VM_EXIT_LOAD_IA32_EFER,
			  VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT |
			  VM_EXIT_SAVE_DEBUG_CONTROLS));
	vmcs_write(VM_ENTRY_CONTROLS,
		   adjust(&entry_controls, vmx_caps.entry, VM_ENTRY_LOAD_IA32_EFER,
			  VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_DEBUG_CONTROLS));

	vmcs_write(EXCEPTION_BITMAP, v->intercept_pf ? 1u << VECTOR_PF : 0);
	vmcs_write(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write(CR3_TARGET_COUNT, 0);
	vmcs_write(CR0_GUEST_HOST_MASK, vmx_cr0_guest_host_mask());
	vmcs_write(CR4_GUEST_HOST_MASK, vmx_cr4_guest_host_mask());
	vmcs_write(IO_BITMAP_A, (uint64_t)b->io_a);
	vmcs_write(IO_BITMAP_B, (uint64_t)b->io_b);
	vmcs_write(MSR_BITMAP, (uint64_t)b->msr);
	vmcs_write(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write(EPT_POINTER, ept_pointer(v->ept));
	vpid_enabled = secondary & SECONDARY_EXEC_ENABLE_VPID;
	if (vpid_enabled)
		vmcs_write(VIRTUAL_PROCESSOR_ID, VPID_GUEST);
	/* XSAVES/XRSTORS of no supervisor state component exit (SDM 24.6.20). */
	if (secondary & SECONDARY_EXEC_XSAVES)
		vmcs_write(XSS_EXIT_BITMAP, 0);
	if (this_cpu()->index != 0)
		return;
	print_hidden_features();
	printk("vmx: controls: secondary 0x%x (EPT, unrestricted guest%s)\n", secondary,
	       secondary & SECONDARY_EXEC_ENABLE_VPID ? ", VPID" : "");
}

/* SDM 24.5 and 26.2.3: selectors with RPL 0 and TI 0, TR not 0, 64-bit host. */
void vmcs_setup_host_state(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr;
	__asm__ volatile("sidt %0" : "=m"(idtr));

	vmcs_write(HOST_CR0, read_cr0());
	vmcs_write(HOST_CR3, read_cr3());
	vmcs_write(HOST_CR4, read_cr4());
	vmcs_write(HOST_CS_SELECTOR, GDT_SELECTOR_CODE);
	vmcs_write(HOST_SS_SELECTOR, GDT_SELECTOR_DATA);
	vmcs_write(HOST_DS_SELECTOR, GDT_SELECTOR_DATA);
	vmcs_write(HOST_ES_SELECTOR, GDT_SELECTOR_DATA);
	vmcs_write(HOST_FS_SELECTOR, 0);
	vmcs_write(HOST_GS_SELECTOR, 0);
	vmcs_write(HOST_TR_SELECTOR, GDT_SELECTOR_TSS);
	vmcs_write(HOST_FS_BASE, 0);
	vmcs_write(HOST_GS_BASE, (uint64_t)this_cpu());   /* the per-CPU area */
	vmcs_write(HOST_TR_BASE, tss_base());
	vmcs_write(HOST_GDTR_BASE, gdt_base());
	vmcs_write(HOST_IDTR_BASE, idtr.base);
	vmcs_write(HOST_IA32_SYSENTER_CS, 0);
	vmcs_write(HOST_IA32_SYSENTER_ESP, 0);
	vmcs_write(HOST_IA32_SYSENTER_EIP, 0);
	vmcs_write(HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	vmcs_write(HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_write(HOST_RIP, (uint64_t)vmx_exit_point);
	/* HOST_RSP is written by vmx/entry.asm before each entry. */
}

#define AR_CODE32 0xc09b        /* present, S, code exec/read accessed, D=1, G=1 */
#define AR_DATA32 0xc093        /* present, S, data read/write accessed, D=1, G=1 */
#define AR_CODE16 0x009b        /* present, S, code exec/read accessed, 16-bit */
#define AR_DATA16 0x0093        /* present, S, data read/write accessed, 16-bit */
#define AR_TSS32_BUSY 0x008b    /* present, busy 32-bit TSS (SDM 26.3.1.2) */
#define PAT_POWER_ON 0x0007040600070406ull
#define CR0_ET (1ull << 4)

static void write_segment(uint32_t selector_field, uint16_t selector, uint64_t base,
			  uint32_t limit, uint32_t ar)
{
	/* Selector, limit, access-rights and base fields each come in the order
	 * ES, CS, SS, DS, FS, GS, with encodings 2 apart (SDM appendix B). */
	unsigned index = (selector_field - GUEST_ES_SELECTOR) / 2;
	vmcs_write(selector_field, selector);
	vmcs_write(GUEST_ES_LIMIT + 2 * index, limit);
	vmcs_write(GUEST_ES_AR_BYTES + 2 * index, ar);
	vmcs_write(GUEST_ES_BASE + 2 * index, base);
}

static void write_control_registers(uint64_t cr0)
{
	vmcs_write(GUEST_CR0, vmx_fixed_cr0(cr0, true));
	vmcs_write(CR0_READ_SHADOW, cr0);
	vmcs_write(GUEST_CR4, vmx_fixed_cr4(0));
	vmcs_write(CR4_READ_SHADOW, 0);
	vmcs_write(GUEST_CR3, 0);
}

/* What both ways of starting share: no task or LDT, no paging, no events. */
static void write_common_state(void)
{
	vmcs_write(GUEST_TR_SELECTOR, 0);
	vmcs_write(GUEST_TR_LIMIT, 0xffff);
	vmcs_write(GUEST_TR_AR_BYTES, AR_TSS32_BUSY);
	vmcs_write(GUEST_TR_BASE, 0);
	vmcs_write(GUEST_LDTR_SELECTOR, 0);
	vmcs_write(GUEST_LDTR_LIMIT, 0);
	vmcs_write(GUEST_LDTR_AR_BYTES, AR_UNUSABLE);
	vmcs_write(GUEST_LDTR_BASE, 0);
	vmcs_write(GUEST_RFLAGS, 0x2);          /* bit 1 is reserved as 1 */
	vmcs_write(GUEST_DR7, 0x400);
	vmcs_write(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(GUEST_IA32_EFER, 0);
	vmcs_write(GUEST_IA32_PAT, PAT_POWER_ON);
	vmcs_write(GUEST_SYSENTER_CS, 0);
	vmcs_write(GUEST_SYSENTER_ESP, 0);
	vmcs_write(GUEST_SYSENTER_EIP, 0);
	vmcs_write(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmcs_write(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write(VMCS_LINK_POINTER, ~0ull);   /* no shadow VMCS (SDM 26.3.1.5) */
}

void vmcs_setup_guest_state(struct vcpu *v, const struct guest_entry *e)
{
	write_control_registers(CR0_PE | CR0_ET);
	write_segment(GUEST_CS_SELECTOR, e->cs, 0, 0xffffffff, AR_CODE32);
	write_segment(GUEST_DS_SELECTOR, e->ds, 0, 0xffffffff, AR_DATA32);
	write_segment(GUEST_ES_SELECTOR, e->ds, 0, 0xffffffff, AR_DATA32);
	write_segment(GUEST_SS_SELECTOR, e->ds, 0, 0xffffffff, AR_DATA32);
	write_segment(GUEST_FS_SELECTOR, e->ds, 0, 0xffffffff, AR_DATA32);
	write_segment(GUEST_GS_SELECTOR, e->ds, 0, 0xffffffff, AR_DATA32);
	write_common_state();
	vmcs_write(GUEST_GDTR_BASE, e->gdt_base);
	vmcs_write(GUEST_GDTR_LIMIT, e->gdt_limit);
	vmcs_write(GUEST_IDTR_BASE, 0);
	vmcs_write(GUEST_IDTR_LIMIT, 0x3ff);
	vmcs_write(GUEST_RIP, e->eip);
	vmcs_write(GUEST_RSP, e->esp);
	v->regs.rax = e->eax;
	v->regs.rbx = e->ebx;
	v->regs.rsi = e->esi;
}

/* The state after INIT (SDM vol. 3A 9.1.1, table 9-1) with the SIPI's start:
 * real mode, CS = vector << 8 with base vector << 12, IP = 0 (SDM 8.4.3).
 * Real mode runs as such with "unrestricted guest" (SDM vol. 3C 26.3.1.1). */
void vmcs_setup_guest_sipi_state(struct vcpu *v, uint8_t vector)
{
	static const uint32_t data_segments[] = { GUEST_DS_SELECTOR, GUEST_ES_SELECTOR,
						  GUEST_SS_SELECTOR, GUEST_FS_SELECTOR,
						  GUEST_GS_SELECTOR };
	write_control_registers(CR0_CD | CR0_NW | CR0_ET);
	write_segment(GUEST_CS_SELECTOR, (uint16_t)(vector << 8), (uint64_t)vector << 12, 0xffff,
		      AR_CODE16);
	for (unsigned i = 0; i < 5; i++)
		write_segment(data_segments[i], 0, 0, 0xffff, AR_DATA16);
	write_common_state();
	vmcs_write(GUEST_GDTR_BASE, 0);
	vmcs_write(GUEST_GDTR_LIMIT, 0xffff);
	vmcs_write(GUEST_IDTR_BASE, 0);
	vmcs_write(GUEST_IDTR_LIMIT, 0xffff);
	vmcs_write(GUEST_RIP, 0);
	vmcs_write(GUEST_RSP, 0);
	/* EFER.LMA is 0 now: the "IA-32e mode guest" entry control must say
	 * so (26.3.1.1); every VM exit records EFER.LMA there (27.2), so the
	 * exit of a 64-bit guest left it set. */
	vmcs_write(VM_ENTRY_CONTROLS, vmread(VM_ENTRY_CONTROLS) & ~(uint64_t)VM_ENTRY_IA32E_MODE);
	v->regs = (struct guest_regs){ .rdx = cpuid(1, 0).eax, .host_rsp = v->regs.host_rsp };
}
