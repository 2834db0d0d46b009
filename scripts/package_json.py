#!/usr/bin/env python3
"""Writes package.json into a built site (make dist: dist/web/), so that the
folder can be published as an npm package and served from a CDN: a course page
then loads <script src=".../nnplay/nnplay-embed.js"> from there (the server must
send Access-Control-Allow-Origin; README, "From another server").

It lists the files the folder holds (npm packs only those), takes the licence
from LICENSE's first line and the version from --version. It names no registry
and no download address: publishing picks those. It does not copy anything and
fails, saying which, when a file the playground needs is missing."""
import argparse
import json
import os
import re
import sys

NEEDED = ["nnplay-embed.js", "nnplay-a11y.js", "nnplay-embed.css", "nnplay.js", "nnplay.wasm", "index.html",
          "data/train-images.idx3.gz", "data/train-labels.idx1.gz",
          "data/test-images.idx3.gz", "data/test-labels.idx1.gz"]
LICENSES = {"MIT License": "MIT"}  # LICENSE's first line -> its SPDX name


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dir", required=True, help="the built site, e.g. dist/web")
    ap.add_argument("--version", required=True, help="semantic version, e.g. 0.1.0")
    ap.add_argument("--license-file", required=True, help="the project's LICENSE")
    a = ap.parse_args()

    if not re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", a.version):
        sys.exit(f"package_json.py: version {a.version!r} is not a semantic version such as 0.1.0")
    missing = [f for f in NEEDED if not os.path.isfile(os.path.join(a.dir, f))]
    if missing:
        sys.exit(f"package_json.py: {a.dir} lacks {', '.join(missing)}: build the site first (make dist)")
    with open(a.license_file, encoding="utf-8") as f:
        first = f.readline().strip()
    if first not in LICENSES:
        sys.exit(f"package_json.py: {a.license_file} starts with {first!r}, not a licence this script knows")

    files = []
    for folder, _, names in os.walk(a.dir):
        for n in names:
            rel = os.path.relpath(os.path.join(folder, n), a.dir).replace(os.sep, "/")
            if rel != "package.json":
                files.append(rel)
    package = {
        "name": "nnplay",
        "version": a.version,
        "description": "A neural-network playground for a first lecture: a multilayer perceptron learns "
                       "MNIST's digits live in the browser (WebAssembly + WebGL2). Put <script "
                       "src=\"nnplay-embed.js\" defer></script> and <div class=\"nnplay\"></div> in a page.",
        "license": LICENSES[first],
        "keywords": ["neural-network", "mnist", "playground", "teaching", "webassembly"],
        "browser": "nnplay-embed.js",
        "files": sorted(files),
    }
    out = os.path.join(a.dir, "package.json")
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        json.dump(package, f, indent=2)
        f.write("\n")
    os.replace(out + ".tmp", out)
    print(f"{out}: nnplay {a.version}, {len(files)} files")


if __name__ == "__main__":
    main()
