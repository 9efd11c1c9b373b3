/* Test guest: XSETBV, which always exits (SDM vol. 3C 25.1.2). A value the
 * CPU accepts becomes the guest's XCR0; one it refuses gives the guest #GP
 * (SDM vol. 2, XSETBV), whether the hypervisor's checks or the CPU itself
 * (the hypervisor's selftest=xsetbv) find it wrong. */
#include "guest/tests/runtime.h"

#define CPUID_1_ECX_XSAVE (1u << 26)
#define CR4_OSXSAVE (1u << 18)
#define XCR0_X87 1u
#define XCR0_SSE 2u
#define XCR0_AVX 4u

static uint32_t xcr0(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return lo;
}

/* XSETBV is 3 bytes: expect_fault(3, 0) skips it. */
static void xsetbv(uint32_t value)
{
	__asm__ volatile("xsetbv" ::"c"(0), "a"(value), "d"(0));
}

static void refused(const char *name, uint32_t value)
{
	expect_fault(3, 0);
	xsetbv(value);
	guest_printf("xsetbv 0x%x: %s\n", value, last_fault.happened ? "#GP" : "accepted");
	check(name, last_fault.happened && last_fault.vector == 13 && last_fault.error_code == 0);
	check("xcr0 unchanged after a refused write", xcr0() == (XCR0_X87 | XCR0_SSE));
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	if (!(guest_cpuid(1).ecx & CPUID_1_ECX_XSAVE)) {
		check("cpuid reports XSAVE", false);
		return check_failures();
	}
	uint32_t cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | CR4_OSXSAVE));
	xsetbv(XCR0_X87 | XCR0_SSE);
	guest_printf("xcr0 0x%x\n", xcr0());
	check("xsetbv x87|SSE", xcr0() == (XCR0_X87 | XCR0_SSE));
	refused("xsetbv without x87 raises #GP", XCR0_SSE);
	refused("xsetbv of AVX without SSE raises #GP", XCR0_X87 | XCR0_AVX);
	return check_failures();
}
