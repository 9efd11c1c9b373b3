#!/bin/bash
# UEFI with VT-x: Bochs 3 boots OVMF, OVMF boots GRUB, GRUB the hypervisor,
# on two processors; Linux under it finds its EFI system table, its runtime
# services (EFI variables read through efivarfs), the EFI memory map the
# hypervisor gave it (efi=debug prints it) and the GOP framebuffer, then
# powers off. The hypervisor's pool comes from EFI conventional memory, so
# the memory attributes table in boot-services data stays Linux's.
TEST=linux_uefi
. "$(dirname "$0")/lib.sh"
make_iso "" "$ROOT/build/linux/vmlinuz" \
	"console=ttyS0,115200 cryptomgr.notests quiet hvtest idle=halt efi=debug" \
	"$ROOT/build/linux/initrd.img" "initrd"
BOCHS_VERSION=3 BOCHS_FIRMWARE=uefi BOCHS_CPU=tigerlake BOCHS_CPUS=2 boot bochs 900
expect_line "^memory: the pool from EFI conventional memory only; [0-9]+ KiB of boot-services memory left for the firmware's tables$"
expect_line "^smp: 2 of 2 processors in VMX root operation$"
expect_line "^guest: EFI system table 0x[0-9a-f]+, EFI memory map of [0-9]+ descriptors at 0x18000$"
expect_line "^guest: screen_info: EFI framebuffer [0-9]+x[0-9]+, 32 bpp at 0x[0-9a-f]+$"
expect_line "^initramfs: init started$"
expect_line "^cpus online: 0-1$"
expect_line "^cpuinfo: 2 of 2 processors with the hypervisor flag, 0 with vmx$"
# the system table and its configuration tables, the memory attributes
# table among them, read where the firmware left them
expect_line "^dmesg: efi: EFI v[0-9.]+ by EDK II$"
expect_line "^dmesg: efi: .*ACPI 2\\.0=0x[0-9a-f]+ .*MEMATTR=0x[0-9a-f]+"
expect_line "^efi: /sys/firmware/efi, fw_platform_size 64$"
expect_line "^efi systab: ACPI20=0x[0-9a-f]+$"
# the EFI memory map: the hypervisor's image and pool reserved, conventional
# memory around them, runtime services regions mapped by Linux
expect_line "^dmesg: efi: mem[0-9]+: \\[Reserved *\\|.* range=\\[0x0*8000000-"
expect_line "^dmesg: efi: mem[0-9]+: \\[Conventional *\\|"
expect_line "^dmesg: efi: mem[0-9]+: \\[Runtime Code *\\|RUN\\|"
# The memory attributes table lies in boot-services data of the map Linux
# got, not in memory the hypervisor took (the defect this test was written for).
memattr=$(tr -d '\r' <"$SERIAL" | sed -n 's/^dmesg: efi: .*MEMATTR=\(0x[0-9a-f]*\).*/\1/p' | head -n 1)
memattr_type=$(tr -d '\r' <"$SERIAL" |
	sed -n 's/^dmesg: efi: mem[0-9]*: \[\([^|]*[^ |]\) *|.* range=\[\(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\].*/\2 \3 \1/p' |
	while read -r first last type; do
		[ -n "$memattr" ] && (( memattr >= first && memattr <= last )) && echo "$type" && break
	done)
[ "$memattr_type" = "Boot Data" ] ||
	fail "the memory attributes table at ${memattr:-?} is in '${memattr_type:-no descriptor}' of Linux's EFI map, not boot-services data"
expect_line "^efi runtime-map: [1-9][0-9]* regions$"
# runtime services: variables listed and read
expect_line "^efivars: [1-9][0-9]* variables$"
expect_line "^efivars: BootOrder [1-9][0-9]* bytes: "
# the GOP framebuffer through screen_info
expect_line "^fb0: EFI VGA, [0-9]+,[0-9]+$"
expect_line "^dmesg: efifb: framebuffer at 0x[0-9a-f]+, using [0-9]+k, total [0-9]+k$"
expect_no_line "unchecked MSR access"
expect_no_line "^dmesg msr/apic: .*([Ee]rror|ERROR|[Ff]ail|[Bb]ug|BUG|[Bb]roken|timed out|[Ww]arning)"
expect_no_line "refused"
expect_no_line "Kernel panic"
expect_line "^initramfs: checks done, powering off$"
expect_line "^hypervisor: guest powered off \\(ACPI sleep type [0-9]\\)$"
expect_line "^hypervisor: [0-9]+ VM exits in total on 2 processors$"
expect_line "^hypervisor: image checksum \\(code and read-only data\\) [0-9a-f]{16} unchanged$"
expect_status 0
finish
