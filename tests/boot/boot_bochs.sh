#!/bin/bash
# Boot path in Bochs (legacy BIOS), through VMXON to the basic guest's end.
TEST=boot_bochs
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/boot_common.sh"
boot_path_iso
boot bochs 180
expect_boot_path BIOS
expect_line "^ACPI RSDP: revision 0"
expect_line "^vmx: VMCS revision 0x2b, TRUE capability MSRs"
expect_line "^vmx: VMXON done"
expect_line "^hypervisor: guest exit status 0$"
# GRUB kept VGA text mode: setting a VBE mode under Bochs' VGA BIOS triple-faults.
expect_line '^console: VGA text mode 80x25 at 0xb8000$'
! grep -q "VBE set bpp" "$OUT/$TEST.bochs.log" || fail "a VBE graphics mode was set (Bochs log)"
expect_status 0
finish
