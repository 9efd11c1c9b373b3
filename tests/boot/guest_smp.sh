#!/bin/bash
# A multiboot guest on two processors starts its AP itself, as an OS does:
# INIT-SIPI-SIPI in xAPIC mode (shorthand), again in x2APIC mode (physical),
# and the AP reports with the hypervisor bit set each time; then the AP
# writes to the hypervisor's memory, is refused, and the run ends on both
# processors with the image unchanged.
TEST=guest_smp
. "$(dirname "$0")/lib.sh"
make_guest_iso smp ""
BOCHS_CPUS=2 boot bochs 600
expect_line "^smp: 2 of 2 processors in VMX root operation$"
expect_line "^ap 1: phase 1, hypervisor bit set$"
expect_line "^smp guest: phase 1 \\(xAPIC, all excluding self\\): 1 APs checked in$"
expect_guest_checks 3
expect_line "^ap 1: phase 2, hypervisor bit set$"
expect_line "^smp guest: phase 2 \\(x2APIC 0, physical\\): 1 APs checked in$"
expect_line "^ap 1: phase 3, hypervisor bit set$"
expect_line "^hypervisor: cpu 1 started 3 times by a SIPI$"
expect_line "^hypervisor: cpu 1: guest stopped: guest write of hypervisor memory at guest-physical 0x8000040 refused$"
expect_no_line "went through"
expect_no_line "did not stop the guest"
expect_no_line "did not leave the guest"
expect_line "^hypervisor: cpu 0:$"
expect_line "^hypervisor: cpu 1:$"
expect_line "^hypervisor: [0-9]+ VM exits in total on 2 processors$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 1
finish
