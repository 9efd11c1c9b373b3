#!/bin/bash
# gdb attaches to a guest that is already running (gdb=com2,nowait): the
# stub notices gdb's first packet on its VMX-preemption-timer poll and stops
# the guest; gdb continues it, interrupts it with Ctrl-C (0x03 on the line),
# reads its registers and memory, writes the variable the guest waits for,
# and continues it to its end, which gdb sees as the inferior's exit.
TEST=gdb_interrupt
. "$(dirname "$0")/lib.sh"
make_guest_iso gdb_interrupt "gdb=com2,nowait"
start_bochs_gdb 300
wait_for "^gdb: stub on port 0x2f8 \(115200 8N1\); the guest runs, attach at any time$" 120
wait_for "^gdb interrupt guest: spinning$" 60
start_gdb 200 -ex "file $ROOT/build/guests/gdb_interrupt.elf" -ex "target remote $GDB_TARGET" \
	-ex "print released" -ex "print spins > 0" -ex "continue" \
	-ex "print \$pc >= guest_main && \$pc < guest_main + 0x100" -ex "info registers cs" \
	-ex "x/2xb guest_main" -ex "set var released = 0x600d" -ex "continue"
# Ctrl-C a little after gdb has resumed the guest (the "continue" after the
# second print)
wait_gdb_line '^\$2 = ' 120
sleep 2
interrupt_gdb
wait_gdb
finish_bochs_gdb
expect_gdb_line '^\$1 = 0$'
expect_gdb_line '^\$2 = 1$'
expect_gdb_line "^Program received signal SIGINT, Interrupt\.$"
expect_gdb_line '^\$3 = 1$'
expect_gdb_line "^cs +0x10 +16$"
expect_gdb_line "^0x[0-9a-f]+ <guest_main>:"
expect_gdb_line "^\[Inferior 1 \(Remote target\) exited normally\]$"
expect_line "^gdb interrupt guest: released$"
expect_guest_checks 1
expect_line "^hypervisor: guest exit status 0$"
expect_line "^  VMX-preemption timer expired +[0-9]+$"
expect_status 0
finish
