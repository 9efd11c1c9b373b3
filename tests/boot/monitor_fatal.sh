#!/bin/bash
# monitor=fatal: when the guest is stopped for a fault the monitor opens,
# with the guest state still there to inspect.
TEST=monitor_fatal
. "$(dirname "$0")/lib.sh"
make_guest_iso triple_fault "monitor=fatal"
start_bochs_interactive 240
wait_for "^hv> " 120
send "vmcs exit\r"; wait_for "^  VM_EXIT_REASON +0000000000000002$"
send "c\r";         wait_for "^hypervisor: machine stop" 60
finish_interactive
expect_line "^hypervisor: cpu 0: guest stopped: triple fault"
expect_line "^monitor: the guest was stopped; guest paused at rip"
expect_status 1
finish
