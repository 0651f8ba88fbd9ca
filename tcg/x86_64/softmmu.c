/*
 * Guest loads and stores: the inline softmmu TLB fast path (tcg/tlb.h)
 * and the out-of-line slow paths emitted after the TB's last op.
 *
 * Fast path for a load at guest address A in register "addr" (T0 a
 * scratch register, T1 = REG_TMP, F = env + fast_ofs + 16 * mmu_idx):
 *
 *     mov  T0, addr
 *     shr  T0, page_bits - 5
 *     and  T0, [F + mask]              index * sizeof(TCGTLBEntry)
 *     add  T0, [F + table]             entry
 *     lea  T1, [addr + S - (1 << a)]   (mov when a >= log2 S)
 *     and  T1, page_mask | (1 << a) - 1
 *     cmp  T1, [T0 + addr_read]
 *     jne  slow
 *     mov  T0, [T0 + addend]
 *     mov  data, [addr + T0]           (+ bswap/extension)
 *   join:
 *
 * The slow path calls the TCGGuestMemHooks function with retaddr = join,
 * an address inside this guest instruction's code, then jumps back to
 * join.  The op is TCG_OPF_CALL_CLOBBER: values in call-clobbered
 * registers were saved before the fast path, so the slow path needs to
 * save nothing.
 */
#include "tcg/x86_64/ops.h"

struct JitSlow {
    bool is_ld, w64;
    MemOpIdx oi;
    int addr, data; /* registers; data: output (ld) or value (st) */
    uint8_t *jump;  /* rel32 field of the jne/jmp to the slow path */
    uint8_t *join;  /* where the fast path ends */
};

void jit_slow_init(JitCtx *c)
{
    c->nb_slow = 0;
}

void jit_slow_free(JitCtx *c)
{
    g_free(c->slow);
    c->slow = NULL;
    c->nb_slow = c->slow_cap = 0;
}

/* The TLB compare; returns the jne's rel32 field.  T0 = entry. */
static uint8_t *emit_tlb_lookup(JitCtx *c, int addr, int t0, MemOp mop,
                                unsigned idx, bool is_ld)
{
    X86Buf *b = &c->b;
    const TCGTLBConfig *cfg = &c->s->tlb;
    unsigned s_bits = mop & MO_SIZE, a_bits = memop_alignment_bits(mop);
    int32_t fast = cfg->fast_ofs + (int32_t)(idx * sizeof(TCGTLBFast));
    int64_t cmp_mask;

    if (idx >= cfg->nb_mmu_idx) {
        /* No TLB configured for this index: always the slow path. */
        return x86_jmp32(b);
    }
    cmp_mask = (int64_t)(~0ull << cfg->page_bits) | ((1 << a_bits) - 1);
    x86_mov_rr(b, true, t0, addr);
    /* The mask is pre-shifted by the entry size (tcg/tlb.h). */
    x86_shift_ri(b, SH_SHR, true, t0, cfg->page_bits - TLB_ENTRY_BITS);
    x86_rm(b, (OPC_ALU_RRM + 8 * ALU_AND) | P_W, t0, REG_ENV,
           fast + (int32_t)offsetof(TCGTLBFast, mask));
    x86_rm(b, (OPC_ALU_RRM + 8 * ALU_ADD) | P_W, t0, REG_ENV,
           fast + (int32_t)offsetof(TCGTLBFast, table));
    if (a_bits < s_bits) {
        /* The last aligned unit's address: lands in the next page when
           the access crosses, keeps A's low bits for the check. */
        x86_rm(b, OPC_LEA | P_W, REG_TMP, addr, (1 << s_bits) - (1 << a_bits));
    } else {
        x86_mov_rr(b, true, REG_TMP, addr);
    }
    x86_alu_ri(b, ALU_AND, true, REG_TMP, cmp_mask);
    x86_rm(b, (OPC_ALU_RRM + 8 * ALU_CMP) | P_W, REG_TMP, t0,
           is_ld ? (int32_t)offsetof(TCGTLBEntry, addr_read)
                 : (int32_t)offsetof(TCGTLBEntry, addr_write));
    return x86_jcc32(b, CC_NE);
}

static void add_slow(JitCtx *c, bool is_ld, bool w64, MemOpIdx oi, int addr,
                     int data, uint8_t *jump)
{
    if (c->nb_slow == c->slow_cap) {
        c->slow_cap = c->slow_cap * 2 + 8;
        c->slow = g_renew(JitSlow, c->slow, c->slow_cap);
    }
    c->slow[c->nb_slow++] = (JitSlow){is_ld, w64, oi, addr, data, jump, c->b.p};
}

/* Load [addr + t0] into rd as mop says (byte swap, extension). */
static void emit_host_load(JitCtx *c, int rd, int addr, int t0, MemOp mop,
                           bool w64)
{
    X86Buf *b = &c->b;
    bool sign = mop & MO_SIGN, swap = mop & MO_BSWAP;
    unsigned w = w64 ? P_W : 0;

    switch (mop & MO_SIZE) {
    case MO_8:
        x86_rmx(b, sign ? OPC_MOVSBL | w : OPC_MOVZBL, rd, addr, t0, 0, 0);
        break;
    case MO_16:
        x86_rmx(b, (sign && !swap) ? OPC_MOVSWL | w : OPC_MOVZWL, rd, addr, t0,
                0, 0);
        if (swap) {
            x86_rr(b, OPC_SHIFT_IMM | P_66, SH_ROL, rd);
            x86_byte(b, 8);
            if (sign) {
                x86_rr(b, OPC_MOVSWL | w, rd, rd);
            }
        }
        break;
    case MO_32:
        if (swap && (c->features & TCG_JIT_HAVE_MOVBE)) {
            x86_rmx(b, OPC_MOVBE_LD, rd, addr, t0, 0, 0);
        } else {
            x86_rmx(b, OPC_MOV_LD, rd, addr, t0, 0, 0);
            if (swap) {
                x86_opc(b, (0xc8 + (rd & 7)) | P_0F, 0, rd, 0);
            }
        }
        if (sign && w64) {
            x86_rr(b, OPC_MOVSXD, rd, rd);
        }
        break;
    default:
        if (swap && (c->features & TCG_JIT_HAVE_MOVBE)) {
            x86_rmx(b, OPC_MOVBE_LD | P_W, rd, addr, t0, 0, 0);
        } else {
            x86_rmx(b, OPC_MOV_LD | P_W, rd, addr, t0, 0, 0);
            if (swap) {
                x86_opc(b, (0xc8 + (rd & 7)) | P_0F | P_W, 0, rd, 0);
            }
        }
        break;
    }
}

static void emit_host_store(JitCtx *c, int rv, int addr, int t0, MemOp mop)
{
    X86Buf *b = &c->b;
    bool swap = mop & MO_BSWAP;
    unsigned size = mop & MO_SIZE;

    if (swap && size >= MO_32 && (c->features & TCG_JIT_HAVE_MOVBE)) {
        x86_rmx(b, OPC_MOVBE_ST | (size == MO_64 ? P_W : 0), rv, addr, t0, 0,
                0);
        return;
    }
    if (swap && size != MO_8) {
        x86_mov_rr(b, true, REG_TMP, rv);
        rv = REG_TMP;
        if (size == MO_16) {
            x86_rr(b, OPC_SHIFT_IMM | P_66, SH_ROL, rv);
            x86_byte(b, 8);
        } else {
            x86_opc(b, (0xc8 + (rv & 7)) | P_0F | (size == MO_64 ? P_W : 0), 0,
                    rv, 0);
        }
    }
    switch (size) {
    case MO_8:
        x86_rmx(b, OPC_MOV_STB, rv, addr, t0, 0, 0);
        break;
    case MO_16:
        x86_rmx(b, OPC_MOV_ST | P_66, rv, addr, t0, 0, 0);
        break;
    case MO_32:
        x86_rmx(b, OPC_MOV_ST, rv, addr, t0, 0, 0);
        break;
    default:
        x86_rmx(b, OPC_MOV_ST | P_W, rv, addr, t0, 0, 0);
        break;
    }
}

void jit_emit_qemu_ld(JitCtx *c, const TCGOp *op)
{
    MemOpIdx oi = (MemOpIdx)op->args[2];
    MemOp mop = get_memop(oi);
    bool w64 = jit_op64(op);
    int addr, t0, rd;
    uint8_t *jump;

    addr = ra_in(c, op->args[1]);
    ra_save_callregs(c);
    ra_release_callregs(c);
    t0 = ra_scratch(c, (uint16_t)~CALL_CLOBBERED);
    rd = ra_out(c, 0, 0);
    jump = emit_tlb_lookup(c, addr, t0, mop, get_mmuidx(oi), true);
    if (get_mmuidx(oi) < c->s->tlb.nb_mmu_idx) {
        x86_ld(&c->b, true, t0, t0, (int32_t)offsetof(TCGTLBEntry, addend));
        emit_host_load(c, rd, addr, t0, mop, w64);
    }
    add_slow(c, true, w64, oi, addr, rd, jump);
}

void jit_emit_qemu_st(JitCtx *c, const TCGOp *op)
{
    MemOpIdx oi = (MemOpIdx)op->args[2];
    MemOp mop = get_memop(oi);
    int addr, rv, t0;
    uint8_t *jump;

    rv = ra_in(c, op->args[0]);
    addr = ra_in(c, op->args[1]);
    ra_save_callregs(c);
    ra_release_callregs(c);
    t0 = ra_scratch(c, (uint16_t)~CALL_CLOBBERED);
    jump = emit_tlb_lookup(c, addr, t0, mop, get_mmuidx(oi), false);
    if (get_mmuidx(oi) < c->s->tlb.nb_mmu_idx) {
        x86_ld(&c->b, true, t0, t0, (int32_t)offsetof(TCGTLBEntry, addend));
        emit_host_store(c, rv, addr, t0, mop);
    }
    add_slow(c, false, jit_op64(op), oi, addr, rv, jump);
}

/* After the TB's code: one call per guest access that missed. */
void jit_emit_slow_paths(JitCtx *c)
{
    const TCGGuestMemHooks *hooks = tcg_get_guest_mem_hooks();
    X86Buf *b = &c->b;

    for (unsigned i = 0; i < c->nb_slow; i++) {
        JitSlow *s = &c->slow[i];
        MemOp mop = get_memop(s->oi);
        int ra_reg = s->is_ld ? R8 : R9;
        uintptr_t join = x86_rx(b, s->join);

        g_assert(hooks); /* tcg_set_guest_mem_hooks first */
        x86_patch32(s->jump, b->p);
        /* rsi = addr, rdx = value (store), in an order that reads each
           source before it is overwritten. */
        if (s->is_ld) {
            x86_mov_rr(b, true, RSI, s->addr);
        } else if (s->addr == RDX && s->data == RSI) {
            x86_rr(b, OPC_XCHG | P_W, RSI, RDX);
        } else if (s->data == RSI) {
            x86_mov_rr(b, true, RDX, s->data);
            x86_mov_rr(b, true, RSI, s->addr);
        } else {
            x86_mov_rr(b, true, RSI, s->addr);
            x86_mov_rr(b, true, RDX, s->data);
        }
        x86_mov_rr(b, true, RDI, REG_ENV);
        x86_movi(b, false, s->is_ld ? RDX : RCX, mop);
        x86_movi(b, false, s->is_ld ? RCX : R8, get_mmuidx(s->oi));
        /* lea ra_reg, [rip + disp32]: ModRM mod 00 rm 101 (SDM 2.2.1.6) */
        x86_opc(b, OPC_LEA | P_W, ra_reg, 0, 0);
        x86_byte(b, (ra_reg & 7) << 3 | 5);
        x86_u32(b, (uint32_t)(join - (x86_rx(b, b->p) + 4)));
        x86_call_abs(b, s->is_ld ? (uintptr_t)hooks->load
                                 : (uintptr_t)hooks->store);
        if (s->is_ld) {
            x86_mov_rr(b, true, s->data, RAX);
        }
        x86_patch32(x86_jmp32(b), s->join);
    }
}
