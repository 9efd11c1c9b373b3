#!/bin/bash
# A triple fault stops the guest with a report of its state; the hypervisor
# survives and stops the machine with a failure status.
TEST=guest_triple_fault
. "$(dirname "$0")/lib.sh"
make_guest_iso triple_fault ""
boot bochs 180
expect_line "^hypervisor: cpu 0: guest stopped: triple fault"
expect_line "^  exit reason 2 \\(triple fault\\)"
expect_line "^  guest RIP [0-9a-f]{16} RSP"
expect_line "^  CS 0010 base 0 AR c09b .* IDTR 0/0 "
expect_line "^  triple fault +1$"
# the ring of the last exits comes with the report
expect_line "^last [0-9]+ exits of cpu 0:$"
expect_line "^cpu0 exit [0-9]+( \+[0-9]+)?: triple fault at rip 0x[0-9a-f]+$"
expect_status 1
finish
