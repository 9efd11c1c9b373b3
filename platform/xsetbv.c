/* XSETBV always exits (SDM vol. 3C 25.1.2): the guest owns XCR0, within what
 * the CPU supports. */
#include "platform/xsetbv.h"
#include "arch/cpu.h"
#include "arch/msr_safe.h"
#include "vmx/exit.h"

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

static bool checks_left_to_cpu;

void xsetbv_leave_checks_to_cpu(void)
{
	checks_left_to_cpu = true;
}

void handle_xsetbv(struct vcpu *v)
{
	uint64_t value = (v->regs.rdx << 32) | (uint32_t)v->regs.rax;
	if (vcpu_cpl() != 0 || (uint32_t)v->regs.rcx != 0 ||
	    (!checks_left_to_cpu && !xcr0_valid(value))) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	/* XCR0 is the guest's: the hypervisor itself uses no extended state.
	 * The CPU may know rules xcr0_valid() does not (AMX: bits 17 and 18
	 * together): its #GP is caught and becomes the guest's. */
	if (!xsetbv_safe(0, value)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return;
	}
	vcpu_skip_instruction(v);
}
