#!/usr/bin/env python3
"""The arm64 Linux guest on user networking (libslirp), data both ways.

usage: linux-net.py EMULATOR [-- EXTRA-ARGS]
       (EMULATOR: build/kestrel or qemu-system-aarch64; EXTRA-ARGS
       such as -M virt,gic-version=3 -smp 4 replace or add to the test's)

Boots the guest with kestrel.test=net and
  -netdev user,id=n0,hostfwd=tcp:127.0.0.1:HOSTPORT-:8080
  -device virtio-net-device,netdev=n0
The guest loads virtio_net (after failover and net_failover), gets its
address from slirp's DHCP server with udhcpc, pings the gateway 10.0.2.2,
and fetches /blob (2 MiB of random bytes) with wget from an HTTP server
this test runs on 127.0.0.1, which the guest reaches as 10.0.2.2. It then
serves the blob with busybox httpd on port 8080; this test fetches it back
through the port forward and compares it with what it sent. Then it types
"done" on the console and the guest powers off (exit status 0).
"""

import hashlib
import http.server
import os
import socket
import sys
import threading
import urllib.request

import linuxguest as lg

BLOB = os.urandom(2 * 1024 * 1024)


class BlobHandler(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        BlobHandler.requests.append((self.client_address[0], self.path))
        if self.path != "/blob":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(BLOB)))
        self.end_headers()
        self.wfile.write(BLOB)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    emulator, extra = lg.parse_args(__doc__)
    lg.build_guest()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), BlobHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    fwd = free_port()
    cmd = lg.command(emulator, "net", append=f"kestrel.port={port}", extra=[
        "-netdev", f"user,id=n0,hostfwd=tcp:127.0.0.1:{fwd}-:8080",
        "-device", "virtio-net-device,netdev=n0"] + extra)
    con = lg.Console(cmd)
    try:
        boot = lg.expect_up(con)
        m = con.expect(r"^KESTREL-DHCP eth0 (\S+) router (\S+)", 30,
                       "a DHCP lease on eth0")
        print(f"guest: DHCP lease {m.group(1)}, router {m.group(2)}")
        if not m.group(1).startswith("10.0.2.") or m.group(2) != "10.0.2.2":
            con.die(f"unexpected lease {m.group(0)!r}")
        con.expect(r"^KESTREL-NET-PING ok", 15, "a ping reply from 10.0.2.2")
        md5 = hashlib.md5(BLOB).hexdigest()
        con.expect(rf"^{md5}  /www/blob", 30,
                   "the blob fetched from the host (guest md5sum)")
        print(f"guest: fetched {len(BLOB)} bytes from 10.0.2.2:{port}, "
              f"md5 matches")
        con.expect(r"^KESTREL-NET-LISTENING 8080", 15)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{fwd}/blob",
                                        timeout=20) as r:
                back = r.read()
        except OSError as e:
            con.die(f"host -> guest through hostfwd 127.0.0.1:{fwd}: {e}")
        if back != BLOB:
            con.die(f"the blob served by the guest differs: {len(back)} "
                    f"bytes, md5 {hashlib.md5(back).hexdigest()}")
        print(f"host: fetched {len(back)} bytes back through hostfwd "
              f"127.0.0.1:{fwd} -> :8080, identical")
        con.send("done")
        con.expect(r"^KESTREL-NET-HOST-SAID done", 15)
        con.check_poweroff()
    finally:
        con.kill()
        server.shutdown()
    lg.report(emulator, con, boot)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
