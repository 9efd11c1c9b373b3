/* Test guest: every CPUID feature that needs a VMX control to work in a
 * guest (vmx/feature_controls.c) works when CPUID shows it: RDTSCP, INVPCID,
 * XSAVES and WAITPKG's TPAUSE run without #UD. A feature shown without its
 * control enabled would #UD here. */
#include "guest/tests/runtime.h"

#define CR4_OSXSAVE (1u << 18)

extern uint8_t xsave_area[];
extern const uint64_t invpcid_descriptor[2];

static bool has(uint32_t leaf, uint32_t subleaf, int reg, unsigned bit)
{
	struct cpuid_result r;
	__asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	uint32_t regs[4] = { r.eax, r.ebx, r.ecx, r.edx };
	return regs[reg] & (1u << bit);
}

/* Each instruction in a stub with a label after it, where a #UD resumes. */
#define STUB(name, body)                                                       \
	__asm__(".text\n.globl " #name ", " #name "_end\n" #name ":\n\t" body   \
		"\n" #name "_end:\n\tret\n");                                   \
	void name(void);                                                       \
	extern const char name##_end[];

STUB(run_rdtscp, "rdtscp")
STUB(run_invpcid, "mov $2, %eax\n\tinvpcid invpcid_descriptor, %eax")
STUB(run_xsaves, "mov $1, %eax\n\txor %edx, %edx\n\txsaves xsave_area")
/* Deadline 0 has passed already: TPAUSE returns at once. */
STUB(run_tpause, "xor %eax, %eax\n\txor %edx, %edx\n\txor %ecx, %ecx\n\ttpause %ecx")

uint8_t xsave_area[4096] __attribute__((aligned(64)));
const uint64_t invpcid_descriptor[2] = { 0, 0 };
static uint32_t resume_at;

static void resume(struct guest_frame *f)
{
	f->eip = resume_at;
}

static void try(const char *name, bool shown, void (*run)(void), const char *end)
{
	if (!shown) {
		guest_printf("%s: not in CPUID\n", name);
		return;
	}
	resume_at = (uint32_t)end;
	expect_fault(0, resume);
	run();
	bool faulted = last_fault.happened;
	guest_printf("%s: in CPUID, %s\n", name,
		     faulted ? (last_fault.vector == 6 ? "#UD" : "fault") : "runs");
	check(name, !faulted);
	if (!faulted)
		cancel_expected_fault();
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	uint32_t cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | CR4_OSXSAVE));
	try("RDTSCP", has(0x80000001, 0, 3, 27), run_rdtscp, run_rdtscp_end);
	try("INVPCID", has(7, 0, 1, 10), run_invpcid, run_invpcid_end);
	try("XSAVES", has(0xd, 1, 0, 3) && has(1, 0, 2, 26), run_xsaves, run_xsaves_end);
	try("WAITPKG", has(7, 0, 2, 5), run_tpause, run_tpause_end);
	return check_failures();
}
