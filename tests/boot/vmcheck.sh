#!/bin/bash
# vmcheck: the model of the VM-entry checks before the entries whose state
# the hypervisor made. The guest's states are checked and break no rule: a
# vCPU's first entry, its starts by SIPI (two processors), the HLT activity
# state it enters for a guest's HLT, and after an emulated MOV to CR0 that
# turns PAE paging on (its PDPTEs, 26.3.1.6). A state that breaks a rule is
# reported before the CPU refuses it, with the same rule the CPU's refusal
# is then explained with.
TEST=vmcheck
. "$(dirname "$0")/lib.sh"

TEST=vmcheck_smp SERIAL=$OUT/vmcheck_smp.serial.log
make_guest_iso smp "vmcheck"
BOCHS_CPUS=2 boot bochs 600
expect_status 1
expect_line "^vmcheck: cpu 0, before its first VM entry: no rule of the model broken$"
expect_count "^vmcheck: cpu 1, after a SIPI, before its VM entry: no rule of the model broken$" 3
# three starts and the HLTs of the AP between them
expect_line "^vmcheck: cpu 1: ([4-9]|[1-9][0-9]+) entry states checked, 0 of them with broken rules$"
expect_no_line "would break"

TEST=vmcheck_pae SERIAL=$OUT/vmcheck_pae.serial.log
make_guest_iso pae "vmcheck"
boot bochs 90
expect_line "^PAE paging on: CR0 0x80000031, marker through PDPTE 1: 0x9ae5a9e5$"
expect_line "^vmcheck: cpu 0: 2 entry states checked, 0 of them with broken rules$"
expect_no_line "would break"
expect_status 0

TEST=vmcheck_segments SERIAL=$OUT/vmcheck_segments.serial.log
make_guest_iso basic "vmcheck selftest=vmentry-failure:segments"
boot bochs 180
expect_line "^vmcheck: cpu 0, before its first VM entry: the next VM entry would break 1 rule of the model \\(SDM 26.2, 26.3.1\\):$"
expect_count "^  26.3.1.2 \\(guest state\\): SS type must be 3 or 7 " 2
expect_line "^hypervisor: cpu 0: guest stopped: VM entry failed: exit reason 0x80000021 "
expect_bochs_log "VMENTER FAIL: VMCS guest SS.TYPE"
expect_line "^vmcheck: cpu 0: 1 entry states checked, 1 of them with broken rules$"
expect_status 1

TEST=vmcheck
finish
