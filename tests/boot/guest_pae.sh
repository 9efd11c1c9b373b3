#!/bin/bash
# 32-bit PAE paging turned on by an emulated MOV to CR0 (it also sets NE):
# the hypervisor loads the PDPTEs VM entry uses with EPT, and a reserved bit
# in a present PDPTE raises #GP as the MOV would natively. Pages beyond the
# initial EPT map are mapped on first touch by the largest page possible.
TEST=guest_pae
. "$(dirname "$0")/lib.sh"
make_guest_iso pae ""
boot bochs 90
expect_line "^PDPT with a reserved bit: #GP, CR0 0x11$"
expect_line "^PAE paging on: CR0 0x80000031, marker through PDPTE 1: 0x9ae5a9e5$"
expect_line "^touched 3 pages at guest-physical 0x200000000: 0x[0-9a-f]+$"
# the first touch mapped the block around 8 GiB: one exit for three pages
expect_line "^  EPT violation +1$"
expect_guest_checks 4
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
