"""The instruction groups of the random tests, as encoding patterns
(dsl.py explains the notation). Field layouts follow the ARM ARM's A64
encoding index (C4.1); only ARMv8.0 classes plus CRC32 and the
Cryptographic Extension are drawn, since the reference runs a
cortex-a57. Excluded on purpose: branches, exception generation,
system instructions (they leave the stream or change its machine
state), SP as a destination (the harness needs its stack), and the
UNPREDICTABLE cases named at each pattern."""
from dsl import Custom, Pattern, Unit, movz_seq

BASE = 28           # base register of the load/store groups
SCRATCH = 4096


class Subgroup:
    def __init__(self, patterns, ldst=False, fp=False):
        self.patterns, self.ldst, self.fp = patterns, ldst, fp


P = Pattern


def sf_fix(*wide):
    """32-bit forms take the high bit of the named 6-bit fields as 0 (it
    is unallocated there); N (if present) follows sf."""
    def fix(f, rng):
        if rng.random() < 0.9:
            if 'N' in f:
                f['N'] = f['sf']
            if not f['sf']:
                for n in wide:
                    f[n] &= 31
    return fix


def not_sp(f):
    """Rd = 31 is SP in the non-flag-setting forms: kept for the stack."""
    return f['S'] == 1 or f['Rd'] != 31


def dp2_fix(f, rng):
    if 16 <= f['opcode'] <= 23 and rng.random() < 0.9:
        f['sf'] = int(f['opcode'] & 3 == 3)     # CRC32X/CX only with sf


def dp3_fix(f, rng):
    if rng.random() < 0.9:
        if f['op31'] != 0:
            f['sf'] = 1
        if f['op31'] in (2, 6):                 # SMULH/UMULH: o0 0, Ra 31
            f['o0'], f['Ra'] = 0, 31


INT = {
    'int-imm': Subgroup([
        P('adr', 'op:1 immlo:2 10000 immhi:19 Rd:5', weight=0.3),
        P('addsub-imm', 'sf:1 op:1 S:1 100010 sh:1 imm12:12 Rn:5 Rd:5',
          ok=not_sp),
        P('logic-imm', 'sf:1 opc:2 100100 N:1 immr:6 imms:6 Rn:5 Rd:5',
          ok=lambda f: f['opc'] == 3 or f['Rd'] != 31,
          fix=sf_fix('immr', 'imms')),
        P('movewide', 'sf:1 opc:2=0,2,3 100101 hw:2 imm16:16 Rd:5',
          fix=lambda f, r: f.update(hw=f['hw'] & (f['sf'] * 2 + 1))
          if r.random() < 0.9 else None),
        P('bitfield', 'sf:1 opc:2=0-2 100110 N:1 immr:6 imms:6 Rn:5 Rd:5',
          fix=sf_fix('immr', 'imms'), weight=2),
        P('extract', 'sf:1 00? 100111 N:1 0? Rm:5 imms:6 Rn:5 Rd:5',
          fix=sf_fix('imms')),
    ]),
    'int-reg': Subgroup([
        P('logic-shift', 'sf:1 opc:2 01010 shift:2 N:1 Rm:5 imm6:6 Rn:5 '
          'Rd:5', fix=sf_fix('imm6'), weight=2),
        P('addsub-shift', 'sf:1 op:1 S:1 01011 shift:2=0-2 0 Rm:5 imm6:6 '
          'Rn:5 Rd:5', fix=sf_fix('imm6'), weight=2),
        P('addsub-ext', 'sf:1 op:1 S:1 01011 00? 1 Rm:5 option:3 '
          'imm3:3=0-4 Rn:5 Rd:5', ok=not_sp, weight=2),
        P('adc', 'sf:1 op:1 S:1 11010000 Rm:5 000000? Rn:5 Rd:5'),
        P('dp1', 'sf:1 1 S:1? 11010110 00000? opcode:6=0-5 Rn:5 Rd:5'),
        P('dp2', 'sf:1 0 S:1? 11010110 Rm:5 opcode:6=2,3,8-11,16-23 Rn:5 '
          'Rd:5', fix=dp2_fix, weight=2),
    ]),
    'int-cond': Subgroup([
        P('ccmp-reg', 'sf:1 op:1 1 11010010 Rm:5 cond:4 0 0? Rn:5 0? '
          'nzcv:4'),
        P('ccmp-imm', 'sf:1 op:1 1 11010010 imm5:5 cond:4 1 0? Rn:5 0? '
          'nzcv:4'),
        P('csel', 'sf:1 op:1 0? 11010100 Rm:5 cond:4 0? o2:1 Rn:5 Rd:5',
          weight=2),
    ]),
    'int-muldiv': Subgroup([
        P('dp3', 'sf:1 00? 11011 op31:3=0-2,5,6 Rm:5 o0:1 Ra:5 Rn:5 Rd:5',
          fix=dp3_fix, weight=2),
        P('div', 'sf:1 0 0 11010110 Rm:5 00001 o1:1 Rn:5 Rd:5'),
    ]),
}


# Loads and stores. Every unit first points x28 into the 4 KiB scratch
# area (ADRP + ADD: the scratch is page aligned), then sets what the
# addressing mode needs so that every byte accessed is inside it. The
# transfer registers never name x28 (writeback with Rt == Rn is
# UNPREDICTABLE); a load pair never has Rt == Rt2 (UNPREDICTABLE).

def rebase(off):
    return ['adrp    x%d, rand_scratch' % BASE,
            'add     x%d, x%d, #%d' % (BASE, BASE, off)]


def acc_size(f):
    """Bytes per register of the single-register forms."""
    if f.get('V') and f['opc'] & 2 and f['size'] == 0:
        return 16
    return 1 << f['size']


def mem_uimm(f, rng):
    acc = acc_size(f)
    scale = acc.bit_length() - 1
    t = rng.randrange(SCRATCH - 16)
    if rng.random() < 0.5:
        imm = rng.randint(0, min(8, t >> scale))
    else:
        imm = rng.randint(0, t >> scale)
    f['imm12'] = imm
    return rebase(t - (imm << scale))


def mem_imm9(f, rng):
    # base in [272, 3808): base + imm9 and 16 bytes stay inside
    return rebase(rng.randrange(272, 3808))


def mem_regoff(f, rng):
    acc = acc_size(f)
    amt = (acc.bit_length() - 1) if f['S'] else 0
    b = rng.randrange(SCRATCH - 16)
    t = rng.randrange(16, SCRATCH - 16)
    if f['option'] == 2:                # UXTW: no negative index
        b, t = min(b, t), max(b, t)
    idx = (t - b) >> amt
    hi = rng.getrandbits(32) if rng.random() < 0.5 else 0
    if f['option'] in (2, 6):           # only the low 32 bits count
        val = (hi << 32) | (idx & 0xffffffff)
    elif f['option'] in (3, 7):
        val = idx
    else:                               # unallocated: anything
        val = rng.getrandbits(64)
    if f['Rm'] == 31:                   # XZR: index 0
        return rebase(b)
    return rebase(b) + movz_seq(f['Rm'], val)


def mem_pair(f, rng):
    return rebase(rng.randrange(1040, 3040))


def mem_struct(f, rng):
    return rebase(rng.randrange(SCRATCH - 64))


def fp_size_fix(f, rng):
    if f['opc'] & 2 and rng.random() < 0.9:
        f['size'] = 0                   # opc 1x: the Q forms


def single_fix(f, rng):
    """Mostly valid lane encodings (ARM ARM C4.1.4, LD1 single etc.)."""
    if rng.random() < 0.2:
        return
    kind = f['opcode'] >> 1
    if kind == 1:
        f['size'] &= 2                  # 16-bit lanes: size<0> = 0
    elif kind == 2:
        f['size'] = rng.choice((0, 1))
        if f['size'] == 1:
            f['S'] = 0
    elif kind == 3:
        f['L'], f['S'] = 1, 0           # LDnR


def pair_ok(f):
    return not (f['L'] and f['Rt'] == f['Rt2'])


LDST_AVOID = (BASE,)


def excl_unit(rng):
    """LDAR/STLR; or a load-exclusive (single or pair) with a
    store-exclusive to the same address right after it (no dump between
    them, so the monitor state is the same in both emulators); or a lone
    store-exclusive after CLREX (it must fail). The status register
    differs from the data registers and the base, and a load pair's two
    registers differ (else CONSTRAINED UNPREDICTABLE). One time in ten
    the address is misaligned: an alignment fault."""
    size = rng.randrange(4)
    pair = size >= 2 and rng.random() < 0.3
    off = rng.randrange(0, SCRATCH - 64, 16)
    if rng.random() < 0.1:
        off += rng.randrange(1, 16)
    regs = [r for r in range(31) if r != BASE]
    rng.shuffle(regs)
    rt, rt2, rs = regs[:3]

    def word(load, s, t, t2, o0, o2=0):
        return ((size << 30) | (0b001000 << 24) | (o2 << 23) | (load << 22)
                | (int(pair) << 21) | (s << 16) | (o0 << 15) | (t2 << 10)
                | (BASE << 5) | t)
    pre = rebase(off)
    kind = rng.random()
    if kind < 0.3:
        pair = False
        return Unit('ldar-stlr', word(rng.getrandbits(1), 31, rt, 31, 1, 1),
                    pre)
    t2 = rt2 if pair else 31
    if kind < 0.4:
        return Unit('clrex-stxr', word(0, rs, rt, t2, rng.getrandbits(1)),
                    pre + ['clrex'])
    ld = word(1, 31, rt, t2, rng.getrandbits(1))
    if rng.random() < 0.3:              # store other registers
        rt, t2 = regs[3], (regs[4] if pair else 31)
    st = word(0, rs, rt, t2, rng.getrandbits(1))
    return Unit('ldxr-stxr', st, pre + ['.inst   0x%08x' % ld])


LDST = {
    'ldst-gpr': Subgroup([
        P('ldst-uimm', 'size:2 111 V:1=0! 01 opc:2 imm12:12 Rn:5=%d! Rt:5'
          % BASE, mem=mem_uimm, avoid=LDST_AVOID, weight=2),
        P('ldst-imm9', 'size:2 111 V:1=0! 00 opc:2 0 imm9:9 mode:2 Rn:5=%d! '
          'Rt:5' % BASE, mem=mem_imm9, avoid=LDST_AVOID, weight=3),
        P('ldst-regoff', 'size:2 111 V:1=0! 00 opc:2 1 Rm:5 option:3=2,3,6,7 '
          'S:1 10 Rn:5=%d! Rt:5' % BASE, mem=mem_regoff,
          avoid=LDST_AVOID, weight=2),
        P('ldr-literal', 'opc:2 011 0 00 imm19:19 Rt:5',
          fix=lambda f, r: f.update(imm19=r.randint(-512, 512) & 0x7ffff),
          avoid=LDST_AVOID),
    ], ldst=True),
    'ldst-pair': Subgroup([
        P('ldst-pair', 'opc:2=0-2 101 0 0 mode:2 L:1 imm7:7 Rt2:5 '
          'Rn:5=%d! Rt:5' % BASE, mem=mem_pair, ok=pair_ok,
          avoid=LDST_AVOID),
    ], ldst=True),
    'ldst-excl': Subgroup([Custom('excl', excl_unit)], ldst=True),
    'ldst-fp': Subgroup([
        P('ldst-fp-uimm', 'size:2 111 V:1=1! 01 opc:2 imm12:12 '
          'Rn:5=%d! Vt:5' % BASE, fix=fp_size_fix, mem=mem_uimm,
          avoid=LDST_AVOID, weight=2),
        P('ldst-fp-imm9', 'size:2 111 V:1=1! 00 opc:2 0 imm9:9 '
          'mode:2=0,1,3 Rn:5=%d! Vt:5' % BASE, fix=fp_size_fix,
          mem=mem_imm9, avoid=LDST_AVOID, weight=2),
        P('ldst-fp-regoff', 'size:2 111 V:1=1! 00 opc:2 1 Rm:5 '
          'option:3=2,3,6,7 S:1 10 Rn:5=%d! Vt:5' % BASE, fix=fp_size_fix,
          mem=mem_regoff, avoid=LDST_AVOID, weight=2),
        P('ldst-fp-pair', 'opc:2=0-2 101 1 0 mode:2 L:1 imm7:7 Rt2:5 '
          'Rn:5=%d! Rt:5' % BASE, mem=mem_pair, ok=pair_ok,
          avoid=()),
        P('ldr-fp-literal', 'opc:2=0-2 011 1 00 imm19:19 Vt:5',
          fix=lambda f, r: f.update(imm19=r.randint(-512, 512) & 0x7ffff)),
    ], ldst=True),
    'ldst-struct': Subgroup([
        P('ldst-multi', '0 Q:1 0011000 L:1 000000 opcode:4=0,2,4,6,7,8,10 '
          'size:2 Rn:5=%d! Vt:5' % BASE, mem=mem_struct),
        P('ldst-multi-post', '0 Q:1 0011001 L:1 0 Rm:5 '
          'opcode:4=0,2,4,6,7,8,10 size:2 Rn:5=%d! Vt:5' % BASE,
          mem=mem_struct, avoid=LDST_AVOID),
        P('ldst-single', '0 Q:1 0011010 L:1 R:1 00000 opcode:3 S:1 size:2 '
          'Rn:5=%d! Vt:5' % BASE, fix=single_fix, mem=mem_struct),
        P('ldst-single-post', '0 Q:1 0011011 L:1 R:1 Rm:5 opcode:3 S:1 '
          'size:2 Rn:5=%d! Vt:5' % BASE, fix=single_fix, mem=mem_struct,
          avoid=LDST_AVOID),
    ], ldst=True),
}
# The pair forms' Rt/Rt2 are V registers in ldst-fp: x28 is allowed.


FP = 'ftype:2=0,1'          # single, double (10 and 11 now and then)

FP_SCALAR = {
    'fp-arith': Subgroup([
        P('fp-dp2', '000 11110 %s 1 Vm:5 opcode:4=0-8 10 Vn:5 Vd:5' % FP,
          weight=3),
        P('fsqrt', '000 11110 %s 1 000011 10000 Vn:5 Vd:5' % FP),
    ], fp=True),
    'fp-fma': Subgroup([
        P('fp-dp3', '000 11111 %s o1:1 Vm:5 o0:1 Va:5 Vn:5 Vd:5' % FP),
    ], fp=True),
    'fp-cmp': Subgroup([
        P('fcmp', '000 11110 %s 1 Vm:5 00 1000 Vn:5 opc:5=0,8,16,24' % FP,
          fix=lambda f, r: f.update(Vm=0) if f['opc'] & 8 else None),
        P('fccmp', '000 11110 %s 1 Vm:5 cond:4 01 Vn:5 op:1 nzcv:4' % FP),
        P('fcsel', '000 11110 %s 1 Vm:5 cond:4 11 Vn:5 Vd:5' % FP),
    ], fp=True),
    'fp-rint': Subgroup([
        P('frint', '000 11110 %s 1 opcode:6=8-12,14,15 10000 Vn:5 Vd:5'
          % FP),
    ], fp=True),
    'fp-cvt': Subgroup([
        P('fcvt-sd', '000 11110 ftype:2=0,1! 1 0001 opc:2=0,1! 10000 Vn:5 '
          'Vd:5', ok=lambda f: f['ftype'] != f['opc']),
    ], fp=True),
    'fp-cvt-h': Subgroup([
        P('fcvt-h', '000 11110 ftype:2=0,1,3! 1 0001 opc:2=0,1,3! 10000 '
          'Vn:5 Vd:5', ok=lambda f: f['ftype'] != f['opc'] and
          3 in (f['ftype'], f['opc'])),
    ], fp=True),
    'fp-cvt-int': Subgroup([
        P('fcvt-int', 'sf:1 0 0? 11110 %s 1 rmode:2 opcode:3=0,1 000000 '
          'Rn:5 Rd:5' % FP, weight=2),
        P('fcvt-int-a', 'sf:1 0 0? 11110 %s 1 00 opcode:3=2-5 000000 Rn:5 '
          'Rd:5' % FP, weight=2),
    ], fp=True),
    'fp-cvt-fixed': Subgroup([
        P('fcvt-fixed', 'sf:1 0 0? 11110 %s 0 rop:5=2,3,24,25 scale:6 '
          'Rn:5 Rd:5' % FP,
          fix=lambda f, r: f.update(scale=f['scale'] | 32)
          if not f['sf'] and r.random() < 0.9 else None),
    ], fp=True),
    'fp-move': Subgroup([
        P('fmov-gen', 'sf:1 0 0? 11110 ftype:2 1 rmode:2 11 dir:1 000000 '
          'Rn:5 Rd:5', fix=lambda f, r: f.update(zip(
              ('sf', 'ftype', 'rmode'), r.choice(((0, 0, 0), (1, 1, 0),
                                                  (1, 2, 1)))))
          if r.random() < 0.95 else None),
        P('fmov-imm', '000 11110 %s 1 imm8:8 100 00000? Vd:5' % FP),
        P('fp-dp1-move', '000 11110 %s 1 opcode:6=0-2 10000 Vn:5 Vd:5'
          % FP),
    ], fp=True),
}


def immh_nz(f, rng):
    if f['immh'] == 0:
        f['immh'] = rng.randrange(1, 16)


def immh_fp(f, rng):
    if rng.random() < 0.95:
        f['immh'] |= 4                  # 32- and 64-bit lanes


SIMD_INT = {
    'simd-3same': Subgroup([
        P('3same', '0 Q:1 U:1 01110 size:2 1 Vm:5 opcode:5=0-23 1 Vn:5 '
          'Vd:5', weight=4),
    ], fp=True),
    'simd-3diff': Subgroup([
        P('3diff', '0 Q:1 U:1 01110 size:2 1 Vm:5 opcode:4=0-13 00 Vn:5 '
          'Vd:5'),
    ], fp=True),
    'simd-2misc': Subgroup([
        P('2misc', '0 Q:1 U:1 01110 size:2 10000 '
          'opcode:5=0-11,18-20 10 Vn:5 Vd:5', weight=2),
    ], fp=True),
    'simd-across': Subgroup([
        P('across', '0 Q:1 U:1 01110 size:2 11000 opcode:5=3,10,26,27 10 '
          'Vn:5 Vd:5'),
    ], fp=True),
    'simd-copy': Subgroup([
        P('copy', '0 Q:1 0? 01110000 imm5:5 0 imm4:4=0,1,3,5,7 1 Rn:5 '
          'Rd:5', fix=lambda f, r: f.update(imm5=f['imm5'] or 1)),
        P('ins-elem', '0 1 1 01110000 imm5:5 0 imm4:4 1 Vn:5 Vd:5'),
    ], fp=True),
    'simd-modimm': Subgroup([
        P('modimm', '0 Q:1 op:1 0111100000 abc:3 cmode:4 0? 1 defgh:5 '
          'Vd:5'),
    ], fp=True),
    'simd-shift': Subgroup([
        P('shift-imm', '0 Q:1 U:1 011110 immh:4 immb:3 '
          'opcode:5=0,2,4,6,8,10,12,14,16-20 1 Vn:5 Vd:5', fix=immh_nz,
          weight=2),
    ], fp=True),
    'simd-perm': Subgroup([
        P('zip', '0 Q:1 001110 size:2 0 Vm:5 0 opcode:3=1-3,5-7 10 Vn:5 '
          'Vd:5'),
        P('ext', '0 Q:1 101110 00? 0 Vm:5 0 imm4:4 0 Vn:5 Vd:5'),
        P('tbl', '0 Q:1 001110 00? 0 Vm:5 0 len:2 op:1 00 Vn:5 Vd:5'),
    ], fp=True),
    'simd-scalar': Subgroup([
        P('s-3same', '01 U:1 11110 size:2 1 Vm:5 '
          'opcode:5=1,5-11,16,17,22 1 Vn:5 Vd:5', weight=2),
        P('s-2misc', '01 U:1 11110 size:2 10000 opcode:5=3,7-11,18,20 10 '
          'Vn:5 Vd:5', weight=2),
        P('s-addp', '01 0? 11110 size:2=3 11000 11011 10 Vn:5 Vd:5'),
        P('s-dup', '01 0? 11110000 imm5:5 0 0000? 1 Vn:5 Vd:5'),
        P('s-shift', '01 U:1 111110 immh:4 immb:3 '
          'opcode:5=0,2,4,6,8,10,12,14,16-19 1 Vn:5 Vd:5', fix=immh_nz,
          weight=2),
        P('s-3diff', '01 0? 11110 size:2 1 Vm:5 opcode:4=9,11,13 00 Vn:5 '
          'Vd:5'),
    ], fp=True),
    # Classes of later versions (RDM, DotProd, FCMA, FP16, I8MM): the
    # reference cortex-a57 finds them all UNDEFINED, and so must Kestrel
    # while it does not advertise them.
    'simd-later': Subgroup([
        P('3same-extra', '0 Q:1 U:1 01110 size:2 0 Vm:5 1 opcode:4 1 Vn:5 '
          'Vd:5'),
        P('fp16-3same', '0 Q:1 U:1 01110 a:1 10 Vm:5 00 opcode:3 1 Vn:5 '
          'Vd:5'),
        P('fp16-2misc', '0 Q:1 U:1 01110 a:1 111100 opcode:5 10 Vn:5 '
          'Vd:5'),
        P('s-fp16-3same', '01 U:1 11110 a:1 10 Vm:5 00 opcode:3 1 Vn:5 '
          'Vd:5'),
    ], fp=True),
    'simd-elem': Subgroup([
        P('elem', '0 Q:1 U:1 01111 size:2=1,2 L:1 M:1 Vm:4 '
          'opcode:4=0,2-4,6-8,10-13 H:1 0 Vn:5 Vd:5'),
        P('s-elem', '01 U:1 11111 size:2=1,2 L:1 M:1 Vm:4 '
          'opcode:4=3,7,11-13 H:1 0 Vn:5 Vd:5'),
    ], fp=True),
}

SIMD_FP = {
    'simdfp-3same': Subgroup([
        P('fp3same', '0 Q:1 U:1 01110 a:1 sz:1 1 Vm:5 opcode:5=24-31 1 '
          'Vn:5 Vd:5', weight=3),
    ], fp=True),
    'simdfp-2misc': Subgroup([
        P('fp2misc', '0 Q:1 U:1 01110 a:1 sz:1 10000 '
          'opcode:5=12-15,22-29,31 10 Vn:5 Vd:5', weight=2),
    ], fp=True),
    'simdfp-across': Subgroup([
        P('fp-across', '0 1? 1? 01110 a:1 0? 11000 opcode:5=12,15 10 '
          'Vn:5 Vd:5'),
    ], fp=True),
    'simdfp-elem': Subgroup([
        P('fp-elem', '0 Q:1 U:1 01111 1 sz:1 L:1 M:1 Vm:4 opcode:4=1,5,9 '
          'H:1 0 Vn:5 Vd:5'),
        P('s-fp-elem', '01 U:1 11111 1 sz:1 L:1 M:1 Vm:4 opcode:4=1,5,9 '
          'H:1 0 Vn:5 Vd:5'),
    ], fp=True),
    'simdfp-shift': Subgroup([
        P('fp-shift', '0 Q:1 U:1 011110 immh:4 immb:3 opcode:5=28,31 1 '
          'Vn:5 Vd:5', fix=immh_fp),
        P('s-fp-shift', '01 U:1 111110 immh:4 immb:3 opcode:5=28,31 1 '
          'Vn:5 Vd:5', fix=immh_fp),
    ], fp=True),
    'simdfp-scalar': Subgroup([
        P('s-fp3same', '01 U:1 11110 a:1 sz:1 1 Vm:5 '
          'opcode:5=26-29,31 1 Vn:5 Vd:5', weight=2),
        P('s-fp2misc', '01 U:1 11110 a:1 sz:1 10000 '
          'opcode:5=12-14,22,26-29,31 10 Vn:5 Vd:5', weight=2),
        P('s-fp-pair', '01 1? 11110 a:1 sz:1 11000 opcode:5=12,13,15 10 '
          'Vn:5 Vd:5'),
    ], fp=True),
}

CRYPTO = {
    'crypto-aes': Subgroup([
        P('aes', '01001110 00? 10100 opcode:5=4-7 10 Vn:5 Vd:5'),
    ], fp=True),
    'crypto-sha': Subgroup([
        P('sha3', '01011110 00? 0 Vm:5 0 opcode:3=0-6 00 Vn:5 Vd:5',
          weight=2),
        P('sha2', '01011110 00? 10100 opcode:5=0-2 10 Vn:5 Vd:5'),
    ], fp=True),
    'crypto-pmull': Subgroup([
        P('pmull', '0 Q:1 0 01110 size:2=0,3 1 Vm:5 1110 00 Vn:5 Vd:5'),
    ], fp=True),
}

SUBGROUPS = {}
GROUPS = {}
for name, table in (('int', INT), ('ldst', LDST), ('fp-scalar', FP_SCALAR),
                    ('simd-int', SIMD_INT), ('simd-fp', SIMD_FP),
                    ('crypto', CRYPTO)):
    SUBGROUPS.update(table)
    GROUPS[name] = list(table)


def resolve(spec):
    """'int,fp-cmp' -> subgroup names; '-name' removes one."""
    out = []
    for part in spec.split(','):
        if part.startswith('-'):
            for s in GROUPS.get(part[1:], [part[1:]]):
                SUBGROUPS[s]
                out = [o for o in out if o != s]
        elif part in GROUPS:
            out += [s for s in GROUPS[part] if s not in out]
        else:
            SUBGROUPS[part]             # KeyError for an unknown name
            if part not in out:
                out.append(part)
    if not out:
        raise KeyError(spec)
    return out
