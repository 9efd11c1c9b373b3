#!/bin/bash
# The exit trace with a filter: one decoded line per exit of the chosen
# reasons (here: CPUID, I/O, MSRs, CR accesses, VMX instructions), none for
# the others (VMCALL); and the statistics at the end with TSC ticks.
TEST=exit_trace
. "$(dirname "$0")/lib.sh"
make_guest_iso basic "trace=cpuid,io,msr,cr,vmx"
boot bochs 180
expect_line "^cpu0 exit [0-9]+ \\+[0-9]+: CPUID at rip 0x1[0-9a-f]{5}$"
expect_line "^cpu0 exit [0-9]+ \\+[0-9]+: RDMSR at rip 0x[0-9a-f]+: msr 0x3a$"
expect_line "^cpu0 exit [0-9]+ \\+[0-9]+: RDMSR at rip 0x[0-9a-f]+: msr 0x480$"
expect_line "^cpu0 exit [0-9]+ \\+[0-9]+: WRMSR at rip 0x[0-9a-f]+: msr 0x48d$"
expect_line "^cpu0 exit [0-9]+ \\+[0-9]+: control-register access at rip 0x[0-9a-f]+: mov to cr0 from [a-z0-9]+$"
expect_line "^cpu0 exit [0-9]+ \\+[0-9]+: control-register access at rip 0x[0-9a-f]+: mov to cr4 from rax$"
expect_line "^cpu0 exit [0-9]+ \\+[0-9]+: VMXOFF at rip 0x[0-9a-f]+$"
expect_line "^cpu0 exit [0-9]+ \\+[0-9]+: I/O instruction at rip 0x[0-9a-f]+: out port 0xf4 size 1$"
expect_count "^cpu0 exit [0-9]+ \\+[0-9]+: " 14       # 2 CPUID, 5 RDMSR, 2 WRMSR, 3 CR, 1 VMXOFF, 1 I/O
expect_no_line "^cpu0 exit [0-9]+ .*VMCALL"
expect_line "^  VMCALL +5$"
expect_line "^hypervisor: guest exit status 0$"
expect_status 0
finish
