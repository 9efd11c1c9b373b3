#!/bin/bash
# XSETBV: a value the CPU accepts becomes the guest's XCR0; a bad one gives
# the guest #GP when the CPU refuses (selftest=xsetbv: the handler leaves the checks to it).
TEST=guest_xsetbv_cpu_refuses
. "$(dirname "$0")/lib.sh"
make_guest_iso xsetbv "selftest=xsetbv"
boot bochs 120
expect_line "^xcr0 0x3$"
expect_line "^xsetbv 0x2: #GP$"
expect_line "^xsetbv 0x5: #GP$"
expect_guest_checks 5
expect_no_line "host exception"
expect_line "^  XSETBV +3$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
