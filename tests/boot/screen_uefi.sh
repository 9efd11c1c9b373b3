#!/bin/bash
# The screen console on a UEFI framebuffer with VT-x (Bochs 3 with OVMF):
# GRUB hands the GOP framebuffer over, the hypervisor draws its log on it,
# lends the screen to the guest, and when the guest is stopped (a write to
# the hypervisor's memory) draws the fatal report on it again. Bochs'
# debugger stops at machine_stop, before the emulator would end, and dumps
# the framebuffer, which is read back with the console's own font.
TEST=screen_uefi
. "$(dirname "$0")/lib.sh"
SCREEN=$OUT/$TEST.screen.txt
DUMP=$OUT/$TEST.framebuffer
# OVMF's GOP mode in Bochs' PCI VGA: 1280x800, 32 bpp, at 0x80000000 (the
# serial log must say so, below).
WIDTH=1280 HEIGHT=800 PITCH=5120 FRAMEBUFFER=0x80000000
make_guest_iso ept_hypervisor ""
stop=$(nm "$ROOT/build/hypervisor.elf" | awk '$3 == "machine_stop" { print $1 }')
rm -f "$DUMP"
printf 'lb 0x%s\ncontinue\nwritemem "%s" %s %u\nquit\n' "$stop" "$DUMP" "$FRAMEBUFFER" \
	$((PITCH * HEIGHT)) >"$OUT/$TEST.debugger-commands"
BOCHS_VERSION=3 BOCHS_FIRMWARE=uefi BOCHS_CPU=tigerlake \
	BOCHS_DEBUGGER_COMMANDS=$OUT/$TEST.debugger-commands boot bochs 300
"$ROOT/build/screen-text" --raw32 $WIDTH $HEIGHT $PITCH "$DUMP" >"$SCREEN" ||
	fail "no framebuffer dump ($DUMP)"
expect_line "^console: framebuffer ${WIDTH}x$HEIGHT, 32 bpp, pitch $PITCH, at $FRAMEBUFFER \\(red 16:8 green 8:8 blue 0:8\\): [0-9]+x[0-9]+ characters$"
expect_line "^console: the screen is the guest's from here; only fatal reports are drawn on it$"
expect_line "^hypervisor: cpu 0: guest stopped: guest write of hypervisor memory at guest-physical 0x8000040 refused$"
# On the screen: the boot log before the guest ran, then the report.
expect_screen_line '^console: the screen is the guest.s from here; only fatal reports are drawn on it$'
expect_screen_line '^hypervisor: cpu 0: guest stopped: guest write of hypervisor memory at guest-physical 0x8000040 refused$'
expect_screen_line '^  exit reason 48 \(EPT violation\)'
expect_screen_line '^hypervisor: image checksum \(code and read-only data\) [0-9a-f]{16} unchanged$'
! grep -q '?' "$SCREEN" || fail "cells on the screen that are no glyph of the font"
# The debugger's quit after the dump: Bochs ends with status 0 (without the
# breakpoint the failure stop would end it with 1).
expect_status 0
finish
