/* Test guest: single-stepping (RFLAGS.TF) over instructions the hypervisor
 * emulates. The #DB must come right after the emulated instruction, with
 * DR6.BS set, as it does natively: the hypervisor sets BS in the pending
 * debug exceptions when it skips an instruction with TF = 1 (SDM vol. 3C
 * 26.6.3, vol. 3A 17.3.1.4). */
#include "guest/tests/runtime.h"

#define RFLAGS_TF (1u << 8)
#define DR6_BS (1u << 14)

/* Each stepped instruction sits between POPF (which sets TF: the trap
 * follows the next instruction) and a label where its #DB must land; the
 * NOPs after it show a #DB that came one instruction late. The stubs keep
 * EBX (CPUID writes it) and set ECX before POPF. */
#define STEPPED(name, insn)                                                    \
	__asm__(".text\n"                                                      \
		".globl step_" #name ", step_" #name "_end\n"                  \
		"step_" #name ":\n\t"                                          \
		"push %ebx\n\t"                                                \
		"mov $0x1a0, %ecx\n\t"                                         \
		"pushf\n\t"                                                    \
		"orl $0x100, (%esp)\n\t"                                       \
		"popf\n\t"                                                     \
		insn "\n"                                                      \
		"step_" #name "_end:\n\t"                                      \
		"nop\n\tnop\n\t"                                               \
		"pop %ebx\n\t"                                                 \
		"ret\n");                                                      \
	extern const char step_##name##_end[];                                 \
	void step_##name(void);

STEPPED(cpuid, "cpuid")
STEPPED(rdmsr, "rdmsr")                 /* ECX = IA32_MISC_ENABLE: emulated */
STEPPED(in, "inb $0xf4, %al")          /* the exit port: intercepted */
STEPPED(nop, "nop")                     /* native, for comparison */

static uint32_t dr6_seen;

static void stop_stepping(struct guest_frame *f)
{
	uint32_t dr6;
	__asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
	dr6_seen = dr6;
	__asm__ volatile("mov %0, %%dr6" ::"r"(0xffff0ff0u));
	f->eflags &= ~RFLAGS_TF;
}

static void step(const char *name, void (*fn)(void), const char *end)
{
	dr6_seen = 0;
	expect_fault(0, stop_stepping);
	__asm__ volatile("" ::: "memory");
	fn();
	guest_printf("step over %s: #DB %s at 0x%x (expected 0x%x), DR6 0x%x\n", name,
		     last_fault.happened ? "taken" : "missing", last_fault.eip, (uint32_t)end,
		     dr6_seen);
	check(name, last_fault.happened && last_fault.vector == 1 &&
		    last_fault.eip == (uint32_t)end && (dr6_seen & DR6_BS));
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	step("nop", step_nop, step_nop_end);
	step("cpuid", step_cpuid, step_cpuid_end);
	step("rdmsr", step_rdmsr, step_rdmsr_end);
	step("in", step_in, step_in_end);
	return check_failures();
}
