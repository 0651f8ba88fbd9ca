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

The Linux boot of the virt board (the guest of scripts/make-arm64-guest.sh)
is timed the same way, from starting the emulator to /init's first
console marker and to the emulator's exit after poweroff: two rows,
skipped with a note when the images are missing.

A workload that fails under one emulator is reported as failed (its
other runs under that emulator are skipped) and the others go on.

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

# The CPU of the FP/SIMD workloads and of the Linux boot: the same part
# as the integer workloads (the reference's 'max' emulates pointer
# authentication, which makes its boot several times slower: not a fair
# comparison).
FP_CPU = 'cortex-a57'
FP = ['-cpu', FP_CPU]

# name: (extra emulator arguments, what it stresses).  Keep in step with
# tests/bench/aarch64/meson.build.  Arguments without -cpu get
# -cpu cortex-a57.
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
    'pagetable': ([], 'MMU on, 65,536 pages, TLB misses, TLBI remaps'),
    'timer': ([], 'generic timer IRQs through the GICv2, 200,000 of them'),
    'matmul': (FP, 'double matrix multiply 128 x 128: FMUL/FADD'),
    'nbody': (FP, 'n-body steps in double: FSQRT, FDIV'),
    'neon': (FP, 'AdvSIMD integer loops (GCC -O3 vectorised)'),
    # Not bare-metal: see BOOT.  One run gives both rows.
    'boot-init': (FP, 'Linux boot of virt to /init\'s first marker'),
    'boot-off': (FP, 'Linux boot of virt to poweroff (emulator exit)'),
}

# Issue 9 workloads still to come (none).
PENDING = {}

COMMON = ['-M', 'virt', '-m', '1G', '-smp', '1', '-nographic']
BARE = COMMON + ['-semihosting']

# The Linux guest (scripts/make-arm64-guest.sh): /init prints the first
# marker, works, prints the second and powers off (exit status 0).
BOOT_DIR = os.path.join('tests', 'images', 'arm64')
BOOT_ROWS = {'boot-init': 'KESTREL-GUEST-UP', 'boot-off': None}
BOOT_DONE = 'KESTREL-GUEST-DONE'
BOOT_APPEND = 'console=ttyAMA0 panic=-1'
BOOT_CHECK = re.compile(r'^([0-9a-f]{32})  /etc/hello\s*$', re.M)


def with_cpu(extra):
    return extra if '-cpu' in extra else ['-cpu', 'cortex-a57'] + extra

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


def run_boot(cmd, marker, timeout):
    """Boot Linux: (seconds to marker or None, wall seconds to exit, exit
    status, console output, rusage)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    timer = threading.Timer(timeout, p.kill)
    timer.start()
    buf, t_marker = b'', None
    needle = marker.encode()
    while True:
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        if t_marker is None and needle in buf[-len(chunk) - len(needle):]:
            t_marker = time.perf_counter() - start
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    timer.cancel()
    p.stdout.close()
    return (t_marker, wall, os.waitstatus_to_exitcode(status),
            buf.decode(errors='replace'), ru)


def check_boot(rc, text, t_marker):
    """The md5sum /init printed of /etc/hello, or an error message."""
    if t_marker is None:
        return None, 'exit %d, no %s: %r' % (rc, BOOT_ROWS['boot-init'],
                                             text[-200:])
    m = BOOT_CHECK.search(text)
    if BOOT_DONE not in text or not m or rc != 0:
        return None, 'exit %d, no %s or md5sum line: %r' % (
            rc, BOOT_DONE, text[-200:])
    return m.group(1), None


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
        if name in BOOT_ROWS:
            counts[name] = None
            continue
        key = sha256(elf)
        if key not in cache:
            log('bench: counting instructions of %s (qemu -icount)' % name)
            _, rc, text, _ = run_once([qemu] + BARE + with_cpu(extra) +
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
    # Boot rows after the geometric mean: they are not part of it.
    boots = [r for r in rows if r['workload'] in BOOT_ROWS]
    data = ''.join(l + '\n' for l in data.splitlines()
                   if l.split('"')[1] not in BOOT_ROWS)
    if geo:
        data += '"geomean" %.4f\n' % geo
    data += ''.join('"%s" %.4f\n' % (r['workload'], r['speedup'])
                    for r in boots if r.get('speedup'))
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
                    ', '.join(WORKLOADS) + ' (boot: both boot rows)')
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
    if 'boot' in names:     # -w boot: both boot rows
        i = names.index('boot')
        names[i:i + 1] = [n for n in BOOT_ROWS if n not in names]
    skipped = {}
    boot_files = [os.path.join(ROOT, BOOT_DIR, f)
                  for f in ('vmlinuz', 'initrd.gz')]
    missing = [f for f in boot_files if not os.path.exists(f)]
    elfs = {}
    for name in list(names):
        if name not in WORKLOADS:
            log('bench: unknown workload %s' % name)
            return 2
        if name in BOOT_ROWS:
            if missing:
                skipped[name] = ('%s missing (scripts/make-arm64-guest.sh '
                                 'makes it)' % os.path.relpath(missing[0],
                                                               ROOT))
                names.remove(name)
            else:
                elfs[name] = (None, WORKLOADS[name][0])
            continue
        elf = os.path.join(builddir, 'tests', 'bench', 'aarch64',
                           'bench-%s.elf' % name)
        if not os.path.exists(elf):
            log('bench: %s missing (is aarch64-linux-gnu-gcc installed?)' %
                elf)
            return 2
        elfs[name] = (elf, WORKLOADS[name][0])
    for name, why in skipped.items():
        log('bench: %s skipped: %s' % (name, why))
    os.makedirs(outdir, exist_ok=True)

    counts = ({n: None for n in names} if args.no_count else
              insn_counts(qemu, elfs, outdir, args.timeout))

    emus = (('kestrel', kestrel), ('qemu', qemu))
    runs = {n: {e: [] for e, _ in emus} for n in names}
    errors = {n: [] for n in names}
    sums = {n: set() for n in names}
    failed = set()          # (job, emu): no more runs of it
    # A job is one workload, or the boot (both boot rows from one run).
    jobs = [n for n in names if n not in BOOT_ROWS]
    boot_rows = [n for n in names if n in BOOT_ROWS]
    if boot_rows:
        jobs.append('boot')

    def record(name, emu, i, wall, ru, csum, err):
        if err:
            errors[name].append('%s run %d: %s' % (emu, i + 1, err))
        else:
            sums[name].add(csum)
        runs[name][emu].append({'wall': wall,
                                'cpu': ru.ru_utime + ru.ru_stime,
                                'rss_kib': ru.ru_maxrss,
                                'ok': err is None})

    for i in range(args.n):
        for job in jobs:
            for emu, binary in emus:      # A B A B ...
                if (job, emu) in failed:
                    continue
                if job == 'boot':
                    cmd = ([binary] + COMMON + with_cpu(FP) +
                           ['-no-reboot', '-kernel', boot_files[0],
                            '-initrd', boot_files[1], '-append',
                            BOOT_APPEND])
                    t_up, wall, rc, text, ru = run_boot(
                        cmd, BOOT_ROWS['boot-init'], args.timeout)
                    csum, err = check_boot(rc, text, t_up)
                    for name in boot_rows:
                        record(name, emu, i, wall if BOOT_ROWS[name] is None
                               else t_up, ru, csum, err)
                    shown = '%6.3f s to marker, %6.3f s' % (t_up or 0, wall)
                else:
                    elf, extra = elfs[job]
                    wall, rc, text, ru = run_once(
                        [binary] + BARE + with_cpu(extra) + ['-kernel', elf],
                        args.timeout)
                    csum, err = check_output(job, rc, text)
                    record(job, emu, i, wall, ru, csum, err)
                    shown = '%6.3f s' % wall
                if err:
                    failed.add((job, emu))
                log('bench: [%d/%d] %-9s %-7s %s %s' %
                    (i + 1, args.n, job, emu, shown,
                     'ok' if not err else 'FAIL: ' + err[:160]))
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
            # The CPU time of a boot is that of the whole run.
            cpu = [r['cpu'] for r in runs[name][emu]
                   if r['ok'] and BOOT_ROWS.get(name) is None]
            row[emu + '_cpu_s'] = statistics.median(cpu) if cpu else None
            row[emu + '_min_s'] = min(good) if good else None
            row[emu + '_max_s'] = max(good) if good else None
            row[emu + '_rss_mib'] = max([r['rss_kib'] for r in
                                         runs[name][emu]] or [0]) / 1024
            med = row[emu + '_median_s']
            row[emu + '_mips'] = (counts[name] / med / 1e6
                                  if counts[name] and med else None)
        k, q = row['kestrel_median_s'], row['qemu_median_s']
        row['speedup'] = q / k if row['ok'] and k and q else None
        k, q = row['kestrel_cpu_s'], row['qemu_cpu_s']
        row['cpu_speedup'] = q / k if row['ok'] and k and q else None
        rows.append(row)

    def rows_boot_first(rows):
        return next((r for r in rows if r['workload'] in BOOT_ROWS), None)

    def print_geo():
        cpu = [r['cpu_speedup'] for r in rows
               if r['cpu_speedup'] and in_mean(r)]
        nfail = sum(1 for r in rows if not r['ok'] and in_mean(r))
        print('geometric mean speed-up: %.2fx wall, %.2fx CPU time, over %d '
              'workloads (target >= 1.5x; null, boot%s excluded)' %
              (geo, geomean(cpu), len(ratios),
               ' and %d failed' % nfail if nfail else ''))

    def in_mean(r):
        return r['workload'] != 'null' and r['workload'] not in BOOT_ROWS
    ratios = [r['speedup'] for r in rows if r['speedup'] and in_mean(r)]
    geo = geomean(ratios) if ratios else None

    hdr = ('%-10s %9s %9s %8s %8s %8s %8s %8s %8s %8s' %
           ('workload', 'kestrel s', 'qemu s', 'speedup', 'cpu Q/K',
            'kestrel', 'qemu', 'Minsns', 'kestrel', 'qemu'))
    print('\n%-10s %9s %9s %8s %8s %17s %8s %17s' %
          ('', 'median', 'median', 'wall Q/K', '', 'guest MIPS', '',
           'peak RSS MiB'))
    print(hdr)

    def fmt_s(v):
        return '%9.3f' % v if v is not None else '%9s' % 'n/a'

    def fmt_x(v):
        return '%7.2fx' % v if v is not None else '%8s' % 'n/a'
    for r in sorted(rows, key=lambda r: r['workload'] in BOOT_ROWS):
        if r['workload'] in BOOT_ROWS and r is rows_boot_first(rows):
            if geo:
                print_geo()
            print('Linux boot (%s; target: Kestrel time <= 0.7x QEMU\'s, '
                  'speed-up >= 1.43x):' % ' '.join(FP))
        if not r['ok']:
            print('%-10s %s %s FAILED: %s' %
                  (r['workload'], fmt_s(r['kestrel_median_s']),
                   fmt_s(r['qemu_median_s']), r['errors'][0][:300]))
            continue
        print('%-10s %9.3f %9.3f %s %s %8s %8s %8s %8.1f %8.1f' %
              (r['workload'], r['kestrel_median_s'], r['qemu_median_s'],
               fmt_x(r['speedup']), fmt_x(r['cpu_speedup']),
               fmt_rate(r['insns'], r['kestrel_median_s']),
               fmt_rate(r['insns'], r['qemu_median_s']),
               '%.0f' % (r['insns'] / 1e6) if r['insns'] else 'n/a',
               r['kestrel_rss_mib'], r['qemu_rss_mib']))
    if geo and not rows_boot_first(rows):
        print_geo()
    for name, why in skipped.items():
        print('%-10s skipped: %s' % (name, why))
    if PENDING:
        print('pending: ' + '; '.join('%s (%s)' % kv
                                      for kv in PENDING.items()))

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
            'qemu': qver, 'options': BARE, 'fp_cpu': FP_CPU,
            'boot_append': BOOT_APPEND, 'geomean_speedup': geo}
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
           'pending': PENDING, 'skipped': skipped}
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
