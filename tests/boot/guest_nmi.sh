#!/bin/bash
# NMIs reach the guest's handler once each: NMIs the guest sends itself through its local APIC.
# One sent while the handler runs waits for its IRET.
TEST=guest_nmi
. "$(dirname "$0")/lib.sh"
make_guest_iso nmi ""
boot bochs 90
expect_line "^self NMI: 1 delivered$"
expect_line "^NMI sent inside the NMI handler: 2 seen inside, 3 after IRET$"
expect_line "^NMIs after a VMCALL: 3$"
expect_guest_checks 3
expect_no_line "host exception"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
