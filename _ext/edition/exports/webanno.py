"""The editors' notes as W3C Web Annotations: one ``AnnotationCollection`` (JSON-LD) per source,
written next to its page (``sources/<slug>.annotations.jsonld``), so that other annotation tools
can load the edition's commentary.

Each annotation targets the built source page, with a ``TextQuoteSelector`` (the quoted words,
with as much of the text before and after them as makes them found exactly once on the page) and
a ``TextPositionSelector`` (their offsets in the page's text). The page's text is the text of its
``<body>`` without scripts and styles, as a browser's ``textContent`` or BeautifulSoup's
``get_text()`` gives it. The note's type becomes its ``motivation`` and a classifying body.
"""

from __future__ import annotations

import html.parser
from typing import Any

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


#: A note's type -> the motivation of the Web Annotation Vocabulary (§3.3.5) closest to it.
MOTIVATIONS = {
    "correction": "editing",
    "discrepancy": "assessing",
    "context": "commenting",
    "terminology": "describing",
    "translation": "editing",
    "citation-check": "assessing",
    "perspective": "commenting",
}


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


_CONTEXT_STEP = 32


class _PageText(html.parser.HTMLParser):
    """The page's text, the span of each note's quoted words (``<mark data-annotation>``) in it,
    and each note's own text (``div.edition-note`` without its head and signature lines)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.in_body = False
        self.stack: list[tuple[str, str, str]] = []  # tag, role (mark/note/skip), annotation id
        self.spans: dict[str, list[int]] = {}
        self.notes: dict[str, list[str]] = {}
        # what the stack holds, counted as it changes (the text comes in many small pieces)
        self.skipping = 0  # open scripts and styles
        self.furniture = 0  # open head and signature lines of notes
        self.open_notes: list[str] = []  # the notes open, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "body":
            self.in_body = True
        if tag in _VOID:
            return
        role, annotation = "", ""
        if tag in ("script", "style"):
            role = "skip"
        elif tag == "mark" and attributes.get("data-annotation"):
            role, annotation = "mark", attributes["data-annotation"] or ""
            span = self.spans.setdefault(annotation, [self.length, self.length])
            span[0] = min(span[0], self.length)
        elif tag == "div" and "edition-note" in classes and attributes.get("id"):
            role, annotation = "note", attributes["id"] or ""
        elif {"edition-note-head", "edition-note-meta"} & set(classes):
            role = "furniture"
        self.stack.append((tag, role, annotation))
        if role == "skip":
            self.skipping += 1
        elif role == "furniture":
            self.furniture += 1
        elif role == "note":
            self.open_notes.append(annotation)

    def handle_endtag(self, tag: str) -> None:
        if tag == "body":
            self.in_body = False
        while self.stack:
            open_tag, role, annotation = self.stack.pop()
            if role == "mark":
                self.spans[annotation][1] = max(self.spans[annotation][1], self.length)
            elif role == "skip":
                self.skipping -= 1
            elif role == "furniture":
                self.furniture -= 1
            elif role == "note":
                self.open_notes.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.in_body or self.skipping:
            return
        self.parts.append(data)
        self.length += len(data)
        note = self.open_notes[-1] if self.open_notes else None
        if note and not self.furniture:
            self.notes.setdefault(note, []).append(data)

    def text(self) -> str:
        return "".join(self.parts)


def page_text(page_html: str) -> str:
    """The text of a built page's ``<body>``, scripts and styles left out."""
    parser = _PageText()
    parser.feed(page_html)
    parser.close()
    return parser.text()


def _occurrences(needle: str, text: str) -> int:
    count, start = 0, text.find(needle)
    while start >= 0:
        count += 1
        start = text.find(needle, start + 1)
    return count


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    """A TextQuoteSelector for ``text[start:end]``, its prefix and suffix grown until the
    three together occur once in the text."""
    size = _CONTEXT_STEP
    while True:
        prefix, suffix = text[max(0, start - size):start], text[end:end + size]
        if _occurrences(prefix + text[start:end] + suffix, text) == 1 or \
                (start - size <= 0 and end + size >= len(text)):
            return {"type": "TextQuoteSelector", "exact": text[start:end], "prefix": prefix,
                    "suffix": suffix}
        size += _CONTEXT_STEP


def collection(page_html: str, page: str, label: str,
               notes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The AnnotationCollection of one built source page. ``page`` is the page's address
    (absolute when the edition has one), ``notes`` the edition domain's records of its notes."""
    parser = _PageText()
    parser.feed(page_html)
    parser.close()
    text = parser.text()
    items = []
    for annotation_id, note in sorted(notes.items(), key=lambda item: item[1].get("number", 0)):
        span = parser.spans.get(annotation_id)
        if span is None:
            continue  # not placed (the build has warned)
        start, end = span
        body_text = " ".join("".join(parser.notes.get(annotation_id, [])).split())
        kind = note["type"]
        items.append({
            "id": f"{page}#{annotation_id}", "type": "Annotation",
            "motivation": MOTIVATIONS.get(kind, "commenting"),
            "creator": [{"type": "Organization", "name": name} for name in note["authors"]],
            "created": note["date"],
            "body": [{"type": "TextualBody", "value": body_text, "format": "text/plain",
                      "language": "en", "purpose": "commenting"},
                     {"type": "TextualBody", "value": kind, "purpose": "classifying"}],
            "target": {"source": page, "selector": [
                quote_selector(text, start, end),
                {"type": "TextPositionSelector", "start": start, "end": end}]},
        })
    stem = page.split("#")[0].rsplit(".html", 1)[0]
    return {"@context": CONTEXT, "id": f"{stem}.annotations.jsonld",
            "type": "AnnotationCollection", "label": label, "total": len(items),
            "first": {"id": f"{stem}.annotations.jsonld#page-1", "type": "AnnotationPage",
                      "startIndex": 0, "items": items}}
