"""Make the edition's text font: Charis SIL, subset to the characters the edition needs, as WOFF2.

The reading interface ships its own font so that the layout (line breaks, passage numbers,
sidenotes, page width) is the same on every machine, whatever fonts it has. Charis SIL is an
open-licence (SIL OFL 1.1) serif made for scholarly text, with every Albanian and Cyrillic glyph
of the sources. This script is run by a maintainer when the character ranges change, not by the
build; its output is committed under ``_static/fonts/``.

    apt-get install fonts-sil-charis
    python3 -m pip install fonttools==4.68.0 brotli==1.2.1
    python3 tools/make_fonts.py

``tests/test_fonts.py`` checks that every character of the built pages is in the shipped font.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/charis")
TARGET = Path(__file__).resolve().parent.parent / "_static" / "fonts"
FACES = {"Regular": "regular", "Italic": "italic", "Bold": "bold", "BoldItalic": "bolditalic"}

#: Basic Latin, Latin-1, Latin Extended-A, the Romanian and other commas below, combining
#: diacritics (decomposed text), Cyrillic, general punctuation, the euro, №, arrows, the minus
#: sign, the triangles the interface uses (▸ ▾), the replacement character.
UNICODES = ("U+0020-007E,U+00A0-017F,U+0218-021B,U+0300-036F,U+0400-045F,U+2000-206F,U+20AC,"
            "U+2116,U+2190-2193,U+2212,U+25B4-25BE,U+FFFD")

#: The OFL's Reserved Font Names ("Charis", "SIL") may not name a modified font, and a subset is
#: one: the shipped files are renamed.
FAMILY = "Edition Serif"


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for face, name in FACES.items():
        out = TARGET / f"edition-serif-{name}.woff2"
        subset.main([str(SOURCE / f"CharisSIL-{face}.ttf"), f"--unicodes={UNICODES}",
                     "--flavor=woff2", "--layout-features=kern,liga,locl,mark,mkmk,ccmp",
                     "--no-hinting", "--desubroutinize", f"--output-file={out}"])
        rename(out, face)
        print(f"{out.relative_to(TARGET.parent.parent)}: {out.stat().st_size / 1024:.1f} KB")
    shutil.copy(Path("/usr/share/doc/fonts-sil-charis/copyright"), TARGET / "COPYRIGHT")


def rename(path: Path, face: str) -> None:
    """Give the subset its own family name (OFL 1.1, Reserved Font Names)."""
    font = TTFont(path)
    style = {"Regular": "Regular", "Italic": "Italic", "Bold": "Bold",
             "BoldItalic": "Bold Italic"}[face]
    names = {1: FAMILY, 2: style, 3: f"{FAMILY} {style}; subset of Charis SIL",
             4: f"{FAMILY} {style}", 6: f"EditionSerif-{face}", 16: FAMILY, 17: style}
    for record in list(font["name"].names):
        if record.nameID in names or record.nameID in (21, 22):
            font["name"].removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        font["name"].setName(text, name_id, 3, 1, 0x409)
    font.flavor = "woff2"
    font.save(path)


if __name__ == "__main__":
    main()
