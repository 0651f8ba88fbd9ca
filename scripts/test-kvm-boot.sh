#!/bin/sh
# Run Debian's amd64 Linux under `kestrel -M microvm -accel kvm`: boot to
# a shell marker and power off, reboot, and check the errors for missing
# KVM capabilities (the cases are in scripts/kvm-cases.sh).
#
# usage: scripts/test-kvm-boot.sh KESTREL [IMAGES]
#   KESTREL  the kestrel binary to test
#   IMAGES   where scripts/make-amd64-guest.sh keeps the guest
#            (default: tests/images/amd64)
#
# Where /dev/kvm is usable, the cases run directly. Where it is not (CI,
# any machine without KVM), the test makes one: Debian's amd64 kernel
# boots in Debian's qemu-system-x86_64 under TCG with -cpu max, which
# emulates AMD-V (SVM with nested paging); that outer guest loads
# irqbypass, kvm, ccp and kvm-amd from the same kernel package and so has a
# real /dev/kvm, and its initramfs holds kestrel, the shared libraries it
# needs and the inner guest. Only KVM's AMD path is exercised that way.
#
# Exit status: 0 pass, 1 fail, 77 skip (no packages, no QEMU).
# Environment: KVM_TEST_SMP (inner -smp, default 2), KVM_TEST_APPEND
# (inner command line), KVM_TEST_OUTER=1 (nest even where /dev/kvm exists),
# KVM_TEST_ONLY=<case> (one case only: cap, poweroff, no-reboot, virtio, reboot;
# for debugging, the checks then report the others missing).
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
kestrel=${1:?usage: test-kvm-boot.sh KESTREL [IMAGES]}
images=${2:-$here/tests/images/amd64}
smp=${KVM_TEST_SMP:-2}
append=${KVM_TEST_APPEND:-"console=ttyS0 panic=-1 quiet"}
inner_timeout=${KVM_TEST_INNER_TIMEOUT:-90}
outer_timeout=${KVM_TEST_OUTER_TIMEOUT:-600}

skip() {
    echo "SKIP: $*"
    exit 77
}

fail() {
    echo "FAIL: $*"
    exit 1
}

[ -x "$kestrel" ] || fail "$kestrel is not an executable"
kestrel=$(cd "$(dirname "$kestrel")" && pwd)/$(basename "$kestrel")

rc=0
"$here/scripts/make-amd64-guest.sh" "$images" || rc=$?
[ $rc -eq 77 ] && skip "cannot build the amd64 test guest"
[ $rc -eq 0 ] || fail "make-amd64-guest.sh failed ($rc)"
images=$(cd "$images" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

# The virtio case's disk: 64 KiB of random bytes the guest must read back
# (their md5sum), then zeros up to 2 MiB, where it writes its marker.
head -c 65536 /dev/urandom > "$work/disk.img"
dd if=/dev/zero bs=65536 count=31 2>/dev/null >> "$work/disk.img"
disk_md5=$(head -c 65536 "$work/disk.img" | md5sum | cut -c1-32)

# Judge the CASE lines of kvm-cases.sh.
check_results() {
    ok=1
    # A line may start with the outer firmware's terminal escapes.
    grep -o "CASE .*" "$1" > "$work/cases" || true
    while read -r line; do
        case "$line" in
        "CASE cap "*)
            cap=$(echo "$line" | cut -d' ' -f3)
            want="status=1 msg=kestrel: -accel kvm: /dev/kvm: the host kernel lacks $cap"
            case "$line" in
            *"$want") ;;
            *) echo "FAIL: $line"; ok=0 ;;
            esac ;;
        "CASE poweroff status=0 markers=1 "*) ;;
        "CASE no-reboot status=0 markers=1") ;;
        "CASE reboot status=0 markers=2") ;;
        "CASE virtio status=0 read=$disk_md5 written=KESTREL-DISK-WRITE rng=virtio_rng."*) ;;
        *) echo "FAIL: $line"; ok=0 ;;
        esac
    done < "$work/cases"
    n=$(grep -c "^CASE cap " "$work/cases" || true)
    [ "$n" -eq 9 ] || { echo "FAIL: $n capability cases ran, not 9"; ok=0; }
    for c in poweroff no-reboot virtio reboot; do
        grep -q "^CASE $c " "$work/cases" ||
            { echo "FAIL: case $c did not run"; ok=0; }
    done
    grep "^CASE poweroff" "$work/cases" || true
    grep "^CASE reboot" "$work/cases" || true
    [ $ok -eq 1 ]
}

# --- Direct: this host has KVM. ---
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ "${KVM_TEST_OUTER:-0}" != 1 ]; then
    echo "kvm-boot: /dev/kvm present: running kestrel directly"
    KVM_DISK=$work/disk.img sh "$here/scripts/kvm-cases.sh" "$kestrel" \
        "$images/vmlinuz" \
        "$images/guest.cpio.gz" "$smp" "$append" "$inner_timeout" \
        ${KVM_TEST_ONLY:-} \
        > "$work/log" 2>&1 || true
    cat "$work/log"
    check_results "$work/log" || exit 1
    echo "PASS: all cases in $(($(date +%s) - start)) s"
    exit 0
fi

# --- Nested: give an outer Linux guest a /dev/kvm. ---
qemu=$(command -v qemu-system-x86_64 || true)
[ -n "$qemu" ] ||
    skip "no /dev/kvm and no qemu-system-x86_64 (Debian: qemu-system-x86)"
command -v readelf >/dev/null 2>&1 || skip "readelf (binutils) is needed"
echo "kvm-boot: no /dev/kvm here: nesting in $qemu -cpu max (AMD-V, TCG)"

root=$work/root
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/tmp" \
    "$root/kvm" "$root/guest" "$root/opt"
cp "$images/busybox" "$root/bin/busybox"
for applet in sh echo mount insmod poweroff cat date grep sleep kill timeout \
    sed dd head cut tr; do
    ln -s busybox "$root/bin/$applet"
done

# The kvm modules in load order, dependencies first, read from each
# module's .modinfo "depends=" (the package ships no modules.dep).
. "$here/scripts/kmod-order.sh"
moddir=$(ls -d "$images"/linux/lib/modules/*/kernel)
order=$(kmod_order "$moddir" irqbypass kvm ccp kvm-amd) ||
    fail "a kvm module is missing from the kernel package"
n=0
for m in $order; do
    n=$((n + 1))
    cp "$(kmod_path "$moddir" "$m")" "$root/kvm/$(printf %02d $n)-$m.ko"
done
echo "kvm-boot: modules:" $order

# kestrel and its shared libraries, at the paths ldd names.
cp "$kestrel" "$root/opt/kestrel"
for lib in $(ldd "$kestrel" | awk '{for (i = 1; i <= NF; i++)
                                         if ($i ~ /^\//) print $i}'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done
cp "$images/vmlinuz" "$root/guest/vmlinuz"
cp "$images/guest.cpio.gz" "$root/guest/initrd"
cp "$work/disk.img" "$root/guest/disk.img"
cp "$here/scripts/kvm-cases.sh" "$root/cases.sh"
# For the benchmark: QEMU's microvm next to kestrel's, same guest.
if [ "${KVM_TEST_ONLY:-}" = bench ]; then
    mkdir -p "$root/opt/qemu"
    cp "$qemu" "$root/opt/qemu/qemu-system-x86_64"
    cp -L /usr/share/qemu/qboot.rom "$root/opt/qemu/bios-microvm.bin"
    for f in linuxboot_dma.bin kvmvapic.bin; do
        cp -L "/usr/share/qemu/$f" "$root/opt/qemu/" 2>/dev/null || true
    done
    for lib in $(ldd "$qemu" | awk '{for (i = 1; i <= NF; i++)
                                      if ($i ~ /^\//) print $i}'); do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
fi

cat > "$root/init" <<EOF
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
for m in /kvm/*.ko; do
    insmod \$m || echo "OUTER: insmod \$m failed"
done
[ -c /dev/kvm ] || echo "OUTER: no /dev/kvm"
KVM_DISK=/guest/disk.img sh /cases.sh /opt/kestrel /guest/vmlinuz \\
    /guest/initrd $smp \\
    "$append" $inner_timeout ${KVM_TEST_ONLY:-}
poweroff -f
EOF
chmod 0755 "$root/init"
# Uncompressed: the outer kernel runs under TCG, where unpacking is cheap
# and decompressing is not.
(cd "$root" && find . | sort |
    "$images/busybox" cpio -o -H newc -R 0:0 2>/dev/null) > "$work/outer.cpio"

# Two outer CPUs: with one, an inner vCPU spinning for the other (SMP
# bring-up) could hold the only outer CPU inside the nested guest.
rc=0
timeout "$outer_timeout" "$qemu" -M pc -cpu max -m 2048 -smp 2 \
    -kernel "$images/vmlinuz" -initrd "$work/outer.cpio" \
    -append "console=ttyS0 panic=-1 quiet" \
    -nographic -no-reboot -monitor none -serial stdio \
    </dev/null >"$work/out" 2>&1 || rc=$?
# The outer serial line carries the inner guests' consoles too.
tr -d '\r' < "$work/out" > "$work/log"
cat "$work/log"
[ $rc -eq 124 ] && fail "timed out after $outer_timeout s"
grep -q "OUTER: no /dev/kvm" "$work/log" &&
    fail "the outer guest got no /dev/kvm (does this QEMU emulate SVM?)"
check_results "$work/log" || exit 1
echo "PASS: all cases, nested, in $(($(date +%s) - start)) s"
