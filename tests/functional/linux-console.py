#!/usr/bin/env python3
"""The arm64 Linux guest's shell on virtio-console (hvc0), virtio-rng,
GICv3 with 4 CPUs, reboot with and without -no-reboot, a dumpdtb/-dtb
round trip.

usage: linux-console.py EMULATOR [-- EXTRA-ARGS]
       (EMULATOR: build/kestrel or qemu-system-aarch64; EXTRA-ARGS such
       as -M virt -smp 2 replace or add to the test's)

Boot 1, -M virt,gic-version=3 -smp 4, no -no-reboot, with
  -chardev socket,id=hvc,host=127.0.0.1,port=PORT,server=on,wait=off
  -device virtio-serial-device -device virtconsole,chardev=hvc
  -device virtio-rng-device
and console=hvc0 after console=ttyAMA0 on the kernel command line: once
/init loads virtio_console, hvc0 becomes the preferred console and
kestrel.test=shell's `setsid cttyhack sh` runs there. This test drives
that shell through the socket: `tty` is /dev/hvc0, 4 CPUs online, GICv3,
hw_random's current source is virtio_rng.0 and /dev/hwrng gives 4 KiB.
Then `reboot -f`: the machine resets, boots again (all 4 CPUs again) to
the shell on hvc0, and `poweroff -f` ends it with exit status 0.
Then -M virt,dumpdtb=FILE (kestrel.test=none) and boot 2 with -dtb FILE
and -no-reboot: the shell on the PL011 starts (so /chosen/bootargs was
rewritten from -append) and `reboot -f` ends the emulator with exit
status 0.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time

import linuxguest as lg

PROMPT = r"kestrel# $"


def connect(con, port):
    """The socket chardev, once the emulator listens."""
    until = time.monotonic() + 30
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError as e:
            if time.monotonic() > until or con.p.poll() is not None:
                con.die(f"cannot connect to the hvc0 chardev on :{port}: "
                        f"{e}")
            time.sleep(0.1)


def run(sh, cmd, want, timeout=20):
    """Type `cmd` into the shell `sh`; its output must match `want`."""
    sh.send(cmd)
    m = sh.expect(want, timeout, f"{cmd!r} printing {want!r}")
    print(f"guest ({sh.name}): {cmd} -> {m.group(0).strip()}")
    sh.expect(PROMPT, timeout, "the shell prompt", prompt=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hvc_boots(emulator, extra):
    port = free_port()
    cmd = lg.command(emulator, "shell", smp=4, append="console=hvc0",
                     no_reboot=False, default_machine="virt,gic-version=3",
                     extra=[
                         "-chardev", f"socket,id=hvc,host=127.0.0.1,"
                         f"port={port},server=on,wait=off",
                         "-device", "virtio-serial-device",
                         "-device", "virtconsole,chardev=hvc",
                         "-device", "virtio-rng-device"] + extra)
    machine = cmd[cmd.index("-M") + 1]
    cpus = int(cmd[cmd.index("-smp") + 1])
    online = "0" if cpus == 1 else f"0-{cpus - 1}"
    con = lg.Console(cmd)
    try:
        sock = connect(con, port)
        hvc = lg.Stream(sock.fileno(), sock.sendall, "hvc0", con.die)
        con.others.append(hvc)
        boot = lg.expect_up(con)
        if "gic-version=3" in machine and \
                "GICv3: CPU0: found redistributor" not in con.text():
            con.die("no GICv3 redistributor in the kernel log")
        for n in (1, 2):
            hvc.expect(PROMPT, 60, f"the shell prompt on hvc0 (boot {n})",
                       prompt=True)
            run(hvc, "tty", r"^/dev/hvc0$")
            run(hvc, "cat /sys/devices/system/cpu/online", rf"^{online}$")
            run(hvc, "cat /sys/class/misc/hw_random/rng_current",
                r"^virtio_rng\.0$")
            run(hvc, "head -c 4096 /dev/hwrng | wc -c", r"^4096$")
            if n == 1:
                hvc.send("reboot -f")
                con.expect(r"reboot: Restarting system", 30)
                print(f"{con.elapsed():.2f} s: reset; booting again")
                con.expect(r"Booting Linux on physical CPU", 30,
                           "the second boot")
                con.expect(r"smp: Brought up 1 node, %d CPUs" % cpus, 60)
        hvc.send("poweroff -f")
        status = con.wait(30)
        if status != 0:
            con.die(f"poweroff -f: exit status {status}, not 0")
        sock.close()
    finally:
        con.kill()
    lg.report(emulator, con, boot)


def dtb_no_reboot(emulator, extra):
    """-M virt,dumpdtb=FILE (with bootargs that select no test), then a
    boot with -dtb FILE and kestrel.test=shell: the shell appearing shows
    the tree was taken and /chosen rewritten. There, `reboot -f` under
    -no-reboot must end the emulator with exit status 0."""
    with tempfile.TemporaryDirectory(prefix="kestrel-dtb-") as tmp:
        dtb = os.path.join(tmp, "virt.dtb")
        extra = list(extra)
        machine = "virt"
        if "-M" in extra:
            machine = extra.pop(extra.index("-M") + 1)
            extra.remove("-M")
        cmd = lg.command(emulator, "none", default_machine=machine
                         + f",dumpdtb={dtb}", extra=extra)
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0 or not os.path.exists(dtb):
            lg.fail(f"dumpdtb: status {r.returncode}: {r.stdout}{r.stderr}"
                    f"\ncommand: {' '.join(cmd)}")
        dtc = lg.find_tool("dtc")
        if lg.is_reference(emulator) and dtc:
            # The reference (7.2) dumps a tree padded to 1 MiB and then
            # hangs before earlycon when given it back with -dtb; the same
            # tree repacked by dtc boots. Kestrel takes either.
            subprocess.run([dtc, "-q", "-I", "dtb", "-O", "dtb", "-o", dtb,
                            dtb], check=True)
        con = lg.Console(lg.command(emulator, "shell", extra=extra
                                    + ["-M", machine, "-dtb", dtb]))
        try:
            lg.expect_up(con)
            con.expect(PROMPT, 30, "the shell prompt", prompt=True)
            run(con, "tr -d '\\000' </proc/device-tree/chosen/bootargs; echo",
                r"kestrel\.test=shell$")
            con.send("reboot -f")
            con.expect(r"reboot: Restarting system", 30)
            status = con.wait(30)
            if status != 0:
                con.die(f"reboot -f with -no-reboot: exit status {status}, "
                        f"not 0")
        finally:
            con.kill()
    print(f"{os.path.basename(emulator)}: -dtb from dumpdtb booted; "
          f"-no-reboot: reboot -f exited with status 0 after "
          f"{con.elapsed():.2f} s")


def main():
    emulator, extra = lg.parse_args(__doc__)
    lg.build_guest()
    hvc_boots(emulator, extra)
    dtb_no_reboot(emulator, extra)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
