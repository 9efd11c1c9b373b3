#!/bin/bash
# Boot path in QEMU TCG with legacy BIOS; no VT-x there (the refusal test).
TEST=boot_qemu_bios
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/boot_common.sh"
boot_path_iso
boot qemu 60
expect_boot_path BIOS
expect_line '^console: VGA text mode 80x25 at 0xb8000$'
expect_no_vtx
finish
