#!/bin/bash
# Soak the random differential tests (docs/testing-random.md): fresh
# seeds, group after group, until the time or run budget is spent or
# Ctrl-C; every failing seed goes to the log with its first divergence,
# and a summary (runs, failures per group, distinct divergences by
# instruction) is printed at the end.
#
#   scripts/soak-random.sh [--hours H | -n N] [--count C] [--seed S]
#                          [--kestrel PATH] [--log FILE]
#                          [--skip-unimplemented] [--skip-extra]
#                          [--kestrel-cpu CPU] [GROUP...]
#
# GROUP as gen.py takes it (int, ldst, fp-scalar, simd-int, simd-fp,
# crypto, a subgroup, or 'fp-scalar,-fp-cvt-h'); default: all six.
# --skip-unimplemented: encodings only Kestrel finds UNDEFINED become
# NOPs (and are listed in the log), so value bugs behind them show;
# --skip-extra does the same for encodings only the reference finds
# UNDEFINED (those are Kestrel bugs: listed as EXTRA in the log).
set -u
cd "$(dirname "$0")/.."

hours=""
runs=""
count=2000
seed=""
kestrel=build/kestrel
log=""
ropts=()   # options passed to run-random.py
groups=()
while [ $# -gt 0 ]; do
    case "$1" in
    --hours) hours=$2; shift 2 ;;
    -n) runs=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --kestrel) kestrel=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --skip-unimplemented|--skip-extra) ropts+=("$1"); shift ;;
    --kestrel-cpu) ropts+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "soak-random: unknown option $1" >&2; exit 2 ;;
    *) groups+=("$1"); shift ;;
    esac
done
[ ${#groups[@]} -eq 0 ] && groups=(int ldst fp-scalar simd-int simd-fp crypto)
[ -z "$seed" ] && seed=$(( $(date +%s) % 1000000 * 1000 ))
[ -z "$log" ] && log=soak-random-$(date +%Y%m%d-%H%M%S).log
if [ ! -x "$kestrel" ]; then
    echo "soak-random: $kestrel: not built (--kestrel PATH)" >&2
    exit 2
fi
end=""
if [ -n "$hours" ]; then
    end=$(( $(date +%s) + $(awk "BEGIN { print int($hours * 3600) }") ))
fi
[ -z "$hours" ] && [ -z "$runs" ] && runs=100

runner=tests/tcg/aarch64/random/run-random.py
echo "# soak-random $(date -u +%FT%TZ) count $count first seed $seed" \
     "groups ${groups[*]} kestrel $kestrel" > "$log"
total=0
failed=0
errors=0
stop=0
trap 'stop=1' INT TERM
while [ $stop -eq 0 ]; do
    for g in "${groups[@]}"; do
        [ $stop -eq 1 ] && break
        [ -n "$runs" ] && [ $total -ge "$runs" ] && { stop=1; break; }
        [ -n "$end" ] && [ "$(date +%s)" -ge "$end" ] && { stop=1; break; }
        out=$(python3 "$runner" "$kestrel" "$g" "$seed" "$count" \
              ${ropts[@]+"${ropts[@]}"} --quiet 2>&1)
        rc=$?
        [ $stop -eq 1 ] && break        # interrupted: not a result
        total=$((total + 1))
        if [ $rc -eq 77 ]; then
            echo "$out"
            exit 77
        elif [ $rc -eq 2 ]; then        # generating or building failed
            errors=$((errors + 1))
            { echo "## ERROR $g $seed $count"; echo "$out"; } >> "$log"
            echo "ERROR $g seed $seed: $(echo "$out" | tail -1)"
        elif [ $rc -ne 0 ]; then
            failed=$((failed + 1))
            { echo "## FAIL $g $seed $count"; echo "$out"; } >> "$log"
            echo "FAIL $g seed $seed: $(echo "$out" | grep -m1 '^DIVERGENCE' \
                 | cut -d' ' -f5-)"
        else
            { echo "PASS $g $seed $count"; echo "$out" \
                | grep -A1000 -E '^(UNIMPLEMENTED|EXTRA)' | grep -v '^PASS'; } \
                >> "$log"
        fi
        seed=$((seed + 1))
    done
done

echo
echo "soak-random: $total runs, $failed failed, $errors errors; log $log"
if [ $failed -gt 0 ]; then
    echo "failures per group:"
    grep '^## FAIL' "$log" | awk '{print "  " $3}' | sort | uniq -c
    echo "distinct divergences (instruction, kind: count, first seed):"
    grep '^DIVERGENCE' "$log" | awk '{
        d = $0; sub(/^DIVERGENCE: /, "", d)
        n = split(d, f, "\"")
        split(f[2], m, /[ \t]/)
        kind = f[3]; sub(/^ /, "", kind); sub(/ \[.*/, "", kind)
        key = $2 " " m[1] " " kind
        if (!(key in first)) first[key] = $4
        cnt[key]++
    } END {
        for (k in cnt) printf "  %-50s %4d  seed %s\n", k, cnt[k], first[k]
    }' | sort
fi
if grep -q '^UNIMPLEMENTED' "$log"; then
    echo "UNDEFINED in Kestrel only (skipped), per group:"
    grep '^UNIMPLEMENTED' "$log" | awk '{
        for (i = 14; i <= NF; i++) seen[$2 " " $i] = 1
    } END { for (k in seen) { split(k, a, " "); l[a[1]] = l[a[1]] " " a[2] }
            for (g in l) print "  " g ":" l[g] }' | sort
fi
if grep -q '^EXTRA' "$log"; then
    echo "executed by Kestrel, UNDEFINED in the reference (bugs), per group:"
    grep '^EXTRA' "$log" | awk '{
        for (i = 15; i <= NF; i++) seen[$2 " " $i] = 1
    } END { for (k in seen) { split(k, a, " "); l[a[1]] = l[a[1]] " " a[2] }
            for (g in l) print "  " g ":" l[g] }' | sort
fi
[ $failed -eq 0 ] && [ $errors -eq 0 ] && ! grep -q '^EXTRA' "$log"
