#!/bin/bash
# gdb and a guest on two processors (gdb=com2, Bochs with two CPUs): each
# vCPU is a thread and a stop stops all. gdb breaks in ap_work, which only
# the AP runs: the stop names thread 2 and `info threads` lists both; thread
# 1, the boot processor, is held in wait_for_ap at another RIP; variables
# read through each thread (the AP's argument, the boot processor's loop
# counter); a step of thread 2 leaves thread 1 held (its counter stands
# still); a hardware watchpoint set from thread 1 fires on the AP (gdb's
# debug registers reach every vCPU); gdb continues and the guest runs to
# its normal end.
TEST=gdb_smp
. "$(dirname "$0")/lib.sh"
make_guest_iso gdb_smp "gdb=com2"
BOCHS_CPUS=2 start_bochs_gdb 400
wait_for "^gdb: stub on port 0x2f8 \(115200 8N1\); waiting for gdb to attach$" 120
run_gdb 300 -ex "file $ROOT/build/guests/gdb_smp.elf" -ex "target remote $GDB_TARGET" \
	-ex "info threads" -ex "break ap_work" -ex "continue" -ex "info threads" \
	-ex "print id" -ex "print ap_result" -ex "info symbol \$pc" \
	-ex "thread 1" -ex "info registers eip" -ex "info symbol \$pc" -ex "print ap_result" \
	-ex "set \$turns = bsp_turns" -ex "print \$turns > 0" \
	-ex "thread 2" -ex "stepi" -ex "print bsp_turns == \$turns" \
	-ex "thread 1" -ex "print bsp_turns == \$turns" -ex "watch ap_result" -ex "continue" \
	-ex "continue"
finish_bochs_gdb
# attached before the guest starts: the AP waits for its SIPI, one thread
expect_gdb_line "^\* 1 +Thread 1 .*_start"
expect_gdb_line "^Thread 2 hit Breakpoint 1, ap_work \(id=1\) at guest/tests/gdb_smp.c:[0-9]+$"
expect_gdb_line "^  1 +Thread 1 .*wait_for_ap \(\) at guest/tests/gdb_smp.c:[0-9]+$"
expect_gdb_line "^\* 2 +Thread 2 .*ap_work \(id=1\) at guest/tests/gdb_smp.c:[0-9]+$"
expect_gdb_line '^\$1 = 1$'
expect_gdb_line '^\$2 = 0$'
expect_gdb_line "^ap_work( \+ [0-9]+)? in section \.text$"
expect_gdb_line "^\[Switching to thread 1 \(Thread 1\)\]$"
expect_gdb_line "^eip +0x[0-9a-f]+ +0x[0-9a-f]+ <wait_for_ap\+[0-9]+>$"
expect_gdb_line "^wait_for_ap \+ [0-9]+ in section \.text$"
expect_gdb_line '^\$3 = 0$'
expect_gdb_line '^\$4 = 1$'
expect_gdb_line "^\[Switching to thread 2 \(Thread 2\)\]$"
expect_gdb_line '^\$5 = 1$'
expect_gdb_line '^\$6 = 1$'
expect_gdb_line "^Hardware watchpoint 2: ap_result$"
expect_gdb_line "^Thread 2 hit Hardware watchpoint 2: ap_result$"
expect_gdb_line "^New value = 42$"
expect_gdb_line "^\[Inferior 1 \(Remote target\) exited normally\]$"
expect_line "^gdb smp guest: ap_result 42$"
expect_guest_checks 2
expect_line "^hypervisor: [0-9]+ VM exits in total on 2 processors$"
expect_line "^hypervisor: guest exit status 0$"
expect_no_line "did not leave the guest"
expect_status 0
finish
