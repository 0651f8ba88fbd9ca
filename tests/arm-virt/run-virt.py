#!/usr/bin/env python3
"""Run one virt-board test Image under Kestrel and the reference
(Debian's qemu-system-aarch64 -M virt), both with semihosting, and
require the same stdout, stderr and exit status; exit 77 (skip) without
the reference. Builds on tests/tcg/aarch64/run-ref.py (its run()).

Usage: run-virt.py KESTREL IMAGE [--disk] [ARGS...]
  --disk  a 1 MiB raw disk as virtio-blk-device (-drive if=none)
  ARGS    for both emulators (-M virt,... replaces -M virt)
The reference also gets -global virtio-mmio.force-legacy=false: its
transports default to the legacy (version 1) interface; Kestrel's are
version 2 only."""
import importlib.util
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    'run_ref', os.path.join(HERE, '..', 'tcg', 'aarch64', 'run-ref.py'))
run_ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_ref)


def main():
    kestrel, image, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    qemu = shutil.which('qemu-system-aarch64')
    if not qemu:
        print('SKIP: qemu-system-aarch64 not installed')
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        if '--disk' in extra:
            extra.remove('--disk')
            disk = os.path.join(tmp, 'disk.img')
            with open(disk, 'wb') as f:
                f.truncate(1 << 20)
            extra = ['-drive', 'file=%s,format=raw,if=none,id=d0' % disk,
                     '-device', 'virtio-blk-device,drive=d0'] + extra
        if '-M' not in extra:
            extra = ['-M', 'virt'] + extra
        if '-cpu' not in extra:
            extra = ['-cpu', 'cortex-a57'] + extra
        common = ['-nographic', '-semihosting', '-kernel', image] + extra
        ref = run_ref.run([qemu, '-global', 'virtio-mmio.force-legacy=false']
                          + common)
        got = run_ref.run([kestrel] + common)
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
            if ref[i] != got[i] or i == 2:
                v = r[i].decode(errors='replace') if i else str(r[i])
                print('--- %s %s:\n%s' % (who, name, v))
    if ok:
        print('PASS: exit %d' % got[0])
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
