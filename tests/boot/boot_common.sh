# The assertions shared by the three boot-path tests: banner, options,
# memory map summary, the module GRUB loaded and the free memory.
boot_path_iso() {
	printf 'module for the boot tests\n' >"$OUT/$TEST.module.txt"
	make_iso "verbose bogus_option=1" "$OUT/$TEST.module.txt" "testmod alpha beta"
}

expect_boot_path() {
	expect_line '^hypervisor: starting \(image 0x0*8000000-'
	expect_line "^boot loader: GRUB"
	expect_line "^command line: 'verbose bogus_option=1'"
	expect_line "^hypervisor: warning: unknown option 'bogus_option' ignored"
	expect_line "^options: intercept=none trace=none verbose$"
	expect_line "^memory map \\($1, [0-9]+ regions\\):"
	expect_line "^usable memory: (4[89][0-9]|5[01][0-9]) MiB$"
	expect_line "^modules: 1$"
	expect_line "^  module 0: [0-9a-f]{8}-[0-9a-f]{8} 26 bytes 'testmod alpha beta'$"
	expect_line "^guest memory: [0-9]+ MiB usable$"
	expect_line "^memory: hypervisor pool [0-9a-f]+-[0-9a-f]+ \\(18 MiB\\)"
}
