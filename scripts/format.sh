#!/bin/sh
# Format C sources with the repository's .clang-format.
#   scripts/format.sh            format files changed against HEAD
#   scripts/format.sh FILE...    format these files
#   scripts/format.sh --check    report (do not change) unformatted changed files
set -eu
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
if [ $# -eq 0 ]; then
    set -- $(git diff --name-only HEAD -- '*.c' '*.h'; git ls-files --others --exclude-standard -- '*.c' '*.h')
fi
[ $# -eq 0 ] && exit 0
if [ $check -eq 1 ]; then
    clang-format --dry-run --Werror "$@"
else
    clang-format -i "$@"
fi
