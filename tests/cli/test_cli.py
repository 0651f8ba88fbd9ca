#!/usr/bin/env python3
"""Command-line tests: the kestrel binary run as a user runs it.

Each error case checks the exit status and that stderr is one line,
starting with 'kestrel:', that names the culprit.
"""
import os
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

KESTREL = os.environ["KESTREL"]
DEMO_ELF = os.environ.get("DEMO_ELF")
QUIT = b"\x01x"        # C-a x


def wait_ready(proc, timeout=20):
    """Wait until kestrel serves SIGTERM itself (it is fully started):
    the signal shows in SigCgt of /proc/PID/status."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"kestrel exited early: {proc.returncode}")
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("SigCgt:"):
                    if int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)):
                        return
        time.sleep(0.02)
    raise AssertionError("kestrel did not finish starting")


def run(*args, stdin=b"", timeout=20):
    return subprocess.run([KESTREL, *args], input=stdin,
                          capture_output=True, timeout=timeout)


class Errors(unittest.TestCase):
    def assert_error(self, args, *needles):
        p = run(*args, stdin=QUIT)
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 1, f"{args}: {err}")
        lines = err.strip().splitlines()
        self.assertEqual(len(lines), 1, f"{args}: not one line: {err!r}")
        self.assertTrue(lines[0].startswith("kestrel: "), lines[0])
        for n in needles:
            self.assertIn(n, lines[0])
        return lines[0]

    def test_unknown_option(self):
        self.assert_error(["-frobnicate"], "-frobnicate", "invalid option")

    def test_stray_word(self):
        self.assert_error(["disk.img"], "disk.img", "invalid argument")

    def test_missing_argument(self):
        self.assert_error(["-m"], "-m", "requires an argument")

    def test_unknown_machine(self):
        self.assert_error(["-M", "nosuch"], "nosuch", "unknown machine")

    def test_machine_bad_prop(self):
        self.assert_error(["-M", "none,frob=1"], "frob")

    def test_bad_memory_size(self):
        self.assert_error(["-m", "12Q"], "12Q")
        self.assert_error(["-m", "-5"], "-5")
        self.assert_error(["-m", "size=1G,slots=2,maxmem=4G"],
                          "not supported yet")

    def test_bad_smp(self):
        self.assert_error(["-smp", "2"], "none", "1 to 1")
        self.assert_error(["-smp", "cpus=2,sockets=3"], "topology")
        self.assert_error(["-smp", "zero"], "zero")

    def test_later_features_refused(self):
        for args, what in [
            (["-netdev", "tap,id=n0"], "-netdev"),
            (["-icount", "shift=auto"], "-icount"),
            (["-semihosting-config", "target=gdb"], "target=gdb"),
            (["-device", "virtio-net-device"], "virtio-net-device"),
            (["-chardev", "udp,id=c0"], "'udp' not supported yet"),
            (["-chardev", "file,id=c0,path=x,append=on"], "append=on"),
            (["-display", "sdl"], "sdl"),
        ]:
            with self.subTest(args=args):
                self.assert_error(args, what)

    def test_semihosting_config(self):
        self.assert_error(["-semihosting-config", "enable=on,frob=1"],
                          "frob")
        self.assert_error(["-semihosting-config", "enable=maybe"], "maybe")

    def test_unknown_device(self):
        self.assert_error(["-device", "frobulator"], "frobulator",
                          "unknown device")

    def test_bad_log_item(self):
        self.assert_error(["-d", "in_asm,bogus"], "bogus")

    def test_log_file_unwritable(self):
        self.assert_error(["-D", "/nonexistent/dir/log"], "/nonexistent/dir")

    def test_missing_kernel(self):
        self.assert_error(["-kernel", "/nonexistent.elf"], "-kernel",
                          "/nonexistent.elf", "No such file or directory")

    def test_malformed_kernel(self):
        with tempfile.NamedTemporaryFile(suffix=".elf") as f:
            # An ELF64 identification with nothing after it: truncated.
            f.write(b"\x7fELF\x02\x01\x01" + b"\0" * 9)
            f.flush()
            self.assert_error(["-kernel", f.name], f.name)

    def test_initrd_needs_kernel(self):
        self.assert_error(["-initrd", "x"], "-initrd", "-kernel")

    def test_drive(self):
        self.assert_error(["-drive", "file=/nonexistent.img,format=raw"],
                          "/nonexistent.img", "No such file or directory")
        self.assert_error(["-drive", "file=x.img,format=qcow2"], "qcow2")
        self.assert_error(["-drive", "format=raw"], "file=")
        with tempfile.NamedTemporaryFile(suffix=".img") as f:
            f.truncate(1 << 20)
            # The 'none' machine has no virtio-mmio slots to put a disk in.
            self.assert_error(["-drive", f"file={f.name},if=virtio"],
                              "no free virtio-mmio slot")
            self.assert_error(["-drive", f"file={f.name},bogus=1"], "bogus")
            self.assert_error(["-drive", f"file={f.name},if=none,id=d0",
                               "-device", "virtio-blk-device,drive=nosuch"],
                              "nosuch")
            p = run("-nographic", "-drive", f"file={f.name},if=none,id=d0",
                    stdin=QUIT)
            self.assertEqual(p.returncode, 0, p.stderr)

    def test_device_without_slot(self):
        self.assert_error(["-device", "virtio-rng-device"],
                          "no free virtio-mmio slot")
        self.assert_error(["-device", "virtio-rng-device,frob=1"], "frob")

    def test_accel(self):
        self.assert_error(["-accel", "frob"], "frob", "unknown accelerator")
        self.assert_error(["-accel", "tcg,tb-size=0"], "tb-size")
        self.assert_error(["-accel", "tcg,frob=1"], "frob")

    @unittest.skipIf(os.path.exists("/dev/kvm"), "this host has /dev/kvm")
    def test_kvm_missing(self):
        line = self.assert_error(["-enable-kvm"])
        self.assertEqual(line, "kestrel: -accel kvm: /dev/kvm: "
                         "No such file or directory")

    def test_serial_errors(self):
        self.assert_error(["-serial", "frob:x"], "frob")
        self.assert_error(["-serial", "file:/nonexistent/dir/out"],
                          "/nonexistent/dir/out")
        self.assert_error(["-serial", "tcp:127.0.0.1:notaport,server,nowait"],
                          "notaport")


    def test_timeout_errors(self):
        self.assert_error(["-timeout", "soon"], "-timeout soon", "seconds")
        self.assert_error(["-timeout", "0"], "-timeout 0", "seconds > 0")
        self.assert_error(["-timeout", "5,clock=cpu"], "realtime or virtual")
        self.assert_error(["-timeout", "5,color=red"], "color")

    def test_chardev_errors(self):
        self.assert_error(["-chardev", "null"], "-chardev null", "id=")
        self.assert_error(["-chardev", "frob,id=c0"], "unknown chardev "
                          "backend 'frob'")
        self.assert_error(["-chardev", "null,id=c0,color=red"], "color")
        self.assert_error(["-chardev", "socket,id=c0"], "port=", "path=")
        self.assert_error(["-chardev", "socket,id=c0,port=1,path=/x"],
                          "exclude")
        self.assert_error(["-chardev", "null,id=c0", "-chardev",
                           "null,id=c0"], "already exists")
        self.assert_error(["-serial", "chardev:c9"], "-serial chardev:c9",
                          "no -chardev with id 'c9'")
        self.assert_error(["-mon", "chardev=c9"], "no -chardev", "c9")
        self.assert_error(["-chardev", "null,id=c0", "-mon",
                           "chardev=c0,mode=fancy"], "readline or control")
        self.assert_error(["-mon", "mode=control"], "chardev= is required")


class Queries(unittest.TestCase):
    def ok(self, *args):
        p = run(*args)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.decode()

    def test_version(self):
        self.assertRegex(self.ok("-version"), r"^Kestrel emulator version \d")

    def test_help(self):
        out = self.ok("-h")
        for opt in ["-M ", "-cpu", "-m ", "-smp", "-accel", "-kernel",
                    "-serial", "-drive", "-nographic", "-no-reboot"]:
            self.assertIn(opt, out)
        self.assertEqual(self.ok("--help"), out)

    def test_lists(self):
        self.assertIn("none", self.ok("-M", "help"))
        self.assertIn("guest_errors", self.ok("-d", "help"))
        out = self.ok("-accel", "help")
        self.assertIn("tcg", out)
        self.assertIn("kvm", out)
        cpus = self.ok("-cpu", "help")
        self.assertIn("cortex-a57", cpus)
        self.assertIn("max", cpus)
        self.assertIn("-device", self.ok("-device", "help"))


class Runs(unittest.TestCase):
    def test_quit_key(self):
        p = run("-nographic", stdin=b"\x01h" + QUIT)
        self.assertEqual(p.returncode, 0, p.stderr)
        out = (p.stdout + p.stderr).decode()
        self.assertIn("C-a x", out)   # the help table

    @unittest.skipUnless(DEMO_ELF, "no AArch64 cross compiler: no demo ELF")
    def test_demo_loads(self):
        p = run("-M", "none", "-m", "2G", "-nographic", "-kernel", DEMO_ELF,
                stdin=QUIT)
        self.assertEqual(p.returncode, 0, p.stderr)

    @unittest.skipUnless(DEMO_ELF, "no AArch64 cross compiler: no demo ELF")
    def test_demo_outside_ram(self):
        p = run("-M", "none", "-m", "128M", "-kernel", DEMO_ELF, stdin=QUIT)
        self.assertEqual(p.returncode, 1)
        self.assertIn("outside RAM", p.stderr.decode())

    def test_big_ram_costs_nothing(self):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        p = run("-m", "16G", "-nographic", stdin=QUIT)
        self.assertEqual(p.returncode, 0, p.stderr)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self.assertLess(max(peak_kib, before), 256 * 1024,
                        "-m 16G touched its RAM")

    def test_serial_file_and_log_file(self):
        with tempfile.TemporaryDirectory() as d:
            out, log = os.path.join(d, "serial.txt"), os.path.join(d, "log")
            proc = subprocess.Popen([KESTREL, "-display", "none", "-serial",
                                     f"file:{out}", "-D", log],
                                    stdin=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
            wait_ready(proc)
            self.assertTrue(os.path.exists(out))
            self.assertTrue(os.path.exists(log))
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=10)
            self.assertEqual(proc.returncode, 0, err)
            self.assertIn(b"terminating on signal 15", err)

    def test_serial_tcp_server(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        proc = subprocess.Popen([KESTREL, "-display", "none", "-serial",
                                 f"tcp:127.0.0.1:{port},server,nowait"],
                                stdin=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        try:
            deadline = time.time() + 10
            while True:
                try:
                    c = socket.create_connection(("127.0.0.1", port),
                                                 timeout=2)
                    break
                except OSError:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.05)
            c.close()
            wait_ready(proc)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 0)


SPIN_SRC = ".global _start\n_start:\n add x0, x0, #1\n b _start\n"
SPIN_LD = "ENTRY(_start)\nSECTIONS { . = 0x40000000; .text : { *(.text*) } }\n"


@unittest.skipUnless(shutil.which("aarch64-linux-gnu-gcc"),
                     "no AArch64 cross compiler")
class Timeout(unittest.TestCase):
    """-timeout: a runaway guest ends with status 124 and one message."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kestrel-timeout-")
        src, ld = (os.path.join(cls.tmp, n) for n in ("spin.S", "spin.ld"))
        with open(src, "w") as f:
            f.write(SPIN_SRC)
        with open(ld, "w") as f:
            f.write(SPIN_LD)
        cls.spin = os.path.join(cls.tmp, "spin.elf")
        subprocess.run(["aarch64-linux-gnu-gcc", "-nostdlib", "-static",
                        "-Wl,--build-id=none", "-T", ld, src, "-o",
                        cls.spin], check=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def expire(self, *args):
        t0 = time.monotonic()
        p = run("-M", "virt", "-display", "none", "-kernel", self.spin,
                *args)
        self.assertEqual(p.returncode, 124, p.stderr)
        self.assertIn(b"the guest was still running; stopped", p.stderr)
        return time.monotonic() - t0

    def test_realtime(self):
        self.assertGreaterEqual(self.expire("-timeout", "0.4"), 0.4)

    def test_realtime_while_paused(self):
        # Wall-clock time runs on while the guest is stopped (-S).
        self.expire("-timeout", "0.3", "-S")

    def test_virtual_with_icount(self):
        self.expire("-timeout", "0.05,clock=virtual", "-icount", "shift=0")

    def test_guest_exit_first(self):
        # A guest that ends in time keeps its own exit status.
        if not DEMO_ELF:
            self.skipTest("no demo ELF")
        p = run("-M", "virt", "-display", "none", "-semihosting",
                "-kernel", DEMO_ELF, "-timeout", "30")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn(b"still running", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
