#!/bin/bash
# Boots the same Linux kernel and initrd to power-off in Bochs twice: alone
# (GRUB's `linux` command) and under the hypervisor, and reports the wall
# time of each and their ratio (build/bench-linux.txt). Bochs runs with
# sync=none, so both do the same emulated work; wall time is this machine's.
# Usage: bench-linux.sh BZIMAGE INITRD
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
kernel=$1 initrd=$2
out=$root/build/bench
mkdir -p "$out"
cmdline="console=ttyS0,115200 cryptomgr.notests quiet hvtest"

"$root/tools/mkiso.sh" --bare-linux "$out/bare.iso" "$kernel" "$initrd" "$cmdline" || exit 1
"$root/tools/mkiso.sh" "$out/hypervisor.iso" "$root/build/hypervisor.elf" "" \
	"$kernel" "$cmdline" "$initrd" initrd || exit 1

# run NAME ISO [env...]: prints the seconds, fails unless the marker came.
run() {
	local name=$1 iso=$2 start end
	shift 2
	start=$(date +%s.%N)
	env "$@" timeout 600 "$root/tools/run-bochs.sh" "$iso" "$out/$name.serial.log" \
		>"$out/$name.emulator.log" 2>&1
	end=$(date +%s.%N)
	if ! grep -q "initramfs: checks done" "$out/$name.serial.log"; then
		echo "bench-linux: the $name boot did not reach its checks (see $out/$name.serial.log)" >&2
		return 1
	fi
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'
}

# Bare Linux in Bochs needs MSRs Bochs lacks to read as 0 (DESIGN.md 3);
# the hypervisor emulates them itself.
bare=$(run bare "$out/bare.iso" BOCHS_IGNORE_BAD_MSRS=1) || exit 1
hv=$(run hypervisor "$out/hypervisor.iso") || exit 1
ratio=$(awk -v a="$bare" -v b="$hv" 'BEGIN { printf "%.3f", b / a }')
{
	echo "kernel: $(basename "$kernel") ($(cat "$root/build/linux/kernel-package" 2>/dev/null || echo custom))"
	echo "machine: $(nproc) cores, $(uname -m); Bochs corei7_skylake_x, ips=50000000, sync=none"
	echo "bare Bochs:          $bare s"
	echo "under the hypervisor: $hv s"
	echo "ratio:               $ratio"
} | tee "$root/build/bench-linux.txt"
