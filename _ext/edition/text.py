"""What counts as the reading text of a source, shared by the build, the checks and the tests.

The reading text of a passage is its text less everything the editors added: passage numbers,
editorial notes, supplied words and (later) annotations. The same rule applies to a docutils node
during the build and to an element of the built HTML in the tests, so both are defined here.
"""

from __future__ import annotations

import hashlib
import re

#: CSS classes of editorial matter inside or around the reading text; the HTML writers put them on
#: the elements they produce, and the fidelity and registry checks skip those elements.
EDITORIAL_CLASSES = frozenset(
    {
        "edition-editorial",  # head-notes, metadata, omission and normalisation notes
        "edition-front",  # the fold of those notes before the reading text, with its summary
        "edition-pnum",  # the visible passage number
        "edition-supplied",  # words supplied by the editors
        "edition-note",  # the editors' annotations
        "edition-marker",  # the numbered markers of annotations
        "headerlink",  # Sphinx's own pilcrow links on headings
    }
)

_WHITESPACE = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """Hash of a passage's text that ignores whitespace, as the transcription policy does."""
    return hashlib.sha256(_WHITESPACE.sub("", text).encode("utf-8")).hexdigest()


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to one space (for display in messages)."""
    return _WHITESPACE.sub(" ", text).strip()


def foreign_characters(text: str) -> str:
    """The characters of an id or key that are not ASCII, named, e.g. "U+0430 CYRILLIC SMALL
    LETTER A at position 2" ("" when there are none): a look-alike letter makes a second key that
    no one can tell from the first."""
    import unicodedata

    return "; ".join(f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')} at "
                     f"position {index + 1}" for index, char in enumerate(text) if ord(char) > 127)
