#!/bin/bash
# Boot path in QEMU TCG with OVMF: EFI memory map and the ACPI 2.0 RSDP.
TEST=boot_qemu_uefi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/boot_common.sh"
boot_path_iso
boot uefi 120
expect_boot_path EFI
expect_line "^ACPI RSDP: revision 2"
expect_no_vtx
finish
