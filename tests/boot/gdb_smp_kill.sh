#!/bin/bash
# gdb kills a guest on two processors while both are held: stopped in
# ap_work on the AP (thread 2), gdb switches to thread 1 and kills. The
# boot processor, which serves gdb then, ends the guest; the AP, held,
# leaves without entering the guest again; the summary comes once and the
# run ends as a failure (the guest did not finish).
TEST=gdb_smp_kill
. "$(dirname "$0")/lib.sh"
make_guest_iso gdb_smp "gdb=com2"
BOCHS_CPUS=2 start_bochs_gdb 300
wait_for "^gdb: stub on port 0x2f8 \(115200 8N1\); waiting for gdb to attach$" 120
run_gdb 200 -ex "file $ROOT/build/guests/gdb_smp.elf" -ex "target remote $GDB_TARGET" \
	-ex "break ap_work" -ex "continue" -ex "thread 1" -ex "kill"
finish_bochs_gdb
expect_gdb_line "^Thread 2 hit Breakpoint 1, ap_work \(id=1\) at guest/tests/gdb_smp.c:[0-9]+$"
expect_gdb_line "^\[Switching to thread 1 \(Thread 1\)\]$"
expect_gdb_line "^\[Inferior 1 \(Remote target\) killed\]$"
expect_count "^gdb: the debugger killed the guest$" 1
expect_no_line "^gdb smp guest: ap_result"
expect_count "^hypervisor: [0-9]+ VM exits in total on 2 processors$" 1
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_no_line "did not leave the guest"
expect_status 1
finish
