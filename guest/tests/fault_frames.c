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

static uint32_t frame_eflags;

static void keep_eflags(struct guest_frame *f)
{
	frame_eflags = f->eflags;
}

static void wrmsr_to_missing_msr(void)
{
	expect_fault(2, keep_eflags);           /* wrmsr: 0f 30 */
	guest_wrmsr(MISSING_MSR, 1);
	cancel_expected_fault();
}

static void load_cr4_with_reserved_bit(void)
{
	uint32_t cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_RESERVED_BIT;
	expect_fault(3, keep_eflags);           /* mov %eax, %cr4: 0f 22 e0 */
	__asm__ volatile("mov %0, %%cr4" ::"a"(cr4) : "memory");
	cancel_expected_fault();
}

static bool gp_with_rf(void)
{
	return last_fault.happened && last_fault.vector == 13 && (frame_eflags & RFLAGS_RF);
}

int guest_main(void)
{
	serial_init();
	idt_setup();
	wrmsr_to_missing_msr();
	check("WRMSR to a missing MSR faults", last_fault.happened);
	check("its #GP frame has RF set", gp_with_rf());
	load_cr4_with_reserved_bit();
	check("MOV to CR4 with a reserved bit: #GP with RF set in its frame", gp_with_rf());
	guest_printf("fault frames: %d failed checks\n", check_failures());
	stop_bochs_if_bare();
	return check_failures();
}
