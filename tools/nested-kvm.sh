#!/bin/bash
# The nested-KVM machine: Bochs (corei7_skylake_x, which emulates VMX) boots
# Debian's cloud kernel (L1) with KVM (kvm_intel nested=1), and L1 runs
# QEMU/KVM (Debian's qemu-system-x86 and SeaBIOS), whose guest is the
# hypervisor: the hypervisor meets KVM's VMX emulation, as on a user's QEMU/KVM
# machine with nested VT-x.
# Usage: nested-kvm.sh [--cpus N] [--timeout SECONDS] OUT_DIR PLAN
#   PLAN: one QEMU run a line, "NAME QEMU-ARGUMENTS" (shell words: quotes
#   work; NAME may hold a folder, as iso/basic); a path starting with @ is a
#   file of this machine, copied into L1 (as /nested/ and its base name). L1's /init (tools/nested-kvm-init) adds
#   -enable-kvm -cpu host, COM1 on L1's console and isa-debug-exit at 0xf4.
#   --cpus: Bochs' processors (default 1; QEMU -smp 2 needs 2, or both vCPU
#   threads share one).
# Writes OUT_DIR/l1.serial.log (all of L1's console), l1.bochs.log (Bochs' log;
# its last line starts with the tick count), and for each run NAME.serial.log
# (its guest's COM1) and NAME.status (QEMU's exit status: 1 after the
# hypervisor's success stop, 3 after its failure stop; none if it never ended).
# Prints each run's status and Bochs' tick count. Exit status: QEMU's, when
# the plan has one run; else 0 when every run ended, 1 when one did not.
# The L1 kernel, modules, busybox, QEMU with its libraries and firmware are
# an initramfs built once (build/nested/, keyed by the package versions).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cpus=1 timeout=1800
while [ $# -gt 0 ]; do
	case "$1" in
	--cpus) cpus=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || { echo "usage: nested-kvm.sh [--cpus N] [--timeout S] OUT_DIR PLAN" >&2; exit 2; }
out=$1 plan=$2
cache=$root/build/nested
mkdir -p "$out" "$cache"

qemu=/usr/bin/qemu-system-x86_64
[ -x "$qemu" ] || { echo "nested-kvm.sh: $qemu missing (Debian package qemu-system-x86)" >&2; exit 2; }
"$root/tools/fetch-linux.sh" || exit 2
package=$(cat "$root/build/linux/kernel-package")
version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }
key=$(printf '%s\n' "$package" "qemu $(version qemu-system-x86)" "seabios $(version seabios)" \
	"$(sha256sum <"$root/build/linux/busybox")" "layout 1" | sha256sum | cut -c1-16)
base=$cache/l1-base-$key.cpio

# The L1 initramfs part that does not change between runs: busybox, the KVM
# modules of the kernel's own package, QEMU, every shared library it loads
# (ldd's closure) and the firmware it reads.
build_base() {
	local stage=$cache/stage.$$ lib
	rm -rf "$stage" && mkdir -p "$stage/bin" "$stage/pkg"
	(cd "$stage/pkg" && apt-get download "$package" >/dev/null 2>&1) ||
		{ echo "nested-kvm.sh: apt-get download $package failed" >&2; return 1; }
	dpkg-deb -x "$stage"/pkg/*.deb "$stage/pkg/root"
	local kdir=lib/modules/${package#linux-image-}/kernel
	for m in virt/lib/irqbypass.ko arch/x86/kvm/kvm.ko arch/x86/kvm/kvm-intel.ko; do
		mkdir -p "$stage/root/$kdir/$(dirname "$m")"
		cp "$stage/pkg/root/$kdir/$m" "$stage/root/$kdir/$m" || return 1
	done
	cp "$stage"/pkg/root/boot/vmlinuz-* "$cache/l1-vmlinuz-$key"
	mkdir -p "$stage/root/bin" "$stage/root/usr/bin" "$stage/root/usr/share/qemu" \
		"$stage/root/usr/share/seabios"
	cp "$root/build/linux/busybox" "$stage/root/bin/busybox"
	cp "$qemu" "$stage/root/usr/bin/"
	for lib in $(ldd "$qemu" | grep -oE '/[^ ]+'); do
		mkdir -p "$stage/root$(dirname "$lib")"
		cp -L "$lib" "$stage/root$lib"
	done
	cp /usr/share/seabios/bios-256k.bin "$stage/root/usr/share/seabios/"
	for f in kvmvapic.bin linuxboot_dma.bin multiboot_dma.bin pvh.bin; do
		cp "/usr/share/qemu/$f" "$stage/root/usr/share/qemu/"
	done
	# Uncompressed: L1 copies it at once, where unpacking costs Bochs ticks.
	(cd "$stage/root" && find . | "$root/build/linux/busybox" cpio -o -H newc 2>/dev/null >"$base.new") || return 1
	mv "$base.new" "$base"
	rm -rf "$stage"
}
if [ ! -f "$base" ]; then
	echo "nested-kvm.sh: building the L1 initramfs ($package, qemu $(version qemu-system-x86))"
	build_base || { rm -rf "$cache/stage.$$"; exit 2; }
fi

# This run's part: /init, the plan and its files.
run_stage=$out/l1-run
rm -rf "$run_stage" && mkdir -p "$run_stage/nested"
cp "$root/tools/nested-kvm-init" "$run_stage/init"
chmod +x "$run_stage/init"
: >"$run_stage/nested/runs"
while read -r line; do
	[ -n "$line" ] || continue
	for file in $(printf '%s\n' "$line" | grep -oE "@[^ \"',]+"); do
		cp "${file#@}" "$run_stage/nested/" || exit 2
	done
	printf '%s\n' "$line" | sed -E "s#@([^ \"',]*/)?([^ /\"',]+)#/nested/\\2#g" >>"$run_stage/nested/runs"
done <"$plan"
(cd "$run_stage" && find . | "$root/build/linux/busybox" cpio -o -H newc 2>/dev/null >"$out/l1-run.cpio") || exit 2
cat "$base" "$out/l1-run.cpio" >"$out/l1-initrd.img"
rm -rf "$run_stage" "$out/l1-run.cpio"

# clearcpuid=304 (X86_FEATURE_AVX512F, word 9 bit 16): Bochs 2.7's
# skylake_x reports an XSAVE area size for its AVX-512 state that does not
# match the components' offsets ("XSAVE consistency problem: size 2432 !=
# kernel_size 2688"), and Linux then turns XSAVE off altogether, so KVM would
# offer its guests no XSAVE; without AVX-512, L1 uses XSAVE for x87, SSE and
# AVX and KVM passes those on.
cmdline="console=ttyS0,115200 cryptomgr.notests quiet idle=halt clearcpuid=304"
"$root/tools/mkiso.sh" --bare-linux "$out/l1.iso" "$cache/l1-vmlinuz-$key" "$out/l1-initrd.img" \
	"$cmdline" || exit 2
rm -f "$out/l1-initrd.img"

# KVM reads IA32_DEBUGCTL, which Bochs' skylake_x lacks: ignore_bad_msrs=1.
BOCHS_MEGS=1536 BOCHS_CPUS=$cpus BOCHS_IGNORE_BAD_MSRS=1 BOCHS_LOG=$out/l1.bochs.log \
	timeout -k 10 "$timeout" "$root/tools/run-bochs.sh" "$out/l1.iso" "$out/l1.serial.log" \
	>"$out/l1.emulator.log" 2>&1
bochs_status=$?
rm -f "$out/l1.iso"

# Each run's COM1: the lines between its two markers.
ended=0 runs=0 last=
while read -r name _; do
	[ -n "$name" ] || continue
	runs=$((runs + 1))
	mkdir -p "$(dirname "$out/$name")"
	tr -d '\r' <"$out/l1.serial.log" |
		awk -v n="$name" '$0 ~ "^nested: run " n " start" { on = 1; next }
			$0 ~ "^nested: run " n " status " { on = 0 } on' >"$out/$name.serial.log"
	last=$(tr -d '\r' <"$out/l1.serial.log" | sed -n "s|^nested: run $name status \\([0-9]*\\) .*|\\1|p")
	rm -f "$out/$name.status"
	if [ -n "$last" ]; then
		echo "$last" >"$out/$name.status"
		ended=$((ended + 1))
		echo "nested-kvm: $name: QEMU exit status $last"
	else
		echo "nested-kvm: $name: did not end"
	fi
done <"$plan"
ticks=$(grep -oE '^[0-9]+' "$out/l1.bochs.log" 2>/dev/null | tail -n 1 | sed 's/^0*//')
echo "nested-kvm: Bochs ended with status $bochs_status after ${ticks:-?} ticks ($cpus CPUs)"
if [ "$runs" -eq 1 ] && [ -n "$last" ]; then
	exit "$last"
fi
[ "$ended" -eq "$runs" ]
