#!/bin/bash
# gdb detaches from a guest on two processors while both are held: gdb has
# a breakpoint and a hardware watchpoint set (loaded on both vCPUs), stops
# in ap_work on the AP (thread 2) and detaches from thread 1. Every vCPU is
# released with its debug registers its own again: the AP's write to the
# watched variable no longer traps, and the guest runs to its normal end.
TEST=gdb_smp_detach
. "$(dirname "$0")/lib.sh"
make_guest_iso gdb_smp "gdb=com2"
BOCHS_CPUS=2 start_bochs_gdb 300
wait_for "^gdb: stub on port 0x2f8 \(115200 8N1\); waiting for gdb to attach$" 120
run_gdb 200 -ex "file $ROOT/build/guests/gdb_smp.elf" -ex "target remote $GDB_TARGET" \
	-ex "break ap_work" -ex "watch ap_result" -ex "continue" -ex "thread 1" -ex "detach"
finish_bochs_gdb
expect_gdb_line "^Thread 2 hit Breakpoint 1, ap_work \(id=1\) at guest/tests/gdb_smp.c:[0-9]+$"
expect_gdb_line "^\[Switching to thread 1 \(Thread 1\)\]$"
expect_gdb_line "^\[Inferior 1 \(Remote target\) detached\]$"
expect_count "^gdb: detached; the guest runs on$" 1
expect_line "^gdb smp guest: ap_result 42$"
expect_guest_checks 2
expect_count "^hypervisor: [0-9]+ VM exits in total on 2 processors$" 1
expect_line "^hypervisor: guest exit status 0$"
expect_no_line "did not leave the guest"
expect_status 0
finish
