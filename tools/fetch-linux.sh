#!/bin/sh
# Fetches the default Linux guest from Debian's registry, once, into
# build/linux/: the cloud kernel (its bzImage is LZ4-compressed, quick to
# unpack in Bochs) with its efivarfs module (EFI variables, through the
# runtime services, for the UEFI test) and busybox-static, and builds the
# test initramfs from tests/linux/init. Prints nothing when everything is
# cached.
# Environment: LINUX_PACKAGE (default below); if that exact package has left
# the registry, the newest linux-image-6.1.0-*-cloud-amd64 is used, and said.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/linux
package=${LINUX_PACKAGE:-linux-image-6.1.0-47-cloud-amd64}
mkdir -p "$out"
[ -f "$out/vmlinuz" ] && [ -f "$out/efivarfs.ko" ] && [ -f "$out/initrd.img" ] &&
	[ "$out/initrd.img" -nt "$root/tests/linux/init" ] && exit 0

cd "$out"
if [ ! -f vmlinuz ] || [ ! -f efivarfs.ko ]; then
	if ! apt-cache show "$package" >/dev/null 2>&1; then
		apt-get update -qq >/dev/null 2>&1 || true
	fi
	if ! apt-cache show "$package" >/dev/null 2>&1; then
		newest=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' |
			awk '{print $1}' | sort -V | tail -n 1)
		[ -n "$newest" ] || { echo "fetch-linux.sh: no $package and no other 6.1 cloud kernel in the registry" >&2; exit 1; }
		echo "fetch-linux.sh: $package is not in the registry; using $newest" >&2
		package=$newest
	fi
	rm -rf pkg && mkdir pkg
	(cd pkg && apt-get download "$package" >/dev/null 2>&1) ||
		{ echo "fetch-linux.sh: apt-get download $package failed" >&2; exit 1; }
	dpkg-deb -x pkg/*.deb pkg/root
	cp pkg/root/boot/vmlinuz-* vmlinuz.new
	cp pkg/root/lib/modules/*/kernel/fs/efivarfs/efivarfs.ko efivarfs.ko
	mv vmlinuz.new vmlinuz
	echo "$package" >kernel-package
	rm -rf pkg
fi
if [ ! -x busybox ]; then
	rm -rf bb && mkdir bb
	(cd bb && apt-get download busybox-static >/dev/null 2>&1) ||
		{ echo "fetch-linux.sh: apt-get download busybox-static failed" >&2; exit 1; }
	dpkg-deb -x bb/*.deb bb/root
	cp bb/root/bin/busybox busybox.new
	mv busybox.new busybox
	rm -rf bb
fi
rm -rf initramfs && mkdir -p initramfs/bin initramfs/lib/modules
cp busybox initramfs/bin/busybox
cp efivarfs.ko initramfs/lib/modules/
cp "$root/tests/linux/init" initramfs/init
chmod +x initramfs/init initramfs/bin/busybox
(cd initramfs && find . | ./bin/busybox cpio -o -H newc 2>/dev/null | gzip -9 >../initrd.img.new)
rm -rf initramfs
# Renamed into place only when whole: an interrupted run leaves no initrd
# that looks finished.
mv initrd.img.new initrd.img
