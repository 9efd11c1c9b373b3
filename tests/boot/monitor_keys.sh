#!/bin/bash
# The monitor opened from the keyboard (Ctrl-] m) while the guest reads the
# serial port; the guest's own input keeps working before and after, and
# Ctrl-] Ctrl-] sends it one Ctrl-].
TEST=monitor_keys
. "$(dirname "$0")/lib.sh"
make_guest_iso echo "monitor=keys"
start_bochs_interactive 240
wait_for "^echo guest: ready$" 120
send "a";          wait_for "^echo guest: got 'a'$"
send "\x1d\x1d";   wait_for "^echo guest: got 0x1d$"
send "\x1dm";      wait_for "^hv> "
send "ring 2\r";   wait_for "^cpu0 exit [0-9]+( \\+[0-9]+)?: I/O instruction at rip 0x[0-9a-f]+: in port 0x3fd size 1$"
send "vmcs exit\r"; wait_for "^  VM_EXIT_REASON +000000000000001e$"
send "c\r";        wait_for "^monitor: guest resumed$"
send "b";          wait_for "^echo guest: got 'b'$"
send "q";          wait_for "^hypervisor: machine stop" 60
finish_interactive
expect_line "^monitor: entered with Ctrl-\\] m; guest paused at rip 0x[0-9a-f]+ \\(type help\\)$"
expect_no_line "^echo guest: got 'm'$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
