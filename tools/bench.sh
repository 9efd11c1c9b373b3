#!/bin/bash
# `make bench`: runs the exit-cost benchmark guest (guest/tests/bench.c) in
# Bochs, where TSC ticks count emulated instructions (a repeatable measure of
# the work per exit, not a time); under nested KVM (tools/nested-kvm.sh: KVM
# inside Bochs runs the hypervisor in QEMU, and the TSC still counts Bochs'
# ticks, so the figures are the length of KVM's nested exit path in the same
# unit); and, where /dev/kvm offers nested VT-x, in QEMU/KVM (real cycles).
# Writes build/bench-<machine>.txt and compares with the previous run's
# file, kept as build/bench-<machine>.previous.txt; then Bochs' and nested
# KVM's means side by side.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/bench
mkdir -p "$out"
iso=$out/bench.iso
# BENCH_OPTIONS: the hypervisor's options (default intercept=pf, which the
# #PF line needs); e.g. 'intercept=pf stats=ticks' to see what that costs.
options=${BENCH_OPTIONS:-intercept=pf}
"$root/tools/mkiso.sh" "$iso" "$root/build/hypervisor.elf" "$options" \
	"$root/build/guests/bench.elf" bench || exit 1

# report NAME: extracts the table from NAME.serial.log and compares it.
report() {
	local name=$1 table=$root/build/bench-$1.txt previous=$root/build/bench-$1.previous.txt
	if ! grep -q "^exit benchmark: done" <(tr -d '\r' <"$out/$name.serial.log"); then
		echo "bench: the $name run did not finish (see $out/$name.serial.log)" >&2
		return 1
	fi
	[ -f "$table" ] && mv "$table" "$previous"
	tr -d '\r' <"$out/$name.serial.log" | sed -n 's/^bench: //p' >"$table"
	echo "== $name ($2)"
	if [ -f "$previous" ]; then
		# operation, mean now, min now, mean before
		awk -F'  +' 'NR == FNR { before[$1] = $2; next }
			FNR == 1 { printf "%-28s %8s %8s %14s\n", "operation", "mean", "min", "mean before"; next }
			{ printf "%-28s %8s %8s %14s\n", $1, $2, $3, ($1 in before) ? before[$1] : "-" }' \
			"$previous" "$table"
	else
		cat "$table"
	fi
}

timeout 600 "$root/tools/run-bochs.sh" "$iso" "$out/bochs.serial.log" >"$out/bochs.emulator.log" 2>&1
report bochs "Bochs corei7_skylake_x, ips=50000000: TSC ticks ~ emulated instructions" || exit 1

# Nested KVM: QEMU loads the hypervisor and the guest itself (-kernel).
echo "nested -m 256 -kernel @$root/build/hypervisor.elf -append \"$options\"" \
	"-initrd \"@$root/build/guests/bench.elf bench\"" >"$out/nested.plan"
"$root/tools/nested-kvm.sh" --timeout 1800 "$out/nested" "$out/nested.plan" \
	>"$out/nested.emulator.log" 2>&1
cp "$out/nested/nested.serial.log" "$out/nested.serial.log" 2>/dev/null
report nested "nested KVM in Bochs corei7_skylake_x: TSC ticks = Bochs ticks" || exit 1
echo "== Bochs beside nested KVM (mean ticks per round trip)"
awk -F'  +' 'NR == FNR { nested[$1] = $2; next }
	FNR == 1 { printf "%-28s %8s %12s\n", "operation", "Bochs", "nested KVM"; next }
	{ printf "%-28s %8s %12s\n", $1, $2, ($1 in nested) ? nested[$1] : "-" }' \
	"$root/build/bench-nested.txt" "$root/build/bench-bochs.txt"
if "$root/tools/run-qemu.sh" --accel auto --probe 2>/dev/null; then
	timeout 300 "$root/tools/run-qemu.sh" --accel kvm "$iso" "$out/kvm.serial.log" \
		>"$out/kvm.emulator.log" 2>&1
	report kvm "QEMU/KVM, nested VT-x: TSC ticks = cycles" || exit 1
else
	echo "(no nested VT-x through /dev/kvm here: QEMU/KVM run skipped)"
fi
