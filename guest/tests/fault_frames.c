/* Test guest: the RFLAGS image in the frame of a fault. A processor sets RF
 * in the frame of every fault-class exception but #DB (SDM vol. 3A 17.3.1.1,
 * the RF flag), so that IRET back to the faulting instruction does not take
 * an instruction breakpoint again. The hypervisor injects #GP itself for
 * instructions it performs or refuses for the guest (WRMSR outside the MSR
 * bitmap, MOV to CR4 with a reserved bit); the frames must look the same
 * as bare (the guest runs bare too: tests/boot/guest_fault_frames.sh). */
#include "guest/tests/runtime.h"

#define RFLAGS_RF (1u << 16)
#define MISSING_MSR 0x40000100u         /* outside both MSR-bitmap ranges */
#define CR4_RESERVED_BIT (1u << 31)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)

static void load_cr4_with_reserved_bit(void)
{
	uint32_t cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_RESERVED_BIT;
	expect_fault(3, 0);                     /* mov %eax, %cr4: 0f 22 e0 */
	__asm__ volatile("mov %0, %%cr4" ::"a"(cr4) : "memory");
	cancel_expected_fault();
}

static bool gp_with_rf(void)
{
	return last_fault.happened && last_fault.vector == 13 && (last_fault.eflags & RFLAGS_RF);
}

int guest_main(void)
{
	serial_init();
	idt_setup();
	check("WRMSR to a missing MSR faults", !wrmsr_checked(MISSING_MSR, 1));
	check("its #GP frame has RF set", gp_with_rf());
	load_cr4_with_reserved_bit();
	check("MOV to CR4 with a reserved bit: #GP with RF set in its frame", gp_with_rf());
	guest_printf("fault frames: %d failed checks\n", check_failures());
	/* Bare, nothing listens on port 0xf4: Bochs' magic breakpoint ends it. */
	if (!(guest_cpuid(1).ecx & CPUID_1_ECX_HYPERVISOR))
		__asm__ volatile("xchg %bx, %bx");
	return check_failures();
}
