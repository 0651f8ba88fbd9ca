#!/usr/bin/env python3
"""The virt board's power button, pressed from the QMP monitor.

usage: linux-powerbutton.py EMULATOR [-- EXTRA-ARGS]
       (EMULATOR: build/kestrel or qemu-system-aarch64)

Boots the guest with kestrel.test=powerbutton: /init loads gpio_keys and
evdev (the device tree's gpio-keys node on the PL061's pin 3) and waits
for one input event. The test then sends system_powerdown over a QMP
Unix socket, expects the POWERDOWN event, and the guest must read
KEY_POWER (type 1, code 116, value 1) and power off with status 0.
"""

import json
import os
import socket
import struct
import sys
import tempfile
import time

import linuxguest as lg

EV_KEY = 1
KEY_POWER = 116


def qmp_connect(path, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect(path)
            return s, s.makefile("rw")
        except (FileNotFoundError, ConnectionRefusedError):
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def qmp_cmd(f, name):
    f.write(json.dumps({"execute": name}) + "\n")
    f.flush()
    events = []
    while True:
        msg = json.loads(f.readline())
        if "event" in msg:
            events.append(msg["event"])
        else:
            return msg, events


def main():
    emulator, extra = lg.parse_args(__doc__)
    lg.build_guest()
    with tempfile.TemporaryDirectory(prefix="kestrel-pb-") as tmp:
        path = os.path.join(tmp, "qmp.sock")
        extra = ["-qmp", f"unix:{path},server=on,wait=off"] + extra
        con = lg.Console(lg.command(emulator, "powerbutton", extra=extra))
        try:
            boot = lg.expect_up(con)
            con.expect(r"^KESTREL-POWER-BUTTON-READY", 30)
            sock, f = qmp_connect(path)
            with sock:
                json.loads(f.readline())  # the greeting
                qmp_cmd(f, "qmp_capabilities")
                reply, events = qmp_cmd(f, "system_powerdown")
                if reply != {"return": {}}:
                    con.die(f"system_powerdown: {reply}")
                while "POWERDOWN" not in events:
                    events.append(json.loads(f.readline()).get("event"))
            m = con.expect(r"^KESTREL-POWER-KEY ([0-9a-f]{48})", 30,
                           "the guest reading the power key")
            ev = bytes.fromhex(m.group(1))
            etype, code, value = struct.unpack("<HHi", ev[16:24])
            print(f"guest: input event type {etype} code {code} value "
                  f"{value}")
            if (etype, code, value) != (EV_KEY, KEY_POWER, 1):
                con.die(f"event {(etype, code, value)}, not KEY_POWER "
                        "pressed")
            con.check_poweroff()
        finally:
            con.kill()
    lg.report(emulator, con, boot)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
