#!/bin/bash
# An unmodified Linux (Debian's cloud kernel) boots under the hypervisor in
# Bochs to its initramfs, which checks what Linux sees and powers off; the
# hypervisor sees the power-off and prints its summary.
TEST=linux_guest
. "$(dirname "$0")/lib.sh"
make_iso "" "$ROOT/build/linux/vmlinuz" "console=ttyS0,115200 cryptomgr.notests quiet hvtest" \
	"$ROOT/build/linux/initrd.img" "initrd"
boot bochs 180
expect_line "^guest: Linux bzImage, boot protocol 2\\.[0-9]+, kernel at 0x1000000"
expect_line "^acpi: PM1a control at port 0x[0-9a-f]+: the guest's power-off is seen$"
expect_line "^initramfs: init started$"
expect_line "^uname -r: 6\\.1\\.0-[0-9]+-cloud-amd64$"
expect_line "^cpuinfo: hypervisor flag$"
expect_line "^cpuinfo: no vmx flag$"
# Linux's e820 map shows the hypervisor's image (at 128 MiB) as reserved.
expect_line "^dmesg: BIOS-e820: \\[mem 0x0000000008000000-0x00000000080[0-9a-f]{5}\\] reserved$"
# dmesg names the hypervisor: the ACPI table it adds to the firmware's
expect_line "^dmesg: ACPI: OEMH 0x[0-9A-F]+ 000024 \(v01 TEACHV VTXHYPER 00000001 TVHV 00000001\)$"
# Linux's own log of the MSRs and the APIC (tests/linux/init): read, and
# clean: no MSR access that faulted, no APIC error.
expect_line "^dmesg msr/apic: APIC: Switch to symmetric I/O mode setup$"
expect_no_line "unchecked MSR access"
expect_no_line "^dmesg msr/apic: .*([Ee]rror|ERROR|[Ff]ail|[Bb]ug|BUG|[Bb]roken|timed out|[Ww]arning)"
expect_line "^initramfs: checks done, powering off$"
expect_line "^hypervisor: guest powered off \\(ACPI sleep type [0-9]\\)$"
expect_line "^hypervisor: [0-9]+ VM exits by reason \\(count\\):$"
expect_line "^  CPUID +[0-9]+$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_no_line "Kernel panic"
# A BIOS boot gives Linux no EFI information and no framebuffer (VGA text mode).
expect_no_line "^guest: EFI system table"
expect_no_line "^guest: screen_info"
expect_status 0
finish
