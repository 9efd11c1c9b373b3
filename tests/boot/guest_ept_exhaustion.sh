#!/bin/bash
# A guest that makes EPT need a table for nearly every page it touches (a
# variable MTRR with a non-contiguous mask, touches across its whole
# physical address space): the hypervisor's EPT stays within its limit and
# is rebuilt when the limit is reached, the guest runs to its end, nothing
# runs out (guest/tests/ept_exhaustion.c).
TEST=guest_ept_exhaustion
. "$(dirname "$0")/lib.sh"
make_guest_iso ept_exhaustion ""
boot bochs 300
expect_line "^ept guest: [0-9]+-bit addresses, variable MTRR [0-9]+ with mask 0x1000, [0-9]+ blocks touched above 4 GiB$"
expect_guest_checks 2
expect_line "^ept: out of tables \\([0-9]+, the limit\\): unmapped everything, to be mapped again on first touch$"
expect_line "^ept: tables rebuilt ([2-9]|[1-9][0-9]+) times \\(the limit, [0-9]+, reached\\)$"
expect_no_line "pool exhausted"
expect_line "^hypervisor: guest exit status 0$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 0
finish
