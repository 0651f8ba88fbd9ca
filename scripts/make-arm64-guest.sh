#!/bin/sh
# Build the arm64 test guest from Debian's own packages:
#   OUT/vmlinuz      Debian 12's current arm64 kernel (a gzip'd Image)
#   OUT/initrd.gz    a busybox initramfs (newc, gzip) whose /init mounts
#                    proc/sys/dev, prints "KESTREL-GUEST-UP", runs a few
#                    checks (uname, cpuinfo, md5sum, /dev/vda), prints
#                    "KESTREL-GUEST-DONE" and powers the machine off
#   OUT/hello        the bytes of the guest's /etc/hello
#   OUT/linux/       the unpacked kernel package (config, modules)
#   OUT/debs/        the downloaded .debs (the cache)
#
# usage: scripts/make-arm64-guest.sh [OUT]   (default: tests/images/arm64)
#
# Idempotent and cached: nothing is downloaded or rebuilt when OUT/stamp
# names the same packages and recipe. KERNEL_PKG pins another
# linux-image-*-arm64 package. Needs apt-get, dpkg-deb, cpio and gzip;
# adds the arm64 foreign architecture (and runs apt-get update) when it is
# missing, which needs root. Exit status 77 when the packages cannot be had
# (no apt, no network, no root for apt): meson reports that as a skip.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/tests/images/arm64}
mkdir -p "$out/debs"
out=$(cd "$out" && pwd)

skip() {
    echo "make-arm64-guest: $*" >&2
    exit 77
}

for tool in apt-get apt-cache dpkg dpkg-deb gzip cpio; do
    command -v $tool >/dev/null 2>&1 || skip "needs $tool"
done

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    SUDO=none
fi

# Bump when the initramfs recipe below changes.
RECIPE=3
BUSYBOX_PKG=busybox-static

up_to_date() {
    [ -f "$out/stamp" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.gz" ] &&
        [ -f "$out/hello" ] &&
        [ "$(cat "$out/stamp")" = "$1" ]
}

# Offline fast path: a cache built before, and no pin asked for.
if [ -z "${KERNEL_PKG:-}" ] && [ -z "${REFRESH:-}" ] && [ -f "$out/stamp" ] &&
    [ "$(sed 's/.*recipe-//' "$out/stamp")" = "$RECIPE" ] &&
    up_to_date "$(cat "$out/stamp")"; then
    echo "make-arm64-guest: $out is up to date ($(cut -d' ' -f1 "$out/stamp"))"
    echo "make-arm64-guest: (REFRESH=1 looks for a newer kernel)"
    exit 0
fi

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    [ "$SUDO" != none ] || skip "needs root to dpkg --add-architecture arm64"
    echo "make-arm64-guest: adding the arm64 architecture to dpkg"
    $SUDO dpkg --add-architecture arm64
    $SUDO apt-get update -q >/dev/null 2>&1 || skip "apt-get update failed"
elif [ -n "${REFRESH:-}" ] ||
    ! apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1; then
    if [ "$SUDO" != none ]; then
        $SUDO apt-get update -q >/dev/null 2>&1 || skip "apt-get update failed"
    fi
fi

# linux-image-arm64 is the metapackage; it depends on the real one,
# e.g. linux-image-6.1.0-56-arm64.
if [ -z "${KERNEL_PKG:-}" ]; then
    KERNEL_PKG=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*-arm64\).*$/\1/p' |
        head -n 1)
    [ -n "$KERNEL_PKG" ] ||
        skip "apt-cache knows no linux-image-arm64:arm64 (apt-get update?)"
fi

want="$KERNEL_PKG $BUSYBOX_PKG recipe-$RECIPE"
if up_to_date "$want"; then
    echo "make-arm64-guest: $out is up to date ($KERNEL_PKG)"
    exit 0
fi

fetch() {
    # apt-get download drops privileges to _apt, which may not write here:
    # download in a scratch directory it can write, then move.
    pkg=$1
    if ls "$out/debs/${pkg}"_*_arm64.deb >/dev/null 2>&1; then
        return 0
    fi
    tmp=$(mktemp -d)
    chmod 0777 "$tmp"
    if ! (cd "$tmp" && apt-get download -q "$pkg:arm64" >/dev/null 2>&1); then
        rm -rf "$tmp"
        skip "apt-get download $pkg:arm64 failed (no network or apt lists?)"
    fi
    mv "$tmp"/*.deb "$out/debs/"
    rm -rf "$tmp"
}

echo "make-arm64-guest: fetching $KERNEL_PKG and $BUSYBOX_PKG (arm64)"
fetch "$KERNEL_PKG"
fetch "$BUSYBOX_PKG"

rm -rf "$out/linux" "$out/bb"
dpkg-deb -x "$(ls "$out/debs/${KERNEL_PKG}"_*_arm64.deb | head -n 1)" \
    "$out/linux"
dpkg-deb -x "$(ls "$out/debs/${BUSYBOX_PKG}"_*_arm64.deb | head -n 1)" \
    "$out/bb"
cp "$out"/linux/boot/vmlinuz-* "$out/vmlinuz"
cp "$out/bb/bin/busybox" "$out/busybox"
rm -rf "$out/bb"
kver=$(basename "$out"/linux/lib/modules/*)

# The initramfs. busybox is an arm64 binary: the applet links are made
# here by name rather than by running `busybox --install`.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" \
    "$root/etc" "$root/lib/modules"
cp "$out/busybox" "$root/bin/busybox"
for applet in sh ash echo mount umount poweroff reboot cat uname grep head \
    ls md5sum insmod modprobe dmesg sleep mkdir date; do
    ln -s busybox "$root/bin/$applet"
done
ln -s bin "$root/sbin"

# Debian builds the virtio transport and drivers as modules; the package
# has no modules.dep, so /init loads them in dependency order itself.
mods=$root/lib/modules
for m in kernel/drivers/virtio/virtio_mmio.ko \
    kernel/drivers/block/virtio_blk.ko; do
    src=$(ls "$out/linux/lib/modules/$kver/$m"* 2>/dev/null | head -n 1) ||
        true
    [ -n "$src" ] || continue
    case "$src" in
        *.xz) xz -dc "$src" > "$mods/$(basename "$m")" ;;
        *) cp "$src" "$mods/" ;;
    esac
done

# A file of known content; the test md5sums OUT/hello on the host.
printf 'Kestrel arm64 test guest\n' > "$out/hello"
cp "$out/hello" "$root/etc/hello"
cat > "$root/init" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "KESTREL-GUEST-UP"
uname -a
head -n 8 /proc/cpuinfo
# Known content: the test compares this with the host's md5sum of it.
md5sum /etc/hello
for m in virtio_mmio virtio_blk; do
    [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko 2>/dev/null
done
if [ -e /dev/vda ]; then
    ls -l /dev/vda
    head -c 64 /dev/vda | md5sum
fi
echo "KESTREL-GUEST-DONE"
poweroff -f
EOF
chmod 0755 "$root/init"
(cd "$root" && find . | sort | cpio -o -H newc -R 0:0 --quiet) |
    gzip -9 > "$out/initrd.gz.tmp"
mv "$out/initrd.gz.tmp" "$out/initrd.gz"

echo "$want" > "$out/stamp"
echo "make-arm64-guest: built $out/vmlinuz and $out/initrd.gz ($KERNEL_PKG)"
