"""Random register values biased toward the cases that break
implementations: integer extremes per width, and for FP in half, single
and double: signed zeros, infinities, quiet and signalling NaNs with
payloads, the smallest and largest denormals and normals, values that
convert or round exactly halfway, and values next to the integer
conversion limits."""

M64 = (1 << 64) - 1


def int_specials(w):
    m = (1 << w) - 1
    top = 1 << (w - 1)
    return [0, 1, 2, m, m - 1, top, top - 1, top + 1, 0x5555555555555555 & m,
            0xaaaaaaaaaaaaaaaa & m, 0x0123456789abcdef & m, w - 1, w, w + 1,
            (-w) & m, (1 << (w // 2)) & m, ((1 << (w // 2)) - 1) & m]


# (sign/exponent/fraction widths, bias) per FP format
FMT = {16: (5, 10), 32: (8, 23), 64: (11, 52)}


def fp_specials(w):
    e, f = FMT[w]
    bias = (1 << (e - 1)) - 1
    emax = (1 << e) - 1
    sign = 1 << (w - 1)

    def mk(exp, frac):
        return (exp << f) | frac
    qbit = 1 << (f - 1)
    one = mk(bias, 0)
    base = [
        0, mk(emax, 0),                             # +0, +inf
        mk(emax, qbit), mk(emax, qbit | 0x15),      # quiet NaNs
        mk(emax, 1), mk(emax, (qbit >> 1) | 0x2a),  # signalling NaNs
        1, (1 << f) - 1, 2,                         # denormals
        mk(1, 0), mk(1, 1), mk(emax - 1, (1 << f) - 1),  # min, max normal
        one, mk(bias, 1), mk(bias - 1, 0),          # 1, 1+ulp, 0.5
        mk(bias, qbit),                             # 1.5
        mk(bias + 1, qbit >> 1),                    # 2.5
        mk(bias + 1, 0),                            # 2
        mk(bias + f, 0), mk(bias + f, 1),           # 2^f: ulp 1
        mk(bias + f - 1, 1),                        # 2^(f-1)+0.5: a tie
        mk(bias - 1, (1 << f) - 1),                 # just below 1
        mk(bias + 3, qbit | (qbit >> 1)),           # 14
        mk(bias - f - 1, 0), mk(bias - f - 1, 1),   # half an ulp of 1:
        mk(bias - f - 2, 0),                        # 1 + these are ties
    ]                                               # or next to them
    if w >= 32:
        base += [mk(bias + 31, 0), mk(bias + 31, 1),          # 2^31
                 mk(bias + 30, (1 << f) - 1),                 # below 2^31
                 mk(bias + 32, 0), mk(bias + 63, 0),          # 2^32, 2^63
                 mk(bias + 64, 0), mk(bias + 62, (1 << f) - 1)]
    if w == 64:
        base += [0x3ff0000010000000,    # 1 + 2^-24: halfway to single
                 0x3ff0000030000000,    # 1 + 3*2^-24: halfway, odd
                 0x3ff0020000000000,    # 1 + 2^-11: halfway to half
                 0x47efffffe0000000,    # largest single
                 0x47effffff0000000,    # halfway past it: overflows
                 0x36a0000000000000,    # smallest single denormal
                 0x3690000000000000,    # half of it: ties to zero
                 0x3810000000000000,    # smallest single normal
                 0x380fffffe0000000,    # largest single denormal
                 0x41dfffffffe00000,    # 2^31 - 0.5
                 0x41efffffffe00000,    # 2^32 - 0.5
                 0xc1e0000000100000]    # -2^31 - 0.5
    if w == 32:
        base += [0x3f801000,            # 1 + 2^-11: halfway to half
                 0x477fe000,            # largest half
                 0x477ff000,            # halfway past it
                 0x33800000,            # smallest half denormal
                 0x33000000,            # half of it
                 0x38800000,            # smallest half normal
                 0x4effffff, 0x4f7fffff]
    return base + [v | sign for v in base]


def fp_random(rng, w):
    """A random number with an exponent near 1, near the ends of the
    range, or anywhere."""
    e, f = FMT[w]
    bias = (1 << (e - 1)) - 1
    r = rng.random()
    if r < 0.5:
        exp = bias + rng.randint(-8, 8)
    elif r < 0.65:
        exp = rng.randint(0, 3)
    elif r < 0.8:
        exp = (1 << e) - 1 - rng.randint(1, 3)
    else:
        exp = rng.randrange(1 << e)
    frac = rng.getrandbits(f)
    if rng.random() < 0.3:      # few significant bits: exact and tie cases
        frac &= ~((1 << rng.randrange(f)) - 1)
    return (rng.getrandbits(1) << (w - 1)) | (exp << f) | frac


def lane(rng, w):
    """One lane of w bits (8, 16, 32 or 64)."""
    r = rng.random()
    if w == 8:
        return rng.choice(int_specials(8)) if r < 0.5 else rng.getrandbits(8)
    if r < 0.35:
        return rng.choice(fp_specials(w))
    if r < 0.55:
        return fp_random(rng, w)
    if r < 0.8:
        return rng.choice(int_specials(w))
    return rng.getrandbits(w)


def vector(rng):
    """16 bytes: lanes of one width, or two mixed halves."""
    r = rng.random()
    if r < 0.1:
        return bytes(rng.getrandbits(8) for _ in range(16))
    out = b''
    halves = 1 if r < 0.7 else 2
    for _ in range(halves):
        w = rng.choice((8, 16, 32, 32, 64, 64))
        n = 128 // halves // w
        for _ in range(n):
            out += lane(rng, w).to_bytes(w // 8, 'little')
    return out


def xvalue(rng):
    """A general-purpose register value."""
    r = rng.random()
    if r < 0.3:
        w = rng.choice((8, 16, 32, 64, 64))
        v = rng.choice(int_specials(w))
        if rng.random() < 0.3 and v >> (w - 1):     # sign-extended
            v |= M64 & ~((1 << w) - 1)
        elif rng.random() < 0.2 and w <= 32:        # junk above
            v |= rng.getrandbits(64 - w) << w
        return v
    if r < 0.4:
        return rng.randrange(70)                    # shift amounts
    if r < 0.45:
        return (-rng.randrange(1, 70)) & M64
    if r < 0.6:
        return rng.choice(fp_specials(64) + fp_specials(32))
    if r < 0.7:
        return fp_random(rng, rng.choice((32, 64)))
    return rng.getrandbits(64)


def nzcv(rng):
    return rng.getrandbits(4) << 28


def fpcr(rng):
    """AHP, DN, FZ and RMode (bits 26, 25, 24, 23:22), at random."""
    return rng.getrandbits(5) << 22
