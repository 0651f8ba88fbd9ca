#!/usr/bin/env python3
"""Random differential test: generate GROUP/SEED/COUNT with gen.py, build
it with the harness, run it under Kestrel and the reference
(qemu-system-aarch64 -M virt -cpu cortex-a57 -semihosting, Kestrel with
the same options) and require the same output. On a difference, run
again with a dump after every unit and print the first unit whose
state differs: its instructions, their disassembly, the operand
registers before it and every field that differs after it. Exit 0
same, 1 different, 2 when generating or building failed, 77 when the
reference or the cross tools are missing.

Usage: run-random.py KESTREL GROUP SEED COUNT [--step] [--block K]
                     [--keep DIR] [--quiet] [--skip-unimplemented]
                     [--skip-extra] [--kestrel-cpu CPU]

--skip-unimplemented first finds the units that only Kestrel finds
UNDEFINED (not implemented yet), lists them and replaces them by NOPs,
so that the comparison reaches the instructions Kestrel does implement;
--skip-extra does the same for the units only the reference finds
UNDEFINED (Kestrel bugs, listed), to look past them for more."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
AARCH64 = os.path.dirname(HERE)
CROSS = 'aarch64-linux-gnu-'
# Both run as a cortex-a57: ARMv8.0 with CRC32 and the Cryptographic
# Extension, nothing later, so every encoding must decode the same way.
# (Kestrel ran as 'max' while its cortex-a57 advertised no FP;
# --kestrel-cpu max still compares that model: no group draws LSE.)
KESTREL_CPU = 'cortex-a57'
REF_CPU = 'cortex-a57'
TIMEOUT = 120

XNAMES = ['x%d' % i for i in range(31)]
VNAMES = ['v%d' % i for i in range(32)]
DNAMES = ['unit'] + XNAMES + ['nzcv', 'fpsr'] + VNAMES + ['memhash']


def build(workdir, group, seed, count, block, step, drop=()):
    src = os.path.join(workdir, 'rand.S')
    elf = os.path.join(workdir, 'rand.elf')
    cmd = [sys.executable, os.path.join(HERE, 'gen.py'), group, str(seed),
           str(count), '--block', str(block)]
    if step:
        cmd.append('--step')
    if drop:
        dfile = os.path.join(workdir, 'drop.txt')
        with open(dfile, 'w') as f:
            f.write(' '.join(map(str, sorted(drop))))
        cmd += ['--drop', '@' + dfile]
    with open(src, 'w') as out:
        subprocess.run(cmd, stdout=out, check=True)
    subprocess.run([CROSS + 'gcc', '-march=armv8-a+crc+crypto', '-nostdlib',
                    '-static', '-Wl,--build-id=none',
                    '-Wl,--no-warn-rwx-segments', '-Wl,--gc-sections',
                    '-T', os.path.join(AARCH64, 'test.ld'),
                    os.path.join(AARCH64, 'lib.S'),
                    os.path.join(AARCH64, 'semihost.S'),
                    os.path.join(HERE, 'harness.S'), src, '-o', elf],
                   check=True)
    return src, elf


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return ('timeout', b'', b'')
    return (p.returncode, p.stdout, p.stderr)


def run_both(kestrel, elf):
    common = ['-M', 'virt', '-nographic', '-semihosting', '-kernel', elf]
    ref = run(['qemu-system-aarch64'] + common + ['-cpu', REF_CPU])
    got = run([kestrel] + common + ['-cpu', KESTREL_CPU])
    return ref, got


def units_of(src):
    """{unit number: (name, [lines])} from the generated source."""
    units, cur = {}, None
    for line in open(src):
        m = re.match(r'\s*// unit (\d+): (\S+)', line)
        if m:
            cur = int(m.group(1))
            units[cur] = (m.group(2), [])
        elif cur is not None:
            s = line.strip()
            if s.startswith('str     x30, [sp, #-16]!') or \
                    s.startswith('b       rand_done'):
                cur = None
            else:
                units[cur][1].append(s)
    return units


def disas(word):
    """objdump's disassembly of one instruction word."""
    with tempfile.NamedTemporaryFile(suffix='.bin') as f:
        f.write(word.to_bytes(4, 'little'))
        f.flush()
        p = subprocess.run([CROSS + 'objdump', '-D', '-b', 'binary',
                            '-maarch64', f.name], capture_output=True,
                           text=True)
    for line in p.stdout.splitlines():
        m = re.match(r'\s*0:\s+[0-9a-f]{8}\s+(.*)', line)
        if m:
            return m.group(1).strip()
    return '?'


def dumps(text):
    """The D lines as {unit: fields}, and all lines in order."""
    lines = text.decode(errors='replace').splitlines()
    out = {}
    for line in lines:
        if line.startswith('D '):
            t = line.split()[1:]
            out[int(t[0], 16)] = dict(zip(DNAMES, t))
    return out, lines


def undef_units(lines):
    """Units (step mode) that raised Undefined Instruction (EC 0)."""
    out, unit = set(), 0
    for line in lines:
        if line.startswith('D '):
            unit = int(line.split()[1], 16)
        elif line.startswith('E ') and int(line.split()[1], 16) >> 26 == 0:
            out.add(unit)
    return out


def undef_mismatch(kestrel, args, workdir):
    """Units UNDEFINED under one emulator only: in Kestrel only, encodings
    it does not implement yet; in the reference only, encodings Kestrel
    accepts but should not. Both are properties of the word, not of the
    state, so one run finds them all. Returns two {unit: disassembly}."""
    os.makedirs(workdir, exist_ok=True)
    src, elf = build(workdir, args.group, args.seed, args.count, 1, True)
    ref, got = run_both(kestrel, elf)
    ku, ru = undef_units(dumps(got[2])[1]), undef_units(dumps(ref[2])[1])
    units = units_of(src)
    out = []
    for only in (ku - ru, ru - ku):
        d = {}
        for u in sorted(only):
            words = [x for x in units[u][1] if x.startswith('.inst')]
            if words:
                w = words[-1].split()[1]
                d[u] = '%s  %s' % (w, disas(int(w, 16)))
        out.append(d)
    return out


def operand_regs(text):
    """Register numbers and kinds named in a disassembly."""
    regs = []
    for kind, n in re.findall(r'\b([xwvqdshb])(\d+)\b', text):
        name = ('x%s' if kind in 'xw' else 'v%s') % n
        if name not in regs and int(n) < 32 and name != 'x31':
            regs.append(name)
    return regs


def report_step(kestrel, args, workdir, drop=()):
    """Re-run with a dump after each unit; print the first difference."""
    os.makedirs(workdir, exist_ok=True)
    src, elf = build(workdir, args.group, args.seed, args.count, 1, True,
                     drop)
    ref, got = run_both(kestrel, elf)
    rd, rlines = dumps(ref[2])
    kd, klines = dumps(got[2])
    units = units_of(src)
    first = None
    for i, (a, b) in enumerate(zip(rlines, klines)):
        if a != b:
            first = i
            break
    if first is None and len(rlines) != len(klines):
        first = min(len(rlines), len(klines))
    print('first difference at output line %s (reference %d lines, '
          'kestrel %d; exit %s / %s)' % (first, len(rlines), len(klines),
                                         ref[0], got[0]))
    if first is None:
        print('step run shows no difference (block run differed: '
              'state that depends on dump placement?)')
        return
    # the unit: the next D line in the reference's output names it
    unit = None
    for line in rlines[first:] + klines[first:]:
        if line.startswith('D '):
            unit = int(line.split()[1], 16)
            break
    for who, lines in (('reference', rlines), ('kestrel', klines)):
        if first < len(lines):
            print('  %-9s: %s' % (who, lines[first][:160]))
        else:
            print('  %-9s: <output ends>' % who)
    if unit is None or unit == 0:
        return
    name, ulines = units.get(unit - 1, ('?', []))
    print('unit %d (%s):' % (unit - 1, name))
    ops = []
    for line in ulines:
        m = re.match(r'\.inst\s+0x([0-9a-f]+)', line)
        if m:
            d = disas(int(m.group(1), 16))
            print('    %s    // %s' % (line, d))
            ops += operand_regs(d)
        else:
            print('    %s' % line)
            ops += operand_regs(line)
    before = rd.get(unit - 1)
    if before:
        print('before: nzcv %s fpsr %s' % (before['nzcv'], before['fpsr']))
        for r in dict.fromkeys(ops):
            print('    %-4s %s' % (r, before[r]))
    a, b = rd.get(unit), kd.get(unit)
    if a and b:
        print('after (reference / kestrel):')
        for k in DNAMES[1:]:
            if a.get(k) != b.get(k):
                print('    %-7s %s / %s' % (k, a.get(k), b.get(k)))
        if a.get('memhash') != b.get('memhash'):
            rm = [x for x in rlines if x.startswith('M ')]
            km = [x for x in klines if x.startswith('M ')]
            md = [(x, y) for x, y in zip(rm, km) if x != y]
            print('scratch memory at the end, first differing lines '
                  '(offset, 8 quads):')
            for x, y in md[:4]:
                print('    reference %s\n    kestrel   %s' % (x[2:], y[2:]))
    exc = {}
    for who, lines in (('reference', rlines), ('kestrel', klines)):
        ex = []
        for x in lines[first:]:
            if x.startswith('D '):
                break
            ex.append(x)
        exc[who] = ex
        if ex:
            print('%s exceptions: %s' % (who, '; '.join(ex)))
    # one greppable line for logs (scripts/soak-random.sh)
    if exc['kestrel'] and not exc['reference']:
        kind = 'kestrel-exception'
    elif exc['reference'] and not exc['kestrel']:
        kind = 'reference-exception'
    elif exc['reference'] or exc['kestrel']:
        kind = 'exception-differs'
    else:
        kind = 'state'
    diff = [k for k in DNAMES[1:] if a and b and a.get(k) != b.get(k)]
    word = [m.group(1) for m in (re.match(r'\.inst\s+0x([0-9a-f]+)', x)
                                 for x in ulines) if m]
    print('DIVERGENCE: %s seed %d unit %d %s 0x%s "%s" %s [%s]' % (
        args.group, args.seed, unit - 1, name, word[-1] if word else '-',
        disas(int(word[-1], 16)) if word else '; '.join(ulines),
        kind, ' '.join(diff)))


def main():
    global KESTREL_CPU
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('kestrel')
    ap.add_argument('group')
    ap.add_argument('seed', type=int)
    ap.add_argument('count', type=int)
    ap.add_argument('--step', action='store_true',
                    help='dump after every unit')
    ap.add_argument('--block', type=int, default=32)
    ap.add_argument('--keep', help='build in DIR and keep the files')
    ap.add_argument('--quiet', action='store_true')
    ap.add_argument('--skip-unimplemented', action='store_true',
                    help='first list and NOP out the units that only '
                    'Kestrel finds UNDEFINED, then compare the rest')
    ap.add_argument('--skip-extra', action='store_true',
                    help='the same for units that only the reference '
                    'finds UNDEFINED (Kestrel bugs, listed as EXTRA)')
    ap.add_argument('--kestrel-cpu', default=KESTREL_CPU,
                    help='Kestrel\'s -cpu (default %s)' % KESTREL_CPU)
    args = ap.parse_args()
    KESTREL_CPU = args.kestrel_cpu
    for tool in ('qemu-system-aarch64', CROSS + 'gcc', CROSS + 'objdump'):
        if not shutil.which(tool):
            print('SKIP: %s not installed' % tool)
            return 77
    kestrel = os.path.abspath(args.kestrel)
    with tempfile.TemporaryDirectory(prefix='kestrel-rand-') as tmp:
        workdir = args.keep or tmp
        os.makedirs(workdir, exist_ok=True)
        drop = {}
        if args.skip_unimplemented or args.skip_extra:
            unimpl, extra = undef_mismatch(kestrel, args,
                                           os.path.join(workdir, 'undef'))
            for on, d, tag, what in (
                    (args.skip_unimplemented, unimpl, 'UNIMPLEMENTED',
                     'UNDEFINED in Kestrel only'),
                    (args.skip_extra, extra, 'EXTRA',
                     'UNDEFINED in the reference only')):
                if not on or not d:
                    continue
                drop.update(d)
                names = sorted(set(x.split()[1] for x in d.values()))
                print('%s: %s seed %d: %d units %s, replaced by NOPs: %s' %
                      (tag, args.group, args.seed, len(d), what,
                       ' '.join(names)))
                if not args.quiet or tag == 'EXTRA':
                    for u, x in d.items():
                        print('    unit %d: %s' % (u, x))
        _, elf = build(workdir, args.group, args.seed, args.count,
                       args.block, args.step, drop)
        ref, got = run_both(kestrel, elf)
        what = '%s seed %d count %d' % (args.group, args.seed, args.count)
        if ref[0] == 'timeout':
            print('FAIL: %s: the reference timed out' % what)
            return 1
        if ref == got:
            nd = ref[2].count(b'\nD ') + ref[2].startswith(b'D ')
            ne = ref[2].count(b'\nE ') + ref[2].startswith(b'E ')
            if not args.quiet:
                print('PASS: %s: %d dumps, %d exceptions, exit %s' %
                      (what, nd, ne, ref[0]))
            return 0
        print('FAIL: %s: outputs differ (exit %s / %s)' %
              (what, ref[0], got[0]))
        if ref[1] != got[1]:
            print('stdout differs:\n--- reference\n%s\n--- kestrel\n%s' % (
                ref[1].decode(errors='replace')[:2000],
                got[1].decode(errors='replace')[:2000]))
        report_step(kestrel, args, os.path.join(workdir, 'step'), drop)
        print('reproduce: %s %s %s %d %d --step%s' %
              (os.path.relpath(__file__), args.kestrel, args.group,
               args.seed, args.count,
               (' --skip-unimplemented' if args.skip_unimplemented
                else '') + (' --skip-extra' if args.skip_extra else '')))
        return 1


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (subprocess.CalledProcessError, OSError) as e:
        print('ERROR: %s' % e)      # the test itself broke: not a result
        sys.exit(2)
