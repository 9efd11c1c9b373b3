#!/bin/bash
# CPUID, which the hypervisor performs for the guest, at the last two bytes
# of a 32-bit and of a 16-bit code segment: the instruction pointer goes on
# as on the CPU (the guest runs bare first, the reference): EIP wraps to 0 in
# the 32-bit one (an EIP of 4 GiB would fail the next VM entry), and in the
# 16-bit one the next fetch, at EIP 0x10000, faults at the limit.
TEST=guest_rip_wrap
. "$(dirname "$0")/lib.sh"
make_bare_guest_iso rip_wrap
boot bochs 120
expect_status 0
expect_line "^rip wrap: CPUID at EIP 0xfffffffe of a 32-bit segment went on at EIP 0$"
expect_guest_checks 1

SERIAL=$OUT/$TEST.serial.log
make_guest_iso rip_wrap ""
boot bochs 180
expect_line "^rip wrap: CPUID at EIP 0xfffffffe of a 32-bit segment went on at EIP 0$"
expect_guest_checks 1
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
