#!/bin/sh
# The main job: set up, build, and run the demo.
#
# First the bare-metal AArch64 program tests/demo/hello.S on the virt
# board (Kestrel's JIT translates it, it prints a greeting on the PL011
# UART and exits through ARM semihosting with status 0); then Debian's
# own arm64 Linux kernel with a busybox initramfs
# (scripts/make-arm64-guest.sh) on -M virt -cpu cortex-a57: it boots,
# runs its /init, reads a virtio disk and powers off, so kestrel exits
# with status 0. Without network access to Debian's archive the Linux
# part is skipped with a message.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
scripts/build.sh build
set -x
./build/kestrel -M virt -cpu cortex-a57 -nographic -semihosting \
    -kernel build/tests/demo/hello.elf
set +x
rc=0
scripts/make-arm64-guest.sh || rc=$?
if [ $rc -eq 77 ]; then
    echo "run-demo: Debian's arm64 packages cannot be had here:" \
        "skipping the Linux boot"
    exit 0
fi
[ $rc -eq 0 ] || exit $rc
img=tests/images/arm64
# A small disk for the guest to read: the first 64 bytes are shown.
disk=$(mktemp)
trap 'rm -f "$disk"' EXIT
printf 'Kestrel demo disk\n' > "$disk"
truncate -s 1M "$disk"
set -x
./build/kestrel -M virt -cpu cortex-a57 -m 512 -nographic -no-reboot \
    -kernel $img/vmlinuz -initrd $img/initrd.gz \
    -drive file="$disk",format=raw,if=virtio \
    -append "console=ttyAMA0 panic=-1"
