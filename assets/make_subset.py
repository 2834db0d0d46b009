#!/usr/bin/env python3
"""Writes the MNIST subset the web page loads: the first N training and first M
test images of MNIST's IDX files, as gzip-compressed IDX files (same format, so
the engine's one IDX reader reads them). Deterministic output (mtime 0).

Compressed with zopfli (Debian's zopfli), which writes ordinary gzip about 5%
smaller than gzip -9 (1.53 instead of 1.61 MB for the training images): the
data is most of the page's download. The browser unpacks it as any gzip."""
import argparse
import os
import shutil
import struct
import subprocess
import sys

def read_idx(path, want_magic):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        sys.exit(f"{path}: too short to be an IDX file")
    magic, count = struct.unpack(">II", data[:8])
    if magic != want_magic:
        sys.exit(f"{path}: magic 0x{magic:08x}, expected 0x{want_magic:08x}")
    dims = struct.unpack(">" + "I" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return data, dims

def write_subset(src, dst, magic, keep):
    data, dims = read_idx(src, magic)
    ndim = len(dims)
    if keep > dims[0]:
        sys.exit(f"{src}: has {dims[0]} items, {keep} requested")
    item = 1
    for d in dims[1:]:
        item *= d
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * ndim, keep, *dims[1:])
    body = data[4 + 4 * ndim: 4 + 4 * ndim + keep * item]
    zopfli = shutil.which("zopfli")
    if not zopfli:
        sys.exit("make_subset.py: zopfli not found: run scripts/bootstrap.sh (it installs Debian's zopfli)")
    raw = dst + ".idx"
    with open(raw, "wb") as f:
        f.write(header + body)
    tmp = dst + ".tmp"
    with open(tmp, "wb") as out:
        # 5 iterations: nearly all of the default 15's gain, in a third of the time.
        subprocess.run([zopfli, "--gzip", "--i5", "-c", raw], stdout=out, check=True)
    os.remove(raw)
    os.replace(tmp, dst)

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mnist", required=True, help="folder with MNIST's four IDX files")
    ap.add_argument("--out", required=True)
    ap.add_argument("--train", type=int, default=10000)
    ap.add_argument("--test", type=int, default=2000)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for kind, keep, prefix in (("train", a.train, "train"), ("test", a.test, "t10k")):
        write_subset(os.path.join(a.mnist, f"{prefix}-images-idx3-ubyte"),
                     os.path.join(a.out, f"{kind}-images.idx3.gz"), 0x00000803, keep)
        write_subset(os.path.join(a.mnist, f"{prefix}-labels-idx1-ubyte"),
                     os.path.join(a.out, f"{kind}-labels.idx1.gz"), 0x00000801, keep)

if __name__ == "__main__":
    main()
