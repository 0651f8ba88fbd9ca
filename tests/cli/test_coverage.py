#!/usr/bin/env python3
"""-accel tcg,coverage=FILE[,format=drcov|text]: a bare-metal AArch64
guest calls one function five times and never the other; the executed
blocks written at exit hold the first (5 hits) and not the second, in
both formats (addresses from nm).  The guest is assembled here with
aarch64-linux-gnu-gcc; without it those tests skip.
"""
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest

KESTREL = os.environ["KESTREL"]
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tcg",
                   "aarch64")
CC = shutil.which("aarch64-linux-gnu-gcc")
NM = shutil.which("aarch64-linux-gnu-nm")

GUEST = r"""
    .text
    .global main
main:
    stp     x29, x30, [sp, #-16]!
    mov     x19, #5
1:  cmp     x19, #100               /* never equal */
    b.eq    2f
    bl      taken_fn
    b       3f
2:  bl      untaken_fn
3:  subs    x19, x19, #1
    b.ne    1b
    mov     w0, #0
    ldp     x29, x30, [sp], #16
    ret

    .global taken_fn
    .type   taken_fn, %function
taken_fn:
    add     x20, x20, #1
    ret

    .global untaken_fn
    .type   untaken_fn, %function
untaken_fn:
    add     x21, x21, #1
    ret
"""


def run(*args, timeout=60):
    return subprocess.run([KESTREL, *args], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)


class CoverageErrors(unittest.TestCase):
    def assert_error(self, accel, *needles):
        p = run("-M", "virt", "-nographic", "-accel", accel)
        err = p.stderr.decode().strip()
        self.assertEqual(p.returncode, 1, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertTrue(err.startswith("kestrel: "), err)
        for n in needles:
            self.assertIn(n, err)

    def test_bad_format(self):
        self.assert_error("tcg,coverage=/dev/null,format=xml", "format=xml")

    def test_format_alone(self):
        self.assert_error("tcg,format=text", "format=text")

    def test_bad_path(self):
        self.assert_error("tcg,coverage=/nonexistent/dir/cov",
                          "/nonexistent/dir/cov", "No such file")


@unittest.skipUnless(CC and NM, "SKIP: aarch64-linux-gnu-gcc not installed")
class CoverageGuest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        src = os.path.join(cls.tmp.name, "cov.S")
        cls.elf = os.path.join(cls.tmp.name, "cov.elf")
        with open(src, "w") as f:
            f.write(GUEST)
        subprocess.run([CC, "-march=armv8-a", "-nostdlib", "-static",
                        "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments",
                        "-T", os.path.join(SRC, "test.ld"),
                        os.path.join(SRC, "lib.S"),
                        os.path.join(SRC, "semihost.S"), src,
                        "-o", cls.elf], check=True)
        syms = subprocess.run([NM, cls.elf], capture_output=True,
                              text=True, check=True).stdout
        cls.sym = {}
        for line in syms.splitlines():
            addr, _, name = line.split()
            cls.sym[name] = int(addr, 16)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def cover(self, fmt, *extra):
        out = os.path.join(self.tmp.name, "cov." + fmt)
        p = run("-M", "virt", "-cpu", "cortex-a57", "-nographic",
                "-semihosting", "-kernel", self.elf, "-accel",
                "tcg,coverage=%s,format=%s" % (out, fmt), *extra)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(out, "rb") as f:
            return f.read()

    def test_text(self):
        blocks = {}
        for line in self.cover("text").decode().splitlines():
            addr, size, hits = line.split()
            blocks[int(addr, 16)] = (int(size), int(hits))
        self.assertEqual(blocks[self.sym["taken_fn"]], (8, 5))
        self.assertNotIn(self.sym["untaken_fn"], blocks)
        self.assertIn(self.sym["main"], blocks)

    def test_drcov(self):
        data = self.cover("drcov")
        m = re.search(rb"BB Table: (\d+) bbs\n", data)
        self.assertIsNotNone(m)
        head = data[:m.start()].decode().splitlines()
        self.assertEqual(head[0], "DRCOV VERSION: 2")
        self.assertEqual(head[1], "DRCOV FLAVOR: drcov")
        self.assertTrue(head[2].startswith("Module Table: version 2, "
                                           "count 1"))
        self.assertTrue(head[3].startswith("Columns: id, base, end"))
        mod = [x.strip() for x in head[4].split(",")]
        base, end = int(mod[1], 16), int(mod[2], 16)
        n = int(m.group(1))
        table = data[m.end():]
        self.assertEqual(len(table), 8 * n)
        starts = set()
        for i in range(n):
            off, size, mod_id = struct.unpack_from("<IHH", table, 8 * i)
            self.assertEqual(mod_id, 0)
            self.assertLessEqual(base + off + size, end)
            starts.add(base + off)
        self.assertIn(self.sym["taken_fn"], starts)
        self.assertIn(self.sym["main"], starts)
        self.assertNotIn(self.sym["untaken_fn"], starts)

    def test_with_icount(self):
        self.assertEqual(self.cover("text", "-icount", "shift=1"),
                         self.cover("text", "-icount", "shift=1"))


if __name__ == "__main__":
    unittest.main()
