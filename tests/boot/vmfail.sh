#!/bin/bash
# A VMLAUNCH that fails (VMfailValid) prints the VM-instruction error with
# its meaning from the SDM.
TEST=vmfail
. "$(dirname "$0")/lib.sh"
make_guest_iso basic "selftest=vmfail"
boot bochs 180
expect_line "^hypervisor: VM entry failed: VMfailValid, VM-instruction error 8: VM entry with invalid host-state field\\(s\\)$"
expect_line "^hypervisor: fatal: cannot enter the guest$"
expect_no_line "^basic guest"
expect_status 1
finish
