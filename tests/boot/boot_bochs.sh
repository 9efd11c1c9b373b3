#!/bin/bash
# Boot path in Bochs (legacy BIOS): banner, memory map, module, clean stop.
TEST=boot_bochs
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/boot_common.sh"
boot_path_iso
boot bochs 120
expect_boot_path BIOS
expect_line "^ACPI RSDP: revision 0"
expect_line "^hypervisor: boot complete"
expect_status 0
finish
