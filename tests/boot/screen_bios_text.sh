#!/bin/bash
# The screen console in VGA text mode under a legacy BIOS (QEMU): GRUB stays
# in text mode (no VBE mode set) and the hypervisor's log, its "VT-x not
# available" stop included, is in VGA text memory, read through QEMU's monitor.
TEST=screen_bios_text
. "$(dirname "$0")/lib.sh"
SCREEN=$OUT/$TEST.screen.txt
make_guest_iso basic ""
start_qemu_for_screen 90
wait_for '^hypervisor: halted' 80
monitor_then_quit "xp /2000hx 0xb8000"
"$ROOT/build/screen-text" --vga-text "$OUT/$TEST.monitor.log" >"$SCREEN"
expect_line '^console: VGA text mode 80x25 at 0xb8000$'
expect_screen_line '^hypervisor: fatal: VT-x not available: CPUID.1:ECX.VMX\[bit 5\] = 0'
expect_screen_line '^hypervisor: halted$'
[ "$(wc -l <"$SCREEN")" -eq 25 ] || fail "the screen is not 25 lines of 80 characters"
expect_status 0
finish
