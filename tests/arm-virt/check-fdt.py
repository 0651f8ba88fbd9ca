#!/usr/bin/env python3
"""The virt board's device tree: -M virt,dumpdtb=FILE must exit 0 and
write a tree that dtc parses, with the expected nodes; each node Kestrel
has must exist in the reference's tree (qemu-system-aarch64 dumpdtb,
same options) with the same compatible, reg (the GIC: its first address,
since Kestrel lists only the frames it implements), interrupts and
clock/interrupt-parent targets. -dtb FILE must replace the tree (with
/chosen from the command line). The reference part is skipped without
qemu-system-aarch64; without dtc the test skips (77).

Usage: check-fdt.py KESTREL IMAGE (an arm64 Image for -kernel)."""
import os
import shutil
import struct
import subprocess
import sys
import tempfile


def parse_fdt(blob):
    """{path: {prop: bytes}} from a flattened tree (DT spec 5.4)."""
    magic, total, off_struct, off_strings = struct.unpack('>4I', blob[:16])
    assert magic == 0xd00dfeed and total == len(blob)
    nodes, stack, pos = {}, [], off_struct

    def cstr(at):
        return blob[at:blob.index(b'\0', at)].decode()
    while True:
        tok, = struct.unpack('>I', blob[pos:pos + 4])
        pos += 4
        if tok == 1:                            # FDT_BEGIN_NODE
            name = cstr(pos)
            pos = (pos + len(name) + 1 + 3) & ~3
            stack.append(name)
            path = '/' + '/'.join(stack[1:])
            nodes[path] = {}
        elif tok == 2:                          # FDT_END_NODE
            stack.pop()
        elif tok == 3:                          # FDT_PROP
            ln, nameoff = struct.unpack('>2I', blob[pos:pos + 8])
            val = blob[pos + 8:pos + 8 + ln]
            pos = (pos + 8 + ln + 3) & ~3
            nodes['/' + '/'.join(stack[1:])][cstr(off_strings + nameoff)] = \
                val
        elif tok == 4:                          # FDT_NOP
            pass
        elif tok == 9:                          # FDT_END
            return nodes


def cells(v):
    return list(struct.unpack('>%dI' % (len(v) // 4), v))


def phandle_path(nodes, ph):
    for path, props in nodes.items():
        if 'phandle' in props and cells(props['phandle'])[0] == ph:
            return path
    return None


def dump(emu, args, out):
    p = subprocess.run([emu] + args + ['-nographic', '-M', out[0]],
                       capture_output=True, timeout=60)
    if p.returncode != 0:
        raise SystemExit('FAIL: %s %s: exit %d: %s' % (
            emu, ' '.join(args), p.returncode, p.stderr.decode()))
    with open(out[1], 'rb') as f:
        return f.read()


ok = True


def check(cond, msg):
    global ok
    if not cond:
        ok = False
        print('FAIL:', msg)


def expected_nodes(ncpus):
    names = ['/psci', '/memory@40000000', '/pl011@9000000', '/pl031@9010000',
             '/pl061@9030000', '/gpio-keys', '/gpio-keys/poweroff',
             '/intc@8000000', '/cpus', '/timer', '/apb-pclk', '/chosen']
    names += ['/virtio_mmio@%x' % (0xa000000 + i * 0x200) for i in range(32)]
    names += ['/cpus/cpu@%d' % i for i in range(ncpus)]
    return names


def compare(mine, ref, label):
    for path, props in mine.items():
        if path not in ref:
            check(False, '%s: %s not in the reference tree' % (label, path))
            continue
        rp = ref[path]
        for key in ('compatible', 'interrupts', 'device_type',
                    'enable-method', 'method', 'cpu_on', 'cpu_off',
                    'stdout-path', 'bootargs', 'clock-frequency',
                    'linux,code', 'label', '#gpio-cells', 'gpio-controller',
                    '#interrupt-cells', '#address-cells', '#size-cells'):
            if key in props or key in rp:
                check(props.get(key) == rp.get(key),
                      '%s: %s %s: %r vs reference %r' % (
                          label, path, key, props.get(key), rp.get(key)))
        if 'reg' in props:
            a, b = cells(props['reg']), cells(rp.get('reg', b''))
            if path.startswith('/intc'):
                a, b = a[:2], b[:2]
            check(a == b, '%s: %s reg %s vs reference %s' % (
                label, path, a, b))
        if 'gpios' in props:
            a, b = cells(props['gpios']), cells(rp.get('gpios', b''))
            check(a[1:] == b[1:] and phandle_path(mine, a[0]) ==
                  phandle_path(ref, b[0]), '%s: %s gpios %s vs reference %s'
                  % (label, path, a, b))
        for key in ('clocks', 'interrupt-parent'):
            if key in props:
                a = [phandle_path(mine, c) for c in cells(props[key])]
                b = [phandle_path(ref, c) for c in cells(rp.get(key, b''))]
                check(a == b, '%s: %s %s -> %s vs reference %s' % (
                    label, path, key, a, b))
        for key in ('linux,initrd-start', 'linux,initrd-end', 'rng-seed',
                    'kaslr-seed'):
            if key in rp:
                check(key in props, '%s: %s has no %s' % (label, path, key))


def main():
    kestrel, image = sys.argv[1], sys.argv[2]
    dtc = shutil.which('dtc')
    qemu = shutil.which('qemu-system-aarch64')
    if not dtc:
        print('SKIP: dtc (device-tree-compiler) not installed')
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        initrd = os.path.join(tmp, 'initrd')
        with open(initrd, 'wb') as f:
            f.write(b'\x5a' * 5000)
        configs = [
            ('virt', 1, []),
            ('virt,gic-version=3', 2, []),
            ('virt', 1, ['-kernel', image, '-append', 'console=ttyAMA0 x',
                         '-initrd', initrd]),
        ]
        for machine, ncpus, extra in configs:
            label = '%s -smp %d %s' % (machine, ncpus, ' '.join(extra))
            args = ['-cpu', 'cortex-a57', '-smp', str(ncpus)] + extra
            out = os.path.join(tmp, 'k.dtb')
            blob = dump(kestrel, args, (machine + ',dumpdtb=' + out, out))
            p = subprocess.run([dtc, '-I', 'dtb', '-O', 'dts', out],
                               capture_output=True, text=True)
            check(p.returncode == 0, '%s: dtc: %s' % (label, p.stderr))
            mine = parse_fdt(blob)
            for n in expected_nodes(ncpus):
                check(n in mine and n.rsplit('/', 1)[1].split('@')[0] in
                      p.stdout, '%s: no node %s' % (label, n))
            gic = mine.get('/intc@8000000', {}).get('compatible', b'')
            check(gic.startswith(b'arm,gic-v3' if 'gic-version=3' in machine
                                 else b'arm,cortex-a15-gic'),
                  '%s: intc compatible %r' % (label, gic))
            chosen = mine.get('/chosen', {})
            if '-initrd' in extra:
                start = cells(chosen.get('linux,initrd-start', b'\0' * 8))
                end = cells(chosen.get('linux,initrd-end', b'\0' * 8))
                size = ((end[0] << 32) | end[1]) - \
                    ((start[0] << 32) | start[1])
                check(size == 5000, '%s: initrd size %d' % (label, size))
            if not qemu:
                continue
            qout = os.path.join(tmp, 'q.dtb')
            ref = parse_fdt(dump(qemu, args, (machine + ',dumpdtb=' + qout,
                                              qout)))
            compare(mine, ref, label)

            # -dtb: the reference's own tree comes back, /chosen updated.
            out2 = os.path.join(tmp, 'k2.dtb')
            back = parse_fdt(dump(kestrel, args + ['-dtb', qout],
                                  ('virt,dumpdtb=' + out2, out2)))
            check(set(back) == set(ref), '%s: -dtb: nodes %s' % (
                label, sorted(set(back) ^ set(ref))))
        if not qemu:
            print('reference checks skipped: no qemu-system-aarch64')
    if ok:
        print('PASS')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
