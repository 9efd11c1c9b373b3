# The boot path shared by the three boot tests: the basic test guest as
# module 0 and a text file as its module; banner, options, memory map
# summary, the modules GRUB loaded and the hypervisor's memory.
boot_path_iso() {
	printf 'module for the boot tests\n' >"$OUT/$TEST.module.txt"
	make_guest_iso basic "verbose bogus_option=1" "$OUT/$TEST.module.txt" "testmod alpha beta"
}

expect_boot_path() {
	# GRUB's own messages reach COM1 under OVMF: no video error or warning.
	expect_no_line "error: |WARNING: no console"
	expect_line '^hypervisor: starting \(image 0x0*8000000-'
	expect_line "^boot loader: GRUB"
	expect_line "^command line: 'verbose bogus_option=1'"
	expect_line "^hypervisor: warning: unknown option 'bogus_option' ignored"
	expect_line "^options: intercept=none trace=none monitor=off console=both gdb=off verbose$"
	expect_line "^memory map \\($1, [0-9]+ regions\\):"
	expect_line "^usable memory: (4[89][0-9]|5[01][0-9]) MiB$"
	expect_line "^modules: 2$"
	expect_line "^  module 0: [0-9a-f]{8}-[0-9a-f]{8} [0-9]+ bytes 'basic'$"
	expect_line "^  module 1: [0-9a-f]{8}-[0-9a-f]{8} 26 bytes 'testmod alpha beta'$"
	expect_line "^memory: hypervisor pool [0-9a-f]+-[0-9a-f]+ \\(18 MiB\\)"
	expect_line "^guest memory: [0-9]+ MiB usable$"
	expect_line "^iommu: no ACPI DMAR table \\(no VT-d\\): device DMA is not confined"
	expect_line "^guest: multiboot kernel 'basic': 1 segments at 0x100000-0x[0-9a-f]+, entry 0x[0-9a-f]+, 1 modules"
}

# In QEMU TCG there is no VMX: the hypervisor says so and stops cleanly.
expect_no_vtx() {
	expect_line '^hypervisor: fatal: VT-x not available: CPUID.1:ECX.VMX\[bit 5\] = 0'
	expect_no_line "entering the guest"
	expect_status 3     # isa-debug-exit: failure stop (1 << 1) | 1
}
