#!/bin/sh
# Builds a GRUB rescue ISO (legacy BIOS and UEFI) that boots the hypervisor.
# Usage: mkiso.sh OUT.iso HYPERVISOR.elf "HV OPTIONS" [MODULE_FILE "MODULE CMDLINE"]...
# Each module is copied to /boot/ under its own name; its command line is what
# GRUB passes with it (module2 /boot/NAME CMDLINE).
set -eu
out=$1 elf=$2 hv_cmdline=$3
shift 3
stage=$(mktemp -d "${out%.iso}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$elf" "$stage/boot/hypervisor.elf"
{
	echo "set timeout=0"
	echo "set default=0"
	echo "menuentry \"hypervisor\" {"
	echo "  multiboot2 /boot/hypervisor.elf $hv_cmdline"
	while [ $# -ge 2 ]; do
		name=$(basename "$1")
		cp "$1" "$stage/boot/$name"
		echo "  module2 /boot/$name $2"
		shift 2
	done
	echo "  boot"
	echo "}"
} >"$stage/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$stage" >"${out%.iso}.mkrescue.log" 2>&1 ||
	{ cat "${out%.iso}.mkrescue.log" >&2; exit 1; }
