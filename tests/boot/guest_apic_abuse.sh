#!/bin/bash
# What a hostile guest tries with its local APIC, on two processors (the
# second waits for a SIPI in VMX root operation): SMI IPIs through the
# xAPIC and the x2APIC ICR are dropped, so the SMM code the guest put at the
# other processor's SMM entry never runs (in Bochs that processor's SMBASE
# was never relocated) and the hypervisor's image stays unchanged; narrow
# and string stores to xAPIC registers are performed; the x2APIC ICR's
# reserved bits and IA32_APIC_BASE from disabled to x2APIC fault.
TEST=guest_apic_abuse
. "$(dirname "$0")/lib.sh"
make_guest_iso apic_abuse ""
BOCHS_CPUS=2 boot bochs 300
expect_guest_checks 12
expect_line "^apic guest: 0 failed checks$"
expect_line "^apic: cpu 0: the guest's IPI with delivery mode 2 \\(ICR 0xc4200\\) dropped: a guest sends only fixed, lowest-priority, NMI, INIT and start-up IPIs$"
expect_count "^apic: cpu 0: the guest's IPI" 1
expect_line "^hypervisor: guest exit status 0$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 0
finish
