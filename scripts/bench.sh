#!/bin/sh
# Kestrel against Debian's qemu-system-aarch64 on the bare-metal AArch64
# workloads of tests/bench/aarch64/ (issue 9): builds build/ (kestrel and
# the workloads), runs both emulators A B A B, checks checksums, prints
# medians, speed-ups, guest MIPS and peak RSS, writes bench-results/.
#   scripts/bench.sh [-n RUNS] [-B BUILDDIR] [-w crc32,sieve,...] [--help]
# Needs python3, aarch64-linux-gnu-gcc, qemu-system-aarch64; gnuplot-nox
# for the chart.  See docs/performance.md.
set -e
cd "$(dirname "$0")/.."
exec python3 scripts/bench.py "$@"
