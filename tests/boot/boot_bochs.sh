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
expect_status 0
finish
