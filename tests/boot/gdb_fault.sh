#!/bin/bash
# A guest the hypervisor stops for a fault (here a triple fault) is shown
# to gdb as stopped by SIGSEGV, with its registers at the fault; continuing
# ends it, which gdb sees as the inferior killed by that signal; the
# hypervisor then stops the machine with its failure status.
TEST=gdb_fault
. "$(dirname "$0")/lib.sh"
make_guest_iso triple_fault "gdb=com2"
start_bochs_gdb 300
wait_for "^gdb: stub on port 0x2f8 \(115200 8N1\); waiting for gdb to attach$" 120
run_gdb 200 -ex "file $ROOT/build/guests/triple_fault.elf" -ex "target remote $GDB_TARGET" \
	-ex "continue" -ex "print \$pc >= guest_main && \$pc < guest_main + 0x100" \
	-ex "x/i \$pc" -ex "continue"
finish_bochs_gdb
expect_gdb_line "^Program received signal SIGSEGV, Segmentation fault\.$"
expect_gdb_line '^\$1 = 1$'
expect_gdb_line "^=> 0x[0-9a-f]+ <guest_main\+[0-9]+>:	ud2"
expect_gdb_line "^Program terminated with signal SIGSEGV, Segmentation fault\.$"
expect_line "^hypervisor: cpu 0: guest stopped: triple fault"
expect_status 1
finish
