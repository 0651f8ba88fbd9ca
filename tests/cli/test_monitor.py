#!/usr/bin/env python3
"""The monitors, driven by real clients: QMP over Unix and TCP sockets
with Python's json module, the text monitor over TCP and over stdio
(C-a c on the mon:stdio mux).

A guest that keeps running is a two-instruction spin loop for the virt
board, built here with Debian's AArch64 cross compiler; without it those
tests are skipped (visibly) and the QMP protocol is still tested on the
CPU-less 'none' machine.
"""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

KESTREL = os.environ["KESTREL"]
CC = shutil.which("aarch64-linux-gnu-gcc")
TIMEOUT = 15

# add x0, x0, #1 ; b .-4   (little-endian words as xp prints them)
SPIN_SRC = ".global _start\n_start:\n add x0, x0, #1\n b _start\n"
SPIN_LD = "ENTRY(_start)\nSECTIONS { . = 0x40000000; .text : { *(.text*) } }\n"
SPIN_WORDS = ["0x91000400", "0x17ffffff"]

# The same loop with the MMU on: a 39-bit VA, 4K granule, one level-1
# table at 0x40010000 whose entries 1 and 2 map VA 0x40000000 (identity)
# and VA 0x80000000 (an alias) to the 1 GiB block at PA 0x40000000
# (ARM ARM D8.3: block descriptor, AF set, inner shareable, MAIR attr 0).
# VA 0xc0000000 is not mapped.
MMU_SRC = """
.global _start
_start:
    ldr x1, =0x40010000
    ldr x2, =0x40000701
    str x2, [x1, #8]
    str x2, [x1, #16]
    msr ttbr0_el1, x1
    mov x3, #0xff
    msr mair_el1, x3
    ldr x3, =(25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))
    msr tcr_el1, x3
    isb
    mrs x3, sctlr_el1
    orr x3, x3, #1
    msr sctlr_el1, x3
    isb
spin:
    add x0, x0, #1
    b spin
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Guest:
    """A kestrel process; stdout and stderr go to files for post-mortems."""

    def __init__(self, tmp, *args, stdin=subprocess.DEVNULL):
        self.out = open(os.path.join(tmp, "stdout"), "w+b")
        self.err = open(os.path.join(tmp, "stderr"), "w+b")
        self.proc = subprocess.Popen([KESTREL, *args], stdin=stdin,
                                     stdout=self.out, stderr=self.err)

    def wait(self, timeout=TIMEOUT):
        return self.proc.wait(timeout=timeout)

    def stdout(self):
        self.out.seek(0)
        return self.out.read().decode(errors="replace")

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdin:
            self.proc.stdin.close()
        self.out.close()
        self.err.close()


def connect(addr, timeout=TIMEOUT):
    """Connect to a unix path or a (host, port), retrying while it starts."""
    deadline = time.monotonic() + timeout
    while True:
        fam = socket.AF_UNIX if isinstance(addr, str) else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect(addr)
            return s
        except (FileNotFoundError, ConnectionRefusedError):
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class QMP:
    """A line-oriented QMP client that keeps events apart from replies."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.events = []

    def recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QMP connection closed")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def send_raw(self, text):
        self.sock.sendall(text.encode())

    def reply(self):
        while True:
            msg = self.recv()
            if "event" in msg:
                self.events.append(msg)
            else:
                return msg

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.send_raw(json.dumps(msg) + "\n")
        return self.reply()

    def event(self, name):
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            msg = self.recv()
            if "event" in msg:
                self.events.append(msg)
            else:
                raise AssertionError(f"reply while waiting for {name}: {msg}")


class Base(unittest.TestCase):
    spin = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kestrel-mon-")
        if CC:
            ld = os.path.join(cls.tmp, "spin.ld")
            with open(ld, "w") as f:
                f.write(SPIN_LD)
            cls.spin = cls.build_guest("spin", SPIN_SRC, ld)
            cls.mmu = cls.build_guest("mmu", MMU_SRC, ld)

    @classmethod
    def build_guest(cls, name, text, ld):
        """Assemble and link text (at 0x40000000 by ld): the ELF's path."""
        src = os.path.join(cls.tmp, name + ".S")
        elf = os.path.join(cls.tmp, name + ".elf")
        with open(src, "w") as f:
            f.write(text)
        subprocess.run([CC, "-nostdlib", "-static", "-Wl,--build-id=none",
                        "-T", ld, src, "-o", elf], check=True)
        return elf

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def machine(self):
        """A guest that runs until told otherwise, and its RAM's name."""
        if self.spin:
            return ["-M", "virt", "-kernel", self.spin], "virt.ram"
        return ["-M", "none"], "none.ram"

    def connect(self, addr):
        s = connect(addr)
        self.addCleanup(s.close)
        return s

    def start(self, *args, **kw):
        d = tempfile.mkdtemp(dir=self.tmp)
        g = Guest(d, *args, **kw)
        self.addCleanup(g.close)
        return g

    def need_spin(self):
        if not self.spin:
            self.skipTest("aarch64-linux-gnu-gcc not found: no guest ELF")


class QmpTests(Base):
    def negotiate(self, q):
        hello = q.recv()
        self.assertIn("QMP", hello)
        self.assertIn("qemu", hello["QMP"]["version"])
        self.assertIsInstance(hello["QMP"]["capabilities"], list)
        r = q.cmd("query-status")
        self.assertEqual(r["error"]["class"], "CommandNotFound", r)
        self.assertIn("qmp_capabilities", r["error"]["desc"])
        self.assertEqual(q.cmd("qmp_capabilities"), {"return": {}})

    def test_session(self):
        args, ram = self.machine()
        path = os.path.join(self.tmp, "qmp.sock")
        g = self.start(*args, "-display", "none", "-serial", "none",
                       "-qmp", f"unix:{path},server,nowait")
        q = QMP(self.connect(path))
        self.negotiate(q)

        r = q.cmd("query-status")["return"]
        self.assertEqual((r["status"], r["running"]), ("running", True))
        self.assertEqual(q.cmd("stop"), {"return": {}})
        ev = q.event("STOP")
        self.assertIn("seconds", ev["timestamp"])
        self.assertEqual(q.cmd("query-status")["return"]["status"], "paused")
        self.assertEqual(q.cmd("cont"), {"return": {}})
        q.event("RESUME")
        self.assertEqual(q.cmd("query-status")["return"]["status"],
                         "running")

        out = q.cmd("human-monitor-command", **{"command-line": "info mtree"})
        self.assertIn(ram, out["return"])
        out = q.cmd("human-monitor-command", **{"command-line": "frobnicate"})
        self.assertIn("unknown command", out["return"])

        # Malformed input: an error reply, and the session goes on.
        q.send_raw('{"execute": }\n')
        r = q.reply()
        self.assertEqual(r["error"]["class"], "GenericError", r)
        self.assertIn("JSON parse error", r["error"]["desc"])
        q.send_raw('[1, 2]\n')
        self.assertIn("must be a JSON object", q.reply()["error"]["desc"])
        q.send_raw('{"execute": "nosuch", "id": "abc"}\n')
        r = q.reply()
        self.assertEqual(r["id"], "abc")
        self.assertEqual(r["error"]["class"], "CommandNotFound")
        r = q.cmd("pmemsave", val=0, size=16)
        self.assertIn("filename", r["error"]["desc"])
        r = q.cmd("stop", bogus=1)
        self.assertIn("bogus", r["error"]["desc"])
        self.assertEqual(q.cmd("query-status")["return"]["status"],
                         "running")

        names = [c["name"] for c in q.cmd("query-commands")["return"]]
        for n in ["query-status", "stop", "cont", "quit", "memsave",
                  "pmemsave", "human-monitor-command", "query-cpus-fast"]:
            self.assertIn(n, names)
        self.assertIn("qemu", q.cmd("query-version")["return"])
        # virt has a power button (PL061 pin 3); the none machine has not.
        r = q.cmd("system_powerdown")
        if self.spin:
            self.assertEqual(r, {"return": {}})
            q.event("POWERDOWN")
        else:
            self.assertIn("no power button", r["error"]["desc"])

        self.assertEqual(q.cmd("system_reset"), {"return": {}})
        ev = q.event("RESET")
        self.assertEqual(ev["data"]["reason"], "host-qmp-system-reset")

        self.assertEqual(q.cmd("quit"), {"return": {}})
        ev = q.event("SHUTDOWN")
        self.assertEqual(ev["data"], {"guest": False,
                                      "reason": "host-qmp-quit"})
        self.assertEqual(g.wait(), 0, g.stderr())

    def test_guest_memory_and_cpus(self):
        self.need_spin()
        args, _ = self.machine()
        port = free_port()
        g = self.start(*args, "-display", "none", "-serial", "none",
                       "-qmp", f"tcp:127.0.0.1:{port},server,nowait")
        q = QMP(self.connect(("127.0.0.1", port)))
        self.negotiate(q)

        cpus = q.cmd("query-cpus-fast")["return"]
        self.assertEqual(len(cpus), 1)
        self.assertEqual(cpus[0]["cpu-index"], 0)
        self.assertEqual(cpus[0]["target"], "aarch64")
        self.assertGreater(cpus[0]["thread-id"], 0)

        for cmd in ["pmemsave", "memsave"]:
            f = os.path.join(self.tmp, cmd + ".bin")
            r = q.cmd(cmd, val=0x40000000, size=8, filename=f)
            self.assertEqual(r, {"return": {}})
            with open(f, "rb") as fh:
                words = fh.read()
            self.assertEqual(words.hex(), "00040091ffffff17")
        r = q.cmd("pmemsave", val=0x09000000, size=4,
                  filename=os.path.join(self.tmp, "mmio.bin"))
        self.assertIn("not RAM", r["error"]["desc"])
        out = q.cmd("human-monitor-command",
                    **{"command-line": "info registers"})["return"]
        self.assertIn("PC", out.upper())
        self.assertEqual(q.cmd("quit"), {"return": {}})
        self.assertEqual(g.wait(), 0, g.stderr())

    def test_memsave_through_mmu(self):
        # memsave and x read guest-virtual memory as the CPU's page tables
        # map it; pmemsave and xp read physical memory.
        self.need_spin()
        port = free_port()
        g = self.start("-M", "virt", "-kernel", self.mmu, "-display", "none",
                       "-serial", "none",
                       "-qmp", f"tcp:127.0.0.1:{port},server,nowait")
        q = QMP(self.connect(("127.0.0.1", port)))
        self.negotiate(q)
        alias = os.path.join(self.tmp, "alias.bin")
        phys = os.path.join(self.tmp, "phys.bin")
        # Until the guest has turned its MMU on, 0x80000000 is not RAM.
        deadline = time.monotonic() + TIMEOUT
        while "error" in q.cmd("memsave", val=0x80000000, size=256,
                               filename=alias):
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        q.cmd("stop")
        self.assertEqual(q.cmd("memsave", val=0x80000000, size=256,
                               filename=alias), {"return": {}})
        self.assertEqual(q.cmd("pmemsave", val=0x40000000, size=256,
                               filename=phys), {"return": {}})
        with open(alias, "rb") as a, open(phys, "rb") as p:
            got, want = a.read(), p.read()
        self.assertEqual(len(got), 256)
        self.assertEqual(got, want)
        self.assertNotEqual(want, bytes(256))
        r = q.cmd("memsave", val=0xc0000000, size=4, filename=alias)
        self.assertIn("not mapped", r["error"]["desc"])
        # pmemsave does not translate: 0x80000000 is past the 128 MiB.
        r = q.cmd("pmemsave", val=0x80000000, size=4, filename=phys)
        self.assertIn("error", r)

        def hmp(line):
            return q.cmd("human-monitor-command",
                         **{"command-line": line})["return"]
        x = hmp("x /4xw 0x80000000").split(":", 1)[1]
        xp = hmp("xp /4xw 0x40000000").split(":", 1)[1]
        self.assertEqual(x, xp)
        self.assertIn("not mapped", hmp("x /4xw 0xc0000000"))
        self.assertEqual(q.cmd("quit"), {"return": {}})
        self.assertEqual(g.wait(), 0, g.stderr())

    def test_reconnect(self):
        args, _ = self.machine()
        port = free_port()
        g = self.start(*args, "-display", "none", "-serial", "none",
                       "-qmp", f"tcp:127.0.0.1:{port},server,nowait")
        q = QMP(self.connect(("127.0.0.1", port)))
        self.negotiate(q)
        q.send_raw('{"execute": "query-st')     # half a message, then gone
        q.sock.close()
        # A new client starts over: greeting, negotiation.
        q = QMP(self.connect(("127.0.0.1", port)))
        self.negotiate(q)
        self.assertEqual(q.cmd("query-status")["return"]["status"],
                         "running")
        self.assertEqual(q.cmd("quit"), {"return": {}})
        self.assertEqual(g.wait(), 0, g.stderr())


class HmpTests(Base):
    def read_until(self, sock, needle, buf=b""):
        while needle.encode() not in buf:
            data = sock.recv(65536)
            if not data:
                raise EOFError(f"closed before {needle!r}: {buf!r}")
            buf += data
        return buf.decode(errors="replace")

    def test_tcp(self):
        args, ram = self.machine()
        port = free_port()
        g = self.start(*args, "-display", "none", "-serial", "none",
                       "-monitor", f"tcp:127.0.0.1:{port},server,nowait")
        s = self.connect(("127.0.0.1", port))
        banner = self.read_until(s, "(kestrel) ")
        self.assertIn("monitor", banner)

        def run(line):
            s.sendall(line.encode() + b"\r\n")
            out = self.read_until(s, "\r\n(kestrel) ")
            return out.replace("\r\n", "\n")

        self.assertIn("VM status: running", run("info status"))
        run("stop")
        self.assertIn("VM status: paused", run("info status"))
        run("cont")
        self.assertIn("VM status: running", run("info status"))
        self.assertIn(ram, run("info mtree"))
        self.assertIn("unknown command: 'frobnicate'", run("frobnicate"))
        self.assertIn("Error", run("xp /2xw"))
        self.assertIn("info registers", run("help"))
        if self.spin:
            out = run("xp /2xw 0x40000000")
            self.assertIn("0000000040000000: " + " ".join(SPIN_WORDS), out)
            out = run("x/8xb 0x40000000")
            self.assertIn("0x00 0x04 0x00 0x91 0xff 0xff 0xff 0x17", out)
            out = run("info tb-stats")
            self.assertNotIn("Error", out)
            self.assertIn("translated", out.lower())
        s.sendall(b"quit\r\n")
        self.assertEqual(g.wait(), 0, g.stderr())

    def test_stdio_mux(self):
        self.need_spin()
        args, ram = self.machine()
        g = self.start(*args, "-nographic", stdin=subprocess.PIPE)
        # The guest owns the console first; C-a c gives it to the monitor.
        time.sleep(0.3)
        self.assertNotIn("(kestrel)", g.stdout())
        g.proc.stdin.write(b"\x01c")
        g.proc.stdin.flush()
        deadline = time.monotonic() + TIMEOUT
        while "(kestrel) " not in g.stdout():
            self.assertLess(time.monotonic(), deadline, g.stdout())
            time.sleep(0.05)
        g.proc.stdin.write(b"info status\rinfo mtree\rq\r")
        g.proc.stdin.flush()
        self.assertEqual(g.wait(), 0, g.stderr())
        out = g.stdout()
        self.assertIn("VM status: running", out)
        self.assertIn(ram, out)

    def test_monitor_stdio_none_machine(self):
        # No UART: the monitor is the mux's only frontend and has focus.
        g = self.start("-M", "none", "-nographic", stdin=subprocess.PIPE)
        g.proc.stdin.write(b"info status\rstop\rinfo status\rquit\r")
        g.proc.stdin.flush()
        self.assertEqual(g.wait(), 0, g.stderr())
        out = g.stdout()
        self.assertIn("VM status: running", out)
        self.assertIn("VM status: paused", out)


class ChardevTests(Base):
    """-chardev and the chardev:ID / -mon chardev=ID references."""

    def test_serial_on_socket_chardev(self):
        # The guest's UART output arrives on a -chardev socket; with
        # wait=on kestrel waits for the client before starting.
        if not os.environ.get("DEMO_ELF"):
            self.skipTest("no AArch64 cross compiler: no demo ELF")
        port = free_port()
        g = self.start("-M", "virt", "-display", "none", "-semihosting",
                       "-kernel", os.environ["DEMO_ELF"], "-chardev",
                       f"socket,id=s0,host=127.0.0.1,port={port},"
                       "server=on,wait=on", "-serial", "chardev:s0")
        s = self.connect(("127.0.0.1", port))
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        self.assertEqual(g.wait(), 0, g.stderr())
        # The same bytes as on the default console.
        ref = subprocess.run([KESTREL, "-M", "virt", "-nographic",
                              "-semihosting", "-kernel",
                              os.environ["DEMO_ELF"]], capture_output=True,
                             stdin=subprocess.DEVNULL, timeout=TIMEOUT)
        self.assertTrue(ref.stdout)
        self.assertEqual(data, ref.stdout)

    def test_qmp_on_unix_chardev(self):
        path = os.path.join(self.tmp, "qmp-chardev.sock")
        g = self.start("-M", "none", "-display", "none", "-chardev",
                       f"socket,id=q,path={path},server=on,wait=off",
                       "-mon", "chardev=q,mode=control,pretty=on")
        q = QMP(self.connect(path))
        self.assertIn("QMP", q.recv())
        self.assertEqual(q.cmd("qmp_capabilities"), {"return": {}})
        st = q.cmd("query-status")["return"]
        self.assertEqual(st["status"], "running")
        q.cmd("quit")
        self.assertEqual(g.wait(), 0, g.stderr())

    def test_hmp_on_mux_chardev(self):
        # QEMU's usual pair: one stdio mux for the UART and the monitor.
        args, ram = self.machine()
        g = self.start(*args, "-display", "none", "-chardev",
                       "stdio,id=c0,mux=on", "-serial", "chardev:c0",
                       "-mon", "chardev=c0,mode=readline",
                       stdin=subprocess.PIPE)
        time.sleep(0.3)
        g.proc.stdin.write(b"\x01c")
        g.proc.stdin.flush()
        deadline = time.monotonic() + TIMEOUT
        while "(kestrel) " not in g.stdout():
            self.assertLess(time.monotonic(), deadline, g.stdout())
            time.sleep(0.05)
        g.proc.stdin.write(b"info status\rq\r")
        g.proc.stdin.flush()
        self.assertEqual(g.wait(), 0, g.stderr())
        self.assertIn("VM status: running", g.stdout())


if __name__ == "__main__":
    unittest.main(verbosity=2)
