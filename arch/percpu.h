/* The per-CPU area: everything that belongs to one processor (its stacks,
 * GDT and TSS, its virtual CPU), reached through the GS base, which the
 * hypervisor never lets the guest change (the VMCS switches GS base on every
 * entry and exit, SDM vol. 3C 26.3.2.1, 27.5.2). */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H
#include <stdbool.h>
#include <stdint.h>

/* Processors the hypervisor virtualizes at most; more in the MADT are named
 * at boot and left out. */
#define MAX_CPUS 16
#define CPU_STACK_SIZE 16384

struct vcpu;

struct percpu {
	struct percpu *self;            /* offset 0: this_cpu() reads %gs:0 */
	unsigned index;                 /* 0 = the boot processor */
	uint32_t apic_id;
	struct vcpu *vcpu;
	volatile bool safe_instruction_faulted;   /* arch/msr_safe.c */
	unsigned line_length;           /* arch/console.c: the line being written */
	char line[160];
	uint64_t gdt[5] __attribute__((aligned(16)));
	uint8_t tss[104] __attribute__((aligned(16)));
	uint8_t stack[CPU_STACK_SIZE] __attribute__((aligned(16)));
	uint8_t fault_stack[8192] __attribute__((aligned(16)));   /* IST1: #DF, #MC, NMI */
};

extern struct percpu cpus[MAX_CPUS];
extern unsigned cpu_count;          /* processors brought up, the BSP included */

/* Points GS base at cpus[index] on the calling processor. */
void percpu_activate(unsigned index, uint32_t apic_id);

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

#endif
