/* Guest page faults, all through guest_page_fault() (page_fault.h):
 *
 *   EPT violation  -> handle_ept_violation() -> guest_page_fault()
 *   guest #PF      -> handle_exception_or_nmi() -> guest_page_fault()
 *
 * A #PF belongs to the guest: it is reflected back by event injection with
 * CR2 set (SDM vol. 3C 26.5.1; CR2 is not written by a #PF that exits, 27.1),
 * combined into #DF when it hit the delivery of another exception.
 * An EPT violation is the hypervisor's: a guest-physical page outside the
 * initial map is mapped on first touch (when the tables run out, all are
 * rebuilt: vmx_reclaim_ept), and an access to the hypervisor's own memory
 * stops the guest with a report. A write to the xAPIC page (MMIO
 * the hypervisor emulates, not a fault) is taken first. */
#include "vmx/page_fault.h"
#include "lib/spinlock.h"
#include "vmx/launch.h"
#include "platform/apic.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "mm/memory.h"
#include "vmx/event_rules.h"
#include "vmx/exit.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

#define PAGE_MASK_4K (~0xfffull)

static const struct guest_memory *guest_memory;
static unsigned invept_type;

void page_fault_init(const struct guest_memory *gm)
{
	guest_memory = gm;
	invept_type = ept_invept_type(vmx_caps.ept_vpid);
	if (!invept_type)
		panic("VMX: INVEPT offers neither the single-context nor the all-context type "
		      "(IA32_VMX_EPT_VPID_CAP = 0x%llx)", (unsigned long long)vmx_caps.ept_vpid);
}

static const char *access_name(const struct guest_fault *f)
{
	return (f->qualification & EPT_QUAL_FETCH) ? "instruction fetch"
	       : (f->qualification & EPT_QUAL_WRITE) ? "write" : "read";
}

/* A #PF while the CPU was delivering a hardware exception (requeued from
 * the IDT-vectoring information by the exit handler) combines with it as
 * the CPU would (SDM vol. 3A 6.15, table 6-5): #DF (in protected mode, with
 * its error code 0), or a triple fault. After any other event the #PF is
 * delivered alone. */
void reflect_page_fault_in_delivery(struct vcpu *v, uint32_t error_code,
				    uint32_t interrupted_event)
{
	enum exception_combination c = DELIVER_SECOND;
	unsigned type = (interrupted_event & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT;
	if (type == INTR_TYPE_HARD_EXCEPTION)
		c = exception_combine(interrupted_event & INTR_INFO_VECTOR_MASK, VECTOR_PF);
	if (c == TRIPLE_FAULT)
		handle_triple_fault(v);
	else if (c == DELIVER_DOUBLE_FAULT)
		vcpu_queue_event(EXCEPTION_WITH_ERROR_CODE(VECTOR_DF), 0, 0);
	else
		vcpu_queue_event(EXCEPTION_WITH_ERROR_CODE(VECTOR_PF), error_code, 0);
}

void resolve_ept_violation(struct vcpu *v, const struct guest_fault *f)
{
	uint64_t page = f->guest_physical_address & PAGE_MASK_4K;
	if (range_set_overlaps(hypervisor_memory(), page, page + PAGE_SIZE)) {
		vcpu_kill(v, "guest %s of hypervisor memory at guest-physical 0x%llx refused%s",
			  access_name(f), (unsigned long long)f->guest_physical_address,
			  (f->qualification & EPT_QUAL_GLA_VALID) ? "" : " (no linear address)");
		if (f->qualification & EPT_QUAL_GLA_VALID)
			printk("  guest linear address 0x%llx\n",
			       (unsigned long long)f->linear_address);
		return;
	}
	uint64_t allowed = (f->qualification >> EPT_QUAL_ALLOWED_SHIFT) & EPT_RWX;
	if (allowed) {
		vcpu_kill(v, "EPT refused a %s at 0x%llx that its entry (access %llx) should allow",
			  access_name(f), (unsigned long long)f->guest_physical_address,
			  (unsigned long long)allowed);
		return;
	}
	/* Not mapped yet (beyond the initial map, e.g. a 64-bit BAR): map it,
	 * with the largest page its memory types allow. EPT is shared, so under
	 * its lock; two processors may fault on the same page, and the second
	 * finds it mapped. Adding a mapping needs no INVEPT on the other
	 * processors: a not-present entry is never cached (SDM vol. 3C 28.3.2),
	 * so they see the new entry on their next walk; this processor's own
	 * INVEPT clears what it may have cached of the paging structures above
	 * the new entry. */
	spin_lock(&guest_ept_lock);
	int failed = ept_map_on_touch(v->ept, page, guest_memory_classify, (void *)guest_memory);
	spin_unlock(&guest_ept_lock);
	if (failed) {
		/* Out of tables: all rebuilt; the access, retried, maps. */
		if (!vmx_reclaim_ept(v))
			vcpu_kill(v, "EPT tables ran out and could not be rebuilt");
		return;
	}
	vcpu_invept(v);
}

/* The guest-physical address of the byte the access named. When the
 * linear address is the access's own (bits 7 and 8, SDM 27.2.1), its offset
 * in the page is too: a processor gives the same offset in both fields, but
 * KVM's nested VMX, for an access that it emulated through the guest's
 * paging, reports the page's address alone (its walk of the guest's page
 * tables ends at a frame number), so that without this a write to an xAPIC
 * register would land on the register at offset 0. An address with an
 * offset is the processor's own (no VMREAD then, on every guest EOI). */
static uint64_t access_address(uint64_t q, uint64_t gpa)
{
	const uint64_t linear_is_the_access = EPT_QUAL_GLA_VALID | EPT_QUAL_GLA_TRANSLATED;
	if ((gpa & ~PAGE_MASK_4K) || (q & linear_is_the_access) != linear_is_the_access)
		return gpa;
	return (gpa & PAGE_MASK_4K) | (vmread(GUEST_LINEAR_ADDRESS) & ~PAGE_MASK_4K);
}

/* SDM 27.2.1, table 27-7: the exit qualification of an EPT violation. */
void handle_ept_violation(struct vcpu *v)
{
	uint64_t q = v->exit->qualification;
	uint64_t gpa = vmread(GUEST_PHYSICAL_ADDRESS);
	v->exit->guest_physical = gpa;          /* for the ring */
	requeue_interrupted_event();
	/* The usual EPT violation of a running guest: a write to its xAPIC,
	 * whose page is read-only in EPT so that the ICR writes are seen. */
	if ((q & EPT_QUAL_WRITE) && apic_page_contains(gpa)) {
		apic_mmio_write(v, access_address(q, gpa));
		return;
	}
	uint64_t linear = (q & EPT_QUAL_GLA_VALID) ? vmread(GUEST_LINEAR_ADDRESS) : 0;
	v->exit->guest_linear = linear;         /* for the ring */
	struct guest_fault f = {
		.source = FAULT_EPT_VIOLATION,
		.guest_physical_address = gpa,
		.linear_address = linear,
		.qualification = q,
	};
	guest_page_fault(v, &f);
}

/* An EPT misconfiguration is a bug in our tables (SDM 28.2.3.1). */
void handle_ept_misconfig(struct vcpu *v)
{
	uint64_t gpa = vmread(GUEST_PHYSICAL_ADDRESS);
	uint64_t size = 0;
	v->exit->guest_physical = gpa;          /* for the ring */
	uint64_t entry = ept_lookup(v->ept, gpa, &size);
	vcpu_kill(v, "EPT misconfiguration at guest-physical 0x%llx (leaf entry 0x%llx, page %llu KiB)",
		  (unsigned long long)gpa, (unsigned long long)entry,
		  (unsigned long long)(size / 1024));
}

void vcpu_invept(struct vcpu *v)
{
	invept(invept_type, ept_pointer(v->ept));
}
