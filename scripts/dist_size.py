#!/usr/bin/env python3
"""Prints what `make dist` wrote, raw and gzipped (each file compressed as a web
server would send it, gzip -9), and checks the site against its budget: the
download a course page asks of a student, code and data included.
Exits 1 when dist/web/ is over the budget."""
import argparse
import gzip
import os
import sys

BUDGET = 2_500_000  # bytes, gzipped: issue 9's 2.5 MB


def gz_size(path):
    with open(path, "rb") as f:
        data = f.read()
    # Already-compressed files (the .gz data) are sent as they are.
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 9, mtime=0))


def mb(n):
    return f"{n / 1e6:.2f} MB"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("site")
    ap.add_argument("one_file", nargs="?")
    a = ap.parse_args()
    raw = gz = 0
    rows = []
    for folder, _, files in os.walk(a.site):
        for name in files:
            p = os.path.join(folder, name)
            r, g = os.path.getsize(p), gz_size(p)
            raw += r
            gz += g
            rows.append((os.path.relpath(p, a.site), r, g))
    for rel, r, g in sorted(rows, key=lambda x: -x[2]):
        print(f"  {rel:32} {r:>10,} {g:>10,}")
    print(f"{a.site}/: {mb(raw)} raw, {mb(gz)} gzipped (budget {mb(BUDGET)} gzipped)")
    if a.one_file:
        print(f"{a.one_file}: {mb(os.path.getsize(a.one_file))} raw, {mb(gz_size(a.one_file))} gzipped "
              "(the playground in one file, for opening from disk)")
    if gz > BUDGET:
        print(f"dist: {a.site}/ is {gz - BUDGET:,} bytes over its budget of {mb(BUDGET)} gzipped", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
