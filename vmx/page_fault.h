/* The one place where every guest page fault is handled: EPT violations and
 * guest #PF exceptions intercepted through the exception bitmap, as all of
 * KVM's meet in kvm_mmu_page_fault(). */
#ifndef VMX_PAGE_FAULT_H
#define VMX_PAGE_FAULT_H
#include <stdbool.h>
#include <stdint.h>
#include "vmx/guest_memory.h"
#include "vmx/vcpu.h"

enum fault_source {
	FAULT_EPT_VIOLATION,    /* guest-physical access EPT did not allow */
	FAULT_GUEST_PF,         /* the guest's own page tables faulted (#PF) */
};

struct guest_fault {
	enum fault_source source;
	uint64_t guest_physical_address;        /* EPT violations */
	uint64_t linear_address;
	bool linear_address_valid;
	bool read, write, fetch;                /* the access (EPT violations) */
	uint64_t allowed;                       /* EPT_READ/WRITE/EXECUTE of the entry */
	uint32_t error_code;                    /* #PF error code */
};

/* Sets up what the page-fault path needs: the guest memory description used
 * to map pages on first touch. */
void page_fault_init(const struct guest_memory *gm);
/* A guest #PF, reflected into the guest with CR2 (SDM vol. 3C 26.5.1),
 * combined as the CPU would with an event whose delivery it interrupted. */
void reflect_page_fault(struct vcpu *v, uint64_t linear_address, uint32_t error_code);
/* An EPT violation: hypervisor memory refused, a page mapped on first touch. */
void resolve_ept_violation(struct vcpu *v, const struct guest_fault *f);
/* The one place every guest page fault goes through. Inline, so that the
 * fault's description costs no memory. */
static inline void guest_page_fault(struct vcpu *v, const struct guest_fault *f)
{
	if (f->source == FAULT_GUEST_PF)
		reflect_page_fault(v, f->linear_address, f->error_code);
	else
		resolve_ept_violation(v, f);
}

/* INVEPT of v's EPT (shared by all processors) on the calling processor,
 * with the type the CPU offers. */
void vcpu_invept(struct vcpu *v);

#endif
