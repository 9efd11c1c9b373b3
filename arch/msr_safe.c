/* See msr_safe.h. Each guarded instruction sits at a known label; a #GP
 * there is skipped (by the instruction's length) and reported through a
 * flag. */
#include "arch/msr_safe.h"

#define VECTOR_GP 13

extern const char rdmsr_safe_instruction[], xsetbv_safe_instruction[];

static const struct {
	const char *rip;
	unsigned length;
} guarded[] = {
	{ rdmsr_safe_instruction, 2 },          /* 0f 32 */
	{ xsetbv_safe_instruction, 3 },         /* 0f 01 d1 */
};

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

__attribute__((noinline)) bool xsetbv_safe(uint32_t xcr, uint64_t value)
{
	faulted = false;
	__asm__ volatile(".globl xsetbv_safe_instruction\n"
			 "xsetbv_safe_instruction:\n\t"
			 "xsetbv"
			 :
			 : "c"(xcr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
	return !faulted;
}

bool msr_safe_fixup(struct exception_frame *f)
{
	if (f->vector != VECTOR_GP)
		return false;
	for (unsigned i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++) {
		if (f->rip == (uint64_t)guarded[i].rip) {
			faulted = true;
			f->rip += guarded[i].length;
			return true;
		}
	}
	return false;
}
