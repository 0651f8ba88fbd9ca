#!/usr/bin/env python3
"""-icount shift=N: a bare-metal AArch64 guest that reads CNTVCT and
takes virtual-timer interrupts through the GICv2 (waiting in WFI) prints
the same thing on two runs; and -icount's argument errors.

The guest is assembled here with aarch64-linux-gnu-gcc (with
tests/tcg/aarch64/lib.S and semihost.S); without it those tests skip.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

KESTREL = os.environ["KESTREL"]
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tcg",
                   "aarch64")
CC = shutil.which("aarch64-linux-gnu-gcc")

GUEST = r"""
    .equ GICD, 0x08000000
    .equ GICC, 0x08010000
    .text
    .global main
main:
    stp     x29, x30, [sp, #-16]!
    ldr     x0, =vectors
    msr     vbar_el1, x0
    isb
    ldr     x19, =GICD
    ldr     x20, =GICC
    mov     w0, #1
    str     w0, [x19]               /* GICD_CTLR */
    str     w0, [x20]               /* GICC_CTLR */
    mov     w0, #0xff
    str     w0, [x20, #4]           /* GICC_PMR */
    mov     w0, #(1 << 27)
    str     w0, [x19, #0x100]       /* GICD_ISENABLER0: PPI 27 */

    /* the counter after some work, three times */
    mov     x21, #3
1:  mov     x2, #1000
2:  subs    x2, x2, #1
    b.ne    2b
    mrs     x0, cntvct_el0
    bl      puthex
    subs    x21, x21, #1
    b.ne    1b
    bl      putnl

    /* three timer interrupts, waiting in WFI */
    mov     x21, #3
3:  ldr     x22, =seen
    str     xzr, [x22]
    mov     x0, #500
    msr     cntv_tval_el0, x0
    mov     x0, #1                  /* enabled, not masked */
    msr     cntv_ctl_el0, x0
    /* IRQs masked: WFI still wakes on the pending one, then take it */
4:  wfi
    msr     daifclr, #2
    isb
    msr     daifset, #2
    ldr     x0, [x22]
    cbz     x0, 4b
    ldr     x0, =intid
    ldr     x0, [x0]
    bl      puthex
    ldr     x0, =stamp
    ldr     x0, [x0]
    bl      puthex
    mrs     x0, cntvct_el0
    bl      puthex
    bl      putnl
    subs    x21, x21, #1
    b.ne    3b

    mov     w0, #0
    ldp     x29, x30, [sp], #16
    ret

irq:
    stp     x0, x1, [sp, #-16]!
    ldr     x1, =GICC
    ldr     w0, [x1, #0x0c]         /* GICC_IAR */
    str     w0, [x1, #0x10]         /* GICC_EOIR */
    ldr     x1, =intid
    str     x0, [x1]
    mrs     x0, cntvct_el0
    ldr     x1, =stamp
    str     x0, [x1]
    mov     x0, #2                  /* IMASK: the level goes down */
    msr     cntv_ctl_el0, x0
    mov     x0, #1
    ldr     x1, =seen
    str     x0, [x1]
    ldp     x0, x1, [sp], #16
    eret

unexpected:
    mrs     x0, esr_el1
    bl      puthex
    mov     w0, #1
    bl      exit

    .balign 2048
vectors:
    .rept   5
    .balign 128
    b       unexpected
    .endr
    .balign 128                     /* current EL, SPx, IRQ */
    b       irq
    .rept   10
    .balign 128
    b       unexpected
    .endr

    .data
    .balign 8
seen:   .quad 0
intid:  .quad 0
stamp:  .quad 0
"""


def run(*args, timeout=60):
    return subprocess.run([KESTREL, *args], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)


class IcountErrors(unittest.TestCase):
    def assert_error(self, arg, *needles):
        p = run("-M", "virt", "-nographic", "-icount", arg)
        err = p.stderr.decode().strip()
        self.assertEqual(p.returncode, 1, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertTrue(err.startswith("kestrel: -icount"), err)
        for n in needles:
            self.assertIn(n, err)

    def test_auto(self):
        self.assert_error("shift=auto", "not supported yet")

    def test_align(self):
        self.assert_error("shift=2,align=on", "align=on", "not supported yet")

    def test_sleep(self):
        self.assert_error("shift=2,sleep=off", "not supported yet")

    def test_bad_shift(self):
        self.assert_error("shift=x", "shift must be")
        self.assert_error("99", "shift must be")


@unittest.skipUnless(CC, "SKIP: aarch64-linux-gnu-gcc not installed")
class IcountGuest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        src = os.path.join(cls.tmp.name, "icount.S")
        cls.elf = os.path.join(cls.tmp.name, "icount.elf")
        with open(src, "w") as f:
            f.write(GUEST)
        subprocess.run([CC, "-march=armv8-a", "-nostdlib", "-static",
                        "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments",
                        "-T", os.path.join(SRC, "test.ld"),
                        os.path.join(SRC, "lib.S"),
                        os.path.join(SRC, "semihost.S"), src,
                        "-o", cls.elf], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def guest(self, *extra):
        p = run("-M", "virt", "-cpu", "cortex-a57", "-nographic",
                "-semihosting", "-kernel", self.elf, *extra)
        out = p.stdout + p.stderr
        self.assertEqual(p.returncode, 0, out)
        return out.decode()

    def test_reproducible(self):
        for shift in ("shift=2", "3"):
            a = self.guest("-icount", shift)
            b = self.guest("-icount", shift)
            self.assertEqual(a, b)
            lines = a.split("\n")
            # three timer interrupts: INTID 27 (the EL1 virtual timer)
            self.assertEqual(sum(l.startswith("000000000000001b")
                                 for l in lines), 3, a)

    def test_backends(self):
        # The interpreter and the JIT count the same instructions.
        a = self.guest("-icount", "shift=2", "-accel", "tcg,backend=interp")
        b = self.guest("-icount", "shift=2")
        self.assertEqual(a, b)


if __name__ == "__main__":
    unittest.main()
