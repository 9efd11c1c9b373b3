#!/bin/bash
# Builds Bochs 3 (the development tree: CPU models of the 2020s, UEFI with
# VT-x) once into a cache outside the clone and prints the path of its
# folder, which holds bin/bochs and share/ (BIOS, VGA BIOS, OVMF).
# Usage: tools/build-bochs.sh [--check]
#   --check  only say whether the cached build is there (exit 0) or not (1).
#
# The source: BOCHS_TARBALL, else ../shared/bochs/bochs-3.0.devel-783b58fd6.tar.xz
# beside the clone (CI lays it there). Without it, take upstream's archive of
# commit 783b58fd6d9bae598a07c59719122322fa0edce6
#   https://github.com/bochs-emu/Bochs/archive/783b58fd6d9bae598a07c59719122322fa0edce6.tar.gz
# and pass it as BOCHS_TARBALL: every file of the pinned source is checked
# against its sha256 in tools/bochs/source.sha256 (files upstream has beyond
# it, such as its HTML docs, are not used), so either archive builds the
# same emulator.
#
# The cache: ${XDG_CACHE_HOME:-$HOME/.cache}/vtx-hypervisor/bochs-<recipe>/,
# where <recipe> is a hash of the source manifest, the patches in
# tools/bochs/ and the configure options: the build is reused while they stay
# the same.
# One build at a time (flock); it takes 5 to 10 minutes on 2 cores.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
manifest=$here/bochs/source.sha256
tarball=${BOCHS_TARBALL:-$root/../shared/bochs/bochs-3.0.devel-783b58fd6.tar.xz}

# Configure options: 64-bit, SMP, VMX with EPT (vmx=2), the ISA extensions
# of the models we run (AVX-512, AMX, CET, FRED, UINTR, protection keys),
# PCI (for fw_cfg and OVMF), the debugger (the magic breakpoint that ends a
# successful test needs it) and the display libraries without X.
configure_options=(--enable-x86-64 --enable-smp --enable-cpu-level=6 --enable-vmx=2
	--enable-avx --enable-evex --enable-amx --enable-cet --enable-fred --enable-uintr
	--enable-protection-keys --enable-all-optimizations --enable-pci --enable-debugger
	--disable-debugger-gui --disable-readline --disable-plugins --disable-docbook
	--with-term --with-rfb --with-nogui --without-x11)

recipe=$({ cat "$manifest" "$here"/bochs/*.patch; echo "${configure_options[*]}"; } |
	sha256sum | cut -c1-12)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/vtx-hypervisor/bochs-$recipe

if [ -x "$cache/bin/bochs" ]; then
	echo "$cache"
	exit 0
fi
[ "${1:-}" = --check ] && exit 1

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
# Another build may have finished while this one waited for the lock.
if [ -x "$cache/bin/bochs" ]; then
	echo "$cache"
	exit 0
fi

if [ ! -r "$tarball" ]; then
	cat >&2 <<-EOF
	build-bochs.sh: no Bochs source at $tarball.
	Download upstream's archive of the pinned commit and pass it as BOCHS_TARBALL:
	  https://github.com/bochs-emu/Bochs/archive/783b58fd6d9bae598a07c59719122322fa0edce6.tar.gz
	EOF
	exit 1
fi

for tool in g++ make; do
	command -v $tool >/dev/null || { echo "build-bochs.sh: needs $tool" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bochs-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
log=$cache/build.log
echo "build-bochs.sh: building Bochs 3 into $cache (5 to 10 minutes; log in $log)" >&2

tar -xf "$tarball" -C "$work"
# The pinned tarball holds bochs/; upstream's archive Bochs-<commit>/bochs/.
src=$(dirname "$(find "$work" -maxdepth 3 -name configure.ac -path '*/bochs/*' | head -n 1)")
[ -d "$src" ] || { echo "build-bochs.sh: no bochs/ folder in $tarball" >&2; exit 1; }
(cd "$src" && sha256sum --quiet --strict -c "$manifest") >"$log" 2>&1 ||
	{ echo "build-bochs.sh: $tarball is not the pinned Bochs source (see $log)" >&2; exit 1; }

for patch in "$here"/bochs/*.patch; do
	patch -d "$src" -p1 --quiet <"$patch" >>"$log" 2>&1 ||
		{ echo "build-bochs.sh: $patch does not apply (see $log)" >&2; exit 1; }
done

(cd "$src" && ./configure "${configure_options[@]}" && make -j"$(nproc)") >>"$log" 2>&1 ||
	{ echo "build-bochs.sh: the build failed; the end of $log:" >&2; tail -n 20 "$log" >&2; exit 1; }

mkdir -p "$cache/bin" "$cache/share"
cp "$src/bios/BIOS-bochs-latest" "$src/bios/VGABIOS-lgpl/VGABIOS-lgpl-latest.bin" \
	"$src/bios/OVMF/OVMF-pure-efi.fd" "$cache/share/"
install -m 755 "$src/bochs" "$cache/bin/bochs.new"
mv "$cache/bin/bochs.new" "$cache/bin/bochs"
echo "$cache"
