#!/usr/bin/env python3
"""Make gis/fonts/NotoSansSC-GB2312.otf: Noto Sans CJK SC cut down to GB2312 + ASCII + map punctuation.

Source: Debian package `fonts-noto-cjk` (NotoSansCJK-Regular.ttc, face 2 = "Noto Sans CJK SC").
    apt-get update && apt-get install -y fonts-noto-cjk python3-fonttools
    /usr/bin/python3 gis/fonts/make_subset.py [path/to/NotoSansCJK-Regular.ttc]
The output is deterministic for a given source font and fontTools version (see SOURCES.md).
"""
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_FACE = 2  # face index of "Noto Sans CJK SC" inside the collection
OUT = Path(__file__).resolve().parent / "NotoSansSC-GB2312.otf"


def gb2312_chars():
    """Every character with a two-byte GB2312 code (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def extra_chars():
    """ASCII, Latin-1 (°, ±, ×, ·), and punctuation used on maps and in legends."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0xA0, 0x100)}
    chars |= set("·、，。（）《》【】「」—–…‰％‐−→←↑↓≤≥≈×÷±°′″℃·：；！？“”‘’￥ ")
    chars |= set("㎞㎡")
    return chars


def main():
    coll = TTCollection(SRC)
    font = coll.fonts[SC_FACE]
    name = font["name"].getDebugName(4)
    assert "SC" in name, f"face {SC_FACE} is {name!r}, expected Noto Sans CJK SC"
    cmap = font.getBestCmap()
    wanted = sorted(ord(c) for c in gb2312_chars() | extra_chars())
    present = [u for u in wanted if u in cmap]
    missing = [u for u in wanted if u not in cmap]
    options = subset.Options()
    options.layout_features = ["kern", "palt", "vert", "liga", "locl"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.desubroutinize = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=present)
    sub.subset(font)
    # Drop the timestamps so a rebuild gives the same bytes.
    font["head"].created = 0
    font["head"].modified = 0
    font.recalcTimestamp = False
    font.save(str(OUT), reorderTables=True)
    print(f"{OUT.name}: {len(present)} characters ({len(missing)} not in the font), "
          f"{OUT.stat().st_size} bytes, from {name}")


if __name__ == "__main__":
    main()
