#!/bin/bash
# A #GP injected while the guest runs in real mode (CR0.PE = 0): the VM entry
# must not ask for an error code (SDM 26.2.1.3), and the guest's real-mode
# handler sees the IP of the RDMSR on top of its stack.
TEST=guest_realmode
. "$(dirname "$0")/lib.sh"
make_guest_iso realmode ""
boot bochs 120
expect_line "^real-mode #GP handler: ran 1, IP 0x([0-9a-f]+) CS 0x0 \\(RDMSR at 0x\\1\\)$"
expect_guest_checks 3
expect_no_line "VM entry failed"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
