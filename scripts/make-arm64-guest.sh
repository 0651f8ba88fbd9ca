#!/bin/sh
# Build the arm64 test guest from Debian's own packages:
#   OUT/vmlinuz      Debian 12's current arm64 kernel (a gzip'd Image)
#   OUT/initrd.gz    a busybox initramfs (newc, gzip) with the virtio and
#                    ext4 modules; its /init mounts proc/sys/dev, prints
#                    "KESTREL-GUEST-UP", runs a few checks (uname, cpuinfo,
#                    md5sum), then does what kestrel.test= on the kernel
#                    command line asks (net, disk, shell; nothing: look at
#                    /dev/vda), prints "KESTREL-GUEST-DONE" and powers off
#   OUT/hello        the bytes of the guest's /etc/hello
#   OUT/disk.ext4    a 16 MiB ext4 image made from OUT/disk/ (mke2fs -d;
#                    only when e2fsprogs is installed)
#   OUT/disk/        its files: hello (= OUT/hello) and data/pattern
#   OUT/linux/       the unpacked kernel package (config, modules)
#   OUT/debs/        the downloaded .debs (the cache)
#
# docs/linux.md describes the guest and the tests that use it.
#
# usage: scripts/make-arm64-guest.sh [OUT]   (default: tests/images/arm64)
#
# Idempotent and cached: nothing is downloaded or rebuilt when OUT/stamp
# names the same packages and recipe. KERNEL_PKG pins another
# linux-image-*-arm64 package. Needs apt-get, dpkg-deb, cpio and gzip
# (mke2fs from e2fsprogs for the disk image, xz only for .ko.xz modules);
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

# find_sbin TOOL: its path, also in /sbin, which a user's PATH may lack
# (e2fsprogs, kmod); empty if absent.
find_sbin() {
    command -v "$1" 2>/dev/null ||
        { for d in /usr/sbin /sbin; do
              [ -x "$d/$1" ] && echo "$d/$1" && break
          done; } || true
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
RECIPE=9
BUSYBOX_PKG=busybox-static

up_to_date() {
    [ -f "$out/stamp" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.gz" ] &&
        [ -f "$out/hello" ] &&
        { [ -f "$out/disk.ext4" ] || [ -z "$(find_sbin mke2fs)" ]; } &&
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
    "$root/etc" "$root/lib/modules" "$root/mnt" "$root/www"
cp "$out/busybox" "$root/bin/busybox"
for applet in sh ash echo mount umount poweroff reboot halt cat uname grep \
    head tail ls md5sum insmod lsmod modprobe dmesg sleep mkdir rm cp mv \
    date sed tr wc cmp dd sync df free ps kill setsid cttyhack stty \
    ip ifconfig route ping udhcpc wget nc httpd hexdump od seq nproc \
    timeout true false test [ printf env id hostname tty; do
    ln -s busybox "$root/bin/$applet"
done
ln -s bin "$root/sbin"

# Debian builds the virtio transport and drivers, and ext4, as modules.
# The package has no modules.dep, so this resolves what each module
# needs from its .modinfo: `depends=` names modules, and `softdep=pre:`
# names modules or aliases (ext4 and jbd2 ask for crypto-crc32c, which
# crc32c_generic provides: metadata_csum needs it before the mount). The
# result, /lib/modules/deps ("name: dep dep"), is what /init's load()
# walks, deepest first.
kdir=$out/linux/lib/modules/$kver
ROOT_MODULES="virtio_mmio virtio_blk virtio_net virtio_console virtio_rng ext4
gpio_keys evdev"

# modinfo FILE FIELD: a field of a module's .modinfo section. kmod's
# modinfo reads modules of any architecture; without it, binutils' readelf
# (also architecture-neutral, unlike objcopy) dumps the section's strings.
MODINFO=$(find_sbin modinfo)
if [ -z "$MODINFO" ] && ! command -v readelf >/dev/null 2>&1; then
    skip "needs modinfo (kmod) or readelf (binutils) to read .modinfo"
fi
modinfo_field() {
    if [ -n "$MODINFO" ]; then
        "$MODINFO" -F "$2" "$1" 2>/dev/null
    else
        readelf -p .modinfo "$1" 2>/dev/null |
            sed -n "s/^ *\[ *[0-9a-f]*\]  $2=//p"
    fi
}

# module_file NAME: the .ko of a module or alias ("-" and "_" are the
# same in module names).
module_file() {
    alt=$(echo "$1" | tr _ -)
    f=$(find "$kdir/kernel" \( -name "$1.ko*" -o -name "$alt.ko*" \) \
        2>/dev/null | head -n 1)
    [ -n "$f" ] || f=$(grep -rlaz -x "alias=$1" "$kdir/kernel" 2>/dev/null |
        head -n 1)
    echo "$f"
}

: > "$root/lib/modules/deps"
todo=$ROOT_MODULES
done_list=" "
ko=$root/lib/modules/new.ko
while [ -n "$todo" ]; do
    # shellcheck disable=SC2086 # a list of names, split on purpose
    set -- $todo
    want_mod=$1
    shift
    todo=$*
    src=$(module_file "$want_mod")
    if [ -z "$src" ]; then
        echo "make-arm64-guest: no module $want_mod in $kdir" >&2
        exit 1
    fi
    case "$src" in
        *.xz) xz -dc "$src" > "$ko" ;;
        *) cp "$src" "$ko" ;;
    esac
    name=$(modinfo_field "$ko" name)
    [ -n "$name" ] || name=$(basename "$src" | sed 's/\.ko.*//' | tr - _)
    case "$done_list" in *" $name "*) continue ;; esac
    done_list="$done_list$name "
    mv "$ko" "$root/lib/modules/$name.ko"
    deps=$(modinfo_field "$root/lib/modules/$name.ko" depends | tr , ' ')
    for d in $(modinfo_field "$root/lib/modules/$name.ko" softdep |
        sed -n 's/^pre: *//p' | sed 's/ post:.*//'); do
        f=$(module_file "$d")
        [ -n "$f" ] || continue # built in
        deps="$deps $(basename "$f" | sed 's/\.ko.*//' | tr - _)"
    done
    echo "$name: $deps" | sed 's/  */ /g; s/ $//' >> "$root/lib/modules/deps"
    todo="$todo $deps"
done
rm -f "$ko"

# A file of known content; the test md5sums OUT/hello on the host.
printf 'Kestrel arm64 test guest\n' > "$out/hello"
cp "$out/hello" "$root/etc/hello"

# udhcpc's hook (busybox runs it with $1 = deconfig|bound|renew|nak and
# the lease in the environment).
cat > "$root/etc/udhcpc.script" <<'EOF'
#!/bin/sh
case "$1" in
    deconfig)
        ip addr flush dev "$interface"
        ip link set "$interface" up
        ;;
    bound | renew)
        ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}"
        for r in $router; do
            route add default gw "$r" dev "$interface"
            break
        done
        : > /etc/resolv.conf
        for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
        echo "KESTREL-DHCP $interface $ip router $router dns $dns"
        ;;
esac
exit 0
EOF
chmod 0755 "$root/etc/udhcpc.script"

cat > "$root/init" <<'EOF'
#!/bin/sh
# The Kestrel arm64 test guest (scripts/make-arm64-guest.sh, docs/linux.md).
# kestrel.test=net|disk|shell on the kernel command line selects what
# runs after the common checks; without it, /dev/vda is looked at.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "KESTREL-GUEST-UP"
uname -a
head -n 8 /proc/cpuinfo
# Known content: the test compares this with the host's md5sum of it.
md5sum /etc/hello
# From here on only warnings and worse reach the console: the kernel's
# console output can land in the middle of a line /init or the shell is
# writing, and the tests match whole lines. `dmesg` has the rest.
echo 5 > /proc/sys/kernel/printk

# arg NAME: the value of NAME=value on the kernel command line.
arg() {
    for w in $(cat /proc/cmdline); do
        case "$w" in "$1"=*) echo "${w#*=}" ;; esac
    done
}

fail() {
    echo "KESTREL-FAIL $*"
}

# load MODULE...: insmod each, after what it depends on (deps file).
load() {
    local m d
    for m in "$@"; do
        grep -q "^$m " /proc/modules && continue
        for d in $(sed -n "s/^$m://p" /lib/modules/deps); do
            load "$d" || return 1
        done
        insmod "/lib/modules/$m.ko" || { fail "insmod $m"; return 1; }
    done
}

# Guest side of tests/functional/linux-net.py: DHCP from slirp, fetch a
# blob from the host's server at the gateway (kestrel.port), serve it
# back on port 8080 (the host reaches it through hostfwd), and wait for
# the host's "done" line on the console.
test_net() {
    load virtio_mmio virtio_net || return
    ip link set lo up
    udhcpc -i eth0 -s /etc/udhcpc.script -n -q -t 5 -T 2 ||
        { fail "udhcpc"; return; }
    ip addr show eth0 | grep 'inet '
    ping -c 1 -W 5 10.0.2.2 >/dev/null && echo "KESTREL-NET-PING ok"
    wget -q -O /www/blob "http://10.0.2.2:$(arg kestrel.port)/blob" ||
        { fail "wget"; return; }
    md5sum /www/blob
    httpd -p 8080 -h /www || { fail "httpd"; return; }
    echo "KESTREL-NET-LISTENING 8080"
    read -t 60 line
    echo "KESTREL-NET-HOST-SAID $line"
}

# Guest side of tests/functional/linux-disk.py: mount the ext4 disk
# read-write, check its files, show what an earlier boot wrote, write
# /written (with kestrel.token) and /copy, unmount cleanly.
test_disk() {
    load virtio_mmio virtio_blk ext4 || return
    mount -t ext4 /dev/vda /mnt || { fail "mount /dev/vda"; return; }
    md5sum /mnt/hello /mnt/data/pattern
    [ -f /mnt/written ] && echo "KESTREL-DISK-PREVIOUS $(cat /mnt/written)"
    echo "written by boot $(arg kestrel.token)" > /mnt/written
    cp /mnt/data/pattern /mnt/copy
    sync
    umount /mnt || { fail "umount"; return; }
    echo "KESTREL-DISK-CLEAN"
}

# An interactive shell on the console, with every driver loaded. The
# machine powers off when the shell exits.
test_shell() {
    load virtio_mmio virtio_blk virtio_net virtio_console virtio_rng ext4
    echo "KESTREL-SHELL (exit or poweroff -f to power off)"
    PS1='kestrel# ' setsid cttyhack sh
}

# The board's power button (system_powerdown): gpio-keys reports
# KEY_POWER on the first input device; one event (24 bytes: time, type,
# code, value) is enough to power off, as a desktop's daemon would.
test_powerbutton() {
    load gpio_keys evdev || return
    [ -e /dev/input/event0 ] || { fail "no /dev/input/event0"; return; }
    grep -q "gpio-keys" /proc/bus/input/devices ||
        { fail "no gpio-keys input device"; return; }
    # Open the device before saying so: events before the open are lost.
    exec 3< /dev/input/event0
    echo "KESTREL-POWER-BUTTON-READY"
    ev=$(head -c 24 <&3 | od -An -tx1 | tr -d ' \n')
    exec 3<&-
    echo "KESTREL-POWER-KEY $ev"
}

case "$(arg kestrel.test)" in
    net) test_net ;;
    disk) test_disk ;;
    shell) test_shell ;;
    powerbutton) test_powerbutton ;;
    "")
        load virtio_mmio virtio_blk
        if [ -e /dev/vda ]; then
            ls -l /dev/vda
            head -c 64 /dev/vda | md5sum
        fi
        ;;
    *) fail "unknown kestrel.test=$(arg kestrel.test)" ;;
esac
echo "KESTREL-GUEST-DONE"
poweroff -f
EOF
chmod 0755 "$root/init"
(cd "$root" && find . | sort | cpio -o -H newc -R 0:0 --quiet) |
    gzip -9 > "$out/initrd.gz.tmp"
mv "$out/initrd.gz.tmp" "$out/initrd.gz"

# The ext4 disk: a file the guest md5sums, and one of several blocks.
rm -rf "$out/disk" "$out/disk.ext4"
mkdir -p "$out/disk/data"
cp "$out/hello" "$out/disk/hello"
seq 1 40000 > "$out/disk/data/pattern"
MKE2FS=$(find_sbin mke2fs)
if [ -n "$MKE2FS" ]; then
    "$MKE2FS" -q -F -t ext4 -L kestrel -d "$out/disk" "$out/disk.ext4.tmp" \
        16M >/dev/null
    mv "$out/disk.ext4.tmp" "$out/disk.ext4"
else
    echo "make-arm64-guest: no mke2fs (e2fsprogs): no disk.ext4" >&2
fi

echo "$want" > "$out/stamp"
echo "make-arm64-guest: built $out/vmlinuz and $out/initrd.gz ($KERNEL_PKG)"
