/*
 * The IR opcode list, one DEF(name, outputs, inputs, constants, flags)
 * per opcode.  Included several times with different DEF definitions
 * (the opcode enum, the definition table); not a normal header.
 *
 * Arguments of an op are stored in this order: outputs, inputs (temps),
 * then constant arguments.  "call" is the only op whose counts vary; they
 * live in the op itself (see TCGOp).  The semantics of every op are in
 * the table at the top of tcg/tcg.h.
 */

/* Bookkeeping and control flow. */
DEF(discard, 1, 0, 0, TCG_OPF_SIDE_EFFECTS)
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(call, 0, 0, 0, TCG_OPF_CALL_CLOBBER)
DEF(br, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(mb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
DEF(insn_start, 0, 0, TCG_INSN_START_WORDS, TCG_OPF_SIDE_EFFECTS)
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)

/*
 * Integer ops, once per type.  DEF_INT(x) expands to x_i32 and x_i64
 * with the same argument counts; T64 marks the i64 variant.
 */
#define TCG_OPF_BRANCH                                                         \
    (TCG_OPF_BB_END | TCG_OPF_COND_BRANCH | TCG_OPF_SIDE_EFFECTS)
#define TCG_OPF_GUEST_MEM                                                      \
    (TCG_OPF_SIDE_EFFECTS | TCG_OPF_CAN_FAULT | TCG_OPF_CALL_CLOBBER)

#define DEF_INT(name, o, i, c, f)                                              \
    DEF(name##_i32, o, i, c, f)                                                \
    DEF(name##_i64, o, i, c, (f) | TCG_OPF_64BIT)

DEF_INT(mov, 1, 1, 0, 0)
DEF_INT(setcond, 1, 2, 1, 0)
DEF_INT(movcond, 1, 4, 1, 0)
DEF_INT(brcond, 0, 2, 2, TCG_OPF_BRANCH)

/* Host memory relative to a pointer temp: args out/in, base, offset. */
DEF_INT(ld8u, 1, 1, 1, 0)
DEF_INT(ld8s, 1, 1, 1, 0)
DEF_INT(ld16u, 1, 1, 1, 0)
DEF_INT(ld16s, 1, 1, 1, 0)
DEF(ld32u_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld32s_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF_INT(ld, 1, 1, 1, 0)
DEF_INT(st8, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF_INT(st16, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st32_i64, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)
DEF_INT(st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)

DEF_INT(add, 1, 2, 0, 0)
DEF_INT(sub, 1, 2, 0, 0)
DEF_INT(mul, 1, 2, 0, 0)
DEF_INT(div, 1, 2, 0, 0)
DEF_INT(divu, 1, 2, 0, 0)
DEF_INT(rem, 1, 2, 0, 0)
DEF_INT(remu, 1, 2, 0, 0)
DEF_INT(and, 1, 2, 0, 0)
DEF_INT(or, 1, 2, 0, 0)
DEF_INT(xor, 1, 2, 0, 0)
DEF_INT(andc, 1, 2, 0, 0)
DEF_INT(orc, 1, 2, 0, 0)
DEF_INT(eqv, 1, 2, 0, 0)
DEF_INT(nand, 1, 2, 0, 0)
DEF_INT(nor, 1, 2, 0, 0)
DEF_INT(shl, 1, 2, 0, 0)
DEF_INT(shr, 1, 2, 0, 0)
DEF_INT(sar, 1, 2, 0, 0)
DEF_INT(rotl, 1, 2, 0, 0)
DEF_INT(rotr, 1, 2, 0, 0)
DEF_INT(clz, 1, 2, 0, 0)
DEF_INT(ctz, 1, 2, 0, 0)

DEF_INT(neg, 1, 1, 0, 0)
DEF_INT(not, 1, 1, 0, 0)
DEF_INT(ext8s, 1, 1, 0, 0)
DEF_INT(ext8u, 1, 1, 0, 0)
DEF_INT(ext16s, 1, 1, 0, 0)
DEF_INT(ext16u, 1, 1, 0, 0)
DEF(ext32s_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext32u_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF_INT(bswap16, 1, 1, 0, 0)
DEF_INT(bswap32, 1, 1, 0, 0)
DEF(bswap64_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF_INT(ctpop, 1, 1, 0, 0)

/* Type conversions: the flag gives the output's type. */
DEF(extu_i32_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext_i32_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(extrl_i64_i32, 1, 1, 0, 0)
DEF(extrh_i64_i32, 1, 1, 0, 0)

/* Bit fields: constants pos, len. */
DEF_INT(deposit, 1, 2, 2, 0)
DEF_INT(extract, 1, 1, 2, 0)
DEF_INT(sextract, 1, 1, 2, 0)

/* Double-word results: outputs low, high. */
DEF_INT(mulu2, 2, 2, 0, 0)
DEF_INT(muls2, 2, 2, 0, 0)
DEF_INT(add2, 2, 4, 0, 0)
DEF_INT(sub2, 2, 4, 0, 0)

/* Guest memory: value, address (always i64), MemOpIdx. */
DEF_INT(qemu_ld, 1, 1, 1, TCG_OPF_GUEST_MEM)
DEF_INT(qemu_st, 0, 2, 1, TCG_OPF_GUEST_MEM)

#undef DEF_INT
#undef TCG_OPF_BRANCH
#undef TCG_OPF_GUEST_MEM
