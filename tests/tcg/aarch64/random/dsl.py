"""The encoding-pattern language of the random tests.

A pattern is 32 bits written most significant first as space-separated
tokens:

    0101        fixed bits
    01?         fixed bits, replaced by random ones 1 time in 20 (to
                reach the unallocated neighbours of an encoding)
    name:W      a W-bit field, uniform
    name:W?     a W-bit field, 0 except 1 time in 20
    name:W=L    a field from the list L ("0,2,4-7"), and 1 time in 20
                any value (unallocated combinations are compared too)
    name:W=L!   only from L

Fields named R* and V* are registers; in 3 words out of 10 two of them
name the same one (for bugs where a destination overwrites a source
still to be read). A pattern may add ok(f) (reject and draw again when
false: UNPREDICTABLE combinations) and fix(f, rng) (bias dependent
fields, e.g. N = sf for the bitfield instructions)."""

RARE = 0.05
ALIAS = 0.3     # how often two register fields name the same register


def parse_list(text):
    out = []
    for part in text.split(','):
        if '-' in part:
            lo, hi = part.split('-')
            out += range(int(lo, 0), int(hi, 0) + 1)
        else:
            out.append(int(part, 0))
    return out


class Field:
    def __init__(self, name, width, choices=None, strict=False, rare=False,
                 fixed=None):
        self.name, self.width = name, width
        self.choices, self.strict, self.rare = choices, strict, rare
        self.fixed = fixed

    def draw(self, rng):
        if self.fixed is not None:
            if self.rare and rng.random() < RARE:
                return rng.getrandbits(self.width)
            return self.fixed
        if self.choices is not None:
            if not self.strict and rng.random() < RARE:
                return rng.getrandbits(self.width)
            return rng.choice(self.choices)
        if self.rare:
            return rng.getrandbits(self.width) if rng.random() < RARE else 0
        return rng.getrandbits(self.width)


def parse(spec):
    """[(Field, shift)] for a pattern; asserts it has 32 bits."""
    fields, bits, anon = [], 0, 0
    for tok in spec.split():
        rare = tok.endswith('?')
        tok = tok.rstrip('?')
        if set(tok) <= {'0', '1'}:
            f = Field('_%d' % anon, len(tok), rare=rare, fixed=int(tok, 2))
            anon += 1
        else:
            name, rest = tok.split(':', 1)
            strict = rest.endswith('!')
            rest = rest.rstrip('!')
            choices = None
            if '=' in rest:
                rest, lst = rest.split('=', 1)
                choices = parse_list(lst)
            f = Field(name, int(rest), choices, strict, rare)
        fields.append(f)
        bits += f.width
    assert bits == 32, '%s: %d bits' % (spec, bits)
    out, pos = [], 32
    for f in fields:
        pos -= f.width
        out.append((f, pos))
    return out


class Unit:
    """One step of the stream: set-up lines, then the word under test
    (None when the unit is only assembler lines, e.g. an FPCR change)."""

    def __init__(self, name, word=None, pre=(), post=()):
        self.name, self.word = name, word
        self.pre, self.post = list(pre), list(post)

    def lines(self):
        out = list(self.pre)
        if self.word is not None:
            out.append('.inst   0x%08x' % self.word)
        return out + list(self.post)


def movz_seq(reg, value):
    """MOVZ/MOVK lines putting a 64-bit value in Xreg."""
    value &= (1 << 64) - 1
    out = ['movz    x%d, #0x%x' % (reg, value & 0xffff)]
    for sh in (16, 32, 48):
        part = (value >> sh) & 0xffff
        if part:
            out.append('movk    x%d, #0x%x, lsl #%d' % (reg, part, sh))
    return out


class Pattern:
    """An encoding pattern; unit() draws one instruction from it.

    mem(f, rng) is for loads and stores: it sets the address fields and
    returns (set-up lines, base offset) or None to draw again; avoid
    lists registers the R* fields must not name (the base)."""

    def __init__(self, name, spec, ok=None, fix=None, weight=1.0, mem=None,
                 avoid=()):
        self.name, self.spec = name, spec
        self.fields = parse(spec)
        self.ok, self.fix, self.weight = ok, fix, weight
        self.mem, self.avoid = mem, avoid

    def draw(self, rng):
        regs = [(fl.name, fl.width) for fl, _ in self.fields
                if fl.name[0] in 'RV' and fl.choices is None]
        for _ in range(1000):
            f = {fl.name: fl.draw(rng) for fl, _ in self.fields}
            if len(regs) > 1 and rng.random() < ALIAS:
                (a, _), (b, wb) = rng.sample(regs, 2)
                f[b] = f[a] & ((1 << wb) - 1)
            if self.fix:
                self.fix(f, rng)
            if any(f[n] in self.avoid for n in f if n[0] == 'R'
                   and n != 'Rn'):
                continue
            if self.ok and not self.ok(f):
                continue
            return f
        raise RuntimeError('pattern %s: no valid draw' % self.name)

    def encode(self, f):
        word = 0
        for fl, pos in self.fields:
            assert 0 <= f[fl.name] < (1 << fl.width), (self.name, fl.name)
            word |= f[fl.name] << pos
        return word

    def unit(self, rng, gen):
        while True:
            f = self.draw(rng)
            pre = []
            if self.mem:
                r = self.mem(f, rng)
                if r is None:
                    continue
                pre = r
            return Unit(self.name, self.encode(f), pre)


class Custom:
    """A unit built by a function (several instructions under test, e.g.
    a load-exclusive and its store-exclusive)."""

    def __init__(self, name, func, weight=1.0):
        self.name, self.func, self.weight = name, func, weight

    def unit(self, rng, gen):
        return self.func(rng)
