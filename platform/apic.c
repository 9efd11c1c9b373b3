/* See apic.h. SDM vol. 3A chapter 10 (APIC), 8.4 (MP initialization); the
 * INIT/SIPI emulation is the one ACRN and BitVisor use, because Bochs 2.7
 * loses INIT and SIPI VM exits (DESIGN.md section 3). */
#include "platform/apic.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/lapic.h"
#include "arch/msr_safe.h"
#include "arch/percpu.h"
#include "platform/mmio_decode.h"
#include "vmx/exit.h"
#include "debug/guest_access.h"
#include "vmx/launch.h"
#include "vmx/vmcs.h"

#define AR_L (1u << 13)                 /* CS.L: 64-bit code */
/* What the guest may change in IA32_APIC_BASE: BSP is read-only, the base
 * stays at the default (the ICR interception covers only that page). */
#define APIC_BASE_GUEST_BITS (APIC_BASE_X2APIC | APIC_BASE_ENABLE)

bool apic_page_contains(uint64_t gpa)
{
	return (gpa & ~0xfffull) == APIC_DEFAULT_BASE;
}

void apic_kick(struct vcpu *target)
{
	__atomic_add_fetch(&target->kicks, 1, __ATOMIC_SEQ_CST);
	lapic_send_ipi(cpus[target->cpu].apic_id, ICR_DELIVERY_NMI | ICR_LEVEL_ASSERT);
}

/* INIT: back to wait-for-SIPI (SDM 8.4.1); a SIPI counts only there. A
 * processor that is running guest code is made to leave it. */
static void deliver_init_sipi(struct vcpu *from, struct vcpu *to, uint32_t icr_low)
{
	if ((icr_low & ICR_DELIVERY_MASK) == ICR_DELIVERY_INIT) {
		if (!(icr_low & ICR_LEVEL_ASSERT))
			return;         /* INIT level de-assert: no effect since the P4 */
		to->init_request = true;
		if (to != from && to->state == GUEST_RUNNING)
			apic_kick(to);
		return;
	}
	if (to->state == GUEST_WAIT_FOR_SIPI || to->init_request) {
		to->sipi_vector = icr_low & ICR_VECTOR_MASK;
		__atomic_store_n(&to->sipi_request, true, __ATOMIC_RELEASE);
	}
}

/* Any IPI the guest sends: INIT and SIPI to the vCPUs it names; the rest to
 * the physical APIC, whose IDs are the vCPUs' (one vCPU per processor). */
static void send_ipi(struct vcpu *v, uint32_t icr_low, uint32_t dest, bool x2apic)
{
	uint32_t mode = icr_low & ICR_DELIVERY_MASK;
	if (mode != ICR_DELIVERY_INIT && mode != ICR_DELIVERY_STARTUP) {
		if (x2apic)
			wrmsr(MSR_X2APIC_ICR, ((uint64_t)dest << 32) | icr_low);
		else
			lapic_send_ipi(dest, icr_low);
		return;
	}
	for (unsigned i = 0; i < cpu_count; i++) {
		struct vcpu *to = vcpu_of_cpu(i);
		if (apic_ipi_reaches(&to->apic, to == v, icr_low, dest, x2apic))
			deliver_init_sipi(v, to, icr_low);
	}
}

bool apic_write_x2apic_icr(struct vcpu *v, uint32_t msr, uint64_t value)
{
	(void)msr;
	send_ipi(v, (uint32_t)value, (uint32_t)(value >> 32), true);
	return true;
}

/* The ICR and the APIC base read as the hardware has them: #GP where the
 * CPU gives it (the ICR outside x2APIC mode). */
bool apic_read_through(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	(void)v;
	return rdmsr_safe(msr, value);
}

/* SDM 10.12.5: the legal mode changes; the base must stay the default. */
bool apic_write_apic_base(struct vcpu *v, uint32_t msr, uint64_t value)
{
	(void)v;
	(void)msr;
	uint64_t now = rdmsr(MSR_IA32_APIC_BASE);
	if ((value & ~APIC_BASE_GUEST_BITS) != (now & ~APIC_BASE_GUEST_BITS))
		return false;   /* relocation, BSP flag, reserved bits: #GP */
	if ((value & APIC_BASE_X2APIC) && !(value & APIC_BASE_ENABLE))
		return false;   /* x2APIC without enable is invalid */
	if ((now & APIC_BASE_X2APIC) && (value & APIC_BASE_ENABLE) && !(value & APIC_BASE_X2APIC))
		return false;   /* x2APIC -> xAPIC directly is invalid */
	wrmsr(MSR_IA32_APIC_BASE, value);
	return true;
}

/* The value of the decoded store; for XCHG the register gets the old one. */
static uint32_t store_value(struct vcpu *v, const struct mmio_store *s, uint64_t gpa)
{
	if (s->is_immediate)
		return s->immediate;
	uint32_t value = (uint32_t)vcpu_read_gpr(v, s->reg);
	if (s->is_exchange)
		vcpu_write_gpr(v, s->reg, *(volatile uint32_t *)gpa);
	return value;
}

void apic_mmio_write(struct vcpu *v, uint64_t gpa)
{
	uint8_t code[MMIO_INSN_MAX];
	struct mmio_store s;
	uint64_t rip = v->exit->rip + vmread(GUEST_CS_BASE);
	bool long_mode = vmread(GUEST_CS_AR_BYTES) & AR_L;
	/* the instruction may end just before a page that does not translate */
	unsigned got = (unsigned)guest_virtual_read(rip, code, sizeof(code));
	if (!got || mmio_decode_store(code, got, long_mode, &s)) {
		vcpu_kill(v, "a write to the local APIC at 0x%llx by an instruction the hypervisor "
			  "does not decode (bytes at rip 0x%llx: %02x %02x %02x %02x)",
			  (unsigned long long)gpa, (unsigned long long)rip, code[0], code[1],
			  code[2], code[3]);
		return;
	}
	uint32_t value = store_value(v, &s, gpa);
	switch (gpa & 0xfff) {
	case XAPIC_ICR_LOW:
		send_ipi(v, value, v->icr_high >> 24, false);
		break;
	case XAPIC_ICR_HIGH:
		v->icr_high = value;
		break;
	case XAPIC_LDR:
		v->apic.ldr = value;
		*(volatile uint32_t *)gpa = value;
		break;
	case XAPIC_DFR:
		v->apic.dfr = value;
		*(volatile uint32_t *)gpa = value;
		break;
	default:
		*(volatile uint32_t *)gpa = value;
		break;
	}
	/* An EPT violation has no instruction length (SDM 27.2.5): the
	 * decoder's. */
	vcpu_advance_rip(v, s.length);
}

void apic_init(struct ept *ept)
{
	if (ept_set_page_access(ept, APIC_DEFAULT_BASE, EPT_READ))
		panic("apic: cannot write-protect the xAPIC page at 0x%llx in EPT",
		      APIC_DEFAULT_BASE);
	printk("apic: ICR writes intercepted (xAPIC page read-only in EPT, x2APIC MSR 0x830); "
	       "INIT and SIPI emulated\n");
}
