#!/bin/bash
# A VM entry that fails its guest-state checks is reported with the exit
# reason, the qualification and the guest state.
TEST=vmentry_failure
. "$(dirname "$0")/lib.sh"
make_guest_iso basic "selftest=vmentry-failure"
boot bochs 180
expect_line "^hypervisor: cpu 0: guest stopped: VM entry failed: exit reason 0x80000021 \\(VM-entry failure: invalid guest state\\), qualification 0x0 \\(a guest-state check of SDM 26.3.1 failed\\)$"
expect_line "^  guest RIP [0-9a-f]{16} RSP [0-9a-f]{16} RFLAGS 0000000000000000$"
expect_no_line "^basic guest"
expect_status 1
finish
