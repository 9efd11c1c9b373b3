/* Exit-cost benchmark (run with the hypervisor option intercept=pf): each
 * operation in a loop, timed with RDTSC around every iteration, as
 * kvm-unit-tests' vmexit test does. Prints the mean and the minimum ticks
 * per iteration; "baseline" is the same loop around a NOP, which does not
 * exit. In Bochs TSC ticks count emulated instructions: a repeatable
 * measure of the work per exit, not a time. */
#include "guest/tests/runtime.h"
#include "platform/hypercall.h"

#define ITERATIONS 1000
#define RESET_CONTROL_PORT 0xcf9    /* intercepted; passed on to the chipset */
#define MSR_IA32_MISC_ENABLE 0x1a0  /* emulated by the hypervisor */
#define CR0_NE (1u << 5)            /* owned by the hypervisor: writes exit */
#define FAR_LINEAR 0x80000000u     /* 2-4 GiB: a 2 MiB page in each GiB from 4 GiB */
#define FAR_PHYSICAL 0x100000000ull /* 4 GiB: beyond the initial map, mapped on first touch */
#define GIB (1ull << 30)
#define PF_ADDRESS 0x40000000u      /* never present */
#define APIC_PHYSICAL 0xfee00000u   /* the local APIC's default base */
#define APIC_LINEAR 0x7fe00000u     /* mapped to it below */
#define APIC_EOI 0xb0

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

struct result {
	uint64_t total, min;
};

typedef void (*operation_fn)(unsigned i);

static struct result measure(operation_fn op)
{
	struct result r = { 0, ~0ull };
	for (unsigned i = 0; i < ITERATIONS; i++) {
		uint64_t start = rdtsc();
		op(i);
		uint64_t ticks = rdtsc() - start;
		r.total += ticks;
		if (ticks < r.min)
			r.min = ticks;
	}
	return r;
}

static void op_nop(unsigned i) { (void)i; __asm__ volatile("nop"); }
static void op_cpuid(unsigned i) { (void)i; guest_cpuid(0); }
static void op_vmcall(unsigned i) { (void)i; vmcall(HC_PING, 0, 0); }
static void op_io_read(unsigned i) { (void)i; inb(RESET_CONTROL_PORT); }
static void op_io_write(unsigned i) { (void)i; outb(RESET_CONTROL_PORT, 0); }
static void op_rdmsr(unsigned i) { (void)i; guest_rdmsr(MSR_IA32_MISC_ENABLE); }

static uint64_t misc_enable;
static void op_wrmsr(unsigned i) { (void)i; guest_wrmsr(MSR_IA32_MISC_ENABLE, misc_enable); }

static uint32_t cr0;
static void op_cr0_write(unsigned i)
{
	uint32_t value = (i & 1) ? cr0 : cr0 ^ CR0_NE;
	__asm__ volatile("mov %0, %%cr0" ::"r"(value));
}

/* Each iteration touches far memory in a new 1 GiB block: one EPT violation,
 * which the hypervisor resolves by mapping the block around it (with one
 * 1 GiB page where the CPU has them: vmx/ept.c:ept_map_on_touch). */
static void op_ept_first_touch(unsigned i)
{
	(void)*(volatile uint32_t *)(FAR_LINEAR + i * (2u << 20));
}

/* An end of interrupt to the xAPIC (with none in service: no effect): the
 * APIC page is read-only in EPT, so the hypervisor decodes the store and
 * performs it, as it does for every xAPIC register write. */
static void op_apic_eoi(unsigned i)
{
	(void)i;
	*(volatile uint32_t *)(APIC_LINEAR + APIC_EOI) = 0;
}

/* A read of a never-present page: #PF, intercepted and reflected back, and
 * the guest's handler skips the 2-byte MOV. */
static void op_reflected_pf(unsigned i)
{
	(void)i;
	expect_fault(2, 0);
	__asm__ volatile("mov (%0), %%eax" ::"r"(PF_ADDRESS) : "eax", "memory");
}

/* PAE paging (SDM vol. 3A 4.4): identity-map the first GiB with 2 MiB
 * pages, leave 1-2 GiB unmapped (the #PF test) but for its last 2 MiB,
 * which map the local APIC (uncached), and map each 2 MiB page of 2-4 GiB
 * to the start of a GiB from 4 GiB physical up (4-1028 GiB), which only PAE
 * can reach from a 32-bit guest. */
static uint64_t pdpt[4] __attribute__((aligned(32)));
static uint64_t page_directories[4][512] __attribute__((aligned(4096)));

static void paging_on(void)
{
	for (unsigned i = 0; i < 512; i++) {
		page_directories[0][i] = ((uint64_t)i << 21) | 0x83;          /* P, W, PS */
		page_directories[2][i] = (FAR_PHYSICAL + i * GIB) | 0x83;
		page_directories[3][i] = (FAR_PHYSICAL + (512 + i) * GIB) | 0x83;
	}
	page_directories[1][511] = APIC_PHYSICAL | 0x93;        /* P, W, PCD, PS */
	for (unsigned i = 0; i < 4; i++)
		pdpt[i] = (uint32_t)page_directories[i] | 1;    /* [1]: not present */
	cr0 = paging_enable(pdpt, 1u << 5);        /* CR4.PAE */
}

static const struct {
	const char *name;
	operation_fn op;
} operations[] = {
	{ "baseline (nop)", op_nop },
	{ "cpuid", op_cpuid },
	{ "vmcall", op_vmcall },
	{ "in from port 0xcf9", op_io_read },
	{ "out to port 0xcf9", op_io_write },
	{ "rdmsr 0x1a0", op_rdmsr },
	{ "wrmsr 0x1a0", op_wrmsr },
	{ "mov to cr0 (NE)", op_cr0_write },
	{ "ept violation, first touch", op_ept_first_touch },
	{ "#PF reflected to the guest", op_reflected_pf },
	{ "xAPIC EOI write (decoded)", op_apic_eoi },
};

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	paging_on();
	misc_enable = guest_rdmsr(MSR_IA32_MISC_ENABLE);
	guest_printf("exit benchmark: TSC ticks per iteration, %u iterations\n", ITERATIONS);
	guest_printf("bench: %-28s %8s %8s\n", "operation", "mean", "min");
	for (unsigned i = 0; i < sizeof(operations) / sizeof(operations[0]); i++) {
		struct result r = measure(operations[i].op);
		guest_printf("bench: %-28s %8llu %8llu\n", operations[i].name,
			     r.total / ITERATIONS, r.min);
	}
	guest_printf("exit benchmark: done\n");
	return 0;
}
