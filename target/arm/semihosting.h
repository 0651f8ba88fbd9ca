/*
 * ARM semihosting (semihosting.c): what the command line and the board
 * set up. The lead wires -semihosting and -semihosting-config enable=on
 * to arm_semihosting_enable(true).
 */
#ifndef TARGET_ARM_SEMIHOSTING_H
#define TARGET_ARM_SEMIHOSTING_H

#include <stdbool.h>
#include <stdint.h>

void arm_semihosting_enable(bool on);
bool arm_semihosting_enabled(void);
/* What SYS_GET_CMDLINE returns (the board: kernel name and -append). */
void arm_semihosting_set_cmdline(const char *cmdline);
/* What SYS_HEAPINFO returns. */
void arm_semihosting_set_heap(uint64_t heap_base, uint64_t heap_limit,
                              uint64_t stack_base, uint64_t stack_limit);

#endif
