#!/bin/sh
# Adds a GRUB menu entry to an installed Debian or Ubuntu system that boots
# the hypervisor with that system's own newest kernel, its initrd and its
# command line (root= and the rest, from /proc/cmdline) as the guest.
# Usage: install-grub.sh [--dry-run] [--root DIR] [--options "HV OPTIONS"] [HYPERVISOR.elf]
#   --dry-run: print the entry and what would be done; change nothing.
#   --root DIR: the system's root (default /; other roots are for the tests:
#     they get the files but no update-grub).
#   --options: the hypervisor's command line (default console=both).
# Installs HYPERVISOR.elf (default build/hypervisor.elf) as /boot/hypervisor.elf
# and the entry as /etc/grub.d/42_vtx_hypervisor, then runs update-grub. The
# entry is not made the default. Run it again after a kernel upgrade.
set -eu
dry_run='' root=/ options=console=both
while [ $# -gt 0 ]; do
	case "$1" in
	--dry-run) dry_run=1; shift ;;
	--root) root=$2; shift 2 ;;
	--options) options=$2; shift 2 ;;
	-*) echo "install-grub.sh: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
done
elf=${1:-build/hypervisor.elf}
root=${root%/}
entry_name="Linux under the VT-x hypervisor"
snippet=$root/etc/grub.d/42_vtx_hypervisor

refuse() {
	echo "install-grub.sh: $*; nothing installed" >&2
	exit 1
}

# Linux lists the vmx flag only when the CPU has VT-x and the firmware left
# it enabled (IA32_FEATURE_CONTROL).
grep -qw vmx "$root/proc/cpuinfo" 2>/dev/null ||
	refuse "this CPU has no VT-x, or the firmware has it disabled (enable Intel Virtualization Technology in the firmware settings)"
[ -f "$elf" ] || refuse "no hypervisor image $elf (run make first)"
kernel=$(printf '%s\n' "$root"/boot/vmlinuz-* | sort -V | tail -n 1)
[ -f "$kernel" ] || refuse "no kernel $root/boot/vmlinuz-*"
version=${kernel##*/vmlinuz-}
initrd=$root/boot/initrd.img-$version
[ -f "$initrd" ] || refuse "no initrd $initrd for kernel $version"
[ -r "$root/proc/cmdline" ] || refuse "cannot read $root/proc/cmdline"
# The running system's command line without what the boot loader added.
cmdline=$(tr ' ' '\n' <"$root/proc/cmdline" | grep -v -e '^BOOT_IMAGE=' -e '^initrd=' -e '^$' |
	tr '\n' ' ')
case " $cmdline" in
*" root="*) ;;
*) refuse "no root= in $root/proc/cmdline" ;;
esac
case " $cmdline" in
*" console="*) ;;
*) cmdline="${cmdline}console=tty0 " ;;
esac
cmdline=${cmdline% }

# Paths as GRUB sees them: without /boot when /boot is its own file system.
prefix=/boot
[ "$(stat -c %d "$root/boot/")" != "$(stat -c %d "$root/")" ] && prefix=

print_entry() {
	cat <<ENTRY
menuentry "$entry_name" {
	insmod part_gpt
	insmod part_msdos
	insmod ext2
	search --no-floppy --set=root --file $prefix/hypervisor.elf
	if [ "\$grub_platform" = efi ]; then insmod efi_gop; insmod efi_uga; fi
	multiboot2 $prefix/hypervisor.elf $options
	module2 $prefix/vmlinuz-$version $cmdline
	module2 $prefix/initrd.img-$version initrd
	if [ "\$grub_platform" = pc ]; then set gfxpayload=text; fi
}
ENTRY
}

if [ -n "$dry_run" ]; then
	echo "install-grub.sh: would copy $elf to $root/boot/hypervisor.elf"
	echo "install-grub.sh: would write $snippet with this entry and run update-grub:"
	print_entry
	exit 0
fi
[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || refuse "run it as root (sudo) to write /boot and /etc/grub.d"
cp "$elf" "$root/boot/hypervisor.elf"
{
	echo "#!/bin/sh"
	echo "# Written by the hypervisor's tools/install-grub.sh; delete this file and run update-grub to remove the entry."
	echo "exec tail -n +4 \"\$0\""
	print_entry
} >"$snippet"
chmod 755 "$snippet"
echo "install-grub.sh: installed $root/boot/hypervisor.elf and $snippet"
if [ "$root" = "" ]; then
	update-grub
	echo "install-grub.sh: choose \"$entry_name\" in GRUB's menu at the next boot"
fi
