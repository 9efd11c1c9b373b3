#!/bin/bash
# gdb attached to a test guest through the gdb stub on COM2 (gdb=com2): the
# guest is held before its first instruction until gdb attaches; gdb breaks
# in a function, reads an argument, a local variable and registers, single-
# steps, runs to the function's return, watches a variable that the guest
# then writes (a hardware watchpoint through the debug registers), and
# detaches; the guest then finishes with its own checks passing.
TEST=gdb_stub
. "$(dirname "$0")/lib.sh"
make_guest_iso gdb_target "gdb=com2"
return_line=$(grep -n 'gdb_stub.sh: "advance" to this line' "$ROOT/guest/tests/gdb_target.c" | cut -d: -f1)
start_bochs_gdb 300
wait_for "^gdb: stub on port 0x2f8 \(115200 8N1\); waiting for gdb to attach$" 120
run_gdb 200 -ex "file $ROOT/build/guests/gdb_target.elf" -ex "target remote $GDB_TARGET" \
	-ex "info registers eip cs cr0" -ex "break add_squares" -ex "continue" \
	-ex "print n" -ex "print/x \$eip == add_squares" -ex "advance gdb_target.c:$return_line" \
	-ex "print total" -ex "set \$before = \$pc" -ex "stepi" \
	-ex "print \$pc > \$before && \$pc - \$before < 16" -ex "finish" \
	-ex "watch watched" -ex "continue" -ex "print watched" -ex "detach"
finish_bochs_gdb
expect_gdb_line "^eip +0x100010 +0x100010 <_start>"
expect_gdb_line "^cs +0x10 +16$"
expect_gdb_line "^cr0 +0x11 +17$"
expect_gdb_line "^Breakpoint 1, add_squares \(n=4\) at guest/tests/gdb_target.c:[0-9]+$"
expect_gdb_line '^\$1 = 4$'
expect_gdb_line '^\$2 = 0x1$'
expect_gdb_line "^add_squares \(n=4\) at guest/tests/gdb_target.c:$return_line$"
expect_gdb_line '^\$3 = 30$'
expect_gdb_line '^\$4 = 1$'
expect_gdb_line "^Value returned is \\\$[0-9]+ = 30$"
expect_gdb_line "^Hardware watchpoint 2: watched$"
expect_gdb_line "^Old value = 0$"
expect_gdb_line "^New value = 42$"
expect_gdb_line "^\[Inferior 1 \(Remote target\) detached\]$"
expect_line "^gdb: detached; the guest runs on$"
expect_line "^gdb guest: sum 30, watched 42$"
expect_guest_checks 4
# the guest's own DR3 breakpoint ran while gdb's watchpoint held DR0
expect_line "^  MOV DR +[0-9]+$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
