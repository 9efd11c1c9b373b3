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

/* INIT (SDM vol. 3A 8.4.1, 9.1): an application processor goes back to
 * wait-for-SIPI, discarding a SIPI it has not taken yet; one that is
 * running guest code is made to leave it. The boot processor restarts at
 * the reset vector, into the firmware, as after a reset: for the guest that
 * is a reset of the machine, done by the sender. */
static void deliver_init(struct vcpu *from, struct vcpu *to)
{
	if (to->cpu == 0) {
		vcpu_request_reset(from, "INIT to the boot processor");
		return;
	}
	spin_lock(&to->init_sipi_lock);
	to->init_request = true;
	to->sipi_request = false;
	spin_unlock(&to->init_sipi_lock);
	if (to != from && to->state == GUEST_RUNNING)
		apic_kick(to);
}

/* A SIPI counts only in wait-for-SIPI, or on its way there (an INIT not
 * yet taken): it is kept until the target takes it (vmx/launch.c). */
static void deliver_sipi(struct vcpu *to, uint32_t icr_low)
{
	spin_lock(&to->init_sipi_lock);
	if (to->state == GUEST_WAIT_FOR_SIPI || to->init_request) {
		to->sipi_vector = icr_low & ICR_VECTOR_MASK;
		to->sipi_request = true;
	}
	spin_unlock(&to->init_sipi_lock);
}

static void deliver_init_sipi(struct vcpu *from, struct vcpu *to, uint32_t icr_low)
{
	if ((icr_low & ICR_DELIVERY_MASK) == ICR_DELIVERY_STARTUP)
		deliver_sipi(to, icr_low);
	else if (icr_low & ICR_LEVEL_ASSERT)
		deliver_init(from, to);
	/* INIT level de-assert: no effect since the Pentium 4 (SDM 10.6.1) */
}

/* The IPIs a guest may send: those an OS sends to its processors. SMI is
 * not one of them (it would run the firmware's SMM code, or, where the
 * firmware never moved a processor's SMBASE, code at 0x38000 in guest RAM,
 * with VMX off), nor the reserved modes 3 and 7; KVM without SMM emulation
 * drops them too. */
static bool delivery_mode_allowed(uint32_t mode)
{
	return mode == ICR_DELIVERY_FIXED || mode == ICR_DELIVERY_LOWEST ||
	       mode == ICR_DELIVERY_NMI || mode == ICR_DELIVERY_INIT ||
	       mode == ICR_DELIVERY_STARTUP;
}

static void refuse_ipi(struct vcpu *v, uint32_t icr_low)
{
	if (v->refused_ipis++ == 0)
		printk("apic: cpu %u: the guest's IPI with delivery mode %u (ICR 0x%x) dropped: "
		       "a guest sends only fixed, lowest-priority, NMI, INIT and start-up IPIs\n",
		       v->cpu, (icr_low & ICR_DELIVERY_MASK) >> ICR_DELIVERY_SHIFT, icr_low);
}

/* Any IPI the guest sends: INIT and SIPI to the vCPUs it names; fixed,
 * lowest-priority and NMI to the physical APIC, whose IDs are the vCPUs'
 * (one vCPU per processor); the rest nowhere. */
static void send_ipi(struct vcpu *v, uint32_t icr_low, uint32_t dest, bool x2apic)
{
	uint32_t mode = icr_low & ICR_DELIVERY_MASK;
	if (!delivery_mode_allowed(mode)) {
		refuse_ipi(v, icr_low);
		return;
	}
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

/* SDM vol. 3A 10.12.9 and 10.12.1.3: WRMSR to the x2APIC ICR ignores bit 12
 * (no delivery status) and raises #GP for the reserved bits 13, 16-17 and
 * 20-31. */
#define X2APIC_ICR_RESERVED 0xfff32000u

bool apic_write_x2apic_icr(struct vcpu *v, uint32_t msr, uint64_t value)
{
	(void)msr;
	uint32_t icr_low = (uint32_t)value & ~ICR_DELIVERY_PENDING;
	if (icr_low & X2APIC_ICR_RESERVED)
		return false;
	send_ipi(v, icr_low, (uint32_t)(value >> 32), true);
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
	if ((value & APIC_BASE_X2APIC) && !(now & APIC_BASE_ENABLE))
		return false;   /* disabled -> x2APIC must pass through xAPIC */
	if ((now & APIC_BASE_X2APIC) && (value & APIC_BASE_ENABLE) && !(value & APIC_BASE_X2APIC))
		return false;   /* x2APIC -> xAPIC directly is invalid */
	wrmsr(MSR_IA32_APIC_BASE, value);
	return true;
}

/* The code segment's default operand and address size in bytes (SDM vol.
 * 3A 3.4.5: CS.L, then CS.D). */
static unsigned code_size(void)
{
	uint64_t ar = vmread(GUEST_CS_AR_BYTES);
	return (ar & AR_L) ? 8 : (ar & AR_DB) ? 4 : 2;
}

static uint64_t size_mask(unsigned size)
{
	return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* A register written with `size` bytes: 4 clear bits 63:32 in 64-bit
 * mode, as any 32-bit destination does; 1 and 2 keep the rest. */
static void write_register_part(struct vcpu *v, unsigned reg, bool high_byte, unsigned size,
				uint32_t value)
{
	unsigned shift = high_byte ? 8 : 0;
	uint64_t old = vcpu_read_gpr(v, reg);
	uint64_t mask = size_mask(size) << shift;
	vcpu_write_gpr(v, reg, size == 4 ? value : (old & ~mask) | (((uint64_t)value << shift) & mask));
}

/* An index register moved by `delta` within the address size: the bits
 * above it stay, except that a 32-bit address clears bits 63:32. */
static uint64_t step_index(uint64_t reg, int64_t delta, unsigned address_size)
{
	uint64_t mask = size_mask(address_size), moved = (reg + (uint64_t)delta) & mask;
	return address_size == 2 ? (reg & ~mask) | moved : moved;
}

static uint64_t segment_base(enum mmio_segment segment, unsigned code)
{
	/* 64-bit mode takes ES, CS, SS and DS as based at 0 (SDM vol. 3A 3.4.4) */
	if (code == 8 && segment < SEG_FS)
		return 0;
	return vmread(GUEST_ES_BASE + 2 * segment);
}

/* MOVS: the element at segment:rSI is the value; rSI and rDI move by its
 * size (back with RFLAGS.DF), and with REP rCX counts down. False when the
 * source cannot be read. */
static bool movs_element(struct vcpu *v, const struct mmio_store *s, unsigned code,
			 uint32_t *value)
{
	uint64_t rsi = vcpu_read_gpr(v, 6), rdi = vcpu_read_gpr(v, 7);
	uint64_t source = segment_base(s->segment, code) + (rsi & size_mask(s->address_size));
	*value = 0;
	if (guest_virtual_read(source, value, s->size) != s->size)
		return false;
	int64_t delta = (vmread(GUEST_RFLAGS) & RFLAGS_DF) ? -(int64_t)s->size : s->size;
	vcpu_write_gpr(v, 6, step_index(rsi, delta, s->address_size));
	vcpu_write_gpr(v, 7, step_index(rdi, delta, s->address_size));
	if (s->rep)
		vcpu_write_gpr(v, 1, step_index(vcpu_read_gpr(v, 1), -1, s->address_size));
	return true;
}

/* The stored value, `size` bytes; for XCHG the register gets the bytes
 * that were there. */
static bool store_value(struct vcpu *v, const struct mmio_store *s, unsigned code,
			uint64_t gpa, uint32_t *value)
{
	if (s->source == MMIO_FROM_IMMEDIATE) {
		*value = s->immediate;
		return true;
	}
	if (s->source == MMIO_FROM_MEMORY)
		return movs_element(v, s, code, value);
	*value = (uint32_t)(vcpu_read_gpr(v, s->reg) >> (s->high_byte ? 8 : 0)) &
		 (uint32_t)size_mask(s->size);
	if (s->is_exchange) {
		uint32_t old = 0;
		for (unsigned i = 0; i < s->size; i++)
			old |= (uint32_t)*(volatile uint8_t *)(gpa + i) << (8 * i);
		write_register_part(v, s->reg, s->high_byte, s->size, old);
	}
	return true;
}

/* The write of a whole 32-bit register (the first 4 bytes of its 16-byte
 * slot), as the guest's APIC would take it. */
static void write_register(struct vcpu *v, uint64_t reg_gpa, uint32_t value)
{
	switch (reg_gpa & 0xfff) {
	case XAPIC_ICR_LOW:
		send_ipi(v, value, v->icr_high >> 24, false);
		break;
	case XAPIC_ICR_HIGH:
		v->icr_high = value;
		break;
	case XAPIC_LDR:
		v->apic.ldr = value;
		*(volatile uint32_t *)reg_gpa = value;
		break;
	case XAPIC_DFR:
		v->apic.dfr = value;
		*(volatile uint32_t *)reg_gpa = value;
		break;
	default:
		*(volatile uint32_t *)reg_gpa = value;
		break;
	}
}

/* SDM vol. 3A 10.4.1: registers are 32 bits, 16-byte aligned; narrower
 * stores are model-specific. Here they write their bytes into the
 * register, whose other bytes keep their value; bytes that fall in the
 * reserved rest of the slot are dropped. */
static void write_bytes(struct vcpu *v, uint64_t gpa, unsigned size, uint32_t value)
{
	uint64_t reg_gpa = gpa & ~0xfull;
	unsigned offset = gpa & 0xf;
	if (offset >= 4)
		return;
	if (offset == 0 && size == 4) {
		write_register(v, reg_gpa, value);
		return;
	}
	uint32_t merged = *(volatile uint32_t *)reg_gpa;
	for (unsigned i = 0; i < size && offset + i < 4; i++) {
		unsigned shift = 8 * (offset + i);
		merged = (merged & ~(0xffu << shift)) | (((value >> (8 * i)) & 0xff) << shift);
	}
	write_register(v, reg_gpa, merged);
}

void apic_mmio_write(struct vcpu *v, uint64_t gpa)
{
	uint8_t code[MMIO_INSN_MAX];
	struct mmio_store s;
	uint64_t rip = v->exit->rip + vmread(GUEST_CS_BASE);
	unsigned size = code_size();
	/* the instruction may end just before a page that does not translate */
	unsigned got = (unsigned)guest_virtual_read(rip, code, sizeof(code));
	if (!got || mmio_decode_store(code, got, size, &s)) {
		vcpu_kill(v, "a write to the local APIC at 0x%llx by an instruction the hypervisor "
			  "does not decode (bytes at rip 0x%llx: %02x %02x %02x %02x)",
			  (unsigned long long)gpa, (unsigned long long)rip, code[0], code[1],
			  code[2], code[3]);
		return;
	}
	uint32_t value;
	if (!store_value(v, &s, size, gpa, &value)) {
		vcpu_kill(v, "MOVS to the local APIC at 0x%llx from a source the hypervisor cannot "
			  "read", (unsigned long long)gpa);
		return;
	}
	write_bytes(v, gpa, s.size, value);
	/* REP MOVS: the instruction runs again while rCX is not 0, one
	 * element (one exit) at a time. An EPT violation has no instruction
	 * length (SDM 27.2.5): the decoder's. */
	if (s.rep && (vcpu_read_gpr(v, 1) & size_mask(s.address_size)))
		return;
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
