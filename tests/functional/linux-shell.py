#!/usr/bin/env python3
"""The arm64 Linux guest's interactive shell, typed into from the host.

usage: linux-shell.py EMULATOR [-- EXTRA-ARGS]
       (EMULATOR: build/kestrel or qemu-system-aarch64; EXTRA-ARGS
       such as -M virt,gic-version=3 -smp 4 replace or add to the test's)

Boots the guest with kestrel.test=shell and -smp 2 (or the -smp given):
/init loads every driver and starts busybox sh on the console (setsid
cttyhack sh, prompt "kestrel# "). This test writes commands to the
emulator's stdin (the -nographic console, the PL011) and checks what
they print: uname -m,
shell arithmetic, the CPU count from /proc/cpuinfo and sysfs, md5sum of
/etc/hello, then `poweroff -f`, which must end the emulator with exit
status 0.
"""

import hashlib
import os
import re
import sys

import linuxguest as lg

PROMPT = r"kestrel# $"


def main():
    emulator, extra = lg.parse_args(__doc__)
    lg.build_guest()
    cpus = int(extra[extra.index("-smp") + 1]) if "-smp" in extra else 2
    with open(os.path.join(lg.IMAGES, "hello"), "rb") as f:
        hello = hashlib.md5(f.read()).hexdigest()
    checks = [
        ("uname -m", r"^aarch64$"),
        ("echo $((6*7))", r"^42$"),
        ("grep -c ^processor /proc/cpuinfo", rf"^{cpus}$"),
        ("cat /sys/devices/system/cpu/online",
         "^0$" if cpus == 1 else rf"^0-{cpus - 1}$"),
        ("md5sum /etc/hello", rf"^{hello}  /etc/hello$"),
    ]
    con = lg.Console(lg.command(emulator, "shell", smp=cpus, extra=extra))
    try:
        boot = lg.expect_up(con)
        con.expect(r"^KESTREL-SHELL", 30)
        con.expect(PROMPT, 30, "the shell prompt", prompt=True)
        for cmd, want in checks:
            con.send(cmd)
            # The tty echoes the command first; its output follows.
            con.expect(re.escape(cmd) + r"$", 30, f"the echo of {cmd!r}")
            m = con.expect(want, 30, f"{cmd!r} printing {want!r}")
            print(f"guest: {cmd} -> {m.group(0).strip()}")
            con.expect(PROMPT, 30, "the shell prompt", prompt=True)
        con.send("poweroff -f")
        status = con.wait(30)
        if status != 0:
            con.die(f"poweroff -f: exit status {status}, not 0")
    finally:
        con.kill()
    lg.report(emulator, con, boot)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
