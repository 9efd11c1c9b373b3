/* Filling the VMCS: controls, host state and guest state (SDM vol. 3C 24.4-24.8). */
#ifndef VMX_VMCS_SETUP_H
#define VMX_VMCS_SETUP_H
#include <stdint.h>
#include "vmx/bitmaps.h"
#include "vmx/vcpu.h"

/* How a guest starts: 32-bit protected mode, paging off, flat segments. */
struct guest_entry {
	uint32_t eip;
	uint32_t eax, ebx, esi, esp;
	uint32_t gdt_base;      /* a GDT in guest memory holding cs and ds, or 0 */
	uint16_t gdt_limit;
	uint16_t cs, ds;        /* selectors */
};

void vmcs_setup_controls(struct vcpu *v, const struct vmx_bitmaps *b);
void vmcs_setup_host_state(void);
void vmcs_setup_guest_state(struct vcpu *v, const struct guest_entry *e);
/* A vCPU started by a SIPI with this vector (after INIT). */
void vmcs_setup_guest_sipi_state(struct vcpu *v, uint8_t vector);

/* Bits of CR0/CR4 the guest does not own (SDM 24.6.6): VMX's fixed bits. */
/* Flushes the guest's linear and combined mappings (its VPID), as a MOV to
 * a control register the hypervisor emulates would have (SDM 4.10.4.1). */
void vmx_flush_guest_tlb(void);
uint64_t vmx_cr0_guest_host_mask(void);
uint64_t vmx_cr4_guest_host_mask(void);
/* CR0 and CR4 as the guest sees them: its bits, and ours from the read
 * shadows (vmx/exit_cr.c). */
uint64_t guest_cr0(void);
uint64_t guest_cr4(void);

#endif
