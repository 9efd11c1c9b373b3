#!/bin/bash
# The monitor, opened before the first VM entry (monitor=boot), driven over
# COM1: each command answers, malformed ones are errors, memory of the
# hypervisor is refused, and the new trace filter applies once the guest runs.
TEST=monitor_boot
. "$(dirname "$0")/lib.sh"
make_guest_iso basic "monitor=boot"
start_bochs_interactive 240
wait_for "^hv> " 120
send "help\r";                 wait_for "^  xlate GVA +walk GVA through the guest page tables and EPT$"
send "regs\r";                 wait_for "^  guest RIP 0000000000100010 RSP"
send "vmcs controls\r";        wait_for "^  SECONDARY_VM_EXEC_CONTROL +0*[0-9a-f]+$"
send "vmcs nowhere\r";         wait_for "^vmcs: unknown area 'nowhere'"
send "xlate 0x100010\r";       wait_for "^  EPT: HPA 0x100010, entry 0x[0-9a-f]+ \\(4 KiB page, memory type 6\\)$"
send "mem 0x100000 16\r";      wait_for "^  0000000000100000: 02 b0 ad 1b"
send "vmem 0x100000 16\r";     wait_for "^  0000000000100000: 02 b0 ad 1b"
send "mem 0x8000000 16\r";     wait_for "^mem: 0x8000000-0x8000010 is not guest memory the monitor may show$"
send "bogus\r";                wait_for "^error: unknown command 'bogus' \\(try help\\)$"
send "mem\r";                  wait_for "^error: mem: needs an address$"
send "mem 0xzz\r";             wait_for "^error: mem: '0xzz' is not a number$"
send "ring 1 2\r";             wait_for "^error: ring: too many arguments at '2'$"
send "filter nonsense\r";      wait_for "^filter: unknown exit filter 'nonsense'"
send "step\r";                 wait_for "^monitor: single step done; guest paused at rip 0x100015 \\(type help\\)$"
send "step\r";                 wait_for "^monitor: single step done; guest paused at rip 0x100016 "
send "regs\r";                 wait_for "^  guest RIP 0000000000100016 RSP 00000000001[0-9a-f]{5} RFLAGS 0000000000000002$"
send "filter cpuid\r";         wait_for "^filter: set$"
send "stats\r";                wait_for "^  exception or NMI +2$"
send "c\r";                    wait_for "^hypervisor: machine stop" 120
finish_interactive
expect_line "^monitor: started at boot \\(monitor=boot\\); guest paused at rip 0x100010 \\(type help\\)$"
expect_line "^monitor: guest resumed$"
expect_count "^cpu0 exit [0-9]+ \\+[0-9]+: CPUID at rip" 2
expect_line "^monitor: single step done; guest paused at rip 0x100015 "
expect_no_line "^cpu0 exit [0-9]+ .*RDMSR"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
