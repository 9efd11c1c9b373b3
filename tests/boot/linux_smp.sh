#!/bin/bash
# Linux with two processors in Bochs: the hypervisor starts the AP at boot,
# Linux starts it again through its APIC (INIT-SIPI-SIPI, emulated), both run
# under VMX with the hypervisor flag; Linux takes the AP offline and online
# twice (INIT-SIPI to a processor in 64-bit mode), and the power-off ends
# both. idle=halt:
# in Bochs with two processors Linux's MWAIT idle misses wakeups and some
# runs stall for seconds (docs/PERFORMANCE.md, "Two processors in Bochs").
TEST=linux_smp
. "$(dirname "$0")/lib.sh"
make_iso "" "$ROOT/build/linux/vmlinuz" "console=ttyS0,115200 cryptomgr.notests quiet hvtest hvhotplug idle=halt" \
	"$ROOT/build/linux/initrd.img" "initrd"
BOCHS_CPUS=2 boot bochs 600
expect_line "^smp: cpu 1 \\(APIC id 1\\) up, in VMX root operation$"
expect_line "^smp: 2 of 2 processors in VMX root operation$"
expect_line "^guest: ACPI tables at 0x[0-9a-f]+; 2 processors in the MADT, 0 disabled \\(not virtualized\\)$"
expect_line "^cpus online: 0-1$"
expect_line "^cpu1 offline \\(round 1\\): online 0$"
expect_line "^cpu1 online again \\(round 1\\): online 0-1$"
expect_line "^cpu1 offline \\(round 2\\): online 0$"
expect_line "^cpu1 online again \\(round 2\\): online 0-1$"
# once at Linux's boot, once for each time it was brought online again
expect_line "^hypervisor: cpu 1 started 3 times by a SIPI$"
expect_line "^cpuinfo: 2 of 2 processors with the hypervisor flag, 0 with vmx$"
expect_line "^dmesg: smp: Brought up 1 node, 2 CPUs$"
expect_line "^initramfs: checks done, powering off$"
expect_line "^hypervisor: guest powered off \\(ACPI sleep type [0-9]\\)$"
expect_line "^hypervisor: cpu 0:$"
expect_line "^hypervisor: cpu 1:$"
expect_line "^hypervisor: [0-9]+ VM exits in total on 2 processors$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_no_line "Kernel panic"
expect_no_line "did not leave the guest"
expect_status 0
finish
