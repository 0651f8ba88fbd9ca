/*
 * IRQ lines: a handler, its opaque pointer and a line number, so that one
 * handler can serve all the inputs of an interrupt controller.
 */
#include "hw/core/irq.h"

#include <glib.h>

struct IrqLine {
    IrqHandler *handler;
    void *opaque;
    int n;
    IrqLine *fan[2]; /* splitter outputs */
};

IrqLine *irq_new(IrqHandler *handler, void *opaque, int n)
{
    IrqLine *irq = g_new0(IrqLine, 1);

    g_assert(handler);
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

void irq_free(IrqLine *irq)
{
    g_free(irq);
}

void irq_set(IrqLine *irq, int level)
{
    if (irq) {
        irq->handler(irq->opaque, irq->n, level);
    }
}

IrqLine **irq_new_array(IrqHandler *handler, void *opaque, int count)
{
    IrqLine **irqs;

    g_assert(count >= 0);
    irqs = g_new0(IrqLine *, count + 1);
    for (int i = 0; i < count; i++) {
        irqs[i] = irq_new(handler, opaque, i);
    }
    return irqs;
}

void irq_free_array(IrqLine **irqs)
{
    if (!irqs) {
        return;
    }
    for (int i = 0; irqs[i]; i++) {
        irq_free(irqs[i]);
    }
    g_free(irqs);
}

static void irq_split_handler(void *opaque, int n, int level)
{
    IrqLine *split = opaque;

    irq_set(split->fan[0], level);
    irq_set(split->fan[1], level);
}

IrqLine *irq_new_split(IrqLine *a, IrqLine *b)
{
    IrqLine *irq = irq_new(irq_split_handler, NULL, 0);

    irq->opaque = irq;
    irq->fan[0] = a;
    irq->fan[1] = b;
    return irq;
}
