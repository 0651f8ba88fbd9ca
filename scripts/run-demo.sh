#!/bin/sh
# The main job: set up, build, and run the demo.
#
# For now the demo is the bare-metal AArch64 program tests/demo/hello.S on
# the "none" machine, which has RAM but no CPU yet: kestrel loads the ELF,
# opens the console on stdio, shows the console keys (C-a h) and quits
# (C-a x). When the AArch64 CPU and the virt board land, this runs the
# same program, and later a Linux boot.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
scripts/build.sh build
set -x
printf '\001h\001x' | ./build/kestrel -M none -m 2G -nographic \
    -kernel build/tests/demo/hello.elf
