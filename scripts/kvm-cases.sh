#!/bin/sh
# The KVM test cases, run where /dev/kvm is: on the host, or inside the
# outer guest that scripts/test-kvm-boot.sh builds (busybox sh there).
#
# usage: kvm-cases.sh KESTREL KERNEL INITRD SMP APPEND TIMEOUT [ONLY]
# Environment: KVM_DISK, a raw disk image for the virtio case (which the
# case writes to).
#
# Each case prints one line "CASE <name> ..." which test-kvm-boot.sh
# judges; the guests' consoles are printed too, for the log.
k=$1
kernel=$2
initrd=$3
smp=$4
append=$5
timeout=$6
only=${7:-}
marker="KESTREL-GUEST: shell ready"

# A hung kestrel is a failure (killed: status 137), not a hung test.
run() {
    timeout -s KILL "$timeout" "$k" -M microvm -accel kvm -m 256 \
        -kernel "$kernel" -initrd "$initrd" -nographic "$@" </dev/null
}

# Uptime in hundredths of a second (busybox date has no %N).
centis() {
    cut -d' ' -f1 /proc/uptime | tr -d .
}

want() {
    [ -z "$only" ] || [ "$only" = "$1" ]
}

# A capability the host lacks is named, with exit status 1.
want cap && for cap in KVM_CAP_USER_MEMORY KVM_CAP_IMMEDIATE_EXIT KVM_CAP_IRQCHIP \
    KVM_CAP_PIT2 KVM_CAP_EXT_CPUID KVM_CAP_SET_TSS_ADDR KVM_CAP_MP_STATE \
    KVM_CAP_DEBUGREGS KVM_CAP_TSC_DEADLINE_TIMER; do
    msg=$(KESTREL_KVM_HIDE_CAP=$cap run 2>&1 >/dev/null)
    echo "CASE cap $cap status=$? msg=$msg"
done

# Boot to the shell marker and power off (MMIO to the ACPI sleep
# register): kestrel exits with status 0.
if want poweroff; then
    t0=$(date +%s)
    run -smp "$smp" -append "$append" > /tmp/poweroff.log 2>&1
    st=$?
    cat /tmp/poweroff.log
    echo "CASE poweroff status=$st markers=$(grep -c "$marker" /tmp/poweroff.log) seconds=$(($(date +%s) - t0))"
fi

# The guest reboots (through the BIOS reset vector stub to the i8042);
# under -no-reboot that is an exit with status 0. With 3.5 GiB, RAM is
# split around the MMIO hole below 4 GiB.
if want no-reboot; then
    run -append "$append kestrel.reboot" -no-reboot -m 3584 \
        > /tmp/noreboot.log 2>&1
    st=$?
    cat /tmp/noreboot.log
    echo "CASE no-reboot status=$st markers=$(grep -c "$marker" /tmp/noreboot.log)"
fi

# Virtio-mmio devices announced in the DSDT: a virtio-blk disk the guest
# reads (md5sum of its first 64 KiB) and writes (a marker at 1 MiB, with
# fsync, then poweroff: the bytes must be in the image file afterwards),
# and a virtio-rng device that becomes the guest's hwrng.
if want virtio && [ -n "${KVM_DISK:-}" ]; then
    run -smp "$smp" -append "$append" \
        -drive file="$KVM_DISK",format=raw,if=none,id=d0 \
        -device virtio-blk-device,drive=d0 -device virtio-rng-device \
        > /tmp/virtio.log 2>&1
    st=$?
    cat /tmp/virtio.log
    read=$(sed -n 's/.*KESTREL-GUEST: vda \([0-9a-f]*\).*/\1/p' /tmp/virtio.log)
    rng=$(sed -n 's/.*KESTREL-GUEST: hwrng \([a-z0-9_.-]*\) .*/\1/p' /tmp/virtio.log)
    written=$(dd if="$KVM_DISK" bs=512 skip=2048 count=1 2>/dev/null |
        head -c 18)
    echo "CASE virtio status=$st read=$read written=$written rng=$rng"
fi

# The guest reboots and the machine resets: it comes up a second time.
# Benchmark (only when asked for): boot to poweroff three times, with the
# vCPUs' exit statistics (-d tb_stats); QEMU's microvm next to it when
# its binary was copied in as /opt/qemu/qemu-system-x86_64.
if [ "$only" = bench ]; then
    for i in 1 2 3; do
        t0=$(centis)
        run -smp "$smp" -append "$append" -d tb_stats > /tmp/bench.log 2>&1
        st=$?
        t1=$(centis)
        grep "^kvm: vCPU" /tmp/bench.log | sed 's/^/BENCH kestrel /'
        echo "BENCH kestrel run $i: status $st, $(((t1 - t0) * 10)) ms"
    done
    q=/opt/qemu/qemu-system-x86_64
    if [ -x $q ]; then
        for i in 1 2 3; do
            t0=$(centis)
            timeout -s KILL "$timeout" $q -L /opt/qemu -M microvm \
                -accel kvm -cpu host -smp "$smp" -m 256 -kernel "$kernel" \
                -initrd "$initrd" -append "$append" -nographic \
                -no-reboot </dev/null > /tmp/qbench.log 2>&1
            st=$?
            t1=$(centis)
            echo "BENCH qemu run $i: status $st, $(((t1 - t0) * 10)) ms"
        done
    fi
    exit 0
fi

# Stopped with SIGTERM once it is up again: a clean exit, status 0.
want reboot || exit 0
timeout -s KILL "$timeout" "$k" -M microvm -accel kvm -m 256 \
    -kernel "$kernel" -initrd "$initrd" -nographic -smp "$smp" \
    -append "$append kestrel.reboot" </dev/null > /tmp/reboot.log 2>&1 &
pid=$!
n=0
i=0
while [ $i -lt "$timeout" ]; do
    sleep 1
    i=$((i + 1))
    n=$(grep -c "$marker" /tmp/reboot.log)
    [ "$n" -ge 2 ] && break
done
kill -TERM $pid
wait $pid
st=$?
cat /tmp/reboot.log
echo "CASE reboot status=$st markers=$n"
