/* Exit handlers for exceptions, signals, CPUID, HLT, cache control, VMCALL,
 * VMX instructions and XSETBV. Each follows the SDM section cited. */
#include "vmx/exit.h"
#include "vmx/guest_cpu.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "mm/memory.h"
#include "vmx/hypercall.h"
#include "vmx/monitor.h"
#include "vmx/page_fault.h"
#include "vmx/vmcs.h"
#include "vmx/vmx.h"

#define CPUID_1_ECX_VMX (1u << 5)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
#define CPUID_7_ECX_OSPKE (1u << 4)
#define CR4_OSXSAVE (1ull << 18)
#define CR4_PKE (1ull << 22)
#define CPUID_HYPERVISOR_BASE 0x40000000u
#define CPUID_HYPERVISOR_LAST 0x400000ffu
#define VMX_MISC_ACTIVITY_HLT (1ull << 6)
#define RFLAGS_IF (1ull << 9)

/* SDM 27.2.2: the exit interruption information says what was intercepted. */
void handle_exception_or_nmi(struct vcpu *v)
{
	uint32_t info = (uint32_t)vmread(VM_EXIT_INTR_INFO);
	unsigned vector = info & INTR_INFO_VECTOR_MASK;
	unsigned type = (info & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT;
	uint32_t error_code = (info & INTR_INFO_DELIVER_CODE)
				      ? (uint32_t)vmread(VM_EXIT_INTR_ERROR_CODE) : 0;

	if (vector == VECTOR_DB && v->stepping) {
		monitor_step_done(v);
		return;
	}
	if (type == INTR_TYPE_HARD_EXCEPTION && vector == VECTOR_PF) {
		struct guest_fault f = {
			.source = FAULT_GUEST_PF,
			/* CR2 is not yet written: the qualification has the address */
			.linear_address = vmread(EXIT_QUALIFICATION),
			.linear_address_valid = true,
			.error_code = error_code,
		};
		guest_page_fault(v, &f);
		return;
	}
	vcpu_kill(v, "exception %u (type %u, error code 0x%x) intercepted without a handler",
		  vector, type, error_code);
}

/* External-interrupt exiting is off: interrupts go straight to the guest. If
 * one exits anyway it is still pending, and reaches the guest on entry. */
void handle_external_interrupt(struct vcpu *v)
{
	(void)v;
}

void handle_triple_fault(struct vcpu *v)
{
	vcpu_kill(v, "triple fault (the guest's shutdown state, SDM vol. 3A 6.15 #DF)");
}

/* An INIT to this processor is a reset of the guest's CPU; the hypervisor
 * has no reset path for its guest yet, so it ends the guest and says so. */
void handle_init_signal(struct vcpu *v)
{
	vcpu_kill(v, "INIT signal: the guest reset its processor");
}

void handle_sipi(struct vcpu *v)
{
	vcpu_kill(v, "start-up IPI outside the wait-for-SIPI state");
}

/* CPUID always exits (SDM 25.1.2) and runs here, in root operation. The
 * guest sees the real CPU, except: no VMX (the hypervisor does not nest),
 * the hypervisor-present bit, no feature whose MSRs are missing
 * (vmx/guest_cpu.c), our leaves 0x40000000+, and the bits that mirror CR4
 * (OSXSAVE, OSPKE) taken from the guest's CR4, not the hypervisor's. */
void handle_cpuid(struct vcpu *v)
{
	uint32_t leaf = (uint32_t)v->regs.rax, subleaf = (uint32_t)v->regs.rcx;
	struct cpuid_regs r;

	if (leaf >= CPUID_HYPERVISOR_BASE && leaf <= CPUID_HYPERVISOR_LAST) {
		r = (struct cpuid_regs){ 0, 0, 0, 0 };
		if (leaf == CPUID_HYPERVISOR_BASE) {
			r.eax = CPUID_HYPERVISOR_BASE + 1;     /* highest leaf */
			r.ebx = 0x63616554;                    /* "TeachVisorVT" */
			r.ecx = 0x73695668;
			r.edx = 0x5456726f;
		}
	} else {
		r = cpuid(leaf, subleaf);
		guest_cpu_filter(leaf, subleaf, &r);
		if (leaf == 1) {
			uint64_t guest_cr4 = vmread(GUEST_CR4);
			r.ecx &= ~(CPUID_1_ECX_VMX | CPUID_1_ECX_OSXSAVE);
			r.ecx |= CPUID_1_ECX_HYPERVISOR;
			if (guest_cr4 & CR4_OSXSAVE)
				r.ecx |= CPUID_1_ECX_OSXSAVE;
		} else if (leaf == 7 && subleaf == 0) {
			r.ecx &= ~CPUID_7_ECX_OSPKE;
			if (vmread(GUEST_CR4) & CR4_PKE)
				r.ecx |= CPUID_7_ECX_OSPKE;
		}
	}
	v->regs.rax = r.eax;
	v->regs.rbx = r.ebx;
	v->regs.rcx = r.ecx;
	v->regs.rdx = r.edx;
	vcpu_skip_instruction(v);
}

/* HLT: the guest waits for an interrupt. It does so inside VMX non-root
 * operation, in the HLT activity state (SDM 24.4.2), so that an interrupt
 * wakes it directly. With interrupts off it can never wake: the guest has
 * ended, as on real hardware. */
void handle_hlt(struct vcpu *v)
{
	vcpu_skip_instruction(v);
	if (!(vmread(GUEST_RFLAGS) & RFLAGS_IF)) {
		v->state = GUEST_HALTED;
		return;
	}
	if (vmx_caps.misc & VMX_MISC_ACTIVITY_HLT)
		vmcs_write(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT);
}

/* INVD would drop dirty lines of the hypervisor's memory too: do WBINVD. */
void handle_cache_invalidation(struct vcpu *v)
{
	__asm__ volatile("wbinvd" ::: "memory");
	vcpu_skip_instruction(v);
}

static int64_t hypercall_puts(uint64_t gpa, uint64_t length)
{
	if (length > HC_PUTS_MAX || gpa + length < gpa ||
	    !range_set_contains(guest_usable_memory(), gpa & ~0xfffull,
				(gpa + length + 0xfff) & ~0xfffull))
		return HC_ERROR_FAULT;
	const char *s = (const char *)gpa;     /* guest memory is identity mapped */
	printk("guest: ");
	for (uint64_t i = 0; i < length; i++)
		printk("%c", s[i]);
	return (int64_t)length;
}

/* VMCALL always exits (SDM 25.1.2); vmx/hypercall.h documents the calls. */
void handle_vmcall(struct vcpu *v)
{
	int64_t result;
	if (vcpu_cpl() != 0) {
		result = HC_ERROR_PERM;
	} else {
		switch (v->regs.rax) {
		case HC_PING: result = (int64_t)HC_PING_REPLY; break;
		case HC_PUTS: result = hypercall_puts(v->regs.rbx, v->regs.rcx); break;
		case HC_EXIT_COUNT: result = (int64_t)v->exits_total; break;
		default: result = HC_ERROR_NOSYS; break;
		}
	}
	v->regs.rax = (uint64_t)result;
	vcpu_skip_instruction(v);
}

/* The guest sees no VMX (CPUID.1:ECX.VMX = 0, CR4.VMXE refused), so a VMX
 * instruction gets what real hardware gives it then: #UD (SDM 30.3). */
void handle_vmx_instruction(struct vcpu *v)
{
	vcpu_inject_exception(v, VECTOR_UD, false, 0);
}

#define XCR0_X87 (1ull << 0)
#define XCR0_SSE (1ull << 1)
#define XCR0_AVX (1ull << 2)
#define XCR0_BNDREGS (1ull << 3)
#define XCR0_BNDCSR (1ull << 4)
#define XCR0_AVX512 (7ull << 5)

/* SDM vol. 2, XSETBV: #GP(0) for CPL > 0, ECX != 0, unsupported bits, x87
 * clear, AVX without SSE, MPX or AVX-512 state bits set only in part. */
static bool xcr0_valid(uint64_t value)
{
	struct cpuid_regs x = cpuid(0xd, 0);
	uint64_t supported = ((uint64_t)x.edx << 32) | x.eax;
	if (value & ~supported || !(value & XCR0_X87))
		return false;
	if ((value & XCR0_AVX) && !(value & XCR0_SSE))
		return false;
	if (!(value & XCR0_BNDREGS) != !(value & XCR0_BNDCSR))
		return false;
	if ((value & XCR0_AVX512) && ((value & XCR0_AVX512) != XCR0_AVX512 || !(value & XCR0_AVX)))
		return false;
	return true;
}

void handle_xsetbv(struct vcpu *v)
{
	uint64_t value = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
	if (vcpu_cpl() != 0 || (uint32_t)v->regs.rcx != 0 || !xcr0_valid(value)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	/* XCR0 is the guest's: the hypervisor itself uses no extended state. */
	__asm__ volatile("xsetbv" ::"c"(0), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
	vcpu_skip_instruction(v);
}
