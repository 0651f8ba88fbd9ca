#!/bin/sh
# Configure (once) and build Kestrel in DIR (default: build).
#   scripts/build.sh [DIR [meson options...]]
set -eu
cd "$(dirname "$0")/.."
dir=${1:-build}
[ $# -gt 0 ] && shift
if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >/dev/null || { meson setup "$dir" "$@"; exit 1; }
fi
ninja -C "$dir"
