/* See runtime.h. Output goes to COM1, which the hypervisor passes through. */
#include "guest/tests/runtime.h"
#include "lib/format.h"

#define COM1 0x3f8

struct fault_record last_fault;
static int failures;
static unsigned fault_skip;
static bool fault_expected;
static void (*fault_fixup)(struct guest_frame *f);
static void (*interrupt_handlers[16])(void);
static void (*nmi_handler)(void);

#define UART_LCR 3
#define LCR_DLAB 0x80
#define LCR_8N1 0x03

void serial_init(void)
{
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1, 1);                  /* divisor 1: 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
}

static void serial_put(char c, void *ctx)
{
	(void)ctx;
	if (c == '\n')
		serial_put('\r', 0);
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
}

int guest_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = format_to(serial_put, 0, fmt, ap);
	va_end(ap);
	return n;
}

#define MULTIBOOT_INFO_CMDLINE (1u << 2)
#define MULTIBOOT_INFO_CMDLINE_FIELD 4  /* the words: flags, mem_lower, mem_upper, boot_device, cmdline */
#define CPUID_1_ECX_HYPERVISOR (1u << 31)

const char *guest_argument(uint32_t multiboot_info)
{
	const uint32_t *info = (const uint32_t *)multiboot_info;
	const char *s = (info[0] & MULTIBOOT_INFO_CMDLINE)
				? (const char *)info[MULTIBOOT_INFO_CMDLINE_FIELD] : "";
	while (*s && *s != ' ')
		s++;
	return *s ? s + 1 : s;
}

void stop_bochs_if_bare(void)
{
	if (!(guest_cpuid(1).ecx & CPUID_1_ECX_HYPERVISOR))
		__asm__ volatile("xchg %bx, %bx");
}

void check(const char *name, bool ok)
{
	guest_printf("check %s: %s\n", name, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

int check_failures(void)
{
	return failures;
}

struct idt_gate {
	uint16_t offset_low, selector;
	uint8_t zero, type_attr;
	uint16_t offset_high;
} __attribute__((packed));

extern const uint32_t exception_stubs[48];
static struct idt_gate idt[48];

void idt_setup(void)
{
	uint16_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	for (int v = 0; v < 48; v++)
		idt[v] = (struct idt_gate){ (uint16_t)exception_stubs[v], cs, 0, 0x8e,
					    (uint16_t)(exception_stubs[v] >> 16) };
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) p = { sizeof(idt) - 1, (uint32_t)idt };
	__asm__ volatile("lidt %0" ::"m"(p));
}

uint32_t paging_enable(const void *top_table, uint32_t cr4_bits)
{
	uint32_t cr4, cr0;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | cr4_bits));
	__asm__ volatile("mov %0, %%cr3" ::"r"(top_table));
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 |= 1u << 31;
	__asm__ volatile("mov %0, %%cr0" ::"r"(cr0));
	return cr0;
}

void expect_fault(unsigned skip, void (*fixup)(struct guest_frame *f))
{
	last_fault = (struct fault_record){ 0 };
	fault_skip = skip;
	fault_fixup = fixup;
	fault_expected = true;
}

void cancel_expected_fault(void)
{
	fault_expected = false;
}

bool rdmsr_checked(uint32_t msr, uint64_t *value)
{
	expect_fault(2, 0);
	__asm__ volatile("" ::: "memory");      /* the handler reads fault_expected */
	*value = guest_rdmsr(msr);
	__asm__ volatile("" ::: "memory");
	fault_expected = false;
	if (last_fault.happened)
		*value = 0;
	return !last_fault.happened;
}

bool wrmsr_checked(uint32_t msr, uint64_t value)
{
	expect_fault(2, 0);
	__asm__ volatile("" ::: "memory");
	guest_wrmsr(msr, value);
	__asm__ volatile("" ::: "memory");
	fault_expected = false;
	return !last_fault.happened;
}

void set_interrupt_handler(unsigned vector, void (*fn)(void))
{
	interrupt_handlers[vector - 32] = fn;
}

void set_nmi_handler(void (*fn)(void))
{
	nmi_handler = fn;
}

void guest_exception(struct guest_frame *f);
void guest_exception(struct guest_frame *f)
{
	if (f->vector == 2 && nmi_handler) {
		nmi_handler();
		return;
	}
	if (f->vector >= 32) {
		if (interrupt_handlers[f->vector - 32])
			interrupt_handlers[f->vector - 32]();
		return;
	}
	uint32_t cr2;
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	if (!fault_expected) {
		guest_printf("guest: unexpected exception %u, error code 0x%x, EIP 0x%x, CR2 0x%x\n",
			     f->vector, f->error_code, f->eip, cr2);
		outb(0xf4, 0xee);
		for (;;)
			__asm__ volatile("cli; hlt");
	}
	fault_expected = false;
	last_fault = (struct fault_record){ true, f->vector, f->error_code, cr2, f->eip };
	if (fault_fixup)
		fault_fixup(f);
	f->eip += fault_skip;
}
