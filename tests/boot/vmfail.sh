#!/bin/bash
# A VMLAUNCH that fails (VMfailValid) prints the VM-instruction error with
# its meaning from the SDM, and the rule of the host state the model of the
# checks finds broken: the one Bochs names in its log.
TEST=vmfail
. "$(dirname "$0")/lib.sh"
make_guest_iso basic "selftest=vmfail"
boot bochs 180
expect_line "^hypervisor: VM entry failed: VMfailValid, VM-instruction error 8: VM entry with invalid host-state field\\(s\\)$"
expect_line "^vmentry check: the current VMCS breaks 1 rule of the model \\(SDM 26.2, 26.3.1\\):$"
expect_rule 26.2.2 "host state" "host CR4 must set the bits IA32_VMX_CR4_FIXED0 sets (23.8): bits 0x2000 are 0"
expect_bochs_log "VMFAIL: VMCS host state invalid CR4"
expect_line "^hypervisor: fatal: cannot enter the guest$"
expect_no_line "^basic guest"
expect_status 1
finish
