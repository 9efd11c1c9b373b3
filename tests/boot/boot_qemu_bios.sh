#!/bin/bash
# Boot path in QEMU TCG with legacy BIOS.
TEST=boot_qemu_bios
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/boot_common.sh"
boot_path_iso
boot qemu 60
expect_boot_path BIOS
expect_line "^hypervisor: boot complete"
expect_status 1     # isa-debug-exit: (0 << 1) | 1
finish
