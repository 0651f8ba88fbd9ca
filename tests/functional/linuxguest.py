"""Shared by the Linux guest tests (linux-*.py): the guest, the command
line, and a console to talk to.

The guest is Debian's arm64 kernel with the busybox initramfs that
scripts/make-arm64-guest.sh builds (docs/linux.md); its /init picks what it
does from kestrel.test= on the kernel command line. Each test runs the same
guest and the same checks under Kestrel and under qemu-system-aarch64, the
reference, so a difference is Kestrel's.
"""

import hashlib
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
IMAGES = os.path.join(SRC, "tests", "images", "arm64")

# The CPU model per emulator, in this one place: the same part on both
# (the reference's "max" emulates pointer authentication and is several
# times slower).
CPU = {"kestrel": "cortex-a57", "qemu": "cortex-a57"}

CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
APPEND = "console=ttyAMA0 earlycon=pl011,0x09000000 panic=-1"
FATAL = re.compile(r"Internal error: Oops|BUG: |Unable to handle kernel|"
                   r"Kernel panic - not syncing|KESTREL-FAIL.*")


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def fail(reason):
    print(f"FAIL: {reason}")
    sys.exit(1)


def is_reference(emulator):
    return "qemu" in os.path.basename(emulator)


def find_emulator(emulator):
    """The emulator's path; skip when the reference is not installed."""
    path = shutil.which(emulator) if os.sep not in emulator else emulator
    if not path or not os.access(path, os.X_OK):
        if is_reference(emulator):
            skip(f"{emulator} (the reference) is not installed")
        fail(f"{emulator}: not found")
    return path


def find_tool(name):
    """A host tool, including /sbin ones (e2fsprogs); None if absent."""
    path = shutil.which(name)
    for d in ("/usr/sbin", "/sbin"):
        if not path and os.access(os.path.join(d, name), os.X_OK):
            path = os.path.join(d, name)
    return path


def build_guest(images=IMAGES, need=()):
    """Run the (cached) guest build; skip when it cannot be had or when a
    file in `need` (relative to images) is missing."""
    script = os.path.join(SRC, "scripts", "make-arm64-guest.sh")
    r = subprocess.run(["sh", script, images])
    if r.returncode == SKIP:
        skip("the arm64 guest cannot be built (see above)")
    if r.returncode != 0:
        fail(f"{script} exited with {r.returncode}")
    for f in ("vmlinuz", "initrd.gz") + tuple(need):
        if not os.path.exists(os.path.join(images, f)):
            skip(f"{images}/{f} missing (make-arm64-guest.sh could not "
                 f"make it: see its messages)")


def parse_args(doc):
    """EMULATOR [-- EXTRA-ARGS...] from the command line (the usage in
    `doc` otherwise). Extra arguments go after the test's own; a -M or
    -smp among them replaces the test's (e.g. -M virt,gic-version=3)."""
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    if len(argv) != 1 or argv[0].startswith("-"):
        print(doc)
        sys.exit(2)
    return find_emulator(argv[0]), extra


def command(emulator, test, extra=(), smp=1, append="", images=IMAGES,
            no_reboot=True, default_machine="virt"):
    """The command line booting the guest with kestrel.test=`test`."""
    ref = is_reference(emulator)
    extra = list(extra)
    machine = default_machine
    if "-M" in extra:
        i = extra.index("-M")
        machine = extra[i + 1]
        del extra[i:i + 2]
    if "-smp" in extra:
        i = extra.index("-smp")
        smp = extra[i + 1]
        del extra[i:i + 2]
    cmd = [emulator, "-M", machine, "-cpu", CPU["qemu" if ref else "kestrel"],
           "-m", "512M", "-smp", str(smp), "-nographic"]
    cmd += ["-no-reboot"] if no_reboot else []
    cmd += ["-kernel", os.path.join(images, "vmlinuz"),
            "-initrd", os.path.join(images, "initrd.gz"),
            "-append", f"{APPEND} kestrel.test={test} {append}".strip()]
    if ref:
        # The reference's virtio-mmio is legacy (version 1) by default;
        # Kestrel's is version 2 only: make both speak the same.
        cmd += ["-global", "virtio-mmio.force-legacy=false"]
    return cmd + extra


class Stream:
    """Console text arriving on a file descriptor, searched with expect().
    `write` sends bytes the other way; `on_fail(reason)` ends the test."""

    def __init__(self, fd, write, name, on_fail):
        self.fd = fd
        self.write = write
        self.name = name
        self.on_fail = on_fail
        self.out = b""
        self.pos = 0          # expect() searches from here
        self.eof = False
        self.sel = selectors.DefaultSelector()
        self.sel.register(fd, selectors.EVENT_READ)

    def text(self):
        """The console so far, without carriage returns and terminal
        control sequences (busybox's line editing asks the terminal for
        the cursor position after each prompt: ESC [ 6 n)."""
        return CSI.sub("", self.out.decode("utf-8", "replace")).replace(
            "\r", "")

    def tail(self, n=30):
        return "\n".join(self.text().rstrip("\n").split("\n")[-n:])

    def _read(self, until):
        left = until - time.monotonic()
        if left <= 0 or self.eof:
            return False
        if self.sel.select(min(left, 0.5)):
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.eof = True
                return False
            self.out += chunk
        return True

    def expect(self, pattern, timeout, what=None, prompt=False):
        """Wait for `pattern` (a regex, multi-line) after the last match;
        return the match. Only whole lines are searched (a line still
        arriving could match short), except for a `prompt`, which has no
        newline after it. Fails the test on timeout, on end of file, and
        on a kernel error or a KESTREL-FAIL line."""
        rx = re.compile(pattern, re.M)
        until = time.monotonic() + timeout
        while True:
            text = self.text()
            if not prompt:
                text = text[:text.rfind("\n") + 1]
            bad = FATAL.search(text)
            if bad:
                self.die(f"guest error: {bad.group(0)!r}")
            m = rx.search(text, self.pos)
            if m:
                self.pos = m.end()
                return m
            if not self._read(until):
                why = f"{self.name} closed" if self.eof else \
                    f"timed out after {timeout:.0f} s"
                self.die(f"{what or pattern!r} not seen on {self.name}: "
                         f"{why}")

    def send(self, line):
        self.write(line.encode() + b"\n")

    def die(self, reason):
        self.on_fail(reason)


class Console(Stream):
    """One run of the emulator: its console (stdout and stderr) read as it
    comes, its stdin for typing into the guest's console."""

    def __init__(self, cmd, log=None):
        self.cmd = cmd
        self.log = log
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT,
                                  start_new_session=True)
        self.others = []      # further Streams shown when the test fails
        super().__init__(self.p.stdout.fileno(), self._write,
                         "the console", self._fail)

    def _write(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def elapsed(self):
        return time.monotonic() - self.t0

    def wait(self, timeout):
        """Read the console until the emulator exits; its exit status, or
        a failure on timeout."""
        until = time.monotonic() + timeout
        while self._read(until):
            pass
        try:
            status = self.p.wait(timeout=max(until - time.monotonic(), 1))
        except subprocess.TimeoutExpired:
            self.die(f"the emulator did not exit within {timeout:.0f} s")
        self.save()
        return status

    def save(self):
        if self.log:
            with open(self.log, "w") as f:
                f.write(self.text())

    def kill(self):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGKILL)
            self.p.wait()

    def _fail(self, reason):
        self.kill()
        self.save()
        for s in [self] + self.others:
            print(f"--- {s.name} (last 30 lines) ---")
            print(s.tail())
        print("---")
        print("command: " + " ".join(self.cmd))
        fail(reason)

    def check_poweroff(self, timeout=30):
        """The guest powers off: the emulator exits with status 0."""
        self.expect(r"^KESTREL-GUEST-DONE", timeout)
        status = self.wait(timeout)
        if status != 0:
            self.die(f"poweroff: exit status {status}, not 0")


def report(emulator, con, boot):
    """The timing lines every test prints (information, not pass/fail)."""
    print(f"{os.path.basename(emulator)}: /init after {boot:.2f} s, "
          f"powered off after {con.elapsed():.2f} s")


def expect_up(con, images=IMAGES, timeout=60):
    """The common start of every kestrel.test: /init runs, uname says
    aarch64, /etc/hello has the host's md5sum. Returns the time to /init."""
    con.expect(r"Run /init as init process", timeout)
    boot = con.elapsed()
    con.expect(r"^KESTREL-GUEST-UP", 30)
    con.expect(r"^Linux .* aarch64", 30, "uname -a saying aarch64")
    with open(os.path.join(images, "hello"), "rb") as f:
        md5 = hashlib.md5(f.read()).hexdigest()
    con.expect(rf"^{md5}  /etc/hello", 30, f"md5sum {md5} of /etc/hello")
    return boot
