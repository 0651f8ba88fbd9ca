#!/bin/sh
# The main job: set up, build, and run the demo.
#
# The demo is the bare-metal AArch64 program tests/demo/hello.S on the
# virt board: Kestrel's JIT translates it, it prints a greeting on the
# PL011 UART and exits through ARM semihosting with status 0. (Later this
# becomes a Linux boot.)
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
scripts/build.sh build
set -x
./build/kestrel -M virt -cpu cortex-a57 -nographic -semihosting \
    -kernel build/tests/demo/hello.elf
