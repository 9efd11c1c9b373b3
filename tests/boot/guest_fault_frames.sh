#!/bin/bash
# The RFLAGS image in the frame of a #GP the hypervisor injects (WRMSR
# outside the MSR bitmap, MOV to CR4 with a reserved bit) has RF set, as in
# the frame of the same fault bare (the guest runs bare first, the reference).
TEST=guest_fault_frames
. "$(dirname "$0")/lib.sh"
make_bare_guest_iso fault_frames
boot bochs 120
expect_status 0
expect_guest_checks 3
expect_line "^fault frames: 0 failed checks$"

SERIAL=$OUT/$TEST.serial.log
make_guest_iso fault_frames ""
boot bochs 180
expect_guest_checks 3
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
