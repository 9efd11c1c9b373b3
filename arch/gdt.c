/* GDT with 64-bit code and data segments and a 64-bit TSS (SDM vol. 3A 3.4.5, 7.2.3). */
#include "arch/gdt.h"
#include "arch/percpu.h"
#include "lib/string.h"

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct descriptor_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define TSS_TYPE_AVAILABLE_64 0x9
#define DESC_PRESENT (1ull << 47)

_Static_assert(sizeof(struct tss64) == sizeof(((struct percpu *)0)->tss), "TSS size");

/* A 16-byte system descriptor spans two GDT slots (SDM vol. 3A 7.2.3). */
static void set_tss_descriptor(uint64_t *slot, uint64_t base, uint32_t limit)
{
	slot[0] = (limit & 0xffffull) | ((base & 0xffffffull) << 16) |
		  ((uint64_t)TSS_TYPE_AVAILABLE_64 << 40) | DESC_PRESENT |
		  ((uint64_t)((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xffull) << 56);
	slot[1] = base >> 32;
}

/* Each processor has its own GDT and TSS, in its per-CPU area: a TSS
 * descriptor is marked busy by LTR, so two CPUs cannot share one. */
void gdt_init(void)
{
	struct percpu *cpu = this_cpu();
	struct tss64 *tss = (struct tss64 *)cpu->tss;
	uint64_t *gdt = cpu->gdt;
	memset(tss, 0, sizeof(*tss));
	tss->iomap_base = sizeof(*tss);   /* no I/O permission bitmap */
	/* IST1: a known-good stack for #DF, #MC and NMI, whatever state RSP is in. */
	tss->ist[0] = (uint64_t)(cpu->fault_stack + sizeof(cpu->fault_stack));

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffull;  /* GDT_SELECTOR_CODE: 64-bit code, DPL 0 */
	gdt[2] = 0x00cf92000000ffffull;  /* GDT_SELECTOR_DATA */
	set_tss_descriptor(&gdt[3], (uint64_t)tss, sizeof(*tss) - 1);

	struct descriptor_pointer p = { sizeof(cpu->gdt) - 1, (uint64_t)gdt };
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ds\n\t"
			 "movw %w2, %%es\n\t"
			 "movw %w2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(p), "i"(GDT_SELECTOR_CODE), "r"(GDT_SELECTOR_DATA),
			   "r"(GDT_SELECTOR_TSS)
			 : "rax", "memory");
}

uint64_t gdt_base(void)
{
	return (uint64_t)this_cpu()->gdt;
}

uint64_t tss_base(void)
{
	return (uint64_t)this_cpu()->tss;
}
