#include "hw/core/cpu.h"

#include "accel/accel.h"

void cpu_interrupt(CPUState *cpu, uint32_t mask)
{
    g_atomic_int_or(&cpu->interrupt_request, mask);
    cpu_exit(cpu);
    vcpu_wake(cpu);
}

void cpu_reset_interrupt(CPUState *cpu, uint32_t mask)
{
    g_atomic_int_and(&cpu->interrupt_request, ~mask);
}

static __thread CPUState *current_vcpu;

CPUState *cpu_current(void)
{
    return current_vcpu;
}

void cpu_set_current(CPUState *cpu)
{
    current_vcpu = cpu;
}
