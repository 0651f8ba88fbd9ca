#!/bin/sh
# Build the amd64 test guest from Debian's own packages:
#   OUT/vmlinuz          Debian 12's current amd64 kernel (a bzImage)
#   OUT/guest.cpio.gz    a busybox initramfs whose /init loads the
#                        virtio-mmio modules, reports a virtio disk and
#                        RNG if the board has them, prints
#                        "KESTREL-GUEST: shell ready" from a shell, then
#                        powers the machine off
#   OUT/linux/           the unpacked kernel package (its modules are what
#                        scripts/test-kvm-boot.sh loads into the outer guest)
#   OUT/busybox          the static busybox it uses
#
# usage: scripts/make-amd64-guest.sh [OUT]   (default: tests/images/amd64)
#
# Idempotent and cached: the .debs are kept in OUT/debs, and nothing is
# rebuilt when OUT/stamp names the same packages. Set KERNEL_PKG to pin
# another linux-image-*-amd64 package. Exit status 77 when the packages
# cannot be had (no apt, no network): meson reports that as a skip.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/tests/images/amd64}
mkdir -p "$out/debs"
out=$(cd "$out" && pwd)

skip() {
    echo "make-amd64-guest: $*" >&2
    exit 77
}

for tool in apt-get apt-cache dpkg-deb gzip readelf; do
    command -v $tool >/dev/null 2>&1 || skip "needs $tool (Debian's apt)"
done

# linux-image-amd64 is the metapackage; it depends on the real one,
# e.g. linux-image-6.1.0-56-amd64.
if [ -z "${KERNEL_PKG:-}" ]; then
    KERNEL_PKG=$(apt-cache depends linux-image-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' |
        head -n 1)
    [ -n "$KERNEL_PKG" ] ||
        skip "apt-cache knows no linux-image-amd64 (run apt-get update)"
fi
BUSYBOX_PKG=busybox-static

# Bump when the initramfs recipe below changes.
RECIPE=4
want="$KERNEL_PKG $BUSYBOX_PKG recipe-$RECIPE"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$want" ] &&
    [ -f "$out/vmlinuz" ] && [ -f "$out/guest.cpio.gz" ]; then
    echo "make-amd64-guest: $out is up to date ($KERNEL_PKG)"
    exit 0
fi

fetch() {
    # apt-get download drops privileges to _apt, which may not write here:
    # download in a scratch directory it can write, then move.
    pkg=$1
    if ls "$out/debs/${pkg}"_*.deb >/dev/null 2>&1; then
        return 0
    fi
    tmp=$(mktemp -d)
    chmod 0777 "$tmp"
    if ! (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1); then
        rm -rf "$tmp"
        skip "apt-get download $pkg failed (no network or apt lists?)"
    fi
    mv "$tmp"/*.deb "$out/debs/"
    rm -rf "$tmp"
}

echo "make-amd64-guest: fetching $KERNEL_PKG and $BUSYBOX_PKG"
fetch "$KERNEL_PKG"
fetch "$BUSYBOX_PKG"

rm -rf "$out/linux" "$out/bb"
dpkg-deb -x "$(ls "$out/debs/${KERNEL_PKG}"_*.deb | head -n 1)" "$out/linux"
dpkg-deb -x "$(ls "$out/debs/${BUSYBOX_PKG}"_*.deb | head -n 1)" "$out/bb"
cp "$out"/linux/boot/vmlinuz-* "$out/vmlinuz"
cp "$out/bb/bin/busybox" "$out/busybox"
rm -rf "$out/bb"

# The initramfs. Built with busybox's own cpio, so the host needs no cpio.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/lib/modules"
cp "$out/busybox" "$root/bin/busybox"
for applet in sh echo mount poweroff reboot cat uname grep insmod head \
    md5sum dd sync cut; do
    ln -s busybox "$root/bin/$applet"
done

# The virtio modules (Debian builds virtio, virtio_mmio and the drivers as
# modules), dependencies first, as each module's .modinfo "depends=" says:
# the package ships no modules.dep.
. "$here/scripts/kmod-order.sh"
moddir=$(ls -d "$out"/linux/lib/modules/*/kernel)
order=$(kmod_order "$moddir" virtio_mmio virtio_blk virtio_rng) || exit 1
n=0
for m in $order; do
    n=$((n + 1))
    cp "$(kmod_path "$moddir" "$m")" \
        "$root/lib/modules/$(printf %02d $n)-$m.ko"
done
cat > "$root/init" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "KESTREL-GUEST: kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU(s)"
for m in /lib/modules/*.ko; do
    insmod $m || echo "KESTREL-GUEST: insmod $m failed"
done
# A virtio disk (the first virtio-mmio device in the DSDT): the md5sum of
# its first 64 KiB, then a marker written at 1 MiB, flushed, for the host
# to find in the image after poweroff.
if [ -b /dev/vda ]; then
    echo "KESTREL-GUEST: vda $(head -c 65536 /dev/vda | md5sum | cut -c1-32)"
    echo KESTREL-DISK-WRITE | dd of=/dev/vda bs=512 seek=2048 conv=fsync \
        2>/dev/null && echo "KESTREL-GUEST: vda written"
fi
if [ -c /dev/hwrng ] && [ "$(cat /sys/class/misc/hw_random/rng_current)" != none ]; then
    echo "KESTREL-GUEST: hwrng $(cat /sys/class/misc/hw_random/rng_current) $(head -c 64 /dev/hwrng | md5sum | cut -c1-8)"
fi
sh -c 'echo "KESTREL-GUEST: shell ready"'
# kestrel.reboot on the command line: reboot instead (tests reset).
if grep -q kestrel.reboot /proc/cmdline; then
    reboot -f
fi
poweroff -f
EOF
chmod 0755 "$root/init"
(cd "$root" && find . | sort | "$out/busybox" cpio -o -H newc -R 0:0 \
    2>/dev/null) | gzip -9 > "$out/guest.cpio.gz.tmp"
mv "$out/guest.cpio.gz.tmp" "$out/guest.cpio.gz"

echo "$want" > "$out/stamp"
echo "make-amd64-guest: built $out/vmlinuz and $out/guest.cpio.gz"
