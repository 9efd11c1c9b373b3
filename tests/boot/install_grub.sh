#!/bin/bash
# tools/install-grub.sh against a fake installed system (a /boot with two
# kernels, /proc/cmdline and /proc/cpuinfo): the dry run prints an entry for
# the newest kernel with the system's command line and changes nothing; the
# refusals name what is missing; and the entry itself, put in a GRUB image
# with those files, boots the hypervisor and its Linux guest under UEFI and
# under a legacy BIOS (QEMU: no VMX, so it stops after loading Linux).
TEST=install_grub
. "$(dirname "$0")/lib.sh"
FAKE=$OUT/$TEST.root
VERSION=6.1.0-99-amd64
rm -rf "$FAKE"
mkdir -p "$FAKE/boot" "$FAKE/proc" "$FAKE/etc/grub.d"
cp "$ROOT/build/linux/vmlinuz" "$FAKE/boot/vmlinuz-$VERSION"
cp "$ROOT/build/linux/initrd.img" "$FAKE/boot/initrd.img-$VERSION"
: >"$FAKE/boot/vmlinuz-6.1.0-9-amd64"          # older: sorts first by version
echo "BOOT_IMAGE=/boot/vmlinuz-$VERSION root=UUID=0123-abcd ro console=ttyS0,115200 quiet" \
	>"$FAKE/proc/cmdline"
echo "flags		: fpu vme de pse tsc msr pae vmx sse sse2" >"$FAKE/proc/cpuinfo"

install() {
	"$ROOT/tools/install-grub.sh" "$@" >"$SERIAL" 2>&1
	STATUS=$?
}

install --dry-run --root "$FAKE" "$ROOT/build/hypervisor.elf"
expect_status 0
ENTRY=$OUT/$TEST.entry.cfg
sed -n '/^menuentry /,/^}/p' "$SERIAL" >"$ENTRY"
expect_line '^menuentry "Linux under the VT-x hypervisor" \{$'
expect_line '^	multiboot2 /boot/hypervisor.elf console=both$'
expect_line "^	module2 /boot/vmlinuz-$VERSION root=UUID=0123-abcd ro console=ttyS0,115200 quiet\$"
expect_line "^	module2 /boot/initrd.img-$VERSION initrd\$"
expect_line '^	if \[ "\$grub_platform" = efi \]; then insmod efi_gop; insmod efi_uga; fi$'
expect_line '^	if \[ "\$grub_platform" = pc \]; then set gfxpayload=text; fi$'
expect_no_line 'BOOT_IMAGE'
if [ -e "$FAKE/boot/hypervisor.elf" ] || [ -n "$(ls "$FAKE/etc/grub.d")" ]; then
	fail "the dry run changed the fake system"
fi

# A command line naming no console gets console=tty0: Linux on the screen.
echo "BOOT_IMAGE=/boot/vmlinuz-$VERSION root=/dev/sda2 ro" >"$FAKE/proc/cmdline"
install --dry-run --root "$FAKE" "$ROOT/build/hypervisor.elf"
expect_line "^	module2 /boot/vmlinuz-$VERSION root=/dev/sda2 ro console=tty0\$"
echo "BOOT_IMAGE=/boot/vmlinuz-$VERSION root=UUID=0123-abcd ro console=ttyS0,115200 quiet" \
	>"$FAKE/proc/cmdline"

# Refusals: no VT-x, no initrd, no hypervisor image.
echo "flags		: fpu vme de pse tsc msr pae sse sse2" >"$FAKE/proc/cpuinfo"
install --dry-run --root "$FAKE" "$ROOT/build/hypervisor.elf"
expect_status 1
expect_line '^install-grub.sh: this CPU has no VT-x, or the firmware has it disabled'
echo "flags		: fpu vmx" >"$FAKE/proc/cpuinfo"
mv "$FAKE/boot/initrd.img-$VERSION" "$FAKE/initrd.img"
install --dry-run --root "$FAKE" "$ROOT/build/hypervisor.elf"
expect_status 1
expect_line "^install-grub.sh: no initrd .*/boot/initrd.img-$VERSION for kernel $VERSION; nothing installed\$"
mv "$FAKE/initrd.img" "$FAKE/boot/initrd.img-$VERSION"
install --dry-run --root "$FAKE" "$OUT/no-such.elf"
expect_status 1
expect_line '^install-grub.sh: no hypervisor image .*no-such.elf \(run make first\)'

# The real install into the fake root writes the grub.d script, which prints the entry.
install --root "$FAKE" "$ROOT/build/hypervisor.elf"
expect_status 0
cmp -s "$ROOT/build/hypervisor.elf" "$FAKE/boot/hypervisor.elf" || fail "hypervisor.elf not installed"
"$FAKE/etc/grub.d/42_vtx_hypervisor" | cmp -s - "$ENTRY" ||
	fail "the grub.d script does not print the dry run's entry"

# The entry boots: a GRUB image holding the fake /boot and only that entry.
STAGE=$OUT/$TEST.stage
rm -rf "$STAGE"
mkdir -p "$STAGE/boot/grub"
cp "$FAKE/boot/hypervisor.elf" "$FAKE/boot/vmlinuz-$VERSION" "$FAKE/boot/initrd.img-$VERSION" "$STAGE/boot/"
{ echo "set timeout=0"; cat "$ENTRY"; } >"$STAGE/boot/grub/grub.cfg"
ISO=$OUT/$TEST.iso
grub-mkrescue -o "$ISO" "$STAGE" >"$OUT/$TEST.mkrescue.log" 2>&1 || fail "grub-mkrescue failed"
for firmware in uefi qemu; do
	boot "$firmware" 200
	expect_line '^hypervisor: starting'
	expect_line "^command line: 'console=both'$"
	expect_line '^guest: Linux bzImage, boot protocol 2\.[0-9]+'
	expect_line "^guest: Linux command line 'root=UUID=0123-abcd ro console=ttyS0,115200 quiet'$"
	expect_line '^hypervisor: fatal: VT-x not available'
	expect_no_line "error: |WARNING: no console"
	expect_status 3
	cp "$SERIAL" "$OUT/$TEST.$firmware.serial.log"
done
expect_line '^console: VGA text mode 80x25 at 0xb8000$'     # the BIOS boot, the last one
grep -Eq '^console: framebuffer [0-9]+x[0-9]+, 32 bpp' "$OUT/$TEST.uefi.serial.log" ||
	fail "the UEFI boot drew no console on GRUB's framebuffer"
finish
