#!/bin/sh
# Every test: set up, build twice (warnings as errors; and with
# AddressSanitizer + UBSan), run the suites, print one summary line.
set -u
cd "$(dirname "$0")/.."
scripts/setup.sh --tests || exit 1

status=0
run_suite() {
    dir=$1; shift
    echo "== $dir: build"
    if ! scripts/build.sh "$dir" -Dwerror=true "$@"; then
        echo "== $dir: build FAILED"
        status=1
        return
    fi
    echo "== $dir: test"
    # shellcheck disable=SC2086
    meson test -C "$dir" --print-errorlogs --num-processes 2 \
        ${SUITE_ARGS:-} || status=1
}

run_suite build
# The nested KVM and Linux boots are whole-system runs of minutes: once,
# in the first build, is enough.
SUITE_ARGS="--no-suite kvm --no-suite linux" \
    run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false

python3 scripts/test-summary.py build/meson-logs/testlog.json \
    build-asan/meson-logs/testlog.json || status=1
exit $status
