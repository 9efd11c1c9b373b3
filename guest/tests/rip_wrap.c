/* Test guest: an instruction the hypervisor performs for the guest (CPUID)
 * at the very end of the code segment's offset space, where the instruction
 * pointer goes on as the CPU's does. EIP is 32 bits outside 64-bit mode: in
 * a 32-bit segment (base 3 MiB, limit 4 GiB) CPUID at EIP 0xfffffffe
 * (linear 0x2ffffe: linear addresses wrap at 4 GiB outside IA-32e mode) is
 * followed by EIP 0, where a far jump leads back. In a 16-bit segment (base
 * 2 MiB, limit 64 KiB) IP does not wrap: CPUID at 0xfffe is followed by a
 * #GP for EIP 0x10000, beyond the limit, which the fault handler turns into
 * a jump back. Runs bare too, the reference. */
#include "guest/tests/runtime.h"
#include "lib/string.h"

#define SEGMENT16_BASE 0x200000u
#define SEGMENT32_BASE 0x300000u
#define CPUID_BYTES 0x0f, 0xa2

__asm__(".text\n"
	".code32\n"
	".globl cpuid_at_end_of_segment16, cpuid_at_end_of_segment32, back16, back32\n"
	"cpuid_at_end_of_segment16:\n\t"
	"pusha\n\t"
	"lgdt wrap_gdtr\n\t"
	"ljmp $0x08, $0xfffe\n"
	"back16:\n\t"
	"popa\n\t"
	"ret\n"
	"cpuid_at_end_of_segment32:\n\t"
	"pusha\n\t"
	"lgdt wrap_gdtr\n\t"
	"ljmp $0x20, $0xfffffffe\n"
	"back32:\n\t"
	"popa\n\t"
	"ret\n"
	".data\n"
	".balign 8\n"
	"wrap_gdt:\n\t"
	".quad 0\n\t"
	".quad 0x00009b200000ffff\n\t"  /* 0x08: 16-bit code, base 2 MiB, 64 KiB */
	".quad 0x00cf9b000000ffff\n\t"  /* 0x10: flat 32-bit code (the boot GDT's) */
	".quad 0x00cf93000000ffff\n\t"  /* 0x18: flat 32-bit data (the boot GDT's) */
	".quad 0x00cf9b300000ffff\n"    /* 0x20: 32-bit code, base 3 MiB, 4 GiB */
	"wrap_gdtr: .word 5 * 8 - 1\n\t.long wrap_gdt\n"
	".text\n");

extern const char back16[], back32[];
void cpuid_at_end_of_segment16(void);
void cpuid_at_end_of_segment32(void);

static void put(uint32_t address, const uint8_t *bytes, unsigned n)
{
	memcpy((void *)address, bytes, n);
}

/* ljmp $0x10, $target, from 32-bit code */
static void put_far_jump(uint32_t address, const char *target)
{
	uint32_t offset = (uint32_t)target;
	uint8_t jump[7] = { 0xea, (uint8_t)offset, (uint8_t)(offset >> 8),
			    (uint8_t)(offset >> 16), (uint8_t)(offset >> 24), 0x10, 0x00 };
	put(address, jump, 7);
}

static void back_to_flat_code(struct guest_frame *f)
{
	f->eip = (uint32_t)back16;
	f->cs = 0x10;
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	serial_init();
	idt_setup();
	static const uint8_t cpuid[] = { CPUID_BYTES };
	put(SEGMENT16_BASE + 0xfffe, cpuid, 2);
	put(SEGMENT32_BASE - 2, cpuid, 2);
	put_far_jump(SEGMENT32_BASE, back32);
	/* Reached only through the far jump at offset 0. */
	cpuid_at_end_of_segment32();
	guest_printf("rip wrap: CPUID at EIP 0xfffffffe of a 32-bit segment went on at EIP 0\n");
	expect_fault(0, back_to_flat_code);
	cpuid_at_end_of_segment16();
	check("CPUID at IP 0xfffe of a 16-bit segment: #GP at EIP 0x10000",
	      last_fault.happened && last_fault.vector == 13 && last_fault.eip == 0x10000);
	stop_bochs_if_bare();
	return check_failures();
}
