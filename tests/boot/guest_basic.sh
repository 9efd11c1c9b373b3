#!/bin/bash
# The basic guest in Bochs: CPUID, port I/O, MSRs, CR0/CR4, VMCALL and VMXOFF,
# checked by the guest, and the exits they cost counted by the hypervisor.
TEST=guest_basic
. "$(dirname "$0")/lib.sh"
make_guest_iso basic ""
boot bochs 180
expect_guest_checks 23
expect_line "^cpuid 0x40000000: max leaf 0x40000001, vendor 'TeachVisorVT'$"
# caches on (the firmware left CR0.CD/NW set, and VM entry keeps them)
expect_line "^cr0 0x11 cr4 0x0$"
expect_line "^guest: hello from the guest through VMCALL$"
expect_line "^hypervisor: guest exit status 0$"
expect_line "^  CPUID +2$"
expect_line "^  VMCALL +5$"
expect_line "^  VMXOFF +1$"
expect_line "^  control-register access +3$"
expect_line "^  RDMSR +5$"
expect_line "^  WRMSR +2$"
expect_line "^  I/O instruction +1$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 0
finish
