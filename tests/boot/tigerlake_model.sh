#!/bin/bash
# Another CPU model: Bochs' tigerlake has VMCS revision 4 (skylake_x: 0x2b)
# and other capabilities; the hypervisor reads them from the capability MSRs
# and runs the basic guest the same way.
TEST=tigerlake_model
. "$(dirname "$0")/lib.sh"
make_guest_iso basic ""
BOCHS_CPU=tigerlake boot bochs 180
expect_line "^vmx: VMCS revision 0x4, TRUE capability MSRs"
expect_guest_checks 23
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
