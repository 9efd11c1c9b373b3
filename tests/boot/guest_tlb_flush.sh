#!/bin/bash
# An emulated MOV to CR0 that turns paging off and on flushes the guest's
# TLB (its VPID): the guest sees the mapping it wrote in between.
TEST=guest_tlb_flush
. "$(dirname "$0")/lib.sh"
make_guest_iso tlb_flush ""
boot bochs 90
expect_line "^through 0x20000000: 0xaaaaaaaa before, 0xbbbbbbbb after paging off and on \\(CR0 0x80000011\\)$"
expect_guest_checks 2
expect_line "^  control-register access +2$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
