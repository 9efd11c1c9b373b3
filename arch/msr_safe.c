/* See msr_safe.h. Each instruction sits at a known label; a #GP there is
 * skipped (RDMSR and WRMSR are 2 bytes) and reported through a flag. */
#include "arch/msr_safe.h"

#define VECTOR_GP 13
#define MSR_INSTRUCTION_LENGTH 2

extern const char rdmsr_safe_instruction[], wrmsr_safe_instruction[];
static volatile bool faulted;

__attribute__((noinline)) bool rdmsr_safe(uint32_t msr, uint64_t *value)
{
	uint32_t lo = 0, hi = 0;
	faulted = false;
	__asm__ volatile(".globl rdmsr_safe_instruction\n"
			 "rdmsr_safe_instruction:\n\t"
			 "rdmsr"
			 : "+a"(lo), "+d"(hi)
			 : "c"(msr)
			 : "memory");
	*value = ((uint64_t)hi << 32) | lo;
	return !faulted;
}

__attribute__((noinline)) bool wrmsr_safe(uint32_t msr, uint64_t value)
{
	faulted = false;
	__asm__ volatile(".globl wrmsr_safe_instruction\n"
			 "wrmsr_safe_instruction:\n\t"
			 "wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
	return !faulted;
}

bool msr_safe_fixup(struct exception_frame *f)
{
	if (f->vector != VECTOR_GP || (f->rip != (uint64_t)rdmsr_safe_instruction &&
				       f->rip != (uint64_t)wrmsr_safe_instruction))
		return false;
	faulted = true;
	f->rip += MSR_INSTRUCTION_LENGTH;
	return true;
}
