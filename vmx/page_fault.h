/* The one place where every guest page fault is handled: EPT violations and
 * guest #PF exceptions intercepted through the exception bitmap, as all of
 * KVM's meet in kvm_mmu_page_fault(). */
#ifndef VMX_PAGE_FAULT_H
#define VMX_PAGE_FAULT_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/cpu.h"
#include "vmx/guest_memory.h"
#include "vmx/vcpu.h"

enum fault_source {
	FAULT_EPT_VIOLATION,    /* guest-physical access EPT did not allow */
	FAULT_GUEST_PF,         /* the guest's own page tables faulted (#PF) */
};

/* Bits of an EPT violation's exit qualification (SDM 27.2.1, table 27-7). */
#define EPT_QUAL_READ (1ull << 0)
#define EPT_QUAL_WRITE (1ull << 1)
#define EPT_QUAL_FETCH (1ull << 2)
#define EPT_QUAL_ALLOWED_SHIFT 3        /* bits 5:3: what the entry allowed */
#define EPT_QUAL_GLA_VALID (1ull << 7)
#define EPT_QUAL_GLA_TRANSLATED (1ull << 8)     /* with bit 7: the access's own address */

struct guest_fault {
	enum fault_source source;
	uint64_t guest_physical_address;        /* EPT violations */
	uint64_t linear_address;                /* #PF; EPT violations with GLA_VALID */
	/* EPT violations: the exit qualification as read (the access, what the
	 * entry allowed, whether there is a linear address), decoded only
	 * where a report needs it. */
	uint64_t qualification;
	uint32_t error_code;                    /* #PF error code */
	uint32_t interrupted_event;             /* #PF: the IDT-vectoring information */
};

/* Sets up what the page-fault path needs: the guest memory description used
 * to map pages on first touch. */
void page_fault_init(const struct guest_memory *gm);
/* The VM-entry interruption information of a hardware exception that
 * delivers an error code (SDM 24.8.3). */
#define EXCEPTION_WITH_ERROR_CODE(vector) \
	(INTR_INFO_EVENT(INTR_TYPE_HARD_EXCEPTION, vector) | INTR_INFO_DELIVER_CODE)

/* A #PF that hit the delivery of another event (`interrupted_event`: the
 * IDT-vectoring information), which the CPU would combine with it. */
void reflect_page_fault_in_delivery(struct vcpu *v, uint32_t error_code,
				    uint32_t interrupted_event);
/* A guest #PF, reflected into the guest by event injection with CR2 set
 * (SDM vol. 3C 26.5.1; a #PF that exits does not write CR2, 27.1). A #PF
 * comes only with paging, so in protected mode: it delivers its error code
 * (SDM 26.2.1.3). Inline: the usual case is three instructions' work. */
static inline void reflect_page_fault(struct vcpu *v, uint64_t linear_address,
				      uint32_t error_code, uint32_t interrupted_event)
{
	write_cr2(linear_address);
	if (interrupted_event & INTR_INFO_VALID)
		reflect_page_fault_in_delivery(v, error_code, interrupted_event);
	else
		vcpu_queue_event(EXCEPTION_WITH_ERROR_CODE(VECTOR_PF), error_code, 0);
}
/* An EPT violation: hypervisor memory refused, a page mapped on first touch. */
void resolve_ept_violation(struct vcpu *v, const struct guest_fault *f);
/* The one place every guest page fault goes through. Inline, so that the
 * fault's description costs no memory. */
static inline void guest_page_fault(struct vcpu *v, const struct guest_fault *f)
{
	if (f->source == FAULT_GUEST_PF)
		reflect_page_fault(v, f->linear_address, f->error_code, f->interrupted_event);
	else
		resolve_ept_violation(v, f);
}

/* INVEPT of v's EPT (shared by all processors) on the calling processor,
 * with the type the CPU offers. */
void vcpu_invept(struct vcpu *v);

#endif
