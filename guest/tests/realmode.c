/* Test guest: an exception the hypervisor injects while the guest runs in
 * real mode (CR0.PE = 0, which "unrestricted guest" runs natively). RDMSR of
 * an unknown MSR exits and the hypervisor injects #GP; in real mode an
 * exception pushes no error code (SDM vol. 3A 20.1.4), and a VM entry that
 * injects one with CR0.PE = 0 fails (SDM vol. 3C 26.2.1.3).
 *
 * A small real-mode stub is copied below 1 MiB: from 32-bit protected mode
 * it far-jumps to a 16-bit code segment, clears CR0.PE, installs a #GP
 * handler in the real-mode IVT, runs RDMSR and returns to protected mode. */
#include "guest/tests/runtime.h"
#include "lib/string.h"

#define STUB_BASE 0x7000u       /* where the real-mode stub runs: CS = 0 */
#define UNKNOWN_MSR 0x4b564d99u

/* Addresses in the stub are STUB_BASE + (label - realmode_stub). The stub
 * keeps what its #GP handler saw in gp_seen (1 once it ran), gp_ip (the
 * word on top of the stack: the IP of RDMSR, or an error code if one had
 * been pushed) and gp_cs. */
__asm__(".text\n"
	".code32\n"
	".globl enter_real_mode_and_rdmsr\n"
	"enter_real_mode_and_rdmsr:\n\t"
	"pusha\n\t"
	"mov %esp, saved_esp\n\t"
	"lgdt test_gdtr\n\t"
	"ljmp $0x08, $0x7000\n"
	"back_in_protected_mode:\n\t"
	"mov $0x18, %ax\n\t"
	"mov %ax, %ds\n\t"
	"mov %ax, %es\n\t"
	"mov %ax, %ss\n\t"
	"mov saved_esp, %esp\n\t"
	"lidt saved_idtr\n\t"
	"popa\n\t"
	"ret\n"
	".code16\n"
	".globl realmode_stub, realmode_stub_end, gp_seen, gp_ip, gp_cs\n"
	"realmode_stub:\n\t"
	"mov $0x20, %ax\n\t"
	"mov %ax, %ds\n\t"
	"mov %ax, %es\n\t"
	"mov %ax, %ss\n\t"
	"mov %cr0, %eax\n\t"
	"and $0xfffffffe, %eax\n\t"
	"mov %eax, %cr0\n\t"
	"ljmp $0, $(0x7000 + real_mode - realmode_stub)\n"
	"real_mode:\n\t"
	"xor %ax, %ax\n\t"
	"mov %ax, %ds\n\t"
	"mov %ax, %es\n\t"
	"mov %ax, %ss\n\t"
	"mov $0x7000, %sp\n\t"
	"lidt (0x7000 + real_idtr - realmode_stub)\n\t"
	"movw $(0x7000 + gp_handler - realmode_stub), 13 * 4\n\t"
	"movw $0, 13 * 4 + 2\n\t"
	"mov $0x4b564d99, %ecx\n"
	".globl real_mode_rdmsr\n"
	"real_mode_rdmsr:\n\t"
	"rdmsr\n\t"
	"mov %cr0, %eax\n\t"
	"or $1, %eax\n\t"
	"mov %eax, %cr0\n\t"
	"ljmpl $0x10, $back_in_protected_mode\n"
	"gp_handler:\n\t"
	"mov %sp, %bp\n\t"
	"mov 0(%bp), %ax\n\t"
	"mov %ax, (0x7000 + gp_ip - realmode_stub)\n\t"
	"mov 2(%bp), %ax\n\t"
	"mov %ax, (0x7000 + gp_cs - realmode_stub)\n\t"
	"movw $1, (0x7000 + gp_seen - realmode_stub)\n\t"
	"addw $2, 0(%bp)\n\t"           /* skip the 2-byte RDMSR */
	"iret\n"
	"real_idtr: .word 0x3ff\n\t.long 0\n"
	"gp_seen: .word 0\n"
	"gp_ip: .word 0\n"
	"gp_cs: .word 0\n"
	"realmode_stub_end:\n"
	".code32\n"
	".data\n"
	"saved_esp: .long 0\n"
	"saved_idtr: .word 0\n\t.long 0\n"
	".balign 8\n"
	"test_gdt:\n\t"
	".quad 0\n\t"
	".quad 0x00009b000000ffff\n\t"  /* 0x08: 16-bit code, base 0, 64 KiB */
	".quad 0x00cf9b000000ffff\n\t"  /* 0x10: flat 32-bit code (the boot GDT's) */
	".quad 0x00cf93000000ffff\n\t"  /* 0x18: flat 32-bit data (the boot GDT's) */
	".quad 0x000093000000ffff\n"    /* 0x20: 16-bit data, base 0, 64 KiB */
	"test_gdtr: .word 5 * 8 - 1\n\t.long test_gdt\n"
	".text\n");

extern const char realmode_stub[], realmode_stub_end[], real_mode_rdmsr[];
extern const char gp_seen[], gp_ip[], gp_cs[];
extern struct { uint16_t limit; uint32_t base; } __attribute__((packed)) saved_idtr;
void enter_real_mode_and_rdmsr(void);

static uint16_t stub_word(const char *label)
{
	return *(volatile uint16_t *)(STUB_BASE + (uint32_t)(label - realmode_stub));
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	idt_setup();
	__asm__ volatile("sidt %0" : "=m"(saved_idtr));
	memcpy((void *)STUB_BASE, realmode_stub, (size_t)(realmode_stub_end - realmode_stub));
	guest_printf("realmode guest: RDMSR 0x%x with CR0.PE = 0\n", UNKNOWN_MSR);
	enter_real_mode_and_rdmsr();
	uint16_t rdmsr_ip = (uint16_t)(STUB_BASE + (uint32_t)(real_mode_rdmsr - realmode_stub));
	guest_printf("real-mode #GP handler: ran %u, IP 0x%x CS 0x%x (RDMSR at 0x%x)\n",
		     stub_word(gp_seen), stub_word(gp_ip), stub_word(gp_cs), rdmsr_ip);
	check("real-mode #GP delivered", stub_word(gp_seen) == 1);
	check("real-mode #GP pushed no error code", stub_word(gp_ip) == rdmsr_ip);
	check("real-mode #GP pushed CS 0", stub_word(gp_cs) == 0);
	return check_failures();
}
