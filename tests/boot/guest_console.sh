#!/bin/bash
# COM1 is the guest's and the hypervisor's (guest/tests/console_abuse.c):
#  - divisor 0xffff with DLAB set, then clear: the hypervisor's lines still
#    come out, at once, and the guest finds its settings as it left them;
#  - loopback mode with monitor=keys: the bytes the guest sends itself,
#    Ctrl-] m among them, come back to it and never open the monitor;
#  - on two processors, the AP writing to COM1 without end while the boot
#    processor is stopped for a write to the hypervisor's memory: the
#    report comes in whole lines, on a line of its own.
TEST=guest_console
. "$(dirname "$0")/lib.sh"
GUEST=$ROOT/build/guests/console_abuse.elf

make_iso "" "$GUEST" "console_abuse divisor"
SERIAL=$OUT/$TEST.divisor.serial.log
boot bochs 180
expect_line "^guest: the guest's UART: divisor 0xffff, DLAB set$"
expect_line "^guest: the guest's UART: divisor 0xffff, DLAB clear$"
expect_guest_checks 3
expect_line "^hypervisor: guest exit status 0$"
expect_status 0

make_iso "monitor=keys" "$GUEST" "console_abuse loopback"
SERIAL=$OUT/$TEST.loopback.serial.log
boot bochs 180
expect_line "^guest: the guest's UART is in loopback mode$"
expect_guest_checks 3
expect_no_line "^monitor:"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0

make_iso "" "$GUEST" "console_abuse interleave"
SERIAL=$OUT/$TEST.interleave.serial.log
BOCHS_CPUS=2 boot bochs 300
expect_line "^hypervisor: cpu 0: guest stopped: guest write of hypervisor memory at guest-physical 0x8000040 refused$"
expect_line "^  exit reason 48 \\(EPT violation\\), qualification 0x[0-9a-f]+$"
expect_line "^  guest RIP [0-9a-f]{16} RSP [0-9a-f]{16} RFLAGS [0-9a-f]{16}$"
expect_line "^  RAX [0-9a-f]{16} RBX [0-9a-f]{16} RCX [0-9a-f]{16} RDX [0-9a-f]{16}$"
expect_line "^  activity state 0, interruptibility [0-9a-f]+, IDT-vectoring info [0-9a-f]+$"
expect_line "^hypervisor: [0-9]+ VM exits in total on 2 processors$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_no_line "went through"
expect_status 1
finish
