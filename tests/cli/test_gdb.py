#!/usr/bin/env python3
"""The GDB stub, driven by Debian's gdb-multiarch in batch mode and by a
raw-protocol client, against a bare-metal AArch64 guest built here:
main() calls func() `limit` times, func() increments the global
`counter`, and main returns 7, which _start passes to the semihosting
exit (so kestrel exits with status 7).

Without gdb-multiarch or the AArch64 cross compiler the whole test is
skipped visibly (exit status 77, meson's "skipped").
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

KESTREL = os.environ.get("KESTREL", "build/kestrel")
CC = shutil.which("aarch64-linux-gnu-gcc")
NM = shutil.which("aarch64-linux-gnu-nm")
GDB = shutil.which("gdb-multiarch")
TCG_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "..", "tcg", "aarch64")
TIMEOUT = 30

GUEST_C = r"""
volatile unsigned long counter;
volatile unsigned long limit = 5;

void func(void)
{
    counter++;
}

int main(void)
{
    for (unsigned long i = 0; i < limit; i++) {
        func();
    }
    return 7;
}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_guest(tmp):
    src = os.path.join(tmp, "prog.c")
    elf = os.path.join(tmp, "prog.elf")
    with open(src, "w") as f:
        f.write(GUEST_C)
    subprocess.run([CC, "-O0", "-g", "-nostdlib", "-static",
                    "-ffreestanding", "-mgeneral-regs-only",
                    "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments",
                    "-T", os.path.join(TCG_DIR, "test.ld"),
                    os.path.join(TCG_DIR, "lib.S"),
                    os.path.join(TCG_DIR, "semihost.S"), src, "-o", elf],
                   check=True)
    return elf, read_syms(elf)


def read_syms(elf):
    """{symbol: address} from nm."""
    syms = {}
    out = subprocess.run([NM, elf], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return syms


# A pending interrupt at a step: the virtual timer (PPI 11, INTID 27)
# through the GICv2 fires at once (CVAL 0) while IRQs are masked; `ready`
# unmasks them. Stepping from `ready` with QEMU's default step flags
# (NOIRQ) walks on past it; with "Qqemu.sstep=0x1" the step after the
# unmask ends at the IRQ vector, whose handler masks the timer.
IRQ_S = r"""
    .text
    .global _start
_start:
    ldr x0, =vectors
    msr vbar_el1, x0
    ldr x1, =0x08000000     /* GICD: CTLR, ISENABLER0 bit 27 */
    mov w2, #1
    str w2, [x1]
    mov w2, #(1 << 27)
    str w2, [x1, #0x100]
    ldr x1, =0x08010000     /* GICC: PMR, CTLR */
    mov w2, #0xff
    str w2, [x1, #4]
    mov w2, #1
    str w2, [x1]
    msr cntv_cval_el0, xzr
    mov x2, #1
    msr cntv_ctl_el0, x2
    isb
    .global ready
ready:
    msr daifclr, #2
    nop
    nop
    nop
    b .
    .balign 2048
vectors:
    .skip 0x280             /* current EL with SPx, IRQ */
    .global irq
irq:
    mov x2, #3
    msr cntv_ctl_el0, x2
    eret
"""
IRQ_LD = "ENTRY(_start)\nSECTIONS { . = 0x40000000; .text : { *(.text*) } }\n"


def build_irq_guest(tmp):
    src, ld = os.path.join(tmp, "irq.S"), os.path.join(tmp, "irq.ld")
    elf = os.path.join(tmp, "irq.elf")
    with open(src, "w") as f:
        f.write(IRQ_S)
    with open(ld, "w") as f:
        f.write(IRQ_LD)
    subprocess.run([CC, "-nostdlib", "-static", "-Wl,--build-id=none",
                    "-T", ld, src, "-o", elf], check=True)
    return elf


class Kestrel:
    def __init__(self, tmp, elf, port, *extra, emulator=None):
        self.log = open(os.path.join(tmp, "kestrel.log"), "w+b")
        self.proc = subprocess.Popen(
            [emulator or KESTREL, "-M", "virt", "-S", "-gdb",
             "tcp::%d" % port, "-semihosting", "-kernel", elf,
             "-nographic", *extra],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        deadline = time.time() + TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                if time.time() > deadline or self.proc.poll() is not None:
                    raise AssertionError("no gdb stub: " + self.output())
                time.sleep(0.05)

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def wait(self):
        try:
            return self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("kestrel did not exit: " + self.output())

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def run_gdb(elf, port, *cmds):
    args = [GDB, "-nx", "-batch", "-ex", "set confirm off",
            "-ex", "target remote 127.0.0.1:%d" % port]
    for c in cmds:
        args += ["-ex", c]
    args.append(elf)
    r = subprocess.run(args, capture_output=True, text=True,
                       timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    return r.stdout + r.stderr


class RawGdb:
    """A minimal protocol client: framing, checksums and acks."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), TIMEOUT)
        self.s_close = self.s.close
        self.buf = b""

    def send(self, payload):
        csum = sum(payload.encode()) & 0xff
        self.s.sendall(b"$%s#%02x" % (payload.encode(), csum))
        self.expect_ack()

    def expect_ack(self):
        self.fill(1)
        ack, self.buf = self.buf[:1], self.buf[1:]
        assert ack == b"+", ack

    def fill(self, n):
        while len(self.buf) < n:
            data = self.s.recv(4096)
            if not data:
                raise EOFError
            self.buf += data

    def recv(self):
        while True:
            m = re.match(rb"\$([^#]*)#([0-9a-f]{2})", self.buf, re.S)
            if m:
                break
            data = self.s.recv(4096)
            if not data:
                raise EOFError
            self.buf += data
        self.buf = self.buf[m.end():]
        payload = m.group(1)
        assert sum(payload) & 0xff == int(m.group(2), 16)
        self.s.sendall(b"+")
        return payload.decode()

    def cmd(self, payload):
        self.send(payload)
        return self.recv()


@unittest.skipUnless(GDB and CC and NM, "needs gdb-multiarch and "
                     "aarch64-linux-gnu-gcc")
class GdbTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.TemporaryDirectory()
        cls.elf, cls.syms = build_guest(cls.tmpdir.name)
        cls.irq_elf = build_irq_guest(cls.tmpdir.name)
        cls.irq_syms = read_syms(cls.irq_elf)

    @classmethod
    def tearDownClass(cls):
        cls.tmpdir.cleanup()

    def start(self, *extra):
        port = free_port()
        k = Kestrel(self.tmpdir.name, self.elf, port, *extra)
        self.addCleanup(k.close)
        return k, port

    def test_break_step_watch_kill(self):
        k, port = self.start()
        out = run_gdb(self.elf, port, "break *func", "continue",
                      "info registers pc", "stepi", "info registers pc",
                      "info registers x0", "watch counter", "continue",
                      "print counter", "set var $x1 = 0x1234", "p/x $x1",
                      "p $v31.d.u[0]", "kill")
        func = self.syms["func"]
        self.assertRegex(out, r"Breakpoint 1, (0x0*%x in )?func \(\)" % func, out)
        pcs = [int(x, 16) for x in
               re.findall(r"(?m)^pc\s+(0x[0-9a-f]+)", out)]
        self.assertEqual(pcs, [func, func + 4], out)
        self.assertRegex(out, r"(?m)^x0\s+0x[0-9a-f]+", out)
        self.assertRegex(out, r"atchpoint 2: counter\s+Old value = 0\s+"
                         r"New value = 1", out)
        self.assertIn("$1 = 1", out)
        self.assertIn("$2 = 0x1234", out)
        self.assertIn("$3 = 0", out)
        self.assertNotIn("warning", out)
        self.assertEqual(k.wait(), 0, k.output())

    def step_pcs(self, emulator, *before):
        """PCs at a breakpoint on `ready` and after three stepi."""
        port = free_port()
        k = Kestrel(self.tmpdir.name, self.irq_elf, port, "-cpu",
                    "cortex-a57", emulator=emulator)
        self.addCleanup(k.close)
        cmds = list(before) + ["break *ready", "continue"]
        for _ in range(3):
            cmds += ["info registers pc", "stepi"]
        out = run_gdb(self.irq_elf, port, *cmds, "info registers pc",
                      "kill")
        return [int(x, 16) for x in
                re.findall(r"(?m)^pc\s+(0x[0-9a-f]+)", out)], out

    def test_step_and_interrupts(self):
        ready, irq = self.irq_syms["ready"], self.irq_syms["irq"]
        pcs, out = self.step_pcs(None)
        self.assertEqual(pcs, [ready, ready + 4, ready + 8, ready + 12], out)
        pcs, out = self.step_pcs(None, "maintenance packet qqemu.sstepbits",
                                 "maintenance packet Qqemu.sstep=0x1",
                                 "maintenance packet qqemu.sstep")
        self.assertIn("ENABLE=1,NOIRQ=2,NOTIMER=4", out)
        self.assertIn('received: "0x1"', out)
        self.assertEqual(pcs, [ready, ready + 4, irq, irq + 4], out)

    @unittest.skipUnless(shutil.which("qemu-system-aarch64"),
                         "no qemu-system-aarch64 to compare with")
    def test_step_and_interrupts_as_reference(self):
        for flags in ([], ["maintenance packet Qqemu.sstep=0x1"]):
            with self.subTest(flags=flags):
                ref, rout = self.step_pcs(
                    shutil.which("qemu-system-aarch64"), *flags)
                got, out = self.step_pcs(None, *flags)
                self.assertEqual(len(ref), 4, rout)
                self.assertEqual(got, ref, out + rout)

    def test_detach_runs_to_exit(self):
        k, port = self.start()
        out = run_gdb(self.elf, port, "hbreak func", "continue",
                      "print counter", "delete", "rwatch limit", "continue",
                      "detach")
        self.assertIn("Hardware assisted breakpoint 1 at", out)
        self.assertIn("Breakpoint 1, func ()", out)
        self.assertIn("$1 = 0", out)
        self.assertRegex(out, r"read watchpoint 2: limit\s+Value = 5\s+\S+ in main", out)
        self.assertEqual(k.wait(), 7, k.output() + out)

    def test_raw_protocol_and_interrupt(self):
        k, port = self.start()
        g = RawGdb(port)
        self.addCleanup(g.s_close)
        sup = g.cmd("qSupported:multiprocess+;swbreak+;hwbreak+")
        for feat in ("PacketSize=", "qXfer:features:read+", "swbreak+",
                     "hwbreak+"):
            self.assertIn(feat, sup)
        xml = g.cmd("qXfer:features:read:target.xml:0,ffff")
        self.assertTrue(xml.startswith("l") and "aarch64" in xml, xml)
        core = g.cmd("qXfer:features:read:aarch64-core.xml:0,ffff")
        self.assertIn('name="cpsr"', core)
        self.assertEqual(g.cmd("qfThreadInfo"), "m1")
        self.assertEqual(g.cmd("qsThreadInfo"), "l")
        self.assertEqual(g.cmd("qC"), "QC1")
        self.assertTrue(g.cmd("?").startswith("T05"))
        # A bad checksum is nacked.
        g.s.sendall(b"$g#00")
        g.fill(1)
        self.assertEqual(g.buf[:1], b"-")
        g.buf = g.buf[1:]
        # pc (register 32) is the entry point after reset.
        pc = g.cmd("p20")
        self.assertEqual(int.from_bytes(bytes.fromhex(pc), "little"),
                         self.syms["_start"])
        # Memory by virtual address (the MMU is off: identity).
        limit = self.syms["limit"]
        self.assertEqual(g.cmd("m%x,8" % limit),
                         (5).to_bytes(8, "little").hex())
        self.assertEqual(g.cmd("M%x,8:%s" % (
            limit, (1 << 40).to_bytes(8, "little").hex())), "OK")
        # Physical mode (QEMU's maintenance packet).
        self.assertEqual(g.cmd("qqemu.PhyMemMode"), "0")
        self.assertEqual(g.cmd("Qqemu.PhyMemMode:1"), "OK")
        self.assertEqual(g.cmd("m%x,8" % limit),
                         (1 << 40).to_bytes(8, "little").hex())
        self.assertTrue(g.cmd("m%x,4" % (1 << 50)).startswith("E"))
        self.assertEqual(g.cmd("Qqemu.PhyMemMode:0"), "OK")
        # Run, then Ctrl-C: the guest stops with SIGINT.
        g.send("vCont;c")
        time.sleep(0.5)
        g.s.sendall(b"\x03")
        stop = g.recv()
        self.assertTrue(stop.startswith("T02"), stop)
        self.assertEqual(len(g.cmd("g")), (34 * 8 - 4 + 32 * 16 + 8) * 2)
        counter = int.from_bytes(bytes.fromhex(
            g.cmd("m%x,8" % self.syms["counter"])), "little")
        self.assertGreater(counter, 0)
        # QStartNoAckMode, then kill: kestrel exits with status 0.
        self.assertEqual(g.cmd("QStartNoAckMode"), "OK")
        csum = sum(b"k") & 0xff
        g.s.sendall(b"$k#%02x" % csum)
        self.assertEqual(k.wait(), 0, k.output())

    def test_threads_are_vcpus(self):
        k, port = self.start("-smp", "2")
        g = RawGdb(port)
        self.addCleanup(g.s_close)
        self.assertEqual(g.cmd("qfThreadInfo"), "m1,2")
        self.assertEqual(g.cmd("T2"), "OK")
        self.assertTrue(g.cmd("T3").startswith("E"))
        self.assertEqual(g.cmd("Hg2"), "OK")
        self.assertEqual(g.cmd("qC"), "QC2")
        self.assertEqual(len(g.cmd("p0")), 16)
        g.send("k")
        self.assertEqual(k.wait(), 0, k.output())


if __name__ == "__main__":
    if not (GDB and CC and NM):
        print("SKIP: needs gdb-multiarch and aarch64-linux-gnu-gcc",
              file=sys.stderr)
        sys.exit(77)
    unittest.main()
