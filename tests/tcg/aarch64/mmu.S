/*
 * Stage-1 MMU at EL1: page tables for the 4K granule (39-bit VA, TTBR0
 * and TTBR1) and the 64K granule (42-bit VA), built at run time. Loads
 * through pages, blocks and the high half; translation faults at levels
 * 0-3, a permission fault on a read-only page, an access flag fault, an
 * instruction abort; a remap seen after TLBI VAE1; AT S1E1R/S1E1W/S1E0R
 * with PAR_EL1; TLBI by VA with TBI0 and tagged pointers; two address
 * spaces (ASIDs) switched back and forth, with TLBIs between. The handler
 * prints ESR and FAR of each abort and skips the faulting instruction (or
 * returns to LR for instruction aborts).
 */
#include "check.inc"

    .equ    BLOCK, 0x701            /* AF, inner shareable, attr 0, block */
    .equ    PAGE, 0x703             /* same, page (level 3) */
    .equ    TABLE, 0x3
    .equ    AP_RO, 0x80             /* AP[2]: read-only */
    .equ    NOAF_PAGE, 0x303
    .equ    EL0_RW, 0x40            /* AP[1] */
    .equ    MAIR, 0x04ff            /* attr0 normal WB, attr1 device */
    /* T0SZ = T1SZ = 25, WBWA inner shareable, TG0 4K, TG1 4K, IPS 40 bit */
    .equ    TCR_4K, 25 | (1 << 8) | (1 << 10) | (3 << 12) | (25 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | (2 << 30) | (2 << 32)
    /* T0SZ = 22, TG0 64K, EPD1, IPS 40 bit */
    .equ    TCR_64K, 22 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 14) | (1 << 23) | (2 << 32)

    .macro  probe addr              /* load from addr, print the value */
    ldr     x0, =\addr
    ldr     x0, [x0]
    bl      puthex
    bl      putnl
    .endm

    MAIN
    SET_VBAR
    ldr     x0, =MAIR
    msr     mair_el1, x0

    /* ---- 4K granule ---- */
    ldr     x19, =l1_4k
    ldr     x20, =l2_4k
    ldr     x21, =l3_4k
    ldr     x22, =l1_hi
    /* L1[1]: 1 GiB block, identity at 0x40000000 (code, data, tables) */
    ldr     x0, =(0x40000000 | BLOCK)
    str     x0, [x19, #8]
    /* L1[2] (0x80000000) -> L2; L2[0] -> L3 */
    orr     x0, x20, #TABLE
    str     x0, [x19, #16]
    orr     x0, x21, #TABLE
    str     x0, [x20]
    /* L3[0]: data_a; L3[1]: data_b read-only; L3[2] invalid; L3[3] no AF */
    ldr     x0, =data_a
    add     x0, x0, #PAGE
    str     x0, [x21]
    ldr     x0, =data_b
    add     x0, x0, #(PAGE | AP_RO)
    str     x0, [x21, #8]
    ldr     x0, =data_b
    add     x0, x0, #NOAF_PAGE
    str     x0, [x21, #24]
    /* L3[4]: data_b, EL0 read-write (so not executable at EL1) */
    ldr     x0, =data_b
    add     x0, x0, #(PAGE | EL0_RW)
    str     x0, [x21, #32]
    /* TTBR1: L1[1] is a block at 0x40000000 too */
    ldr     x0, =(0x40000000 | BLOCK)
    str     x0, [x22, #8]
    dsb     sy

    msr     ttbr0_el1, x19
    msr     ttbr1_el1, x22
    ldr     x0, =TCR_4K
    msr     tcr_el1, x0
    isb
    mrs     x0, sctlr_el1
    orr     x0, x0, #1
    msr     sctlr_el1, x0
    isb

    probe   data_a              /* through the identity block */
    probe   0x80000000          /* data_a through a page */
    probe   0x80001008          /* data_b, read-only page */
    ldr     x0, =data_a
    ldr     x1, =0xffffff8000000000
    add     x0, x0, x1
    ldr     x0, [x0]            /* data_a through TTBR1 */
    bl      puthex
    bl      putnl

    /* faults: each prints ESR and FAR */
    ldr     x1, =0x80001000
    str     x1, [x1]            /* permission fault, level 3, WnR */
    ldr     x1, =0x80002000
    ldr     x0, [x1]            /* translation fault, level 3 */
    ldr     x1, =0x80003000
    ldr     x0, [x1]            /* access flag fault, level 3 */
    ldr     x1, =0x80200000
    ldr     x0, [x1]            /* translation fault, level 2 */
    ldr     x1, =0xc0000000
    str     x0, [x1]            /* translation fault, level 1, WnR */
    ldr     x1, =0x8000000000
    ldr     x0, [x1]            /* outside the 39-bit TTBR0 range */
    ldr     x1, =0xffff000000000000
    ldr     x0, [x1]            /* outside the TTBR1 range */
    ldr     x1, =0x80002000
    blr     x1                  /* instruction abort, level 3 */
    ldr     x1, =0x80004000
    blr     x1                  /* EL0-writable: EL1 execute-never */

    /* remap L3[0] to data_b: seen after TLBI VAE1 */
    ldr     x0, =data_b
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     ishst
    ldr     x0, =(0x80000000 >> 12)
    tlbi    vae1, x0
    dsb     ish
    isb
    probe   0x80000000
    /* and back, with TLBI VMALLE1IS */
    ldr     x0, =data_a
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     ishst
    tlbi    vmalle1is
    dsb     ish
    isb
    probe   0x80000000

    /*
     * TBI0: a TLBI by VA covers every tag of the page (D8.13.5). An entry
     * filled through a tagged pointer must go with the TLBI of the
     * untagged VA; one filled untagged, with a TLBI of its own page only.
     */
    mrs     x0, tcr_el1
    orr     x0, x0, #(1 << 37)
    msr     tcr_el1, x0
    isb
    probe   0x5a00000080000000  /* data_a, tagged */
    ldr     x0, =data_b
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     ishst
    ldr     x0, =(0x80000000 >> 12)
    tlbi    vae1, x0
    dsb     ish
    isb
    probe   0x5a00000080000000  /* data_b */
    probe   0xa500000080000008  /* data_b, another tag */
    ldr     x0, =data_a
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     ishst
    ldr     x0, =(0x80000000 >> 12)
    tlbi    vale1is, x0
    dsb     ish
    isb
    probe   0x80000000          /* data_a, untagged */
    probe   0x80001000          /* data_b, read-only page: stays */
    ldr     x0, =data_b
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     ishst
    ldr     x0, =(0x80000000 >> 12)
    tlbi    vaae1, x0
    dsb     ish
    isb
    probe   0x80000000          /* data_b */
    probe   0x7700000080000008  /* data_b, tagged */
    ldr     x0, =data_a
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     ishst
    ldr     x0, =(0x80000000 >> 12)
    tlbi    vae1, x0
    dsb     ish
    isb
    probe   0x7700000080000000  /* data_a, tagged again */
    mrs     x0, tcr_el1
    bic     x0, x0, #(1 << 37)
    msr     tcr_el1, x0
    isb

    /*
     * Two address spaces, ASIDs 1 and 2: table set A (x19) maps
     * 0x80000000 to data_a, set B to data_b; both map the code. Each
     * switch must show its own page, also when coming back to one whose
     * entries a TLB may still hold; a TLBI made while the other is
     * current must reach them too.
     */
    ldr     x23, =l1_b
    ldr     x24, =l2_b
    ldr     x25, =l3_b
    ldr     x0, =(0x40000000 | BLOCK)
    str     x0, [x23, #8]
    orr     x0, x24, #TABLE
    str     x0, [x23, #16]
    orr     x0, x25, #TABLE
    str     x0, [x24]
    ldr     x0, =data_b
    add     x0, x0, #PAGE
    str     x0, [x25]
    dsb     ishst
    /* no entry left from the tagged pointers above */
    tlbi    vmalle1
    dsb     ish
    isb
    /* ASIDs 1-5 on A, B, A, B, B: more spaces than a TLB may keep */
    mov     x28, #1
11: mov     x1, #0xa                /* bit n: ASID n on A */
    lsr     x1, x1, x28
    tst     x1, #1
    csel    x0, x19, x23, ne
    orr     x0, x0, x28, lsl #48
    msr     ttbr0_el1, x0
    isb
    probe   0x80000000          /* data_a, data_b, ... */
    add     x28, x28, #1
    cmp     x28, #6
    b.ne    11b
    orr     x26, x19, #(1 << 48)    /* TTBR0 A, ASID 1 */
    orr     x27, x23, #(2 << 48)    /* TTBR0 B, ASID 2 */
    msr     ttbr0_el1, x26
    isb
    probe   0x80000000          /* A: data_a */
    msr     ttbr0_el1, x27
    isb
    probe   0x80000000          /* B: data_b */
    msr     ttbr0_el1, x26
    isb
    probe   0x80000008          /* A: data_a */
    msr     ttbr0_el1, x27
    isb
    probe   0x80000008          /* B: data_b */
    /* in B: A's page now data_b, TLBI VAE1 of A's ASID, back to A */
    ldr     x0, =data_b
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     ishst
    ldr     x0, =((1 << 48) | (0x80000000 >> 12))
    tlbi    vae1is, x0
    dsb     ish
    msr     ttbr0_el1, x26
    isb
    probe   0x80000000          /* A: data_b */
    /* and back to data_a, TLBI ASIDE1 while in B */
    msr     ttbr0_el1, x27
    isb
    ldr     x0, =data_a
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     ishst
    mov     x0, #(1 << 48)
    tlbi    aside1, x0
    dsb     ish
    msr     ttbr0_el1, x26
    isb
    probe   0x80000000          /* A: data_a */
    msr     ttbr0_el1, x19      /* ASID 0, as before */
    isb

    /* AT and PAR_EL1 */
    ldr     x1, =0x80000000
    at      s1e1r, x1
    isb
    bl      print_par
    ldr     x1, =0x80001000
    at      s1e1w, x1           /* read-only: permission fault */
    isb
    bl      print_par
    ldr     x1, =0x80000000
    at      s1e0r, x1           /* no EL0 access: permission fault */
    isb
    bl      print_par
    ldr     x1, =0x80004000
    at      s1e0w, x1           /* EL0 read-write: fine */
    isb
    bl      print_par
    ldr     x1, =0x80002000
    at      s1e1r, x1           /* translation fault, level 3 */
    isb
    bl      print_par

    /* ---- 64K granule: MMU off, new regime, MMU on ---- */
    mrs     x0, sctlr_el1
    bic     x0, x0, #1
    msr     sctlr_el1, x0
    isb
    ldr     x19, =l2_64k
    ldr     x21, =l3_64k
    /* L2 entries cover 512 MiB: [2] identity block at 0x40000000 */
    ldr     x0, =(0x40000000 | BLOCK)
    str     x0, [x19, #16]
    /* [4] (0x80000000) -> L3 of 64K pages: [0] data_64k, [1] invalid */
    orr     x0, x21, #TABLE
    str     x0, [x19, #32]
    ldr     x0, =data_64k
    add     x0, x0, #PAGE
    str     x0, [x21]
    dsb     sy
    msr     ttbr0_el1, x19
    ldr     x0, =TCR_64K
    msr     tcr_el1, x0
    tlbi    vmalle1
    dsb     sy
    isb
    mrs     x0, sctlr_el1
    orr     x0, x0, #1
    msr     sctlr_el1, x0
    isb
    probe   0x80000000
    probe   0x8000fff8
    ldr     x1, =0x80010000
    ldr     x0, [x1]            /* translation fault, level 3 */
    ldr     x1, =0x20000000
    ldr     x0, [x1]            /* translation fault, level 2 */
    ldr     x1, =0x40000000000
    ldr     x0, [x1]            /* outside the 42-bit range */
    ldr     x1, =0xffffff8000000000
    ldr     x0, [x1]            /* TTBR1 walks disabled (EPD1) */
    ldr     x1, =0x80000000
    at      s1e1w, x1
    isb
    bl      print_par

    mrs     x0, sctlr_el1
    bic     x0, x0, #1
    msr     sctlr_el1, x0
    isb
    RETURN0

/* PAR_EL1: the PA or the fault, without NS/SH/IMP DEF bits */
print_par:
    stp     x29, x30, [sp, #-16]!
    mrs     x0, par_el1
    ldr     x1, =0xff0000fffffff07f
    and     x0, x0, x1
    bl      puthex
    bl      putnl
    ldp     x29, x30, [sp], #16
    ret

sync_handler:
    stp     x29, x30, [sp, #-16]!
    stp     x0, x1, [sp, #-16]!
    mrs     x0, esr_el1
    bl      puthex
    mrs     x0, far_el1
    bl      puthex
    bl      putnl
    mrs     x0, esr_el1
    lsr     x0, x0, #26
    cmp     x0, #0x21               /* instruction abort: back to LR */
    b.ne    1f
    ldr     x0, [sp, #24]
    b       2f
1:  mrs     x0, elr_el1
    add     x0, x0, #4
2:  msr     elr_el1, x0
    ldp     x0, x1, [sp], #16
    ldp     x29, x30, [sp], #16
    eret

    VECTORS sync_handler, unexpected, unexpected

    .data
    .balign 4096
data_a:
    .quad   0x1111111111111111, 0xaaaaaaaaaaaaaaaa
    .balign 4096
data_b:
    .quad   0x2222222222222222, 0xbbbbbbbbbbbbbbbb
    .balign 65536
data_64k:
    .quad   0x6464646464646464
    .space  65536 - 16
    .quad   0x6400000000000064

    .bss
    .balign 65536
l2_64k: .space  65536
l3_64k: .space  65536
l1_4k:  .space  4096
l2_4k:  .space  4096
l3_4k:  .space  4096
l1_hi:  .space  4096
l1_b:   .space  4096
l2_b:   .space  4096
l3_b:   .space  4096
