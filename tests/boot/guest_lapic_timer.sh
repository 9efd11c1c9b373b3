#!/bin/bash
# The local APIC set up through the xAPIC page (writes decoded and performed
# by the hypervisor): LDR, DFR and TPR read back, the timer's fixed-vector
# interrupt arrives in one-shot and TSC-deadline mode, spinning and in HLT.
TEST=guest_lapic_timer
. "$(dirname "$0")/lib.sh"
make_guest_iso lapic_timer ""
boot bochs 180
expect_guest_checks 11
expect_line "^lapic guest: 4 timer interrupts$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
