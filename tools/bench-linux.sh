#!/bin/bash
# Boots the same Linux kernel and initrd to power-off in Bochs, alone (GRUB's
# `linux` command) and under the hypervisor, with one processor and with two,
# and reports for each run the emulated ticks (Bochs' tick count when it
# stops, exact and the same on every machine: with sync=none the TSC counts
# emulated instructions) and the wall time (this machine's, which varies by
# 20% and more between runs), and the ratios of hypervisor to bare
# (build/bench-linux.txt). Compare runs by the ticks.
# Usage: bench-linux.sh BZIMAGE INITRD
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
kernel=$1 initrd=$2
out=$root/build/bench
mkdir -p "$out"
# lapic=notscdeadline: the same timer in both boots. Seeing the hypervisor
# CPUID bit, Linux skips its microcode check of the TSC-deadline erratum
# (apic_check_deadline_errata) and uses the TSC-deadline timer, while bare
# on Bochs' model (no microcode revision) it falls back to the local APIC
# timer; the boots then wait different emulated times in their idle
# periods, which the tick count would charge to the hypervisor.
# idle=halt: with two processors Linux's MWAIT idle misses wakeups in
# Bochs, and some boots take three times the ticks (docs/PERFORMANCE.md).
cmdline="console=ttyS0,115200 cryptomgr.notests quiet hvtest lapic=notscdeadline idle=halt"

"$root/tools/mkiso.sh" --bare-linux "$out/bare.iso" "$kernel" "$initrd" "$cmdline" || exit 1
"$root/tools/mkiso.sh" "$out/hypervisor.iso" "$root/build/hypervisor.elf" "" \
	"$kernel" "$cmdline" "$initrd" initrd || exit 1

# run NAME ISO CPUS [env...]: prints "TICKS SECONDS", fails unless the
# initramfs reached its checks with every processor online.
run() {
	local name=$1 iso=$2 cpus=$3 start end ticks online
	shift 3
	start=$(date +%s.%N)
	env BOCHS_CPUS="$cpus" "$@" timeout -k 10 1200 "$root/tools/run-bochs.sh" "$iso" \
		"$out/$name.serial.log" >"$out/$name.emulator.log" 2>&1
	end=$(date +%s.%N)
	if ! grep -q "initramfs: checks done" "$out/$name.serial.log"; then
		echo "bench-linux: the $name boot did not reach its checks (see $out/$name.serial.log)" >&2
		return 1
	fi
	online=0
	[ "$cpus" -gt 1 ] && online="0-$((cpus - 1))"
	if ! tr -d '\r' <"$out/$name.serial.log" | grep -qx "cpus online: $online"; then
		echo "bench-linux: the $name boot does not have its $cpus processors online" >&2
		return 1
	fi
	# Bochs' log lines start with the emulated tick count; the last one is
	# written when it stops.
	ticks=$(grep -oE '^[0-9]+' "$out/$name.bochs.log" | tail -n 1 | sed 's/^0*//')
	awk -v t="$ticks" -v a="$start" -v b="$end" 'BEGIN { printf "%s %.2f\n", t, b - a }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b / a }'; }

# Bare Linux in Bochs needs MSRs Bochs lacks to read as 0 (DESIGN.md 3);
# the hypervisor emulates them itself.
results=
for cpus in 1 2; do
	read -r bare_ticks bare_s < <(run "bare-${cpus}cpu" "$out/bare.iso" "$cpus" \
		BOCHS_IGNORE_BAD_MSRS=1) || exit 1
	read -r hv_ticks hv_s < <(run "hypervisor-${cpus}cpu" "$out/hypervisor.iso" "$cpus") ||
		exit 1
	[ -n "$bare_ticks" ] && [ -n "$hv_ticks" ] || { echo "bench-linux: no tick count" >&2; exit 1; }
	results="$results$(printf '%s CPU%s | %s ticks, %s s | %s ticks, %s s | %s (ticks), %s (wall)' \
		"$cpus" "$([ "$cpus" -gt 1 ] && echo s)" "$bare_ticks" "$bare_s" "$hv_ticks" "$hv_s" \
		"$(ratio "$bare_ticks" "$hv_ticks")" "$(ratio "$bare_s" "$hv_s")")
"
done
{
	echo "kernel: $(basename "$kernel") ($(cat "$root/build/linux/kernel-package" 2>/dev/null || echo custom))"
	echo "machine: $(nproc) cores, $(uname -m); Bochs corei7_skylake_x, ips=50000000, sync=none"
	echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "processors | bare Bochs | under the hypervisor | ratio"
	printf '%s' "$results"
} | tee "$root/build/bench-linux.txt"
