/* Host exception handling: the IDT and the fatal exception report. */
#ifndef ARCH_EXCEPTIONS_H
#define ARCH_EXCEPTIONS_H
#include <stdint.h>

/* Laid out by arch/isr.asm: pushed registers, then vector, error code and the CPU's frame. */
struct exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

void idt_init(void);
/* An NMI in the hypervisor itself calls fn, which returns to where the
 * NMI came (vmx/launch.c: the guest's, or another processor's request). */
void exceptions_set_nmi_handler(void (*fn)(void));
/* Loads the IDT that idt_init() built on the calling processor. */
void idt_load(void);
/* Prints the fatal report and stops, unless the fault is one that
 * arch/msr_safe.c expects: then it returns to the fixed-up RIP. */
void exception_handler(struct exception_frame *f);
/* Executes UD2, so that the tests can check the fatal exception report. */
void selftest_raise_exception(void);

#endif
