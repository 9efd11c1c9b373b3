#!/bin/bash
# The screen console on a UEFI framebuffer (QEMU with OVMF, GOP): GRUB hands
# the framebuffer over, the hypervisor draws its whole log on it with its
# font, and its "VT-x not available" stop (QEMU TCG has no VMX) is readable
# on the screen, read back from a screendump with the same font.
TEST=screen_uefi
. "$(dirname "$0")/lib.sh"
SCREEN=$OUT/$TEST.screen.txt
make_guest_iso basic ""
start_qemu_for_screen 150 --uefi
wait_for '^hypervisor: halted' 140
rm -f "$OUT/$TEST.ppm"
monitor_then_quit "screendump $OUT/$TEST.ppm"
"$ROOT/build/screen-text" "$OUT/$TEST.ppm" >"$SCREEN" || fail "no screendump ($OUT/$TEST.ppm)"
expect_line '^console: framebuffer [0-9]+x[0-9]+, 32 bpp, pitch [0-9]+, at 0x[0-9a-f]+ \(red 16:8 green 8:8 blue 0:8\): [0-9]+x[0-9]+ characters$'
expect_line '^hypervisor: fatal: VT-x not available: CPUID.1:ECX.VMX\[bit 5\] = 0'
expect_screen_line '^hypervisor: fatal: VT-x not available: CPUID.1:ECX.VMX\[bit 5\] = 0'
expect_screen_line '^hypervisor: halted$'
# The log scrolled (the EFI memory map alone is longer than the screen):
# the first lines are gone, the stop is on the last line but one written.
expect_screen_line '^guest memory: [0-9]+ MiB usable$'
[ "$(grep -c . "$SCREEN")" -gt 10 ] || fail "fewer than 10 lines of text on the screen"
! grep -q '?' "$SCREEN" || fail "cells on the screen that are no glyph of the font"
expect_status 0
finish
