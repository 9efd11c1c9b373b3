#!/bin/bash
TEST=linux_smp_try
. "$(dirname "$0")/lib.sh"
make_iso "" "$ROOT/build/linux/vmlinuz" "console=ttyS0,115200 cryptomgr.notests quiet hvtest" \
	"$ROOT/build/linux/initrd.img" "initrd"
BOCHS_CPUS=2 boot bochs 240
finish
