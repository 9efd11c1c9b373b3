#!/bin/bash
# Bochs' BIOS leaves SMRAM unlocked: the hypervisor locks it at boot (D_LCK
# in the i440FX's SMRAM control) and keeps the guest's PCI configuration
# writes off that register, so neither opening SMRAM nor disabling it lets
# the guest's code run in SMM when it raises an SMI through port 0xb2.
TEST=guest_smram
. "$(dirname "$0")/lib.sh"
make_guest_iso smram ""
boot bochs 180
expect_line "^smram: i440FX SMRAM control 0x0a: the firmware left it unlocked; locked now \\(0x1a\\)$"
expect_line "^smram guest: SMRAM control 0x1a$"
expect_guest_checks 5
expect_line "^hypervisor: guest exit status 0$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 0
finish
