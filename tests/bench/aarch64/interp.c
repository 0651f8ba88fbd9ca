/* A register bytecode interpreter with computed-goto dispatch (one
 * indirect branch per bytecode, BR Xn on the guest) running a Collatz
 * program over 1..LIMIT: short handlers, unpredictable dispatch. */
#include "bench.h"

#ifndef LIMIT /* -DLIMIT=n for a shorter run (profiling) */
#define LIMIT 40000
#endif

const char bench_name[] = "interp";
const uint64_t bench_expected = 0x040d73beb812c2eeull;

enum { LDI, MOV, ADD, ADDI, MULI, ANDI, SHRI, XOR, JMP, JZ, JEQI, JLT, HALT };

typedef struct Insn {
    uint8_t op, a, b, c;
    int32_t imm;
} Insn;

/*
 * Collatz: for i in 1..LIMIT-1, steps += length of the sequence from i,
 * hash = (hash ^ steps) * 31.  r0 = i, r1 = n, r2 = scratch, r3 = LIMIT,
 * r4 = hash, r5 = steps.  Jumps take their target in imm; JEQI compares
 * with the constant in c.
 */
static const Insn program[] = {
    /* 0 */ { LDI, 0, 0, 0, 1 },
    /* 1 */ { LDI, 3, 0, 0, LIMIT },
    /* 2 */ { LDI, 5, 0, 0, 0 },
    /* 3 */ { LDI, 4, 0, 0, 0 },
    /* 4 loop_i */ { MOV, 1, 0, 0, 0 },
    /* 5 loop_n */ { JEQI, 1, 0, 1, 14 },
    /* 6 */ { ANDI, 2, 1, 0, 1 },
    /* 7 */ { JZ, 2, 0, 0, 11 },
    /* 8 */ { MULI, 1, 1, 0, 3 },
    /* 9 */ { ADDI, 1, 1, 0, 1 },
    /* 10 */ { JMP, 0, 0, 0, 12 },
    /* 11 even */ { SHRI, 1, 1, 0, 1 },
    /* 12 */ { ADDI, 5, 5, 0, 1 },
    /* 13 */ { JMP, 0, 0, 0, 5 },
    /* 14 done_n */ { XOR, 4, 4, 5, 0 },
    /* 15 */ { MULI, 4, 4, 0, 31 },
    /* 16 */ { ADDI, 0, 0, 0, 1 },
    /* 17 */ { JLT, 0, 3, 0, 4 },
    /* 18 */ { HALT, 0, 0, 0, 0 },
};

static uint64_t run(const Insn *code, uint64_t *r)
{
    static const void *const dispatch[] = {
        [LDI] = &&ldi, [MOV] = &&mov, [ADD] = &&add, [ADDI] = &&addi,
        [MULI] = &&muli, [ANDI] = &&andi, [SHRI] = &&shri, [XOR] = &&xor,
        [JMP] = &&jmp, [JZ] = &&jz, [JEQI] = &&jeqi, [JLT] = &&jlt,
        [HALT] = &&halt,
    };
    const Insn *pc = code;
    uint64_t count = 0;
#define NEXT() do { count++; goto *dispatch[pc->op]; } while (0)
    NEXT();
ldi:  r[pc->a] = (uint64_t)(int64_t)pc->imm; pc++; NEXT();
mov:  r[pc->a] = r[pc->b]; pc++; NEXT();
add:  r[pc->a] = r[pc->b] + r[pc->c]; pc++; NEXT();
addi: r[pc->a] = r[pc->b] + pc->imm; pc++; NEXT();
muli: r[pc->a] = r[pc->b] * pc->imm; pc++; NEXT();
andi: r[pc->a] = r[pc->b] & pc->imm; pc++; NEXT();
shri: r[pc->a] = r[pc->b] >> pc->imm; pc++; NEXT();
xor:  r[pc->a] = r[pc->b] ^ r[pc->c]; pc++; NEXT();
jmp:  pc = code + pc->imm; NEXT();
jz:   pc = r[pc->a] == 0 ? code + pc->imm : pc + 1; NEXT();
jeqi: pc = r[pc->a] == pc->c ? code + pc->imm : pc + 1; NEXT();
jlt:  pc = r[pc->a] < r[pc->b] ? code + pc->imm : pc + 1; NEXT();
halt: return count;
#undef NEXT
}

uint64_t bench_run(void)
{
    uint64_t r[8] = { 0 };
    uint64_t n = run(program, r);
    return bench_mix(bench_mix(bench_mix(0, n), r[4]), r[5]);
}
