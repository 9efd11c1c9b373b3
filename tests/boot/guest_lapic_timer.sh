#!/bin/bash
# The local APIC set up through the xAPIC page (writes decoded and performed
# by the hypervisor): LDR, DFR and TPR read back, the timer's fixed-vector
# interrupt arrives in one-shot and TSC-deadline mode, spinning and in HLT;
# then again with paging on and the APIC at another linear address.
TEST=guest_lapic_timer
. "$(dirname "$0")/lib.sh"
make_guest_iso lapic_timer ""
boot bochs 180
expect_guest_checks 16
expect_line "^lapic guest: 5 timer interrupts$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
