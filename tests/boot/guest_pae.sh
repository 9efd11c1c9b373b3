#!/bin/bash
# 32-bit PAE paging turned on by an emulated MOV to CR0 (it also sets NE):
# the hypervisor loads the PDPTEs VM entry uses with EPT, and a reserved bit
# in a present PDPTE raises #GP as the MOV would natively.
TEST=guest_pae
. "$(dirname "$0")/lib.sh"
make_guest_iso pae ""
boot bochs 90
expect_line "^PDPT with a reserved bit: #GP, CR0 0x11$"
expect_line "^PAE paging on: CR0 0x80000031, marker through PDPTE 1: 0x9ae5a9e5$"
expect_guest_checks 4
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
