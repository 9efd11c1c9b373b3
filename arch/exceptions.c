/* IDT setup and the report printed for any exception in the hypervisor itself.
 * Every host exception is fatal, except the #GP of arch/msr_safe.c's guarded
 * instructions and NMIs once vmx/nmi.c handles them. */
#include "arch/exceptions.h"
#include "arch/backtrace.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/gdt.h"
#include "arch/msr_safe.h"
#include "arch/power.h"

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

#define IDT_INTERRUPT_GATE 0x8e   /* present, DPL 0, 64-bit interrupt gate */
#define VECTOR_NMI 2
#define VECTOR_DF 8
#define VECTOR_MC 18

extern const uint64_t exception_stubs[32];
static struct idt_gate idt[32] __attribute__((aligned(16)));

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
	"#MC machine check", "#XM SIMD error", "#VE virtualization exception",
	"#CP control protection", "reserved 22", "reserved 23", "reserved 24",
	"reserved 25", "reserved 26", "reserved 27", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security", "reserved 31",
};

void idt_init(void)
{
	for (int v = 0; v < 32; v++) {
		uint64_t addr = exception_stubs[v];
		idt[v] = (struct idt_gate){
			.offset_low = (uint16_t)addr,
			.selector = GDT_SELECTOR_CODE,
			.ist = (v == VECTOR_DF || v == VECTOR_MC || v == VECTOR_NMI) ? 1 : 0,
			.type_attr = IDT_INTERRUPT_GATE,
			.offset_mid = (uint16_t)(addr >> 16),
			.offset_high = (uint32_t)(addr >> 32),
		};
	}
	idt_load();
}

/* One IDT for every processor: it is never written after idt_init(). */
void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) p = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" ::"m"(p));
}

static void (*nmi_handler)(void);

void exceptions_set_nmi_handler(void (*fn)(void))
{
	nmi_handler = fn;
}

void exception_handler(struct exception_frame *f)
{
	if (f->vector == VECTOR_NMI && nmi_handler) {
		nmi_handler();
		return;
	}
	if (msr_safe_fixup(f))
		return;
	console_take_back_screen();
	printk("\nhypervisor: fatal: host exception %llu (%s), error code 0x%llx\n",
	       (unsigned long long)f->vector, exception_names[f->vector & 31],
	       (unsigned long long)f->error_code);
	printk("  RIP %016llx", (unsigned long long)f->rip);
	backtrace_print_symbol(f->rip);
	printk("\n  CS %04llx RFLAGS %016llx RSP %016llx SS %04llx\n",
	       (unsigned long long)f->cs, (unsigned long long)f->rflags,
	       (unsigned long long)f->rsp, (unsigned long long)f->ss);
	printk("  CR0 %016llx CR2 %016llx CR3 %016llx CR4 %016llx\n",
	       (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
	       (unsigned long long)read_cr3(), (unsigned long long)read_cr4());
	printk("  RAX %016llx RBX %016llx RCX %016llx RDX %016llx\n",
	       (unsigned long long)f->rax, (unsigned long long)f->rbx,
	       (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	printk("  RSI %016llx RDI %016llx RBP %016llx R8  %016llx\n",
	       (unsigned long long)f->rsi, (unsigned long long)f->rdi,
	       (unsigned long long)f->rbp, (unsigned long long)f->r8);
	printk("  R9  %016llx R10 %016llx R11 %016llx R12 %016llx\n",
	       (unsigned long long)f->r9, (unsigned long long)f->r10,
	       (unsigned long long)f->r11, (unsigned long long)f->r12);
	printk("  R13 %016llx R14 %016llx R15 %016llx\n",
	       (unsigned long long)f->r13, (unsigned long long)f->r14,
	       (unsigned long long)f->r15);
	backtrace_print(f->rip, f->rbp);
	machine_stop(MACHINE_STATUS_FAILURE);
}

__attribute__((noinline)) void selftest_raise_exception(void)
{
	printk("hypervisor: selftest: raising #UD\n");
	__asm__ volatile("ud2");
}
