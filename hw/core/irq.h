/*
 * IRQ lines: a device holds an IrqLine * for each of its interrupt outputs
 * and sets its level; the board wires each output to an input of an
 * interrupt controller (the handler and line number given when the input
 * was created).  Setting a NULL line does nothing, so an output the board
 * leaves unconnected needs no special case in the device.
 *
 * Lines carry levels, not edges: the handler is called on every set, even
 * with an unchanged level, and decides for itself what a change means.
 */
#ifndef HW_CORE_IRQ_H
#define HW_CORE_IRQ_H

typedef struct IrqLine IrqLine;
typedef void IrqHandler(void *opaque, int n, int level);

/* An input: setting it calls handler(opaque, n, level). */
IrqLine *irq_new(IrqHandler *handler, void *opaque, int n);
void irq_free(IrqLine *irq);

/* NULL-safe: an unconnected output does nothing. */
void irq_set(IrqLine *irq, int level);

static inline void irq_raise(IrqLine *irq)
{
    irq_set(irq, 1);
}

static inline void irq_lower(IrqLine *irq)
{
    irq_set(irq, 0);
}

/* A pulse for edge-triggered inputs: raise, then lower. */
static inline void irq_pulse(IrqLine *irq)
{
    irq_set(irq, 1);
    irq_set(irq, 0);
}

/*
 * count inputs of one controller, line i having n = i.  The array is
 * NULL-terminated; irq_free_array frees the lines and the array.
 */
IrqLine **irq_new_array(IrqHandler *handler, void *opaque, int count);
void irq_free_array(IrqLine **irqs);

/*
 * One output fanned out to two inputs (either may be NULL): setting the
 * result sets a, then b.  Freeing it leaves a and b alone.  Chain splitters
 * for more outputs.
 */
IrqLine *irq_new_split(IrqLine *a, IrqLine *b);

#endif
