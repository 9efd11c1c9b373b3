#!/bin/bash
# The Linux loader after a UEFI boot (QEMU with OVMF): the zero page gets
# screen_info for GRUB's GOP framebuffer and efi_info with the EFI system
# table and the filtered EFI memory map. QEMU TCG has no VMX, so the
# hypervisor stops before the guest runs: the zero page is read in guest
# memory through QEMU's monitor.
TEST=linux_uefi_boot_params
. "$(dirname "$0")/lib.sh"
make_iso "" "$ROOT/build/linux/vmlinuz" "console=ttyS0,115200 quiet" \
	"$ROOT/build/linux/initrd.img" "initrd"
start_qemu_for_screen 200 --uefi
wait_for '^hypervisor: halted' 190
# The zero page is at 0x10000 (guest/linux.c): screen_info at 0, efi_info at 0x1c0.
monitor_then_quit "xp /16wx 0x10000" "xp /8wx 0x101c0"
MONITOR=$OUT/$TEST.monitor.log
expect_line '^console: framebuffer 1280x800, 32 bpp, pitch 5120, at 0x80000000 '
expect_line '^guest: Linux bzImage, boot protocol 2\.[0-9]+'
expect_line '^guest: EFI system table 0x[0-9a-f]+, EFI memory map of [0-9]+ descriptors at 0x18000$'
expect_line '^guest: screen_info: EFI framebuffer 1280x800, 32 bpp at 0x80000000$'
expect_line '^hypervisor: fatal: VT-x not available'
# screen_info: orig_video_isVGA (0x0f) = 0x70; lfb_width 1280 (0x500) and
# lfb_height 800 (0x320) at 0x12; lfb_depth 32 and lfb_base 0x80000000 at 0x16.
grep -Eq '^0*10000: 0x[0-9a-f]{8} 0x[0-9a-f]{8} 0x[0-9a-f]{8} 0x70[0-9a-f]{6}$' "$MONITOR" ||
	fail "screen_info.orig_video_isVGA is not VIDEO_TYPE_EFI (monitor log: $MONITOR)"
grep -Eq '^0*10010: 0x05000000 0x00200320 0x80000000 ' "$MONITOR" ||
	fail "screen_info geometry or base not 1280x800x32 at 0x80000000 (monitor log: $MONITOR)"
# efi_info: "EL64", then (at 0x1d0) the memory map at 0x18000.
grep -Eq '^0*101c0: 0x34364c45 0x[0-9a-f]{8} 0x00000030 0x00000001$' "$MONITOR" ||
	fail "efi_info does not start with EL64 and 48-byte descriptors (monitor log: $MONITOR)"
grep -Eq '^0*101d0: 0x00018000 0x[0-9a-f]{8} 0x00000000 0x00000000$' "$MONITOR" ||
	fail "efi_info memory map not at 0x18000 (monitor log: $MONITOR)"
expect_status 0
finish
