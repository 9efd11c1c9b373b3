#!/bin/bash
# A #PF while delivering a #PF becomes #DF with intercept=pf (the hypervisor combines them, SDM table 6-5).
TEST=guest_double_fault_intercepted
. "$(dirname "$0")/lib.sh"
make_guest_iso double_fault "intercept=pf"
boot bochs 90
expect_line "^fault: vector 8, error code 0x0, CR2 0x([0-9a-f]+) \\(#PF's IDT entry at 0x\\1\\)$"
expect_guest_checks 4
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
