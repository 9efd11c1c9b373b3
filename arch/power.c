/* Stopping the machine.
 *
 * Emulators get a status they can turn into their exit code:
 *  - QEMU's isa-debug-exit device (iobase 0xf4): QEMU exits with (status << 1) | 1.
 *  - Bochs: the magic breakpoint (xchg bx,bx, with magic_break enabled) drops
 *    into the debugger, whose command file then quits with status 0; the string
 *    "Shutdown" written to port 0x8900 ends Bochs with status 1.
 * On real hardware these ports and the magic breakpoint do nothing, and the
 * CPU halts with interrupts off after the last message. */
#include "arch/power.h"
#include "arch/console.h"
#include "arch/cpu.h"
#include "arch/percpu.h"
#include "mm/memory.h"
#include "mm/paging.h"

#define QEMU_DEBUG_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900

static void bochs_shutdown(void)
{
	for (const char *p = "Shutdown"; *p; p++)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*p);
}

void machine_stop(uint8_t status)
{
	printk("hypervisor: machine stop, status %u (%s)\n", status,
	       status == MACHINE_STATUS_SUCCESS ? "success" : "failure");
	outb(QEMU_DEBUG_EXIT_PORT, status);
	if (status == MACHINE_STATUS_SUCCESS)
		__asm__ volatile("xchg %bx, %bx");
	else
		bochs_shutdown();
	printk("hypervisor: halted\n");
	halt_forever();
	__builtin_unreachable();
}

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_DISABLE 0x80
#define CMOS_SHUTDOWN_STATUS 0x0f       /* 0: a normal POST */
#define RESET_CONTROL_PORT 0xcf9
#define RESET_CONTROL_SYS_RST 0x02
#define RESET_CONTROL_FULL 0x0e         /* SYS_RST | RST_CPU | FULL_RST */
#define KBC_STATUS_PORT 0x64
#define KBC_INPUT_FULL 0x02
#define KBC_PULSE_RESET 0xfe

extern char __image_start[], __readonly_end[], boot_pml4[], boot_stack[];

#define SCRUB_STACK_SIZE 8192
static uint8_t scrub_stack[SCRUB_STACK_SIZE] __attribute__((aligned(16)));

struct descriptor_table_register {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static void keep(struct range_set *s, const void *base, uint64_t size)
{
	range_set_add(s, (uint64_t)base, (uint64_t)base + size);
}

/* On scrub_stack, with the boot page tables: what is left runs on the code,
 * the page tables, this stack and the descriptor tables (an NMI may still
 * come); every other byte the hypervisor owns is zeroed, the processors'
 * stacks included. */
static void scrub_memory(void)
{
	struct descriptor_table_register gdtr, idtr;
	__asm__ volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	struct range_set kept;
	range_set_clear(&kept);
	keep(&kept, __image_start, (uint64_t)(__readonly_end - __image_start));
	keep(&kept, boot_pml4, (uint64_t)(boot_stack - boot_pml4));
	keep(&kept, scrub_stack, SCRUB_STACK_SIZE);
	keep(&kept, (void *)gdtr.base, gdtr.limit + 1u);
	keep(&kept, (void *)idtr.base, idtr.limit + 1u);
	memory_scrub(&kept);
}

/* A few microseconds for the chipset, without the TSC rate (zeroed). */
static void port_delay(void)
{
	for (unsigned i = 0; i < 1000; i++)
		inb(KBC_STATUS_PORT);
}

/* Out of line and named: the tests stop Bochs here to read memory. */
__attribute__((noinline, noreturn)) void reset_through_ports(void)
{
	outb(RESET_CONTROL_PORT, RESET_CONTROL_SYS_RST);
	port_delay();
	outb(RESET_CONTROL_PORT, RESET_CONTROL_FULL);
	port_delay();
	for (unsigned i = 0; i < 1000 && (inb(KBC_STATUS_PORT) & KBC_INPUT_FULL); i++)
		;
	outb(KBC_STATUS_PORT, KBC_PULSE_RESET);
	port_delay();
	/* A triple fault: no IDT, then an exception. */
	struct descriptor_table_register no_idt = { 0, 0 };
	__asm__ volatile("lidt %0; int3" ::"m"(no_idt));
	__builtin_unreachable();
}

static _Noreturn void scrub_and_reset(void)
{
	paging_use_boot_tables();
	scrub_memory();
	reset_through_ports();
}

void machine_reset(void)
{
	printk("hypervisor: resetting the machine: CMOS shutdown status cleared, the "
	       "hypervisor's memory zeroed, full reset\n");
	outb(CMOS_INDEX, CMOS_NMI_DISABLE | CMOS_SHUTDOWN_STATUS);
	outb(CMOS_DATA, 0);
	/* No return: the stacks may go. */
	__asm__ volatile("mov %0, %%rsp; xor %%ebp, %%ebp; call *%1"
			 ::"r"(scrub_stack + SCRUB_STACK_SIZE), "r"(scrub_and_reset));
	__builtin_unreachable();
}
