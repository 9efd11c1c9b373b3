#!/bin/bash
# The monitor on two processors: the smp guest's AP writes the hypervisor's
# memory and is stopped on cpu 1; with monitor=fatal the monitor opens there
# and holds cpu 0 out of the guest; it lists both processors and shows cpu 0's
# exits when asked.
TEST=monitor_smp
. "$(dirname "$0")/lib.sh"
make_guest_iso smp "monitor=fatal"
start_bochs_interactive 600 BOCHS_CPUS=2
wait_for "^hv> " 400
send "cpus\r";   wait_for "^cpu 1 \\(APIC id 1\\) \\[monitor\\]: stopped, [0-9]+ exits$"
send "cpu 5\r";  wait_for "^cpu: no processor 5 \\(2 run the guest\\)$"
send "cpu 0\r";  wait_for "^cpu: stats and ring show cpu 0$"
send "ring 1\r"; wait_for "^last 1 exits of cpu 0:$"
send "stats\r";  wait_for "^  WRMSR +[0-9]+$"
send "c\r";      wait_for "^hypervisor: machine stop" 120
finish_interactive
expect_line "^hypervisor: cpu 1: guest stopped: guest write of hypervisor memory at guest-physical 0x8000040 refused$"
expect_line "^cpu 0 \\(APIC id 0\\) \\[held\\]: running, [0-9]+ exits$"
expect_no_line "did not stop the guest"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 1
finish
