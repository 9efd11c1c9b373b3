#!/bin/bash
# A VM entry that fails its guest-state checks is reported with the exit
# reason, the qualification and the guest state, and with the rule the
# model of the checks finds broken: the one Bochs names in its log.
TEST=vmentry_failure
. "$(dirname "$0")/lib.sh"
make_guest_iso basic "selftest=vmentry-failure"
boot bochs 180
expect_line "^hypervisor: cpu 0: guest stopped: VM entry failed: exit reason 0x80000021 \\(VM-entry failure: invalid guest state\\), qualification 0x0 \\(a guest-state check of SDM 26.3.1 failed\\)$"
expect_line "^  guest RIP [0-9a-f]{16} RSP [0-9a-f]{16} RFLAGS 0000000000000000$"
expect_line "^vmentry check: the current VMCS breaks 1 rule of the model \\(SDM 26.2, 26.3.1\\):$"
expect_rule 26.3.1.4 "guest state" "RFLAGS bit 1 must be 1: RFLAGS 0x0"
expect_bochs_log "VMENTER FAIL: RFLAGS[1] cleared"
expect_no_line "^basic guest"
expect_status 1
finish
