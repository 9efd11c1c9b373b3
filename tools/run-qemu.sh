#!/bin/sh
# Boots an ISO in QEMU. Usage: run-qemu.sh [--uefi] [--accel tcg|kvm|auto] ISO [SERIAL_LOG]
#   --uefi: boot through OVMF (UEFI); default legacy BIOS.
#   --accel auto: KVM when /dev/kvm offers VT-x to guests (nested), else TCG.
#   With SERIAL_LOG, COM1 goes to that file; otherwise to this terminal.
#   --probe: with --accel auto, exit 0 if KVM would be used, 1 if not; boots nothing.
#   QEMU_SMP: processors (default 1). QEMU_EXTRA_ARGS: more QEMU arguments, e.g. "-M q35 -device intel-iommu -device edu".
#   --monitor PORT: QEMU's monitor on TCP 127.0.0.1:PORT (screendump for the screen tests).
#   --no-exit-device: without isa-debug-exit, so QEMU stays up when the hypervisor stops.
# Exit status: QEMU's isa-debug-exit gives (status << 1) | 1, so the
# hypervisor's success stop is 1 and its failure stop 3; a triple fault
# (-no-reboot) is 0.
set -eu
uefi= accel=tcg probe= monitor= exit_device="-device isa-debug-exit,iobase=0xf4,iosize=0x04"
while [ $# -gt 0 ]; do
	case "$1" in
	--uefi) uefi=1; shift ;;
	--monitor) monitor="-monitor tcp:127.0.0.1:$2,server,nowait"; shift 2 ;;
	--no-exit-device) exit_device=; shift ;;
	--accel) accel=$2; shift 2 ;;
	--probe) probe=1; shift ;;
	*) break ;;
	esac
done
iso=${1:-}
serial=${2:-}

kvm_has_vmx() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo || return 1
	nested=$(cat /sys/module/kvm_intel/parameters/nested 2>/dev/null || true)
	[ "$nested" = Y ] || [ "$nested" = 1 ]
}
if [ "$accel" = auto ]; then
	if kvm_has_vmx; then accel=kvm; else accel=tcg; fi
fi
if [ -n "$probe" ]; then
	[ "$accel" = kvm ]
	exit
fi
case "$accel" in
kvm) cpu="-accel kvm -cpu host" ;;
tcg) cpu="-accel tcg -cpu max" ;;
*) echo "run-qemu.sh: unknown accelerator '$accel'" >&2; exit 2 ;;
esac

if [ -n "$serial" ]; then serial_opt="file:$serial"; else serial_opt=mon:stdio; fi
firmware=
if [ -n "$uefi" ]; then
	ovmf=/usr/share/ovmf/OVMF.fd
	[ -r "$ovmf" ] || { echo "run-qemu.sh: $ovmf missing (Debian package ovmf)" >&2; exit 2; }
	firmware="-bios $ovmf"
fi
# shellcheck disable=SC2086
exec qemu-system-x86_64 $cpu -m 512 -smp "${QEMU_SMP:-1}" -cdrom "$iso" -boot d $firmware \
	-display none -no-reboot -serial "$serial_opt" $monitor $exit_device ${QEMU_EXTRA_ARGS:-}
