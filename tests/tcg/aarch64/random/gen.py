#!/usr/bin/env python3
"""Random A64 instruction sequences for the differential tests
(docs/testing-random.md).

Usage: gen.py GROUP SEED COUNT [--block K | --step] [--drop LIST] > out.S

GROUP is a comma-separated list of groups or subgroups (gen.py --list
shows them). The output, linked with harness.S, lib.S and semihost.S,
loads a random initial state biased toward special values (values.py;
for the load/store groups, SCTLR_EL1.A is set in 3 programs out of
10 and toggled now and then), runs COUNT random units (one
instruction, with the few set-up instructions a load/store needs) and
dumps the whole state after every K units (--step: after each one).
The instruction stream depends only on GROUP, SEED and COUNT, never on
K, so a step run shows where a block run first diverged; --drop
replaces chosen units by NOPs without changing the others."""
import argparse
import random
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import patterns  # noqa: E402
import values  # noqa: E402
from dsl import Unit, movz_seq  # noqa: E402
from patterns import BASE, SCRATCH  # noqa: E402


class Generator:
    def __init__(self, group, seed, count):
        self.rng = random.Random('%s/%d' % (group, seed))
        self.count = count
        self.subgroups = patterns.resolve(group)
        self.pool = []          # (label, 16 bytes) for reload units
        self.ldst = any(patterns.SUBGROUPS[s].ldst for s in self.subgroups)
        self.fp = any(patterns.SUBGROUPS[s].fp for s in self.subgroups)

    # Units that are not instructions under test: fresh special values
    # (random sequences drift to plain random numbers otherwise), FPCR
    # and NZCV changes.
    def reload_unit(self):
        rng = self.rng
        label = 'rand_pool_%d' % len(self.pool)
        if self.fp and rng.random() < 0.7:
            self.pool.append((label, values.vector(rng)))
            return Unit('reload', pre=['ldr     q%d, %s' %
                                       (rng.randrange(32), label)])
        self.pool.append((label, values.xvalue(rng).to_bytes(8, 'little')
                          + bytes(8)))
        reg = rng.randrange(31)
        if self.ldst and reg == BASE:
            reg = 0
        return Unit('reload', pre=['ldr     x%d, %s' % (reg, label)])

    def fpcr_unit(self):
        reg = self.rng.randrange(31)
        return Unit('fpcr', pre=movz_seq(reg, values.fpcr(self.rng)) +
                    ['msr     fpcr, x%d' % reg])

    def nzcv_unit(self):
        reg = self.rng.randrange(31)
        return Unit('nzcv', pre=movz_seq(reg, values.nzcv(self.rng)) +
                    ['msr     nzcv, x%d' % reg])

    def align_unit(self):
        """Toggle SCTLR_EL1.A (the register's other bits may differ
        between the two models, so the scratch register ends as 0)."""
        reg = self.rng.choice([r for r in range(31) if r != BASE])
        return Unit('sctlr.a', pre=[
            'mrs     x%d, sctlr_el1' % reg,
            'eor     x%d, x%d, #2' % (reg, reg),
            'msr     sctlr_el1, x%d' % reg, 'isb', 'mov     x%d, #0' % reg])

    def unit(self):
        rng = self.rng
        r = rng.random()
        if r < 0.08:
            return self.reload_unit()
        if r < 0.09:
            return self.nzcv_unit()
        if r < 0.10 and self.fp:
            return self.fpcr_unit()
        if r < 0.10 and self.ldst and rng.random() < 0.5:
            return self.align_unit()
        sub = patterns.SUBGROUPS[rng.choice(self.subgroups)]
        pat = rng.choices(sub.patterns, [p.weight for p in sub.patterns])[0]
        return pat.unit(rng, self)

    def initial_state(self):
        rng = self.rng
        xs = [values.xvalue(rng) for _ in range(31)]
        nzcv = values.nzcv(rng)
        fpcr = values.fpcr(rng) if self.fp else 0
        vs = [values.vector(rng) for _ in range(32)]
        mem = bytes(rng.randrange(256) for _ in range(SCRATCH))
        flags = 0
        if self.ldst:
            flags = 1 | (2 if rng.random() < 0.3 else 0)
        return xs, nzcv, fpcr, vs, mem, flags

    def emit(self, out, block, drop=()):
        xs, nzcv, fpcr, vs, mem, flags = self.initial_state()
        units = [self.unit() for _ in range(self.count)]
        for i in drop:
            if i < len(units):
                units[i] = Unit('dropped', pre=['nop'])
        w = out.write
        w('/* gen.py %s: %d units, a dump every %d */\n' %
          (','.join(self.subgroups), self.count, block))
        w('    .data\n    .balign 16\n    .global rand_init\nrand_init:\n')
        for x in xs:
            w('    .quad   0x%016x\n' % x)
        w('    .quad   0x%016x, 0x%016x, 0\n' % (nzcv, fpcr))
        for v in vs:
            w('    .quad   0x%016x, 0x%016x\n' %
              (int.from_bytes(v[:8], 'little'),
               int.from_bytes(v[8:], 'little')))
        w('    .global rand_flags\nrand_flags:\n    .word   %d\n' % flags)
        w('    .balign 16\n    .global rand_mem\nrand_mem:\n')
        for i in range(0, SCRATCH, 16):
            w('    .byte   %s\n' % ', '.join('%d' % b for b in mem[i:i + 16]))
        w('\n    .text\n    .global rand_body\nrand_body:\n')
        w('    str     x30, [sp, #-16]!\n    bl      rand_dump\n'
          '    .word   0\n    ldr     x30, [sp], #16\n')
        for i, u in enumerate(units):
            w('    // unit %d: %s\n' % (i, u.name))
            for line in u.lines():
                w('    %s\n' % line)
            if (i + 1) % block == 0 or i + 1 == len(units):
                w('    str     x30, [sp, #-16]!\n    bl      rand_dump\n'
                  '    .word   %d\n    ldr     x30, [sp], #16\n' % (i + 1))
        w('    b       rand_done\n    .balign 16\n')
        for label, data in self.pool:
            w('%s:\n    .quad   0x%016x, 0x%016x\n' %
              (label, int.from_bytes(data[:8], 'little'),
               int.from_bytes(data[8:], 'little')))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('group', nargs='?')
    ap.add_argument('seed', nargs='?', type=int)
    ap.add_argument('count', nargs='?', type=int)
    ap.add_argument('--block', type=int, default=32)
    ap.add_argument('--step', action='store_true')
    ap.add_argument('--drop', default='',
                    help='units to replace by NOP: "3,17" or @FILE')
    ap.add_argument('--list', action='store_true')
    a = ap.parse_args()
    if a.list:
        for g, subs in patterns.GROUPS.items():
            print('%-10s %s' % (g, ' '.join(subs)))
        return 0
    if a.count is None:
        ap.error('GROUP SEED COUNT are required')
    try:
        gen = Generator(a.group, a.seed, a.count)
    except KeyError as e:
        ap.error('unknown group %s (see --list)' % e)
    drop = a.drop
    if drop.startswith('@'):
        drop = open(drop[1:]).read()
    drop = {int(x) for x in drop.replace(',', ' ').split()}
    gen.emit(sys.stdout, 1 if a.step else max(1, a.block), drop)
    return 0


if __name__ == '__main__':
    sys.exit(main())
