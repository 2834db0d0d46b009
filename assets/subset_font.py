#!/usr/bin/env python3
"""Writes the font the playground embeds: Inter (Debian's fonts-inter) cut down
to the characters the UI rasterises, which web/app/style.cpp lists in its
kGlyphs ranges (read from that file, so the two never disagree). The whole font
is 259 KB, about 142 KB of the page's gzipped download; the UI needs a few
hundred of its 2,500 glyphs. Dear ImGui reads no hinting and no OpenType
layout features, so both go. The name table (copyright, licence) stays.

Uses fontTools (Debian's python3-fonttools): its subsetter is what pyftsubset runs."""
import argparse
import re
import sys

from fontTools import subset


def glyph_ranges(source_path):
    """The (first, last) code point pairs of `const ImWchar kGlyphs[] = {...};`."""
    text = open(source_path, encoding="utf-8").read()
    m = re.search(r"kGlyphs\[\]\s*=\s*\{([^}]*)\}", text)
    if not m:
        sys.exit(f"{source_path}: no 'kGlyphs[] = {{...}}' array to read the glyph ranges from")
    body = re.sub(r"//[^\n]*", "", m.group(1))
    values = [int(v, 0) for v in re.findall(r"0[xX][0-9a-fA-F]+|\d+", body)]
    if not values or values[-1] != 0 or len(values) % 2 != 1:
        sys.exit(f"{source_path}: kGlyphs must be pairs of code points ending with 0, got {values}")
    return list(zip(values[0:-1:2], values[1:-1:2]))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--font", required=True)
    ap.add_argument("--ranges-from", required=True, help="the C++ file with the kGlyphs array")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    unicodes = set()
    for first, last in glyph_ranges(a.ranges_from):
        unicodes.update(range(first, last + 1))
    unicodes.add(0xFFFD)  # ImGui's fallback for a character outside the ranges, when the font has it
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = subset.load_font(a.font, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    subset.save_font(font, a.out, options)


if __name__ == "__main__":
    main()
