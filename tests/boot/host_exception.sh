#!/bin/bash
# A fault in the hypervisor itself is reported with vector, registers and a
# backtrace naming our functions, and the machine stops with a failure status.
TEST=host_exception
. "$(dirname "$0")/lib.sh"
make_iso "selftest=exception"
boot qemu 60
expect_line "^hypervisor: fatal: host exception 6 \(#UD invalid opcode\), error code 0x0$"
expect_line "^  RIP [0-9a-f]{16} <selftest_raise_exception\+0x[0-9a-f]+>$"
expect_line "^  CR0 [0-9a-f]{16} CR2 [0-9a-f]{16} CR3"
expect_line "^  RAX [0-9a-f]{16} RBX"
expect_line "^  backtrace:$"
expect_line "^    [0-9a-f]{16} <hypervisor_main\+0x[0-9a-f]+>$"
expect_no_line "boot complete"
expect_status 3     # isa-debug-exit: (1 << 1) | 1
finish
