#!/bin/bash
# A first module that is no kernel is refused with a message, before VMX.
TEST=guest_refused
. "$(dirname "$0")/lib.sh"
printf 'not a kernel\n' >"$OUT/$TEST.module.txt"
make_iso "" "$OUT/$TEST.module.txt" "notakernel"
boot qemu 60
expect_line "^hypervisor: fatal: module 0 'notakernel' \\(13 bytes\\) is neither a multiboot kernel nor a Linux bzImage: refused$"
expect_status 3
finish
