/* Test guest: a reset that would hand the machine back to the guest's own
 * code with VMX off. The guest sets the CMOS shutdown status to 0x0a and the
 * warm-reset vector at 40:67 to code of its own (which says "ESCAPED" and
 * stops Bochs), leaves a secret in its registers, and resets the machine
 * the way its command line names:
 *   cf9          port 0xcf9, RST_CPU
 *   port92       port 0x92 bit 0, the fast reset
 *   port91-word  a 16-bit OUT to 0x91, whose high byte is port 0x92's
 *   kbc-pulse    keyboard controller command 0xfe
 *   kbc-output   keyboard controller command 0xd1, output port bit 0 clear
 *   init-self    an INIT IPI to itself, the boot processor
 * A BIOS that finds shutdown status 0x0a after a reset jumps to 40:67 without
 * its POST. The hypervisor must instead reset the machine itself, with the
 * status cleared: then the firmware boots again, and so does this guest,
 * which knows its second boot by a byte it left in CMOS RAM, and ends. */
#include "guest/tests/runtime.h"
#include "lib/string.h"

#define ESCAPE_CODE 0x7000u
#define WARM_RESET_VECTOR 0x467u        /* offset, then segment (BIOS data area) */
#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_SHUTDOWN_STATUS 0x0f
#define SHUTDOWN_JUMP_467 0x0a
#define CMOS_BOOT_MARK 0x38             /* a byte of the CMOS user area */
#define BOOT_MARK 0x5a

/* Real mode at ESCAPE_CODE (CS:IP 0000:7000): the message on COM1, then
 * "Shutdown" to Bochs' port 0x8900, which ends it with status 1. */
__asm__(".text\n"
	".code16\n"
	".globl escape_code, escape_code_end\n"
	"escape_code:\n\t"
	"cli\n\t"
	"xor %ax, %ax\n\t"
	"mov %ax, %ds\n\t"
	"mov $(0x7000 + escape_message - escape_code), %si\n"
	"1:\tmov (%si), %bl\n\t"
	"test %bl, %bl\n\t"
	"jz 3f\n\t"
	"mov $0x3fd, %dx\n"
	"2:\tin %dx, %al\n\t"
	"test $0x20, %al\n\t"
	"jz 2b\n\t"
	"mov $0x3f8, %dx\n\t"
	"mov %bl, %al\n\t"
	"out %al, %dx\n\t"
	"inc %si\n\t"
	"jmp 1b\n"
	"3:\tmov $(0x7000 + bochs_shutdown - escape_code), %si\n\t"
	"mov $0x8900, %dx\n"
	"4:\tmov (%si), %al\n\t"
	"test %al, %al\n\t"
	"jz 5f\n\t"
	"out %al, %dx\n\t"
	"inc %si\n\t"
	"jmp 4b\n"
	"5:\thlt\n\t"
	"jmp 5b\n"
	"escape_message: .asciz \"\\r\\nESCAPED: guest code runs after a reset without the firmware's POST\\r\\n\"\n"
	"bochs_shutdown: .asciz \"Shutdown\"\n"
	"escape_code_end:\n"
	".code32\n");

extern const char escape_code[], escape_code_end[];

/* The first page: through asm, which GCC does not take for a null pointer. */
static void poke16(uint32_t address, uint16_t value)
{
	__asm__ volatile("movw %0, (%1)" ::"r"(value), "r"(address) : "memory");
}

static uint8_t cmos_read(uint8_t index)
{
	outb(CMOS_INDEX, index);
	return inb(CMOS_DATA);
}

static void cmos_write(uint8_t index, uint8_t value)
{
	outb(CMOS_INDEX, index);
	outb(CMOS_DATA, value);
}

static void kbc_wait_input_empty(void)
{
	while (inb(0x64) & 0x02)
		;
}

/* The reset's own write, with a secret in the registers the hypervisor
 * saves at its exit: none of it may outlive the reset (the scrub). It is
 * made at run time, so that no copy of the guest's image holds it. */
static uint32_t secret;

static void outb_with_secret(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port), "S"(secret), "D"(secret),
			 "b"(secret));
}

static void outw_with_secret(uint16_t port, uint16_t value)
{
	__asm__ volatile("outw %0, %1" ::"a"(value), "Nd"(port), "S"(secret), "D"(secret),
			 "b"(secret));
}

static void store_with_secret(uint32_t address, uint32_t value)
{
	__asm__ volatile("movl %0, (%1)" ::"a"(value), "d"(address), "S"(secret), "D"(secret),
			 "b"(secret) : "memory");
}

static void reset_by(const char *how)
{
	if (!strcmp(how, "cf9")) {
		outb_with_secret(0xcf9, 0x06);
	} else if (!strcmp(how, "port92")) {
		outb_with_secret(0x92, inb(0x92) | 1);
	} else if (!strcmp(how, "port91-word")) {
		outw_with_secret(0x91, (uint16_t)((inb(0x92) | 1) << 8 | inb(0x91)));
	} else if (!strcmp(how, "kbc-pulse")) {
		kbc_wait_input_empty();
		outb_with_secret(0x64, 0xfe);
	} else if (!strcmp(how, "kbc-output")) {
		kbc_wait_input_empty();
		outb(0x64, 0xd1);
		kbc_wait_input_empty();
		outb_with_secret(0x60, 0xde);   /* bit 0, the reset line, low */
	} else if (!strcmp(how, "init-self")) {
		*(volatile uint32_t *)0xfee00310u = 0;          /* APIC ID 0, the BSP */
		store_with_secret(0xfee00300u, 0x4500);         /* INIT, assert */
	} else {
		guest_printf("reset attack: unknown way '%s'\n", how);
	}
}

int guest_main(uint32_t magic, uint32_t info);
int guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	const char *how = guest_argument(info);
	if (cmos_read(CMOS_BOOT_MARK) == BOOT_MARK) {
		cmos_write(CMOS_BOOT_MARK, 0);
		guest_printf("reset attack: booted again after the %s reset, the firmware's POST "
			     "in between\n", how);
		return 0;
	}
	memcpy((void *)ESCAPE_CODE, escape_code, (size_t)(escape_code_end - escape_code));
	poke16(WARM_RESET_VECTOR, ESCAPE_CODE);
	poke16(WARM_RESET_VECTOR + 2, 0);
	cmos_write(CMOS_SHUTDOWN_STATUS, SHUTDOWN_JUMP_467);
	cmos_write(CMOS_BOOT_MARK, BOOT_MARK);
	uint32_t tsc_low;
	__asm__ volatile("rdtsc" : "=a"(tsc_low) : : "edx");
	secret = (tsc_low * 2654435761u) | 0x80000001u;
	guest_printf("reset attack: shutdown status 0x%x, warm-reset vector 0000:%04x; reset by %s\n",
		     cmos_read(CMOS_SHUTDOWN_STATUS), ESCAPE_CODE, how);
	guest_printf("reset attack: secret 0x%08x in EBX, ESI and EDI at the reset\n", secret);
	reset_by(how);
	guest_printf("reset attack: still running after the %s reset\n", how);
	return 1;
}
