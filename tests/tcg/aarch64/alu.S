/*
 * Data processing: every instruction below runs on all pairs of a table
 * of edge-case operands; each result and the NZCV flags are folded into
 * a checksum printed per instruction group. Compared with the reference.
 */
#include "check.inc"

    .macro  MIXF
    mrs     x9, nzcv
    MIX     x9
    .endm

    /* GROUP name: run the body in .Lbody_\name on all pairs (x0, x1) */
    .macro  GROUP name
    adr     x0, .Lname_\name
    bl      puts
    adr     x0, .Lbody_\name
    bl      run_pairs
    .endm

    MAIN
    GROUP   addsub
    GROUP   logic
    GROUP   shift
    GROUP   bitfield
    GROUP   condsel
    GROUP   cmpcond
    GROUP   muldiv
    GROUP   misc
    RETURN0

/* run_pairs(x0: body): body gets x0, x1 and must return with ret */
run_pairs:
    stp     x29, x30, [sp, #-16]!
    stp     x21, x22, [sp, #-16]!
    stp     x23, x24, [sp, #-16]!
    mov     x23, x0
    mov     x20, #0x1234
    mov     x21, #0
1:  mov     x22, #0
2:  adr     x2, values
    ldr     x0, [x2, x21, lsl #3]
    ldr     x1, [x2, x22, lsl #3]
    blr     x23
    add     x22, x22, #1
    cmp     x22, #NVALUES
    b.ne    2b
    add     x21, x21, #1
    cmp     x21, #NVALUES
    b.ne    1b
    PRINTSUM
    ldp     x23, x24, [sp], #16
    ldp     x21, x22, [sp], #16
    ldp     x29, x30, [sp], #16
    ret

.Lbody_addsub:
    adds    x3, x0, x1
    MIX     x3
    MIXF
    subs    x3, x0, x1
    MIX     x3
    MIXF
    adds    w3, w0, w1
    MIX     x3
    MIXF
    subs    w3, w0, w1
    MIX     x3
    MIXF
    cmn     x0, #0x123
    MIXF
    cmp     w0, #0x456, lsl #12
    MIXF
    add     x3, x0, x1, lsl #7
    MIX     x3
    sub     w3, w0, w1, asr #9
    MIX     x3
    adds    x3, x0, w1, sxtb #2
    MIX     x3
    MIXF
    subs    w3, w0, w1, uxth #1
    MIX     x3
    MIXF
    add     x3, x0, w1, sxtw
    MIX     x3
    msr     nzcv, x1
    adcs    x3, x0, x1
    MIX     x3
    MIXF
    msr     nzcv, x0
    sbcs    w3, w0, w1
    MIX     x3
    MIXF
    msr     nzcv, x1
    adc     w3, w0, w1
    MIX     x3
    sbc     x3, x0, x1
    MIX     x3
    negs    x3, x1
    MIX     x3
    MIXF
    ret

.Lbody_logic:
    ands    x3, x0, x1
    MIX     x3
    MIXF
    bics    w3, w0, w1, ror #5
    MIX     x3
    MIXF
    orr     x3, x0, x1, lsr #13
    MIX     x3
    orn     w3, w0, w1
    MIX     x3
    eor     x3, x0, x1, asr #63
    MIX     x3
    eon     x3, x0, x1, ror #31
    MIX     x3
    and     x3, x0, #0x00ff00ff00ff00ff
    MIX     x3
    orr     w3, w0, #0x7ffffffe
    MIX     x3
    eor     x3, x0, #0xaaaaaaaaaaaaaaaa
    MIX     x3
    ands    w3, w0, #0xf0f0f0f0
    MIX     x3
    MIXF
    tst     x1, #0x8000000000000001
    MIXF
    mov     x3, #0x1234
    movk    x3, #0xabcd, lsl #48
    MIX     x3
    movn    w3, #0x55, lsl #16
    MIX     x3
    mvn     x3, x1
    MIX     x3
    ret

.Lbody_shift:
    lslv    x3, x0, x1
    MIX     x3
    lsrv    w3, w0, w1
    MIX     x3
    asrv    x3, x0, x1
    MIX     x3
    asrv    w3, w0, w1
    MIX     x3
    rorv    x3, x0, x1
    MIX     x3
    rorv    w3, w0, w1
    MIX     x3
    extr    x3, x0, x1, #17
    MIX     x3
    extr    w3, w0, w1, #3
    MIX     x3
    ror     x3, x0, #0
    MIX     x3
    ret

.Lbody_bitfield:
    sbfx    x3, x0, #5, #20
    MIX     x3
    ubfx    w3, w0, #7, #13
    MIX     x3
    sbfiz   x3, x1, #40, #17
    MIX     x3
    ubfiz   w3, w1, #30, #2
    MIX     x3
    mov     x3, x1
    bfi     x3, x0, #12, #33
    MIX     x3
    mov     x3, x1
    bfxil   w3, w0, #3, #9
    MIX     x3
    sxtb    x3, w0
    MIX     x3
    sxth    w3, w1
    MIX     x3
    sxtw    x3, w0
    MIX     x3
    uxtb    w3, w1
    MIX     x3
    asr     w3, w0, #31
    MIX     x3
    lsl     x3, x1, #63
    MIX     x3
    ret

.Lbody_condsel:
    cmp     x0, x1
    csel    x3, x0, x1, lt
    MIX     x3
    csinc   w3, w0, w1, hi
    MIX     x3
    csinv   x3, x0, x1, ge
    MIX     x3
    csneg   w3, w0, w1, vs
    MIX     x3
    cset    x3, ls
    MIX     x3
    csetm   w3, gt
    MIX     x3
    ccmp    x0, x1, #5, ne
    MIXF
    ccmn    w0, #7, #10, le
    MIXF
    ccmp    x1, #31, #2, mi
    MIXF
    adds    x3, x0, x1
    cset    x3, vs
    MIX     x3
    cset    x3, cs
    MIX     x3
    cset    x3, pl
    MIX     x3
    ret

/*
 * Each condition right after the compare that sets it (CSET, B.cond,
 * CCMP), 64- and 32-bit, and after a SUBS that overwrites its operand:
 * the translator tests these on the compared values themselves.
 */
    .macro  CSETALL r0, r1
    .irp    cc, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le
    cmp     \r0, \r1
    cset    x3, \cc
    MIX     x3
    .endr
    .endm

    .macro  BCONDALL r0, r1
    .irp    cc, eq, ne, hs, lo, hi, ls, ge, lt, gt, le
    cmp     \r0, \r1
    mov     x3, #1
    b.\cc   1f
    mov     x3, #2
1:  MIX     x3
    .endr
    .endm

.Lbody_cmpcond:
    stp     x29, x30, [sp, #-16]!
    CSETALL x0, x1
    CSETALL w0, w1
    BCONDALL x0, x1
    BCONDALL w0, w1
    .irp    cc, eq, hi, ls, ge, lt, gt, le
    cmp     x0, x1
    ccmp    x1, x0, #6, \cc
    MIXF
    cmp     w0, w1
    csinc   w3, w0, w1, \cc
    MIX     x3
    mov     x4, x0
    subs    x4, x4, x1
    csel    x3, x0, x1, \cc
    MIX     x3
    MIX     x4
    .endr
    ldp     x29, x30, [sp], #16
    ret

.Lbody_muldiv:
    mul     x3, x0, x1
    MIX     x3
    mneg    w3, w0, w1
    MIX     x3
    madd    x3, x0, x1, x0
    MIX     x3
    msub    w3, w0, w1, w1
    MIX     x3
    smaddl  x3, w0, w1, x1
    MIX     x3
    umsubl  x3, w0, w1, x0
    MIX     x3
    smulh   x3, x0, x1
    MIX     x3
    umulh   x3, x0, x1
    MIX     x3
    udiv    x3, x0, x1
    MIX     x3
    sdiv    x3, x0, x1
    MIX     x3
    udiv    w3, w0, w1
    MIX     x3
    sdiv    w3, w0, w1
    MIX     x3
    ret

.Lbody_misc:
    clz     x3, x0
    MIX     x3
    clz     w3, w1
    MIX     x3
    cls     x3, x0
    MIX     x3
    cls     w3, w1
    MIX     x3
    rbit    x3, x0
    MIX     x3
    rbit    w3, w1
    MIX     x3
    rev     x3, x0
    MIX     x3
    rev     w3, w1
    MIX     x3
    rev16   x3, x0
    MIX     x3
    rev16   w3, w1
    MIX     x3
    rev32   x3, x0
    MIX     x3
    crc32b  w3, w0, w1
    MIX     x3
    crc32h  w3, w0, w1
    MIX     x3
    crc32w  w3, w0, w1
    MIX     x3
    crc32x  w3, w0, x1
    MIX     x3
    crc32cb w3, w0, w1
    MIX     x3
    crc32cx w3, w0, x1
    MIX     x3
    adr     x3, .
    adrp    x4, values
    sub     x3, x3, x4
    MIX     x3
    ret

    .section .rodata
.Lname_addsub:   .asciz "addsub   "
.Lname_logic:    .asciz "logic    "
.Lname_shift:    .asciz "shift    "
.Lname_bitfield: .asciz "bitfield "
.Lname_condsel:  .asciz "condsel  "
.Lname_cmpcond:  .asciz "cmpcond  "
.Lname_muldiv:   .asciz "muldiv   "
.Lname_misc:     .asciz "misc     "
    .balign 8
values:
    .quad 0, 1, 2, 0x3f, 0x40, 0x7f, 0x80, 0xff
    .quad 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000
    .quad 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
    .quad 0xfffffffffffffffe, 0x123456789abcdef0, 0xdeadbeefcafef00d
    .quad 0x00000000ffff0000, 0x5555555555555555
    .equ NVALUES, 20
