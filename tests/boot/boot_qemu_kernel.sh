#!/bin/bash
# The multiboot (version 1) boot path without an ISO: QEMU's -kernel loads
# the hypervisor and -initrd its modules (a test guest, and an initrd whose
# command line has a comma, written twice for QEMU). QEMU TCG has no VMX, so
# the hypervisor stops after its boot log, which must show what QEMU handed
# over: the loader, the command line and module strings without the files'
# names, the memory map and the ACPI RSDP found in the BIOS areas.
TEST=boot_qemu_kernel
. "$(dirname "$0")/lib.sh"
: >"$SERIAL"
timeout 60 qemu-system-x86_64 -accel tcg -cpu max -m 512 -display none -nodefaults -no-reboot \
	-serial "file:$SERIAL" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$ROOT/build/hypervisor.elf" -append "verbose" \
	-initrd "$ROOT/build/guests/basic.elf basic,$ROOT/build/linux/initrd.img initrd a,,b" \
	>"$OUT/$TEST.emulator.log" 2>&1
STATUS=$?
expect_line "^boot loader: qemu \\(multiboot\\)$"
expect_line "^command line: 'verbose'$"
expect_line "^options: .* verbose$"
expect_no_line "warning: unknown option"
expect_line "^memory map \\(BIOS, [0-9]+ regions\\):$"
expect_line "^  0000000000100000-[0-9a-f]{16} usable$"
expect_line "^modules: 2$"
expect_line "^  module 0: [0-9a-f]{8}-[0-9a-f]{8} [0-9]+ bytes 'basic'$"
expect_line "^  module 1: [0-9a-f]{8}-[0-9a-f]{8} [0-9]+ bytes 'initrd a,b'$"
expect_line "^ACPI RSDP: revision [02], copy at 0x"
expect_line "^guest: multiboot kernel 'basic': 1 segments at 0x100000-"
expect_line "^hypervisor: fatal: VT-x not available"
# isa-debug-exit: the hypervisor's failure stop
expect_status 3
finish
