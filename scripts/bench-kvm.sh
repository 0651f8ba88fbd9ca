#!/bin/sh
# Benchmark: boot-to-poweroff time and KVM exits per second of Debian's
# amd64 Linux under `kestrel -M microvm -accel kvm`, three runs, and under
# `qemu-system-x86_64 -M microvm -accel kvm` on the same guest where QEMU
# runs in the same place (nested: its binary and libraries are copied into
# the outer guest). Not a test: it prints figures.
#
# usage: scripts/bench-kvm.sh KESTREL [IMAGES]
# Nested under TCG (no /dev/kvm), the times measure the emulation of the
# outer level as much as kestrel; compare the two VMMs side by side only.
here=$(cd "$(dirname "$0")/.." && pwd)
KVM_TEST_ONLY=bench KVM_TEST_SMP=${KVM_TEST_SMP:-1} \
    "$here/scripts/test-kvm-boot.sh" "$@" > /tmp/bench-kvm.$$ 2>&1
grep "BENCH" /tmp/bench-kvm.$$ | sed 's/^.*BENCH //'
rm -f /tmp/bench-kvm.$$
