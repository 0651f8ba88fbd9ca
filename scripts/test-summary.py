#!/usr/bin/env python3
"""Sum meson's JSON test logs into one line: 'N passed, N failed'.

Skipped tests are listed by name above that line, so a skip is visible.
A missing log counts as one failure (its build did not get to testing).
"""
import json
import sys

passed = failed = 0
skipped = []
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            lines = [json.loads(l) for l in f if l.strip()]
    except OSError:
        print(f"{path}: missing (build failed?)")
        failed += 1
        continue
    for t in lines:
        r = t.get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped.append(f"{path.split('/')[0]}:{t.get('name')}")
        else:
            failed += 1
for s in skipped:
    print(f"skipped: {s}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
