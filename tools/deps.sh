#!/bin/sh
# Installs the Debian packages the build, the emulators and the tests need,
# when missing: through apt-get as root, or through sudo. Usage: deps.sh [group]
#   build: compiler side (nasm, GRUB, xorriso, mtools)
#   fuzz:  clang and its libFuzzer runtime (the fuzz targets, tests/fuzz/)
#   bochs3: what tools/build-bochs.sh needs to build Bochs 3 from source
#   all:   build + fuzz + bochs3 + Bochs + QEMU + OVMF + gdb (default)
set -eu
group=${1:-all}
build_pkgs="nasm gcc gcc-multilib make binutils grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools"
fuzz_pkgs="clang libclang-rt-14-dev"
bochs3_pkgs="g++ make libncurses-dev patch xz-utils"
emu_pkgs="bochs bochs-term bochsbios vgabios qemu-system-x86 ovmf gdb"
case "$group" in
	build) pkgs=$build_pkgs ;;
	fuzz) pkgs=$fuzz_pkgs ;;
	bochs3) pkgs=$bochs3_pkgs ;;
	all) pkgs="$build_pkgs $fuzz_pkgs $bochs3_pkgs $emu_pkgs" ;;
	*) echo "deps.sh: unknown group '$group' (build, fuzz, bochs3 or all)" >&2; exit 2 ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "deps.sh: cannot install$missing: not root and no sudo. Install them with apt-get as root." >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || { echo "deps.sh: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$sudo apt-get install -y -qq $missing >/dev/null ||
	{ echo "deps.sh: apt-get install of$missing failed" >&2; exit 1; }
