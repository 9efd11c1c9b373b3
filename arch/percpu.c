/* See percpu.h. */
#include "arch/percpu.h"
#include "arch/cpu.h"

struct percpu cpus[MAX_CPUS];
unsigned cpu_count = 1;

void percpu_activate(unsigned index, uint32_t apic_id)
{
	struct percpu *p = &cpus[index];
	p->self = p;
	p->index = index;
	p->apic_id = apic_id;
	wrmsr(MSR_GS_BASE, (uint64_t)p);
}
