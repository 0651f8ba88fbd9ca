#!/usr/bin/env python3
"""The arm64 Linux guest on an ext4 virtio disk: what it writes is on the
disk after a clean poweroff, and snapshot=on leaves the file untouched.

usage: linux-disk.py EMULATOR [-- EXTRA-ARGS]
       (EMULATOR: build/kestrel or qemu-system-aarch64; EXTRA-ARGS
       such as -M virt,gic-version=3 -smp 4 replace or add to the test's)

A copy of OUT/disk.ext4 (scripts/make-arm64-guest.sh: mke2fs -d, files
hello and data/pattern) in a temporary directory is attached with
  -drive file=IMG,format=raw,if=none,id=d0[,snapshot=on]
  -device virtio-blk-device,drive=d0
and booted with kestrel.test=disk three times. Each time the guest loads
ext4 (after jbd2, mbcache, crc16, crc32c_generic), mounts /dev/vda
read-write, md5sums hello and data/pattern, prints the /written an earlier
boot left, writes "written by boot TOKEN" to /written and a copy of the
pattern to /copy, syncs, unmounts and powers off (exit status 0).

  boot A: afterwards debugfs reads /written and /copy out of the file on
          the host, and e2fsck -fn finds the file system clean;
  boot B: the guest sees A's /written; afterwards the file has B's;
  boot C, snapshot=on: the guest sees B's and writes its own, but the
          file is byte for byte what it was before the boot.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

import linuxguest as lg


def md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def debugfs_cat(debugfs, image, path):
    r = subprocess.run([debugfs, "-R", f"cat {path}", image],
                       capture_output=True)
    return r.stdout


def boot(emulator, extra, image, token, previous, snapshot=False):
    src = os.path.join(lg.IMAGES, "disk")
    drive = f"file={image},format=raw,if=none,id=d0"
    if snapshot:
        drive += ",snapshot=on"
    cmd = lg.command(emulator, "disk", append=f"kestrel.token={token}",
                     extra=["-drive", drive,
                            "-device", "virtio-blk-device,drive=d0"] + extra)
    con = lg.Console(cmd)
    try:
        t = lg.expect_up(con)
        for name in ("hello", "data/pattern"):
            want = md5(os.path.join(src, name))
            con.expect(rf"^{want}  /mnt/{name}$", 30,
                       f"md5sum {want} of /mnt/{name}")
        if previous:
            con.expect(rf"^KESTREL-DISK-PREVIOUS written by boot {previous}$",
                       30, f"boot {previous}'s /written")
        con.expect(r"^KESTREL-DISK-CLEAN", 30, "sync and umount")
        if not previous and "KESTREL-DISK-PREVIOUS" in con.text():
            con.die("a /written on a fresh disk")
        con.check_poweroff()
    finally:
        con.kill()
    lg.report(emulator, con, t)


def main():
    emulator, extra = lg.parse_args(__doc__)
    debugfs, e2fsck = lg.find_tool("debugfs"), lg.find_tool("e2fsck")
    if not debugfs or not e2fsck:
        lg.skip("needs debugfs and e2fsck (e2fsprogs) on the host")
    lg.build_guest(need=["disk.ext4", "disk/data/pattern"])
    pattern = open(os.path.join(lg.IMAGES, "disk", "data", "pattern"),
                   "rb").read()

    with tempfile.TemporaryDirectory(prefix="kestrel-disk-") as tmp:
        image = os.path.join(tmp, "disk.ext4")
        shutil.copyfile(os.path.join(lg.IMAGES, "disk.ext4"), image)

        def on_disk(token):
            got = debugfs_cat(debugfs, image, "/written")
            want = f"written by boot {token}\n".encode()
            if got != want:
                lg.fail(f"/written in {image} after poweroff: {got!r}, "
                        f"not {want!r}")
            if debugfs_cat(debugfs, image, "/copy") != pattern:
                lg.fail(f"/copy in {image} is not data/pattern")
            r = subprocess.run([e2fsck, "-fn", image], capture_output=True,
                               text=True)
            if r.returncode != 0:
                print(r.stdout + r.stderr)
                lg.fail(f"e2fsck -fn {image}: status {r.returncode}")
            print(f"host: /written says boot {token}, /copy matches, "
                  f"e2fsck clean")

        boot(emulator, extra, image, "A", None)
        on_disk("A")
        boot(emulator, extra, image, "B", "A")
        on_disk("B")
        before = md5(image)
        boot(emulator, extra, image, "C", "B", snapshot=True)
        if md5(image) != before:
            lg.fail(f"snapshot=on: {image} changed")
        on_disk("B")
        print("host: snapshot=on left the file untouched")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
