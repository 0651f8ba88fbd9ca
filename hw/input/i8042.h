/*
 * i8042 keyboard controller, enough for firmware probes and the reset
 * command (see i8042.c). A PC maps the data region at port 60h and the
 * command region at 64h.
 */
#ifndef HW_INPUT_I8042_H
#define HW_INPUT_I8042_H

typedef struct I8042 I8042;
typedef struct MemoryRegion MemoryRegion;

I8042 *i8042_create(void);
MemoryRegion *i8042_data_region(I8042 *s);
MemoryRegion *i8042_cmd_region(I8042 *s);
void i8042_reset(I8042 *s);
/* Both regions must be unmapped first. */
void i8042_free(I8042 *s);

#endif
