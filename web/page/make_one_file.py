#!/usr/bin/env python3
"""Writes nnplay.html: the full-window playground as one self-contained file
that trains when opened from disk (file://), with no server. Browsers refuse a
file:// page's fetch() of other files, so everything travels inside:
  - the module linked with -sSINGLE_FILE=1 (its wasm inside, as base64),
  - the MNIST subset's four gzip IDX files, as base64 (window.nnplayBundle.data;
    nnplay-embed.js unpacks them with DecompressionStream, which needs no fetch),
  - about.html with its stylesheet (window.nnplayBundle.about), for the About item,
  - index.html's scripts and stylesheets, inlined.
The file is index.html with those substitutions: the two pages cannot drift."""
import argparse
import base64
import json
import os
import re
import sys

DATA = ["data/train-images.idx3.gz", "data/train-labels.idx1.gz",
        "data/test-images.idx3.gz", "data/test-labels.idx1.gz"]


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        sys.exit(f"make_one_file.py: cannot read {path}: {e.strerror}")


def inline_script(code, name, attributes=""):
    """JavaScript made safe inside <script>...</script>: '</script' may only
    appear in strings and regular expressions, where '<\\/script' means the same."""
    if "<!--" in code:
        sys.exit(f"make_one_file.py: {name} contains '<!--', which an inline script cannot hold safely")
    return "<script" + attributes + ">\n" + re.sub(r"</(script)", r"<\\/\1", code, flags=re.I) + "\n</script>"


def inline_styles(page, folder):
    def style(m):
        return "<style>\n" + read_text(os.path.join(folder, m.group(1))) + "\n</style>"
    return re.sub(r'<link rel="stylesheet" href="([^"]+)">', style, page)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--site", required=True, help="the built site (index.html, scripts, data/)")
    ap.add_argument("--module", required=True, help="nnplay.js linked with -sSINGLE_FILE=1")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    page = read_text(os.path.join(a.site, "index.html"))
    scripts = re.findall(r'<script src="([^"]+)"></script>', page)
    if "nnplay-embed.js" not in scripts:
        sys.exit("make_one_file.py: index.html does not load nnplay-embed.js")

    data = {}
    for rel in DATA:
        with open(os.path.join(a.site, rel), "rb") as f:
            data[rel] = base64.b64encode(f.read()).decode("ascii")
    about = inline_styles(read_text(os.path.join(a.site, "about.html")), a.site)
    about = about.replace(' <a href="index.html">Back to the playground</a>.', "")
    about = about.replace('<link rel="icon" href="favicon.svg">\n', "")
    # The worker (nnplay-worker.js) travels as text: the page starts it from a
    # blob: of the module's script (marked data-nnplay-module) and this.
    worker = read_text(os.path.join(a.site, "nnplay-worker.js"))
    bundle = "window.nnplayBundle = " + json.dumps({"data": data, "about": about, "worker": worker}) + ";"

    page = inline_styles(page, a.site)
    def icon(m):  # beside a file on disk there is no favicon.svg: the icon travels inside too
        with open(os.path.join(a.site, m.group(1)), "rb") as f:
            return '<link rel="icon" href="data:image/svg+xml;base64,' + base64.b64encode(f.read()).decode("ascii") + '">'
    page = re.sub(r'<link rel="icon" href="([^":]+)">', icon, page)
    first = True

    def script(m):
        nonlocal first
        out = ""
        if first:  # the module and the bundle go before the page's own scripts
            out += inline_script(read_text(a.module), "the module", " data-nnplay-module") + "\n"
            out += inline_script(bundle, "the bundle") + "\n"
            first = False
        return out + inline_script(read_text(os.path.join(a.site, m.group(1))), m.group(1))

    page = re.sub(r'<script src="([^"]+)"></script>', script, page)
    page = page.replace("<head>", "<head>\n<!-- nnplay in one file: code, data and notices inside "
                        "(the About item at the top right shows the licences). -->", 1)
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
