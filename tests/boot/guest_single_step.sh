#!/bin/bash
# Single-stepping over instructions the hypervisor emulates (CPUID, RDMSR,
# IN from an intercepted port): the guest's #DB comes right after each one,
# with DR6.BS set, as after a native NOP.
TEST=guest_single_step
. "$(dirname "$0")/lib.sh"
make_guest_iso single_step ""
boot bochs 120
for insn in nop cpuid rdmsr in; do
	expect_line "^step over $insn: #DB taken at 0x([0-9a-f]+) \\(expected 0x\\1\\), DR6 0x[0-9a-f]*4[0-9a-f]{3}\$"
done
expect_guest_checks 4
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
