#!/usr/bin/env python3
"""Run one bare-metal AArch64 test under Kestrel and under the reference
(Debian's qemu-system-aarch64, -M virt -cpu cortex-a57), both with
semihosting, and require the same console output (stdout: the PL011,
stderr: semihosting) and the same exit status. Exit 77 (skip) when the
reference is not installed.

Usage: run-ref.py KESTREL ELF [ARGS...]: ARGS (e.g. -cpu max, -smp 2)
go to both emulators; -cpu cortex-a57 unless ARGS name a CPU."""
import shutil
import subprocess
import sys


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None
    return p.returncode, p.stdout, p.stderr


def main():
    kestrel, elf, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    if '-cpu' not in extra:
        extra = ['-cpu', 'cortex-a57'] + extra
    qemu = shutil.which('qemu-system-aarch64')
    if not qemu:
        print('SKIP: qemu-system-aarch64 not installed')
        return 77
    common = ['-M', 'virt', '-nographic', '-semihosting', '-kernel',
              elf] + extra
    ref = run([qemu] + common)
    got = run([kestrel] + common)
    if ref is None or got is None:
        print('FAIL: timeout (reference: %s, kestrel: %s)' %
              (ref is None, got is None))
        return 1
    ok = True
    for name, i in (('exit status', 0), ('stdout', 1), ('stderr', 2)):
        if ref[i] != got[i]:
            ok = False
            print('FAIL: %s differs' % name)
            for who, r in (('reference', ref), ('kestrel', got)):
                v = r[i].decode(errors='replace') if i else str(r[i])
                print('--- %s:\n%s' % (who, v))
    if ok:
        print('PASS: exit %d, %d bytes stdout, %d bytes stderr' %
              (got[0], len(got[1]), len(got[2])))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
