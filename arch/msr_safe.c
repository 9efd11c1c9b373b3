/* See msr_safe.h. Each guarded instruction sits at a known label; a #GP
 * there is skipped (by the instruction's length) and reported through a
 * flag of the processor's own (two processors may probe at once). */
#include "arch/msr_safe.h"
#include "arch/percpu.h"

#define VECTOR_GP 13

extern const char rdmsr_safe_instruction[], wrmsr_safe_instruction[],
	xsetbv_safe_instruction[];

static const struct {
	const char *rip;
	unsigned length;
} guarded[] = {
	{ rdmsr_safe_instruction, 2 },          /* 0f 32 */
	{ wrmsr_safe_instruction, 2 },          /* 0f 30 */
	{ xsetbv_safe_instruction, 3 },         /* 0f 01 d1 */
};

static void begin(void)
{
	this_cpu()->safe_instruction_faulted = false;
	__asm__ volatile("" ::: "memory");
}

static bool succeeded(void)
{
	__asm__ volatile("" ::: "memory");
	return !this_cpu()->safe_instruction_faulted;
}

__attribute__((noinline)) bool rdmsr_safe(uint32_t msr, uint64_t *value)
{
	uint32_t lo = 0, hi = 0;
	begin();
	__asm__ volatile(".globl rdmsr_safe_instruction\n"
			 "rdmsr_safe_instruction:\n\t"
			 "rdmsr"
			 : "+a"(lo), "+d"(hi)
			 : "c"(msr)
			 : "memory");
	*value = ((uint64_t)hi << 32) | lo;
	return succeeded();
}

__attribute__((noinline)) bool wrmsr_safe(uint32_t msr, uint64_t value)
{
	begin();
	__asm__ volatile(".globl wrmsr_safe_instruction\n"
			 "wrmsr_safe_instruction:\n\t"
			 "wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
	return succeeded();
}

__attribute__((noinline)) bool xsetbv_safe(uint32_t xcr, uint64_t value)
{
	begin();
	__asm__ volatile(".globl xsetbv_safe_instruction\n"
			 "xsetbv_safe_instruction:\n\t"
			 "xsetbv"
			 :
			 : "c"(xcr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
	return succeeded();
}

bool msr_safe_fixup(struct exception_frame *f)
{
	if (f->vector != VECTOR_GP)
		return false;
	for (unsigned i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++) {
		if (f->rip == (uint64_t)guarded[i].rip) {
			this_cpu()->safe_instruction_faulted = true;
			f->rip += guarded[i].length;
			return true;
		}
	}
	return false;
}
