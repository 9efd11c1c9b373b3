#!/bin/bash
# gdb attaches to Linux on two processors while it boots (gdb=com2,nowait):
# the stub sees gdb's first packet on its preemption-timer poll and stops
# the guest; gdb gets the 64-bit target description, reads the registers
# (RIP in the kernel's text) and the instruction at the kernel's entry
# symbol (startup_64, at 0xffffffff81000000 with KASLR off), continues;
# once Linux has brought up its second CPU gdb interrupts it with Ctrl-C,
# sees both vCPUs as threads, reads the second one's RIP and the kernel's
# text through its page tables, and continues Linux to its power-off, which
# gdb sees as the end of the inferior. idle=halt as in linux_smp.
TEST=gdb_linux
. "$(dirname "$0")/lib.sh"
make_iso "gdb=com2,nowait" "$ROOT/build/linux/vmlinuz" \
	"console=ttyS0,115200 cryptomgr.notests hvtest nokaslr idle=halt" \
	"$ROOT/build/linux/initrd.img" "initrd"
# Linux on two processors takes about 150 s of wall time in Bochs alone
# (docs/PERFORMANCE.md), several times that on a busy machine: gdb's bound
# (it waits for the power-off) and Bochs' are sized for that.
BOCHS_CPUS=2 start_bochs_gdb 900
wait_for "^gdb: stub on port 0x2f8 \(115200 8N1\); the guest runs, attach at any time$" 120
wait_for "^\[ *[0-9.]+\] Linux version " 200
start_gdb 700 -ex "target remote $GDB_TARGET" -ex "show architecture" \
	-ex "print/x \$rip >= 0xffffffff80000000" -ex "info registers cs" \
	-ex "x/i 0xffffffff81000000" -ex "continue" -ex "print/x \$rip >= 0xffffffff80000000" \
	-ex "info threads" -ex "thread 2" -ex "print/x \$rip >= 0xffffffff80000000" \
	-ex "x/i 0xffffffff81000000" -ex "continue"
# Ctrl-C once Linux runs on both CPUs (after the "continue" after the x/i)
wait_gdb_line "^   0xffffffff81000000:" 200
wait_for "^\[ *[0-9.]+\] smp: Brought up 1 node, 2 CPUs" 300
interrupt_gdb
wait_gdb
finish_bochs_gdb
expect_gdb_line '^The target architecture is set to "auto" \(currently "i386:x86-64"\)\.$'
expect_gdb_line '^\$1 = 0x1$'
expect_gdb_line "^cs +0x10 +16$"
expect_gdb_line "^   0xffffffff81000000:	lea +0x[0-9a-f]+\(%rip\),%rsp"
# the boot vCPU reads Ctrl-C: thread 1 stops, Linux's second CPU is thread 2
expect_gdb_line "^\[New Thread 2\]$"
expect_gdb_line "^Thread 1 received signal SIGINT, Interrupt\.$"
expect_gdb_line '^\$2 = 0x1$'
expect_gdb_line "^[* ] 1 +Thread 1 "
expect_gdb_line "^[* ] 2 +Thread 2 "
expect_gdb_line "^\[Switching to thread 2 \(Thread 2\)\]$"
expect_gdb_line '^\$3 = 0x1$'
[ "$(grep -Ec "^   0xffffffff81000000:	lea " "$OUT/$TEST.gdb.log")" -eq 2 ] ||
	fail "startup_64 not read through both threads"
expect_gdb_line "^\[Inferior 1 \(Remote target\) exited normally\]$"
expect_line "^initramfs: checks done, powering off$"
expect_line "^hypervisor: guest powered off \\(ACPI sleep type [0-9]\\)$"
expect_no_line "Kernel panic"
expect_status 0
finish
