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
