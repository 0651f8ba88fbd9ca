/*
 * -d in_asm for A64: the guest instructions of each new TB, disassembled
 * with capstone, one line per instruction with its address and word.
 * Words capstone cannot decode (or that Kestrel treats as unallocated)
 * are shown as ".inst".
 */
#include <capstone.h>
#include <inttypes.h>

#include "target/arm/translate-a64.h"
#include "util/log.h"

void a64_log_in_asm(uint64_t pc, const uint32_t *words, int n)
{
    csh h;
    bool have_cs = cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &h) ==
                   CS_ERR_OK;
    FILE *f = log_lock();

    fprintf(f, "IN: \n");
    for (int i = 0; i < n; i++) {
        uint64_t a = pc + 4ull * i;
        uint8_t bytes[4] = {
            (uint8_t)words[i], (uint8_t)(words[i] >> 8),
            (uint8_t)(words[i] >> 16), (uint8_t)(words[i] >> 24),
        };
        cs_insn *insn = NULL;
        size_t got = have_cs ? cs_disasm(h, bytes, 4, a, 1, &insn) : 0;

        if (got) {
            fprintf(f, "0x%016" PRIx64 ":  %08x      %-8s %s\n", a, words[i],
                    insn[0].mnemonic, insn[0].op_str);
            cs_free(insn, got);
        } else {
            fprintf(f, "0x%016" PRIx64 ":  %08x      .inst 0x%08x\n", a,
                    words[i], words[i]);
        }
    }
    fprintf(f, "\n");
    log_unlock(f);
    if (have_cs) {
        cs_close(&h);
    }
}
