/* The guest's ways to reset the machine, and the A20 gate. A guest reset
 * must never hand the machine to code of the guest's choice without the
 * firmware's POST in between: on a PC the BIOS, after a reset, reads the
 * CMOS shutdown status and may jump straight to the warm-reset vector at
 * 40:67, which the guest wrote, with VMX off and the hypervisor's memory as
 * it was. So every reset path the guest has is intercepted and ends the
 * guest instead (vcpu_request_reset); the hypervisor then prints its summary
 * and resets the machine itself (arch/power.c machine_reset: CMOS shutdown
 * status cleared, its memory zeroed, a full reset).
 *   port 0xcf9 (PIIX/ICH reset control): RST_CPU, bit 2;
 *   port 0x92 (system control port A): bit 0, the fast reset;
 *   the keyboard controller (ports 0x64 and 0x60): the pulse commands that
 *     pulse the reset line (0xf0-0xfe with bit 0 clear, 0xfe the usual),
 *     and command 0xd1 with an output-port byte whose bit 0 is 0.
 * A20 stays on: the guest's writes that would mask address bit 20 (port 0x92
 * bit 1, the output port's bit 1, command 0xdd) are passed with it set, as
 * on the processors since Haswell, which have no A20M#. (SDM vol. 3C 23.8:
 * A20M# is blocked in VMX operation; Bochs 2.7 masks bit 20 after EPT
 * anyway, where the hypervisor's own accesses and the guest's alias into
 * the hypervisor's memory.) */
#ifndef PLATFORM_RESET_H
#define PLATFORM_RESET_H
#include "vmx/bitmaps.h"

void guest_reset_init(struct vmx_bitmaps *b);

#endif
