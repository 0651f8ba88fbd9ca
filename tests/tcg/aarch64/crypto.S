/*
 * The cryptographic extension (AES, SHA1, SHA256): known answers first
 * (FIPS-197 Appendix B, AES-128 with the key schedule built on AESE,
 * encrypted with AESE/AESMC and decrypted back with AESD/AESIMC;
 * SHA-1 and SHA-256 of "abc", FIPS 180-4 examples, with the SHA
 * instructions), each checked here too (exit status 1 on a mismatch).
 * Then every instruction on 256 random operand sets (and aliased and
 * high-numbered registers), V0 folded into a checksum printed per
 * instruction. Also the FPEN trap on a crypto instruction (ESR
 * printed) and, for every size and opcode of the three groups and of
 * the encodings beside them, whether it is UNDEFINED.
 */
    .arch   armv8-a+crypto

#include "check.inc"

    /* CK insn: insn on 256 operand sets (V0 = V5, V1, V2), checksum */
    .macro  CK insn:vararg
    mov     x21, #0
1:  bl      operands
    mov     v0.16b, v5.16b
    \insn
    bl      mixv0
    add     x21, x21, #1
    cmp     x21, #256
    b.ne    1b
    mov     x0, x20
    bl      puthex
    .endm

    /* CK31 insn: the same with V31 = V5, V30 = V1, V29 = V2 */
    .macro  CK31 insn:vararg
    mov     x21, #0
1:  bl      operands
    mov     v31.16b, v5.16b
    mov     v30.16b, v1.16b
    mov     v29.16b, v2.16b
    \insn
    mov     v0.16b, v31.16b
    bl      mixv0
    add     x21, x21, #1
    cmp     x21, #256
    b.ne    1b
    mov     x0, x20
    bl      puthex
    .endm

    /* UNDEF word: run an encoding, print the ESR its exception left */
    .macro  UNDEF word
    mov     x25, #0
    .inst   \word
    mov     x0, x25
    bl      puthex
    .endm

    /* TRY word: run an encoding; shift "it trapped" into x27, fold ESR */
    .macro  TRY word
    mov     x25, #0
    .inst   \word
    cmp     x25, #0
    cset    x0, ne
    orr     x27, x0, x27, lsl #1
    MIX     x25
    .endm

    /*
     * ROW base, nop: base | size << 22 | opcode << 12 for opcodes below
     * nop, one mask of trapping encodings per size (opcode 0 leftmost)
     */
    .macro  ROW base, nop
    .set    sz, 0
    .rept   4
    mov     x27, #0
    .set    op, 0
    .rept   \nop
    TRY     (\base | (sz << 22) | (op << 12))
    .set    op, op + 1
    .endr
    mov     x0, x27
    bl      puthex
    .set    sz, sz + 1
    .endr
    bl      putnl
    .endm

    MAIN
    SET_VBAR
    mov     x19, #0                 /* known-answer mismatches */
    mov     x20, #0x5a
    ldr     x22, =0x2545f4914f6cdd1d

    /* CPACR_EL1.FPEN = 0: a crypto instruction traps with EC 0x07 */
    msr     cpacr_el1, xzr
    isb
    UNDEF   0x4e284820              /* aese v0.16b, v1.16b */
    bl      putnl
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    isb

    bl      aes_kat
    bl      sha1_kat
    bl      sha256_kat

    /* AES */
    CK      aese v0.16b, v1.16b
    CK      aesd v0.16b, v1.16b
    CK      aesmc v0.16b, v1.16b
    CK      aesimc v0.16b, v1.16b
    CK      aese v0.16b, v0.16b
    CK      aesd v0.16b, v0.16b
    CK      aesmc v0.16b, v0.16b
    CK      aesimc v0.16b, v0.16b
    CK31    aese v31.16b, v30.16b
    CK31    aesimc v31.16b, v30.16b
    bl      putnl
    /* SHA1 */
    CK      sha1c q0, s1, v2.4s
    CK      sha1p q0, s1, v2.4s
    CK      sha1m q0, s1, v2.4s
    CK      sha1su0 v0.4s, v1.4s, v2.4s
    CK      sha1h s0, s1
    CK      sha1su1 v0.4s, v1.4s
    CK      sha1c q0, s0, v2.4s
    CK      sha1p q0, s1, v0.4s
    CK      sha1m q0, s0, v0.4s
    CK      sha1su0 v0.4s, v0.4s, v2.4s
    CK      sha1su0 v0.4s, v1.4s, v0.4s
    CK      sha1h s0, s0
    CK      sha1su1 v0.4s, v0.4s
    CK31    sha1c q31, s30, v29.4s
    CK31    sha1su0 v31.4s, v30.4s, v29.4s
    CK31    sha1h s31, s30
    bl      putnl
    /* SHA256 */
    CK      sha256h q0, q1, v2.4s
    CK      sha256h2 q0, q1, v2.4s
    CK      sha256su0 v0.4s, v1.4s
    CK      sha256su1 v0.4s, v1.4s, v2.4s
    CK      sha256h q0, q0, v2.4s
    CK      sha256h2 q0, q1, v0.4s
    CK      sha256su0 v0.4s, v0.4s
    CK      sha256su1 v0.4s, v0.4s, v2.4s
    CK      sha256su1 v0.4s, v1.4s, v0.4s
    CK31    sha256h q31, q30, v29.4s
    CK31    sha256h2 q31, q30, v29.4s
    CK31    sha256su1 v31.4s, v30.4s, v29.4s
    bl      putnl

    /*
     * Every size and opcode of the three groups (C4.1.6: only size 00
     * with AES 001xx, SHA three-register 000-110, SHA two-register
     * 00000-00010 are allocated), then the same fields next to them:
     * AES with Q = 0 or U = 1, SHA with U = 1, three-register with
     * bit 15 set.
     */
    ROW     0x4e280820, 32
    ROW     0x5e020020, 8
    ROW     0x5e280820, 32
    ROW     0x0e280820, 32
    ROW     0x2e280820, 32
    ROW     0x6e280820, 32
    ROW     0x7e020020, 8
    ROW     0x5e028020, 8
    ROW     0x7e280820, 32

    PRINTSUM
    cmp     x19, #0
    cset    w0, ne
    ldp     x29, x30, [sp], #16
    ret

/*
 * FIPS-197 Appendix B: the key schedule (5.2) with SubWord done by AESE
 * on a zero key (with the word in every column ShiftRows moves nothing),
 * ten AESE/AESMC rounds, then the equivalent inverse cipher (5.3.5):
 * AESD/AESIMC with the middle round keys passed through AESIMC.
 * Prints the ciphertext, the last round key and the decrypted block.
 */
aes_kat:
    stp     x29, x30, [sp, #-16]!
    ldr     x23, =aes_key
    ldr     x24, =round_keys
    mov     x2, x24
    ldp     w4, w5, [x23]
    ldp     w6, w7, [x23, #8]
    stp     w4, w5, [x2], #8
    stp     w6, w7, [x2], #8
    mov     w8, #1                  /* Rcon */
    movi    v18.16b, #0
    mov     x3, #10
1:  dup     v17.4s, w7
    aese    v17.16b, v18.16b
    mov     w9, v17.s[0]
    ror     w9, w9, #8              /* RotWord (bytes are little-endian) */
    eor     w9, w9, w8
    eor     w4, w4, w9
    eor     w5, w5, w4
    eor     w6, w6, w5
    eor     w7, w7, w6
    stp     w4, w5, [x2], #8
    stp     w6, w7, [x2], #8
    lsl     w8, w8, #1              /* xtime(Rcon) */
    mov     w10, #0x11b
    eor     w10, w8, w10
    tst     w8, #0x100
    csel    w8, w10, w8, ne
    subs    x3, x3, #1
    b.ne    1b

    mov     x2, x24
    ldr     q0, [x23, #16]          /* the plaintext */
    mov     x3, #9
2:  ldr     q1, [x2], #16
    aese    v0.16b, v1.16b
    aesmc   v0.16b, v0.16b
    subs    x3, x3, #1
    b.ne    2b
    ldr     q1, [x2], #16
    aese    v0.16b, v1.16b
    ldr     q1, [x2]
    eor     v0.16b, v0.16b, v1.16b
    ldr     q2, [x23, #32]          /* the expected ciphertext */
    bl      check_print
    ldr     q0, [x24, #160]
    ldr     q2, [x23, #48]          /* the expected w[40..43] */
    bl      check_print

    add     x2, x24, #160
    ldr     q0, [x23, #32]
    ldr     q1, [x2], #-16
    aesd    v0.16b, v1.16b
    mov     x3, #9
3:  ldr     q1, [x2], #-16
    aesimc  v1.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesd    v0.16b, v1.16b
    subs    x3, x3, #1
    b.ne    3b
    ldr     q1, [x2]
    eor     v0.16b, v0.16b, v1.16b
    ldr     q2, [x23, #16]
    bl      check_print
    bl      putnl
    ldp     x29, x30, [sp], #16
    ret

/*
 * Load the one-block message at x23 into V0-V3 as big-endian words
 * (FIPS 180-4 3.1), and the initial hash value at x23 + 64 into V16,
 * V17; x23 moves past them.
 */
load_block:
    ld1     {v0.16b-v3.16b}, [x23], #64
    rev32   v0.16b, v0.16b
    rev32   v1.16b, v1.16b
    rev32   v2.16b, v2.16b
    rev32   v3.16b, v3.16b
    ld1     {v16.4s, v17.4s}, [x23], #32
    ret

    /* four SHA-1 rounds on W = \m0; the schedule moves on if \sched */
    .macro  SHA1_4 f, k, m0, m1, m2, m3, sched, ein, eout
    add     v20.4s, \m0\().4s, \k\().4s
    .if     \sched
    sha1su0 \m0\().4s, \m1\().4s, \m2\().4s
    sha1su1 \m0\().4s, \m3\().4s
    .endif
    sha1h   \eout, s16
    sha1\f  q16, \ein, v20.4s
    .endm

/* SHA-1 of "abc" (FIPS 180-4 6.1.2): 80 rounds with SHA1C/P/M */
sha1_kat:
    stp     x29, x30, [sp, #-16]!
    ldr     x23, =sha1_abc
    bl      load_block
    ldr     w0, [x23], #4           /* H4 */
    fmov    s18, w0
    ld1r    {v24.4s}, [x23], #4
    ld1r    {v25.4s}, [x23], #4
    ld1r    {v26.4s}, [x23], #4
    ld1r    {v27.4s}, [x23], #4
    mov     v21.16b, v16.16b
    mov     v22.16b, v18.16b
    /* groups 0-4: Ch, 5-9: Parity, 10-14: Maj, 15-19: Parity */
    SHA1_4  c, v24, v0, v1, v2, v3, 1, s18, s19
    SHA1_4  c, v24, v1, v2, v3, v0, 1, s19, s18
    SHA1_4  c, v24, v2, v3, v0, v1, 1, s18, s19
    SHA1_4  c, v24, v3, v0, v1, v2, 1, s19, s18
    SHA1_4  c, v24, v0, v1, v2, v3, 1, s18, s19
    SHA1_4  p, v25, v1, v2, v3, v0, 1, s19, s18
    SHA1_4  p, v25, v2, v3, v0, v1, 1, s18, s19
    SHA1_4  p, v25, v3, v0, v1, v2, 1, s19, s18
    SHA1_4  p, v25, v0, v1, v2, v3, 1, s18, s19
    SHA1_4  p, v25, v1, v2, v3, v0, 1, s19, s18
    SHA1_4  m, v26, v2, v3, v0, v1, 1, s18, s19
    SHA1_4  m, v26, v3, v0, v1, v2, 1, s19, s18
    SHA1_4  m, v26, v0, v1, v2, v3, 1, s18, s19
    SHA1_4  m, v26, v1, v2, v3, v0, 1, s19, s18
    SHA1_4  m, v26, v2, v3, v0, v1, 1, s18, s19
    SHA1_4  p, v27, v3, v0, v1, v2, 1, s19, s18
    SHA1_4  p, v27, v0, v1, v2, v3, 0, s18, s19
    SHA1_4  p, v27, v1, v2, v3, v0, 0, s19, s18
    SHA1_4  p, v27, v2, v3, v0, v1, 0, s18, s19
    SHA1_4  p, v27, v3, v0, v1, v2, 0, s19, s18
    add     v0.4s, v16.4s, v21.4s
    add     v1.4s, v18.4s, v22.4s   /* H4 in word 0, zeros above */
    ldr     q2, [x23]
    bl      check_print_words
    mov     v0.16b, v1.16b
    ldr     q2, [x23, #16]
    bl      check_print_words
    bl      putnl
    ldp     x29, x30, [sp], #16
    ret

    /* four SHA-256 rounds on W = \m0; the schedule moves on if \sched */
    .macro  SHA256_4 m0, m1, m2, m3, sched
    ld1     {v20.4s}, [x2], #16
    add     v20.4s, v20.4s, \m0\().4s
    .if     \sched
    sha256su0 \m0\().4s, \m1\().4s
    sha256su1 \m0\().4s, \m2\().4s, \m3\().4s
    .endif
    mov     v21.16b, v16.16b
    sha256h q16, q17, v20.4s
    sha256h2 q17, q21, v20.4s
    .endm

    .macro  SHA256_16 sched
    SHA256_4 v0, v1, v2, v3, \sched
    SHA256_4 v1, v2, v3, v0, \sched
    SHA256_4 v2, v3, v0, v1, \sched
    SHA256_4 v3, v0, v1, v2, \sched
    .endm

/* SHA-256 of "abc" (FIPS 180-4 6.2.2): 64 rounds with SHA256H/H2 */
sha256_kat:
    stp     x29, x30, [sp, #-16]!
    ldr     x23, =sha256_abc
    bl      load_block
    ldr     x2, =sha256_k
    mov     v22.16b, v16.16b
    mov     v23.16b, v17.16b
    SHA256_16 1
    SHA256_16 1
    SHA256_16 1
    SHA256_16 0
    add     v0.4s, v16.4s, v22.4s
    add     v1.4s, v17.4s, v23.4s
    ldr     q2, [x23]
    bl      check_print_words
    mov     v0.16b, v1.16b
    ldr     q2, [x23, #16]
    bl      check_print_words
    bl      putnl
    ldp     x29, x30, [sp], #16
    ret

/* print V0 as bytes in memory order; count a mismatch with V2 in x19 */
check_print:
    stp     x29, x30, [sp, #-16]!
    cmeq    v3.2d, v0.2d, v2.2d
    uminv   s3, v3.4s
    fmov    w0, s3
    add     w0, w0, #1              /* 0 when equal */
    add     x19, x19, x0
    mov     x0, v0.d[0]
    rev     x0, x0
    bl      puthex
    mov     x0, v0.d[1]
    rev     x0, x0
    bl      puthex
    ldp     x29, x30, [sp], #16
    ret

/* the same for 32-bit words: V0's words as big-endian hash words */
check_print_words:
    rev32   v0.16b, v0.16b
    rev32   v2.16b, v2.16b
    b       check_print

/*
 * Operands for iteration x21: V1, V2, V5 random; every eighth
 * iteration V1 = 0, and the one after V2 = all ones.
 */
operands:
    stp     x29, x30, [sp, #-16]!
    .irp    n, 1, 2, 5
    RANDV   \n
    .endr
    and     x1, x21, #7
    cmp     x1, #0
    b.ne    1f
    movi    v1.2d, #0
1:  cmp     x1, #1
    b.ne    2f
    movi    v2.2d, #0xffffffffffffffff
2:  ldp     x29, x30, [sp], #16
    ret

/* any synchronous exception: keep ESR in x25, skip the instruction */
sync_handler:
    mrs     x25, esr_el1
    mrs     x26, elr_el1
    add     x26, x26, #4
    msr     elr_el1, x26
    eret

    .section .rodata
    .balign 16
/* FIPS-197 Appendix A.1 key, Appendix B input and output, A.1 w[40..43] */
aes_key:
    .byte   0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6
    .byte   0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c
    .byte   0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d
    .byte   0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34
    .byte   0x39, 0x25, 0x84, 0x1d, 0x02, 0xdc, 0x09, 0xfb
    .byte   0xdc, 0x11, 0x85, 0x97, 0x19, 0x6a, 0x0b, 0x32
    .byte   0xd0, 0x14, 0xf9, 0xa8, 0xc9, 0xee, 0x25, 0x89
    .byte   0xe1, 0x3f, 0x0c, 0xc8, 0xb6, 0x63, 0x0c, 0xa6

/* "abc" padded to one block (FIPS 180-4 5.1.1) */
    .macro  ABC_BLOCK
    .ascii  "abc"
    .byte   0x80
    .space  59
    .byte   24
    .endm

/* the block, H(0), the four K, the digest (FIPS 180-4 4.2.1, 5.3.1) */
sha1_abc:
    ABC_BLOCK
    .word   0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476
    .space  16
    .word   0xc3d2e1f0
    .word   0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6
    .word   0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c
    .word   0x9cd0d89d, 0, 0, 0

/* the block, H(0), the digest (FIPS 180-4 5.3.3) */
sha256_abc:
    ABC_BLOCK
    .word   0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a
    .word   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    .word   0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223
    .word   0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad

/* FIPS 180-4 4.2.2 */
sha256_k:
    .word   0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
    .word   0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
    .word   0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
    .word   0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
    .word   0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
    .word   0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
    .word   0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
    .word   0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
    .word   0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
    .word   0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
    .word   0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
    .word   0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
    .word   0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
    .word   0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
    .word   0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
    .word   0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2

    .bss
    .balign 16
round_keys:
    .space  176

    .text
    VECTORS sync_handler
