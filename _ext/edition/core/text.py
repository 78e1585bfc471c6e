"""What counts as the reading text of a source, shared by the build, the checks and the tests.

The reading text of a passage is its text less everything the editors added: passage numbers,
editorial notes, supplied words and (later) annotations. The same rule applies to a docutils node
during the build and to an element of the built HTML in the tests, so both are defined here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import (
    annotation_marker,
    annotation_note,
    editorial_note,
    mention_reference,
    passage_number,
    replace_child,
    supplied,
)

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


#: Nodes that may be a passage: the paragraph-level blocks of the reading text.
#: Nodes of editorial matter: never part of a passage's reading text.
EDITORIAL_NODES = (passage_number, editorial_note, supplied, annotation_note, annotation_marker)


def reading_text(node: nodes.Node) -> str:
    """A node's text without the editors' additions (numbers, notes, supplied words)."""
    parts: list[str] = []

    def collect(current: nodes.Node) -> None:
        if isinstance(current, EDITORIAL_NODES):
            return
        if isinstance(current, nodes.Element) and "edition-editorial" in current["classes"]:
            return
        if isinstance(current, nodes.Text):
            parts.append(current.astext())
            return
        for child in current.children:
            collect(child)
        parts.append(" ")

    collect(node)
    return "".join(parts)


class Segment(NamedTuple):
    """A stretch of a passage's text (see :func:`passage_text`) that is a stretch of one Text
    node, character for character; ``node`` is None for the space between two blocks."""

    start: int  # in the passage's text
    node: nodes.Text | None
    offset: int  # in the node's text
    length: int


def passage_text(passage: nodes.Element) -> tuple[str, list[Segment]]:
    """The passage's reading text, whitespace collapsed, and where each of its characters comes
    from: the segments, in order, that cover the text.

    Runs for every note and citation, so it works a Text node at a time: the node's text is one
    segment, unless a run of several whitespace characters in it collapses to one space."""
    pieces: list[str] = []
    segments: list[Segment] = []
    length = 0  # of the text so far
    skip = EDITORIAL_NODES

    def add(piece: str, node: nodes.Text | None, offset: int) -> None:
        """Add a stretch with no run of whitespace in it, each whitespace character a space."""
        nonlocal length
        if piece[:1] == " " and pieces and pieces[-1][-1] == " ":
            piece, offset = piece[1:], offset + 1  # whitespace collapses to one space
        if piece:
            segments.append(Segment(length, node, offset, len(piece)))
            pieces.append(piece)
            length += len(piece)

    def collect(node: nodes.Node) -> None:
        if isinstance(node, skip):
            return
        if isinstance(node, nodes.Text):
            value, end = node.astext(), 0
            for space in _LONG_SPACE.finditer(value):
                add(_SPACE.sub(" ", value[end:space.start()]), node, end)
                add(" ", node, space.start())
                end = space.end()
            add(_SPACE.sub(" ", value[end:]), node, end)
            return
        if isinstance(node, nodes.Element) and pieces and pieces[-1][-1] != " " and not isinstance(
                node, nodes.Inline):
            add(" ", None, 0)  # a block boundary separates words
        for child in node.children:
            collect(child)

    collect(passage)
    return "".join(pieces), segments


_SPACE = re.compile(r"\s")


_LONG_SPACE = re.compile(r"\s{2,}")


def wrap_span(segments: list[Segment], start: int, end: int,
              make: Callable[[str], nodes.Element]) -> nodes.Element:
    """Wrap the characters [start, end) of a passage's text (see :func:`passage_text`) in inline
    elements made by ``make(text)``, one per Text node they touch; return the last one."""
    spans: dict[int, list[Any]] = {}  # id of a node: [node, first offset, last offset]
    order: list[nodes.Text] = []
    for segment in segments:
        first, last = max(start, segment.start), min(end, segment.start + segment.length) - 1
        if segment.node is None or first > last:
            continue
        node = segment.node
        first, last = (segment.offset + first - segment.start,
                       segment.offset + last - segment.start)
        if id(node) not in spans:
            spans[id(node)] = [node, first, last]
            order.append(node)
        spans[id(node)][2] = last
    mark = None
    for node in order:
        _, first, last = spans[id(node)]
        value = node.astext()
        before, inside, after = value[:first], value[first:last + 1], value[last + 1:]
        mark = make(inside)
        replace_child(node, [n for n in (nodes.Text(before) if before else None, mark,
                                         nodes.Text(after) if after else None) if n is not None])
        # later notes on the same passage find these pieces in a fresh scan of the passage
    assert mark is not None
    return mark


def shorten(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


# --- labels: "¶ 12" and "note 17" never break between the word and the number --------------

#: A no-break space, between "¶" or "note" and its number in every label the edition writes.
NBSP = "\u00a0"
_LABEL_SPACE = re.compile(r"(¶|\b[Nn]otes?) (?=\d)")


def passage_sign(number: object) -> str:
    """``¶ 12``, with a no-break space: how the edition names a passage by its number."""
    return f"¶{NBSP}{number}"


def note_name(number: object) -> str:
    """``note 17``, with a no-break space: how the edition names a note by its number."""
    return f"note{NBSP}{number}"


def unbreakable_labels(text: str) -> str:
    """``see ¶ 9 and note 17`` with no-break spaces after "¶" and "note" (a link's label)."""
    return _LABEL_SPACE.sub(lambda match: match[1] + NBSP, text)


class UnbreakableLabels(SphinxPostTransform):
    """"¶" and "note" stay on the line of their number ("wiki-split ¶ 33", "¶ 12, note 17"),
    in every format, wherever the editors write: every page but the sources, and on a source's
    page its notes, the editors' matter and the labels of its internal links. The source's own
    words are left as they are (a name linked to the register is the source's words too), and
    so are code and literal blocks."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        sources = self.env.get_domain("edition").sources
        for text in list(self.document.findall(nodes.Text)):
            if ("¶ " in text or "ote" in text) and self._editors(text, sources):
                fixed = unbreakable_labels(str(text))
                if fixed != str(text):
                    text.parent.replace(text, nodes.Text(fixed))

    def _editors(self, text: nodes.Text, sources: dict[str, str]) -> bool:
        parent = text.parent
        while parent is not None:
            if isinstance(parent, (nodes.literal, nodes.FixedTextElement, nodes.raw,
                                   mention_reference)) or "edition-mention" in parent.get(
                                       "classes", []):
                return False
            if isinstance(parent, (annotation_note, editorial_note)) or (
                    isinstance(parent, nodes.reference) and parent.get("internal")):
                return True
            if isinstance(parent, addnodes.start_of_file):  # a page inside the PDF's book
                return parent["docname"] not in sources
            parent = parent.parent
        return self.env.docname not in sources
