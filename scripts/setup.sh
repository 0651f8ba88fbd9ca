#!/bin/sh
# Install the Debian 12 packages that Kestrel's build and tests need,
# only those that are missing. Run as root, or as a user with sudo.
set -eu

# Build: compiler, meson, and the libraries the design chose.
BUILD_PKGS="gcc meson ninja-build pkg-config libglib2.0-dev libcapstone-dev
libpixman-1-dev libfdt-dev zlib1g-dev libsdl2-dev check libslirp-dev"
# Tests: guest cross compiler, the reference emulator, scripting.
TEST_PKGS="gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
python3 device-tree-compiler gnuplot-nox qemu-system-x86
gdb-multiarch cpio e2fsprogs"

want="$BUILD_PKGS"
case "${1:-}" in
    --tests) want="$BUILD_PKGS $TEST_PKGS" ;;
    "") ;;
    *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: this script needs Debian's dpkg and apt-get; install by hand:" >&2
    echo "  $want" | tr '\n' ' ' >&2; echo >&2
    exit 1
fi

missing=""
for p in $want; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    echo "setup: all packages present"
    exit 0
fi

echo "setup: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "setup: missing packages:$missing" >&2
    echo "setup: cannot install them: not root and no password-less sudo." >&2
    echo "setup: run as root: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q || { echo "setup: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing ||
    { echo "setup: apt-get install failed for:$missing" >&2; exit 1; }
echo "setup: done"
