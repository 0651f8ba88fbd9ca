/*
 * The virt board's devices seen from the guest: the PL031's counter
 * (host wall-clock seconds: between 2020 and 2100) and its PrimeCell
 * ID (revision masked), then each of the 32 virtio-mmio slots (0x0a000000 + n * 0x200):
 * MagicValue ("virt"), Version and DeviceID, one line per slot.
 */
    .equ RTC, 0x09010000
    .equ RTC_DR, 0x000
    .equ RTC_PCELLID, 0xfe0
    .equ MMIO, 0x0a000000
    .equ MMIO_MAGIC, 0x000
    .equ MMIO_VERSION, 0x004
    .equ MMIO_DEVICE_ID, 0x008

    .text
    .global main
main:
    stp     x29, x30, [sp, #-16]!
    stp     x19, x20, [sp, #-16]!

    ldr     x19, =RTC
    ldr     w20, [x19, #RTC_DR]
    ldr     x1, =1577836800         /* 2020-01-01 */
    cmp     x20, x1
    cset    x0, hs
    bl      puthex
    ldr     x1, =4102444800         /* 2100-01-01 */
    cmp     x20, x1
    cset    x0, lo
    bl      puthex
    /* Peripheral and PrimeCell IDs, 8 registers of one byte each */
    mov     x20, #0
    mov     x21, #0
1:  add     x1, x19, #RTC_PCELLID
    ldr     w2, [x1, x21, lsl #2]
    and     x2, x2, #0xff
    lsl     x3, x21, #3
    lsl     x2, x2, x3
    orr     x20, x20, x2
    add     x21, x21, #1
    cmp     x21, #8
    b.ne    1b
    /* without PeriphID2's revision, which Linux's AMBA match ignores */
    and     x0, x20, #~0xf00000
    bl      puthex
    bl      putnl

    ldr     x19, =MMIO
    mov     x20, #0
2:  mov     x0, x20
    bl      puthex
    ldr     w0, [x19, #MMIO_MAGIC]
    bl      puthex
    ldr     w0, [x19, #MMIO_VERSION]
    bl      puthex
    ldr     w0, [x19, #MMIO_DEVICE_ID]
    bl      puthex
    bl      putnl
    add     x19, x19, #0x200
    add     x20, x20, #1
    cmp     x20, #32
    b.ne    2b

    mov     w0, #0
    ldp     x19, x20, [sp], #16
    ldp     x29, x30, [sp], #16
    ret
