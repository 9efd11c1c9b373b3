/* The small runtime of the test guests: serial output, port and MSR access,
 * an IDT whose handlers can expect a fault, a timer, and the end of the run. */
#ifndef GUEST_TESTS_RUNTIME_H
#define GUEST_TESTS_RUNTIME_H
#include <stdbool.h>
#include <stdint.h>

/* Saved by start.asm: PUSHA registers, vector, error code, then the CPU's frame. */
struct guest_frame {
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t vector, error_code;
	uint32_t eip, cs, eflags;
};

struct fault_record {
	bool happened;
	uint32_t vector, error_code, cr2, eip;
};

/* COM1 at 115200 baud, 8N1: for a guest run without the hypervisor, which
 * otherwise sets the port up before the guest starts. */
void serial_init(void);
int guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What follows the first space of the guest's multiboot command line (its
 * name): the case a test asks for; "" without one. */
const char *guest_argument(uint32_t multiboot_info);
/* Run bare (no hypervisor bit in CPUID), nothing listens on port 0xf4:
 * stops Bochs with its magic breakpoint (xchg bx, bx), status 0. Under the
 * hypervisor it returns. */
void stop_bochs_if_bare(void);
/* Prints "check NAME: ok" or "check NAME: FAILED" and counts failures. */
void check(const char *name, bool ok);
int check_failures(void);

void idt_setup(void);
/* The next exception is expected: record it and resume `skip` bytes after
 * the faulting instruction (0: retry it, after `fixup` ran). */
void expect_fault(unsigned skip, void (*fixup)(struct guest_frame *f));
extern struct fault_record last_fault;
/* The fault expected did not come: the next one is unexpected again. */
void cancel_expected_fault(void);
/* Handler for an interrupt vector (32-47). */
void set_interrupt_handler(unsigned vector, void (*fn)(void));
/* Handler for NMIs (vector 2); without one an NMI is an unexpected exception. */
void set_nmi_handler(void (*fn)(void));

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }

struct cpuid_result { uint32_t eax, ebx, ecx, edx; };
static inline struct cpuid_result guest_cpuid_subleaf(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_result r;
	__asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
	return r;
}
static inline struct cpuid_result guest_cpuid(uint32_t leaf)
{
	return guest_cpuid_subleaf(leaf, 0);
}

/* 2-byte instructions, so expect_fault(2, 0) skips them. */
static inline uint64_t guest_rdmsr(uint32_t msr)
{
	uint32_t lo = 0, hi = 0;
	__asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}
static inline void guest_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* RDMSR that may fault: false if it raised #GP (value then 0). */
bool rdmsr_checked(uint32_t msr, uint64_t *value);
/* WRMSR that may fault: false if it raised #GP. */
bool wrmsr_checked(uint32_t msr, uint64_t value);

/* Turns paging on: sets cr4_bits in CR4 (PSE, PAE), loads CR3 with the
 * top-level table and sets CR0.PG. Returns the new CR0. */
uint32_t paging_enable(const void *top_table, uint32_t cr4_bits);

/* VMCALL: function in EAX, arguments in EBX, ECX; result in EAX. */
static inline uint32_t vmcall(uint32_t fn, uint32_t a, uint32_t b)
{
	__asm__ volatile("vmcall" : "+a"(fn) : "b"(a), "c"(b) : "memory");
	return fn;
}

#endif
