#!/bin/bash
# Bochs' skylake_x: each feature that needs a VMX control (RDTSCP, INVPCID,
# XSAVES, WAITPKG) runs in the guest when its CPUID shows it; the hypervisor
# enables the control or hides the feature.
TEST=guest_features
. "$(dirname "$0")/lib.sh"
make_guest_iso features ""
boot bochs 90
expect_no_line "^check .*: FAILED$"
expect_no_line ": in CPUID, (#UD|fault)$"
expect_line "^RDTSCP: in CPUID, runs$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
