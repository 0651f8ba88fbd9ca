#!/usr/bin/env python3
"""Boot Debian's arm64 kernel on `-M virt` and check the console.

usage: boot-arm64.py [options] EMULATOR [-- EMULATOR-ARGS...]

EMULATOR is build/kestrel (or qemu-system-aarch64, for reference timings).
The guest comes from scripts/make-arm64-guest.sh, run first (it is cached;
its exit status 77, "packages cannot be had", makes this test skip).

The console must show every milestone up to --milestone (default: the
last, poweroff), in order,
within --timeout seconds; the run fails on a kernel Oops/BUG or when a
milestone is missing. Once the guest's /init runs, its output is checked
as well, whatever --milestone says: uname says aarch64, the md5sum of
/etc/hello matches the host's, the virtio disk the test attaches shows up as
/dev/vda with the right first bytes, and poweroff ends the emulator with
status 0.

--repeat N boots N times and prints the median time to the milestone
(time from starting the emulator to the line on the console).
"""

import argparse
import hashlib
import os
import re
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import time

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))

# Console lines, in the order a good boot prints them.
MILESTONES = [
    ("earlycon", re.compile(r"Booting Linux on physical CPU")),
    ("gic", re.compile(r"Root IRQ handler: gic_handle_irq")),
    ("timer", re.compile(r"arch_timer: cp15 timer\(s\) running at")),
    ("calibrate", re.compile(r"Calibrating delay loop")),
    ("pl011", re.compile(r"9000000\.pl011: ttyAMA0 at MMIO")),
    ("initramfs", re.compile(r"Trying to unpack rootfs image as initramfs")),
    ("rtc", re.compile(r"rtc-pl031 9010000\.pl031: registered as rtc0")),
    ("init", re.compile(r"Run /init as init process")),
    ("marker", re.compile(r"^KESTREL-GUEST-UP", re.M)),
    ("done", re.compile(r"^KESTREL-GUEST-DONE", re.M)),
    ("poweroff", re.compile(r"reboot: Power down")),
]
NAMES = [m[0] for m in MILESTONES]
FATAL = re.compile(r"Internal error: Oops|BUG: |Unable to handle kernel")
PANIC = re.compile(r"Kernel panic - not syncing: (.*)")

# The whole boot: /init's checks, then poweroff with status 0.
DEFAULT_MILESTONE = "poweroff"
DISK_HEAD = b"KESTREL-DISK: the first 64 bytes of the test disk.".ljust(64)


def build_guest(images):
    script = os.path.join(SRC, "scripts", "make-arm64-guest.sh")
    r = subprocess.run(["sh", script, images])
    if r.returncode == SKIP:
        print("SKIP: the arm64 guest cannot be built (see above)")
        sys.exit(SKIP)
    if r.returncode != 0:
        print(f"FAIL: {script} exited with {r.returncode}")
        sys.exit(1)


def boot(emulator, images, extra, timeout, want, log):
    """One boot. Returns (seconds to `want` or None, console, status)."""
    kernel = os.path.join(images, "vmlinuz")
    initrd = os.path.join(images, "initrd.gz")
    cmd = [emulator, "-M", "virt", "-cpu", "cortex-a57", "-m", "1G",
           "-nographic", "-no-reboot", "-kernel", kernel, "-initrd", initrd,
           "-append", "console=ttyAMA0 earlycon=pl011,0x09000000 panic=-1"]
    cmd += extra
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    out = b""
    reached = None
    pattern = dict(MILESTONES)[want]
    deadline = t0 + timeout
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        if not sel.select(min(left, 1.0)):
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
        if reached is None and pattern.search(
                out.decode("utf-8", "replace")):
            reached = time.monotonic() - t0
    if timed_out:
        os.killpg(p.pid, signal.SIGKILL)
    try:
        status = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        status = p.wait()
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    if log:
        with open(log, "w") as f:
            f.write(text)
    return reached, text, None if timed_out else status


def check(text, status, want, images):
    """Problems with one boot's console, as a list of strings."""
    errors = []
    pos = 0
    for name, rx in MILESTONES[:NAMES.index(want) + 1]:
        m = rx.search(text, pos)
        if not m:
            errors.append(f"milestone '{name}' missing ({rx.pattern!r})")
            break
        pos = m.end()
    # An Oops or a panic is always an error.
    fatal = FATAL.search(text)
    if fatal:
        errors.append(f"kernel error: {fatal.group(0)!r}")
    for panic in PANIC.finditer(text):
        errors.append(f"kernel panic: {panic.group(1)!r}")
    if "KESTREL-GUEST-UP" in text:
        if not re.search(r"^Linux .* aarch64", text, re.M):
            errors.append("uname -a does not say aarch64")
        with open(os.path.join(images, "hello"), "rb") as f:
            md5 = hashlib.md5(f.read()).hexdigest()
        if f"{md5}  /etc/hello" not in text:
            errors.append(f"md5sum of /etc/hello is not {md5}")
        disk = hashlib.md5(DISK_HEAD).hexdigest()
        if "KESTREL-GUEST-DONE" in text and f"{disk}  -" not in text:
            errors.append(f"/dev/vda's first 64 bytes: md5sum not {disk}")
        if "KESTREL-GUEST-DONE" in text and status != 0:
            errors.append(f"poweroff: exit status {status}, not 0")
    if status is None:
        errors.append("timed out")
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("emulator")
    ap.add_argument("--images", default=os.path.join(SRC, "tests", "images",
                                                     "arm64"))
    ap.add_argument("--milestone", default=DEFAULT_MILESTONE, choices=NAMES)
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--log", help="write the console of the last boot here")
    ap.add_argument("--no-check", action="store_true",
                    help="only time the milestone (reference runs)")
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    a = ap.parse_args(argv[:argv.index("--")] if "--" in argv else argv)

    build_guest(a.images)
    # A small raw disk with known first bytes: /init prints the md5sum of
    # /dev/vda's first 64 bytes once virtio_blk is loaded.
    tmp = tempfile.TemporaryDirectory(prefix="kestrel-linux-")
    disk = os.path.join(tmp.name, "disk.img")
    with open(disk, "wb") as f:
        f.write(DISK_HEAD.ljust(1 << 20, b"\0"))
    if not a.no_check:
        # virtio-mmio explicitly: the reference's if=virtio would be PCI.
        extra += ["-drive", f"file={disk},format=raw,if=none,id=d0",
                  "-device", "virtio-blk-device,drive=d0"]

    times = []
    for i in range(a.repeat):
        reached, text, status = boot(a.emulator, a.images, extra,
                                     a.timeout, a.milestone, a.log)
        last = [n for n, rx in MILESTONES if rx.search(text)]
        print(f"boot {i + 1}: milestones {', '.join(last) or 'none'}; "
              f"exit status {status}")
        errors = [] if a.no_check else check(text, status, a.milestone,
                                             a.images)
        if errors or reached is None:
            print("--- console (last 40 lines) ---")
            print("\n".join(text.rstrip("\n").split("\n")[-40:]))
            print("---")
            for e in errors or [f"'{a.milestone}' not reached"]:
                print(f"FAIL: {e}")
            return 1
        times.append(reached)
        print(f"boot {i + 1}: '{a.milestone}' after {reached:.2f} s")
    print(f"time to '{a.milestone}' ({os.path.basename(a.emulator)}): "
          f"median {statistics.median(times):.2f} s of {len(times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
