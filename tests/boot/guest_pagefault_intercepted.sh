#!/bin/bash
# intercept=pf: each guest #PF exits and is reflected back; the guest's
# handler sees the right CR2 and error code.
TEST=guest_pagefault_intercepted
. "$(dirname "$0")/lib.sh"
make_guest_iso pagefault "intercept=pf"
boot bochs 180
expect_line "^vmx: entering the guest at 0x[0-9a-f]+ \\(guest #PF intercepted\\)$"
expect_line "^read #PF: vector 14, error code 0x0, CR2 0x20000000$"
expect_line "^write #PF: vector 14, error code 0x2, CR2 0x20000004$"
expect_guest_checks 7
expect_line "^  exception or NMI +2$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
