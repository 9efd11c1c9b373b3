#!/bin/sh
# Builds a GRUB rescue ISO (legacy BIOS and UEFI) that boots the hypervisor.
# Usage: mkiso.sh OUT.iso HYPERVISOR.elf "HV OPTIONS" [MODULE_FILE "MODULE CMDLINE"]...
# Each module is copied to /boot/ under its own name; its command line is what
# GRUB passes with it (module2 /boot/NAME CMDLINE).
#    or: mkiso.sh --bare-linux OUT.iso BZIMAGE INITRD "KERNEL CMDLINE"
# boots Linux with GRUB alone, without the hypervisor (for comparisons).
#    or: mkiso.sh --bare-multiboot OUT.iso KERNEL.elf "KERNEL CMDLINE"
# boots a multiboot (v1) kernel, such as a test guest, with GRUB alone.
set -eu
bare=
case "$1" in
--bare-linux) bare=linux; shift ;;
--bare-multiboot) bare=multiboot; shift ;;
esac
out=$1
stage=$(mktemp -d "${out%.iso}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
{
	echo "set timeout=0"
	echo "set default=0"
	# UEFI: GRUB hands over the GOP framebuffer (efi_gop; efi_uga on old Macs).
	echo "if [ \"\$grub_platform\" = efi ]; then insmod efi_gop; insmod efi_uga; fi"
	echo "menuentry \"hypervisor\" {"
	if [ "$bare" = multiboot ]; then
		cp "$2" "$stage/boot/kernel.elf"
		echo "  multiboot /boot/kernel.elf $3"
	elif [ "$bare" = linux ]; then
		cp "$2" "$stage/boot/vmlinuz"
		cp "$3" "$stage/boot/initrd.img"
		echo "  linux /boot/vmlinuz $4"
		echo "  initrd /boot/initrd.img"
	else
		cp "$2" "$stage/boot/hypervisor.elf"
		echo "  multiboot2 /boot/hypervisor.elf $3"
		shift 3
		while [ $# -ge 2 ]; do
			name=$(basename "$1")
			cp "$1" "$stage/boot/$name"
			echo "  module2 /boot/$name $2"
			shift 2
		done
		# Legacy BIOS: stay in VGA text mode. multiboot2 sets gfxpayload=auto
		# for a kernel that accepts a framebuffer, and a VBE mode set by GRUB
		# triple-faults under Bochs' VGA BIOS: override it after that line.
		echo "  if [ \"\$grub_platform\" = pc ]; then set gfxpayload=text; fi"
	fi
	echo "  boot"
	echo "}"
} >"$stage/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$stage" >"${out%.iso}.mkrescue.log" 2>&1 ||
	{ cat "${out%.iso}.mkrescue.log" >&2; exit 1; }
