/*
 * The A64 cryptographic extension (ARM ARM C4.1.6): the AES group
 * (AESE, AESD, AESMC, AESIMC), the SHA three-register group (SHA1C,
 * SHA1P, SHA1M, SHA1SU0, SHA256H, SHA256H2, SHA256SU1) and the SHA
 * two-register group (SHA1H, SHA1SU1, SHA256SU0). PMULL is in
 * neon-helper.c with the other three-different forms.
 *
 * Each instruction follows its ARM ARM C7 page and the shared
 * pseudocode (shared/functions/crypto); AES byte n of a V register is
 * byte n of the FIPS-197 state, i.e. row n % 4, column n / 4.
 *
 * Called from helper_neon, which may touch nothing but vregs: every
 * result is computed in locals and stored last, so Vd may alias Vn/Vm.
 */
#include <string.h>

#include "target/arm/translate-a64.h"

/*
 * FIPS-197 5.1.1 SubBytes: the multiplicative inverse in GF(2^8)
 * (modulo x^8 + x^4 + x^3 + x + 1, 0 mapping to 0) followed by the
 * affine transform b ^ rol(b,1) ^ rol(b,2) ^ rol(b,3) ^ rol(b,4) ^ 0x63;
 * aes_inv_sbox is its inverse permutation (5.3.2). Generated once by
 * evaluating exactly that definition; FIPS-197 gives S(0x53) = 0xed.
 */
static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b,
    0xfe, 0xd7, 0xab, 0x76, 0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0,
    0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0, 0xb7, 0xfd, 0x93, 0x26,
    0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2,
    0xeb, 0x27, 0xb2, 0x75, 0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0,
    0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84, 0x53, 0xd1, 0x00, 0xed,
    0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f,
    0x50, 0x3c, 0x9f, 0xa8, 0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5,
    0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2, 0xcd, 0x0c, 0x13, 0xec,
    0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14,
    0xde, 0x5e, 0x0b, 0xdb, 0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c,
    0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79, 0xe7, 0xc8, 0x37, 0x6d,
    0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f,
    0x4b, 0xbd, 0x8b, 0x8a, 0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e,
    0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e, 0xe1, 0xf8, 0x98, 0x11,
    0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f,
    0xb0, 0x54, 0xbb, 0x16,
};
static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e,
    0x81, 0xf3, 0xd7, 0xfb, 0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87,
    0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb, 0x54, 0x7b, 0x94, 0x32,
    0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49,
    0x6d, 0x8b, 0xd1, 0x25, 0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16,
    0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92, 0x6c, 0x70, 0x48, 0x50,
    0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05,
    0xb8, 0xb3, 0x45, 0x06, 0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02,
    0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b, 0x3a, 0x91, 0x11, 0x41,
    0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8,
    0x1c, 0x75, 0xdf, 0x6e, 0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89,
    0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b, 0xfc, 0x56, 0x3e, 0x4b,
    0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59,
    0x27, 0x80, 0xec, 0x5f, 0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d,
    0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef, 0xa0, 0xe0, 0x3b, 0x4d,
    0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63,
    0x55, 0x21, 0x0c, 0x7d,
};

/* Multiplication by x in GF(2^8) (FIPS-197 4.2.1, xtime). */
static uint8_t aes_xtime(uint8_t a)
{
    return (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
}

/*
 * ShiftRows (FIPS-197 5.1.2) then SubBytes, or InvShiftRows (5.3.1)
 * then InvSubBytes: row r of column c comes from column (c + r) % 4,
 * or goes to it.
 */
static ArmVReg aes_shift_sub(ArmVReg in, bool decrypt)
{
    ArmVReg out;

    for (unsigned c = 0; c < 4; c++) {
        for (unsigned r = 0; r < 4; r++) {
            unsigned moved = r + 4 * ((c + r) % 4);
            if (decrypt) {
                out.b[moved] = aes_inv_sbox[in.b[r + 4 * c]];
            } else {
                out.b[r + 4 * c] = aes_sbox[in.b[moved]];
            }
        }
    }
    return out;
}

/*
 * MixColumns (FIPS-197 5.1.3): each column times 03x^3 + x^2 + x + 02;
 * InvMixColumns (5.3.3): times 0bx^3 + 0dx^2 + 09x + 0e.
 */
static ArmVReg aes_mix(ArmVReg in, bool inverse)
{
    ArmVReg out;

    for (unsigned c = 0; c < 16; c += 4) {
        const uint8_t *a = &in.b[c];
        for (unsigned r = 0; r < 4; r++) {
            uint8_t a0 = a[r], a1 = a[(r + 1) % 4];
            uint8_t a2 = a[(r + 2) % 4], a3 = a[(r + 3) % 4];
            if (!inverse) {
                /* 02 a0 + 03 a1 + a2 + a3 */
                out.b[c + r] = aes_xtime(a0 ^ a1) ^ a1 ^ a2 ^ a3;
            } else {
                /* 0e a0 + 0b a1 + 0d a2 + 09 a3 */
                uint8_t all = a0 ^ a1 ^ a2 ^ a3;
                uint8_t x2 = aes_xtime(a0 ^ a1);
                uint8_t x4 = aes_xtime(aes_xtime(a0 ^ a2));
                uint8_t x8 = aes_xtime(aes_xtime(aes_xtime(all)));
                out.b[c + r] = x8 ^ x4 ^ x2 ^ all ^ a0;
            }
        }
    }
    return out;
}

/* ---- SHA (FIPS 180-4 4.1.1, 4.1.2) ------------------------------------- */

static uint32_t rol32(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

/* SHAchoose, SHAparity, SHAmajority */
static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}

static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z)
{
    return x ^ y ^ z;
}

static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

/*
 * SHA1C/SHA1P/SHA1M: four rounds with X = Qd ({a, b, c, d}, word 0
 * first), Y = Sn (e) and the four W + K words of Vm, f the round's
 * function of b, c, d; after each round <Y, X> rotates left by 32 bits
 * as one 160-bit value.
 */
static ArmVReg sha1_rounds(ArmVReg x, uint32_t y, ArmVReg w,
                           uint32_t (*f)(uint32_t, uint32_t, uint32_t))
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t t = f(x.s[1], x.s[2], x.s[3]);
        uint32_t top;

        y += rol32(x.s[0], 5) + t + w.s[e];
        x.s[1] = rol32(x.s[1], 30);
        top = x.s[3];
        x.s[3] = x.s[2];
        x.s[2] = x.s[1];
        x.s[1] = x.s[0];
        x.s[0] = y;
        y = top;
    }
    return x;
}

static uint32_t sha256_sigma0(uint32_t x)
{
    return ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
}

static uint32_t sha256_sigma1(uint32_t x)
{
    return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25);
}

/*
 * SHA256hash(X, Y, W, part1): four rounds with X = {a, b, c, d} and
 * Y = {e, f, g, h} (word 0 first); after each round <Y, X> rotates left
 * by 32 bits as one 256-bit value. SHA256H returns X, SHA256H2 Y.
 */
static ArmVReg sha256_hash(ArmVReg x, ArmVReg y, ArmVReg w, bool part1)
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.s[0], y.s[1], y.s[2]);
        uint32_t maj = sha_majority(x.s[0], x.s[1], x.s[2]);
        uint32_t t = y.s[3] + sha256_sigma1(y.s[0]) + chs + w.s[e];
        uint32_t xtop = t + x.s[3];
        uint32_t ytop = t + sha256_sigma0(x.s[0]) + maj;

        x.s[3] = x.s[2];
        x.s[2] = x.s[1];
        x.s[1] = x.s[0];
        x.s[0] = ytop;
        y.s[3] = y.s[2];
        y.s[2] = y.s[1];
        y.s[1] = y.s[0];
        y.s[0] = xtop;
    }
    return part1 ? x : y;
}

/* The SHA-256 message schedule's sigma0 and sigma1 (FIPS 180-4 4.1.2). */
static uint32_t sha256_msg_sigma0(uint32_t x)
{
    return ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3);
}

static uint32_t sha256_msg_sigma1(uint32_t x)
{
    return ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10);
}

/* ---- groups --------------------------------------------------------- */

/* AES: size = 00, opcode 001xx (others unallocated). */
static void crypto_aes(ArmCPUState *env, uint32_t insn)
{
    unsigned rd = insn & 31, rn = (insn >> 5) & 31;
    ArmVReg d = env->vregs[rd], n = env->vregs[rn], res;

    switch ((insn >> 12) & 3) {
    case 0: /* AESE */
    case 1: /* AESD */
        d.d[0] ^= n.d[0];
        d.d[1] ^= n.d[1];
        res = aes_shift_sub(d, (insn >> 12) & 1);
        break;
    case 2: /* AESMC */
        res = aes_mix(n, false);
        break;
    default: /* AESIMC */
        res = aes_mix(n, true);
        break;
    }
    env->vregs[rd] = res;
}

/* SHA three-register: size = 00, opcode 0-6 (7 unallocated). */
static void crypto_sha3(ArmCPUState *env, uint32_t insn)
{
    unsigned rd = insn & 31, rn = (insn >> 5) & 31, rm = (insn >> 16) & 31;
    ArmVReg d = env->vregs[rd], n = env->vregs[rn], m = env->vregs[rm];
    ArmVReg res;

    switch ((insn >> 12) & 7) {
    case 0: /* SHA1C Qd, Sn, Vm.4S */
        res = sha1_rounds(d, n.s[0], m, sha_choose);
        break;
    case 1: /* SHA1P */
        res = sha1_rounds(d, n.s[0], m, sha_parity);
        break;
    case 2: /* SHA1M */
        res = sha1_rounds(d, n.s[0], m, sha_majority);
        break;
    case 3: /* SHA1SU0: (Vn<63:0> : Vd<127:64>) ^ Vd ^ Vm */
        res.d[0] = d.d[1] ^ d.d[0] ^ m.d[0];
        res.d[1] = n.d[0] ^ d.d[1] ^ m.d[1];
        break;
    case 4: /* SHA256H Qd, Qn, Vm.4S */
        res = sha256_hash(d, n, m, true);
        break;
    case 5: /* SHA256H2 */
        res = sha256_hash(n, d, m, false);
        break;
    default: { /* SHA256SU1 */
        /* T0 = Vm<31:0> : Vn<127:32>; T1 = Vm<127:64>, then result<63:0> */
        uint32_t t0[4] = {n.s[1], n.s[2], n.s[3], m.s[0]};
        for (unsigned e = 0; e < 4; e++) {
            uint32_t t1 = e < 2 ? m.s[e + 2] : res.s[e - 2];
            res.s[e] = sha256_msg_sigma1(t1) + d.s[e] + t0[e];
        }
        break;
    }
    }
    env->vregs[rd] = res;
}

/* SHA two-register: size = 00, opcode 0-2 (others unallocated). */
static void crypto_sha2(ArmCPUState *env, uint32_t insn)
{
    unsigned rd = insn & 31, rn = (insn >> 5) & 31;
    ArmVReg d = env->vregs[rd], n = env->vregs[rn], res;

    switch ((insn >> 12) & 3) {
    case 0: /* SHA1H Sd, Sn: the upper 96 bits of Vd are cleared */
        memset(&res, 0, sizeof(res));
        res.s[0] = rol32(n.s[0], 30);
        break;
    case 1: { /* SHA1SU1: T = Vd ^ (Vn >> 32), each word rol 1 */
        uint32_t t[4] = {d.s[0] ^ n.s[1], d.s[1] ^ n.s[2], d.s[2] ^ n.s[3],
                         d.s[3]};
        for (unsigned e = 0; e < 4; e++) {
            res.s[e] = rol32(t[e], 1);
        }
        res.s[3] ^= rol32(t[0], 2);
        break;
    }
    default: { /* SHA256SU0: T = Vn<31:0> : Vd<127:32> */
        uint32_t t[4] = {d.s[1], d.s[2], d.s[3], n.s[0]};
        for (unsigned e = 0; e < 4; e++) {
            res.s[e] = sha256_msg_sigma0(t[e]) + d.s[e];
        }
        break;
    }
    }
    env->vregs[rd] = res;
}

bool a64_crypto_exec(ArmCPUState *env, uint32_t insn)
{
    void (*exec)(ArmCPUState *, uint32_t);

    /*
     * C4.1.6 (op0 = 0100 and 0101): the groups need size = 00; within
     * them, AES opcodes other than 001xx, SHA three-register opcode 111
     * and SHA two-register opcodes above 00010 are unallocated.
     */
    if ((insn & 0xffffcc00) == 0x4e284800) {
        exec = crypto_aes;
    } else if ((insn & 0xffe08c00) == 0x5e000000 && ((insn >> 12) & 7) != 7) {
        exec = crypto_sha3;
    } else if ((insn & 0xffffcc00) == 0x5e280800 && ((insn >> 12) & 3) != 3) {
        exec = crypto_sha2;
    } else {
        return false;
    }
    if (env) {
        exec(env, insn);
    }
    return true;
}
