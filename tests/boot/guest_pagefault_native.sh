#!/bin/bash
# Without interception the same guest #PFs never exit.
TEST=guest_pagefault_native
. "$(dirname "$0")/lib.sh"
make_guest_iso pagefault ""
boot bochs 180
expect_line "^read #PF: vector 14, error code 0x0, CR2 0x20000000$"
expect_guest_checks 7
expect_no_line "^  exception or NMI"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
