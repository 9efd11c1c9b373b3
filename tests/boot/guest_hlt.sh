#!/bin/bash
# HLT exits, the guest waits in the HLT activity state, the PIT wakes it.
TEST=guest_hlt
. "$(dirname "$0")/lib.sh"
make_guest_iso hlt ""
boot bochs 180
expect_line "^hlt 4: woken, ticks 4 -> 5$"
expect_guest_checks 1
expect_line "^  HLT +5$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
