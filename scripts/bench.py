#!/usr/bin/env python3
"""Kestrel against QEMU on the bare-metal AArch64 workloads
(tests/bench/aarch64/), the harness of issue 9; see docs/performance.md.

For each workload it runs build/kestrel and Debian's qemu-system-aarch64
with the same options, alternating A B A B, N times each; checks that
every run exits 0 and prints the expected checksum (the same under both);
prints the median wall time of each, the speed-up (QEMU time / Kestrel
time), guest instructions per second and peak RSS; then the geometric
mean of the speed-ups.  Writes bench-results/bench-<stamp>.{csv,json},
bench-results/latest.{csv,json} and, with gnuplot, bench-results/
ratios.png.

Guest instruction counts come from one extra QEMU run per workload with
-icount shift=0, where the guest's PMU cycle counter (PMCCNTR_EL0, read
around the kernel by tests/bench/aarch64/main.c) counts instructions.
Kestrel has no executed-instruction counter; the count is a property of
the program, so it is used for both.  Counts are cached by ELF hash in
bench-results/insn-counts.json.  Standard library only."""
import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name: (extra emulator arguments, what it stresses).  Keep in step with
# tests/bench/aarch64/meson.build.
WORKLOADS = {
    'null': ([], 'start-up and exit only; not in the geometric mean'),
    'crc32': ([], 'bitwise CRC-32: shifts, masks, byte loads'),
    'sieve': ([], 'sieve of Eratosthenes: strided byte stores'),
    'qsort': ([], 'quicksort of 32-bit keys: branches, loads/stores'),
    'interp': ([], 'bytecode interpreter, computed goto (BR Xn)'),
    'lz': ([], 'LZ77 compress + decompress round trip'),
    'memops': ([], 'memset/memcpy of 8 MiB with LDP/STP'),
    'calls': ([], 'recursion (fib, Ackermann): BL/RET'),
    'svc': ([], 'SVC from EL0 and ERET: exception round trips'),
}

# Issue 9 workloads that cannot run on Kestrel yet.
PENDING = {
    'pagetable': 'MMU (stage 1 walk, TLB refills) is being added',
    'timer-irq': 'needs the generic timer and the GIC',
    'fp-matmul, nbody, neon': 'FP/SIMD is not implemented (UNDEFINED)',
    'linux-boot': 'needs MMU, timer, GIC, PSCI and FP/SIMD',
}

COMMON = ['-M', 'virt', '-cpu', 'cortex-a57', '-m', '1G', '-smp', '1',
          '-nographic', '-semihosting']

LINE = re.compile(r'^(\S+): checksum (0x[0-9a-f]{16}) (ok|BAD)$', re.M)
CYCLES = re.compile(r'^cycles (\d+)$', re.M)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_once(cmd, timeout):
    """Run cmd; return (wall seconds, exit status, output, rusage)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, p.kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors='replace')
    return wall, p.returncode, text, ru


def check_output(name, rc, text):
    """The checksum printed, or an error message."""
    m = LINE.search(text)
    if not m:
        return None, 'exit %d, no checksum line: %r' % (rc, text[-200:])
    if m.group(1) != name or m.group(3) != 'ok' or rc != 0:
        return None, 'exit %d: %s' % (rc, m.group(0))
    return m.group(2), None


def build(builddir):
    if not os.path.exists(os.path.join(builddir, 'build.ninja')):
        log('bench: meson setup %s' % builddir)
        subprocess.run(['meson', 'setup', builddir], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    log('bench: ninja -C %s kestrel bench-aarch64' % builddir)
    subprocess.run(['ninja', '-C', builddir, 'kestrel', 'bench-aarch64'],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def insn_counts(qemu, elfs, outdir, timeout):
    """Executed guest instructions per workload (None if unknown)."""
    cache_path = os.path.join(outdir, 'insn-counts.json')
    try:
        with open(cache_path) as f:
            cache = json.load(f)
    except (OSError, ValueError):
        cache = {}
    counts = {}
    for name, (elf, extra) in elfs.items():
        key = sha256(elf)
        if key not in cache:
            log('bench: counting instructions of %s (qemu -icount)' % name)
            _, rc, text, _ = run_once([qemu] + COMMON + extra +
                                      ['-icount', 'shift=0', '-kernel', elf],
                                      timeout * 3)
            m = CYCLES.search(text)
            if m and rc == 0:
                cache[key] = int(m.group(1))
            else:
                log('bench: no instruction count for %s' % name)
        counts[name] = cache.get(key)
    with open(cache_path, 'w') as f:
        json.dump(cache, f, indent=1)
    return counts


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def chart(rows, geo, path, title):
    gnuplot = shutil.which('gnuplot')
    if not gnuplot:
        log('bench: gnuplot not found (Debian package gnuplot-nox): '
            'no chart')
        return False
    data = ''.join('"%s" %.4f\n' % (r['workload'], r['speedup'])
                   for r in rows
                   if r.get('speedup') and r['workload'] != 'null')
    if geo:
        data += '"geomean" %.4f\n' % geo
    script = '''
set terminal pngcairo size 900,420 font ",10" noenhanced
set output "%s"
set title "%s"
set ylabel "speed-up (QEMU time / Kestrel time)"
set style fill solid 0.8 border -1
set boxwidth 0.6
set yrange [0:*]
set grid ytics
set key top left
set xtics nomirror
plot $data using 0:2:xtic(1) with boxes lc rgb "#3a6ea5" title "speed-up", \\
     $data using 0:2:(sprintf("%%.2f", $2)) with labels offset 0,0.7 notitle, \\
     1 with lines lc rgb "#999999" dt 2 title "QEMU = 1", \\
     1.5 with lines lc rgb "#c0392b" dt 3 title "target 1.5"
''' % (path, title.replace('"', "'"))
    script = '$data << EOD\n' + data + 'EOD\n' + script
    p = subprocess.run([gnuplot], input=script.encode(),
                       capture_output=True)
    if p.returncode != 0:
        log('bench: gnuplot failed: %s' % p.stderr.decode(errors='replace'))
        return False
    return True


def fmt_rate(insns, secs):
    if not insns or insns < 1e6 or not secs:
        return 'n/a'
    return '%.0f' % (insns / secs / 1e6)


def main():
    ap = argparse.ArgumentParser(
        description='Kestrel vs qemu-system-aarch64 on tests/bench/aarch64')
    ap.add_argument('-n', type=int, default=5,
                    help='runs per emulator and workload (default 5)')
    ap.add_argument('-B', '--builddir', default='build',
                    help='meson build directory (default build)')
    ap.add_argument('--no-build', action='store_true',
                    help='do not run meson/ninja first')
    ap.add_argument('--kestrel', help='kestrel binary (default BUILDDIR/'
                    'kestrel)')
    ap.add_argument('--qemu', default='qemu-system-aarch64')
    ap.add_argument('-w', '--workloads',
                    help='comma-separated subset (default all): ' +
                    ', '.join(WORKLOADS))
    ap.add_argument('-o', '--outdir', default='bench-results')
    ap.add_argument('--no-count', action='store_true',
                    help='skip the qemu -icount instruction-count runs')
    ap.add_argument('--timeout', type=float, default=120,
                    help='seconds per run (default 120)')
    args = ap.parse_args()

    builddir = os.path.join(ROOT, args.builddir)
    outdir = os.path.join(ROOT, args.outdir)
    kestrel = args.kestrel or os.path.join(builddir, 'kestrel')
    qemu = shutil.which(args.qemu)
    if not qemu:
        log('bench: %s not found (Debian package qemu-system-arm)' %
            args.qemu)
        return 2
    if not args.no_build:
        try:
            build(builddir)
        except subprocess.CalledProcessError as e:
            log('bench: build failed: %s' % e)
            return 2
    names = args.workloads.split(',') if args.workloads else list(WORKLOADS)
    elfs = {}
    for name in names:
        if name not in WORKLOADS:
            log('bench: unknown workload %s' % name)
            return 2
        elf = os.path.join(builddir, 'tests', 'bench', 'aarch64',
                           'bench-%s.elf' % name)
        if not os.path.exists(elf):
            log('bench: %s missing (is aarch64-linux-gnu-gcc installed?)' %
                elf)
            return 2
        elfs[name] = (elf, WORKLOADS[name][0])
    os.makedirs(outdir, exist_ok=True)

    counts = ({n: None for n in names} if args.no_count else
              insn_counts(qemu, elfs, outdir, args.timeout))

    emus = (('kestrel', kestrel), ('qemu', qemu))
    runs = {n: {e: [] for e, _ in emus} for n in names}
    errors = {n: [] for n in names}
    sums = {n: set() for n in names}
    for i in range(args.n):
        for name in names:
            elf, extra = elfs[name]
            for emu, binary in emus:      # A B A B ...
                wall, rc, text, ru = run_once(
                    [binary] + COMMON + extra + ['-kernel', elf],
                    args.timeout)
                csum, err = check_output(name, rc, text)
                if err:
                    errors[name].append('%s run %d: %s' % (emu, i + 1, err))
                else:
                    sums[name].add(csum)
                runs[name][emu].append({'wall': wall,
                                        'cpu': ru.ru_utime + ru.ru_stime,
                                        'rss_kib': ru.ru_maxrss,
                                        'ok': err is None})
                log('bench: [%d/%d] %-7s %-7s %6.3f s %s' %
                    (i + 1, args.n, name, emu, wall, 'ok' if not err
                     else 'FAIL'))
    rows = []
    for name in names:
        if len(sums[name]) > 1:
            errors[name].append('checksums differ: %s' %
                                ', '.join(sorted(sums[name])))
        row = {'workload': name, 'insns': counts[name],
               'checksum': next(iter(sums[name])) if sums[name] else None,
               'ok': not errors[name], 'errors': errors[name]}
        for emu, _ in emus:
            good = [r['wall'] for r in runs[name][emu] if r['ok']]
            row[emu + '_median_s'] = statistics.median(good) if good else None
            cpu = [r['cpu'] for r in runs[name][emu] if r['ok']]
            row[emu + '_cpu_s'] = statistics.median(cpu) if cpu else None
            row[emu + '_min_s'] = min(good) if good else None
            row[emu + '_max_s'] = max(good) if good else None
            row[emu + '_rss_mib'] = max(r['rss_kib']
                                        for r in runs[name][emu]) / 1024
            med = row[emu + '_median_s']
            row[emu + '_mips'] = (counts[name] / med / 1e6
                                  if counts[name] and med else None)
        k, q = row['kestrel_median_s'], row['qemu_median_s']
        row['speedup'] = q / k if row['ok'] and k and q else None
        k, q = row['kestrel_cpu_s'], row['qemu_cpu_s']
        row['cpu_speedup'] = q / k if row['ok'] and k and q else None
        rows.append(row)

    ratios = [r['speedup'] for r in rows
              if r['speedup'] and r['workload'] != 'null']
    geo = geomean(ratios) if ratios else None

    hdr = ('%-8s %9s %9s %8s %8s %8s %8s %8s %8s %8s' %
           ('workload', 'kestrel s', 'qemu s', 'speedup', 'cpu Q/K',
            'kestrel', 'qemu', 'Minsns', 'kestrel', 'qemu'))
    print('\n%-8s %9s %9s %8s %8s %17s %8s %17s' %
          ('', 'median', 'median', 'wall Q/K', '', 'guest MIPS', '',
           'peak RSS MiB'))
    print(hdr)
    for r in rows:
        if not r['ok']:
            print('%-8s FAILED: %s' % (r['workload'], '; '.join(r['errors'])))
            continue
        print('%-8s %9.3f %9.3f %7.2fx %7.2fx %8s %8s %8s %8.1f %8.1f' %
              (r['workload'], r['kestrel_median_s'], r['qemu_median_s'],
               r['speedup'], r['cpu_speedup'],
               fmt_rate(r['insns'], r['kestrel_median_s']),
               fmt_rate(r['insns'], r['qemu_median_s']),
               '%.0f' % (r['insns'] / 1e6) if r['insns'] else 'n/a',
               r['kestrel_rss_mib'], r['qemu_rss_mib']))
    if geo:
        cpu = [r['cpu_speedup'] for r in rows
               if r['cpu_speedup'] and r['workload'] != 'null']
        print('geometric mean speed-up: %.2fx wall, %.2fx CPU time, over %d '
              'workloads (target >= 1.5x; null excluded)' %
              (geo, geomean(cpu), len(ratios)))
    print('pending: ' + '; '.join('%s (%s)' % kv for kv in PENDING.items()))

    now = datetime.datetime.now().astimezone()
    stamp = now.strftime('%Y%m%d-%H%M%S')
    cpu = ''
    try:
        with open('/proc/cpuinfo') as f:
            cpu = re.search(r'model name\s*:\s*(.*)', f.read()).group(1)
    except (OSError, AttributeError):
        pass
    rev = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-'
                            'files=no'], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    qver = subprocess.run([qemu, '--version'], capture_output=True,
                          text=True).stdout.splitlines()[0]
    meta = {'date': now.isoformat(timespec='seconds'), 'host': platform.node(),
            'cpu': cpu, 'cpus': os.cpu_count(), 'runs': args.n,
            'kestrel': kestrel, 'kestrel_rev': rev + ('+dirty' if dirty
                                                      else ''),
            'qemu': qver, 'options': COMMON, 'geomean_speedup': geo}
    fields = ['workload', 'kestrel_median_s', 'qemu_median_s', 'speedup',
              'kestrel_cpu_s', 'qemu_cpu_s', 'cpu_speedup', 'insns', 'kestrel_mips', 'qemu_mips', 'kestrel_rss_mib',
              'qemu_rss_mib', 'kestrel_min_s', 'kestrel_max_s', 'qemu_min_s',
              'qemu_max_s', 'checksum', 'ok']
    csv = ','.join(fields) + '\n'
    for r in rows:
        csv += ','.join('' if r[f] is None else
                        ('%.4f' % r[f] if isinstance(r[f], float) else
                         str(r[f])) for f in fields) + '\n'
    doc = {'meta': meta, 'results': rows, 'runs': runs,
           'pending': PENDING}
    for base in ('bench-' + stamp, 'latest'):
        with open(os.path.join(outdir, base + '.csv'), 'w') as f:
            f.write(csv)
        with open(os.path.join(outdir, base + '.json'), 'w') as f:
            json.dump(doc, f, indent=1)
    png = os.path.join(outdir, 'ratios.png')
    title = ('Kestrel speed-up over QEMU %s, %s, median of %d, %s' %
             (qver.split()[3] if len(qver.split()) > 3 else '',
              now.strftime('%Y-%m-%d'), args.n, rev))
    if rows and chart(rows, geo, png, title):
        print('chart: %s' % os.path.relpath(png, ROOT))
    print('results: %s/latest.{csv,json}' % os.path.relpath(outdir, ROOT))
    return 0 if all(r['ok'] for r in rows) else 1


if __name__ == '__main__':
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(main())
