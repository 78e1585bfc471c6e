"""The fidelity check: every word of a received text is in its reading text, in order.

The built HTML page of a source is compared with the received file in ``sources/originals/``:

1. the page's declared omissions (line ranges, or a pattern within them) are removed from the
   original, and its declared normalisations (markup such as ``== Heading ==``) applied;
2. both texts are split into words; whitespace is never significant;
3. the two word sequences must be equal, except where a difference is whitespace only (two words
   run together in the original, split by a table cell in the edition).

Everything the editors add (numbers, notes, supplied words) carries a class from
:data:`edition.core.text.EDITORIAL_CLASSES` and is skipped. The declarations travel in the HTML as
``data-*`` attributes, so the check needs nothing but the built page and the originals.

Run ``python -m edition.checks.fidelity sources/<slug>.md`` to build the edition and check pages.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path

from ..core.ids import PASSAGE_ID
from ..core.text import EDITORIAL_CLASSES, fingerprint
from ..core.witness import Normalisation, Omission, compare, expected_words, parse_line_range
from .build import build_project

_VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                            "meta", "source", "track", "wbr"})




@dataclasses.dataclass
class Element:
    """A minimal element tree of a built page, enough to read its text and declarations."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = dataclasses.field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def is_editorial(self) -> bool:
        # scripts and styles are data for the reading interface (e.g. hover previews), not text
        return self.tag in ("script", "style") or bool(self.classes & EDITORIAL_CLASSES)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def text(self, *, reading: bool = True) -> str:
        """The element's text; with ``reading``, less the editorial matter inside it."""
        parts: list[str] = []
        self._collect(parts, reading)
        return "".join(parts)

    def _collect(self, parts: list[str], reading: bool) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not (reading and child.is_editorial()):
                parts.append(" ")  # element boundaries separate words, as blocks do
                child._collect(parts, reading)
                parts.append(" ")


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {key: value or "" for key, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclasses.dataclass
class SourcePage:
    """What the fidelity check reads from one built source page."""

    original_file: str
    omissions: list[Omission]
    normalisations: list[Normalisation]
    reading_text: str
    passages: dict[str, str]  #: passage id → its reading text


def read_source_page(html: str, passage_id: re.Pattern[str]) -> SourcePage | None:
    """Read a built page; ``None`` when it is not a source page (it has no metadata block)."""
    root = parse_html(html)
    main = next((e for e in root.iter() if e.attrs.get("role") == "main"), root)
    metadata = next((e for e in main.iter() if "edition-metadata" in e.classes), None)
    if metadata is None:
        return None
    omissions, normalisations = [], []
    for element in main.iter():
        if "edition-omission" in element.classes:
            first, last = parse_line_range(element.attrs["data-original-lines"])
            omissions.append(Omission(first, last, element.attrs.get("data-pattern"),
                                      _int_or_none(element.attrs.get("data-count"))))
        elif "edition-normalisation" in element.classes:
            lines = element.attrs.get("data-original-lines")
            first, last = parse_line_range(lines) if lines else (None, None)
            normalisations.append(Normalisation(element.attrs["data-pattern"],
                                                element.attrs.get("data-replace", ""), first,
                                                last, _int_or_none(element.attrs.get("data-count"))))
    passages = {element.attrs["id"]: element.text()
                for element in main.iter() if passage_id.match(element.attrs.get("id", ""))}
    return SourcePage(metadata.attrs["data-original-file"], omissions, normalisations,
                      main.text(), passages)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def check_html(html: str, originals_dir: Path) -> tuple[SourcePage | None, list[str]]:
    """Check one built page against its original; returns the page and the problems found."""
    page = read_source_page(html, PASSAGE_ID)
    if page is None:
        return None, []
    original = (originals_dir / page.original_file).read_text(encoding="utf-8")
    expected, problems = expected_words(original, page.omissions, page.normalisations)
    differences = compare(expected, page.reading_text.split())
    return page, [problem for _, problem in problems] + [str(d) for d in differences]


def passage_fingerprints(html: str) -> dict[str, str]:
    """Passage id → fingerprint of its reading text, for one built page."""
    page = read_source_page(html, PASSAGE_ID)
    return {} if page is None else {pid: fingerprint(text) for pid, text in page.passages.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Build the edition into a temporary folder and check the named source pages (or all)."""
    import argparse
    import tempfile

    from sphinx.util import console

    parser = argparse.ArgumentParser(prog="python -m edition.checks.fidelity", description=main.__doc__)
    parser.add_argument("pages", nargs="*", help="source pages, e.g. sources/lala-2014.md")
    parser.add_argument("--project", default=".", help="the edition's folder (default: here)")
    args = parser.parse_args(argv)
    project = Path(args.project).resolve()
    pages = [Path(page).resolve().relative_to(project).with_suffix("").as_posix()
             for page in args.pages] or None
    console.nocolor()
    with tempfile.TemporaryDirectory() as outdir:
        result = build_project(project, Path(outdir), "html")
        warnings, docnames = result.warnings, result.docnames
        failed = False
        for docname in sorted(docnames):
            if pages is not None and docname not in pages:
                continue
            page_warnings = [w for w in warnings if f"{docname}.md" in w]
            # Registering passages is a step of publishing, not of transcribing: count them only.
            unregistered = [w for w in page_warnings if "[edition.registry]" in w
                            and "is not in" in w]
            page_warnings = [w for w in page_warnings if w not in unregistered]
            if unregistered:
                print(f"{docname}: {len(unregistered)} passages not yet in the registry "
                      f"(record them with: nox -s passages)")
            html = (Path(outdir) / f"{docname}.html").read_text(encoding="utf-8")
            page, problems = check_html(html, project / "sources" / "originals")
            if page is None and pages is None:
                continue
            if page is None:
                problems = ["not a source page: no metadata block in the built HTML"]
            for line in page_warnings + problems:
                print(f"{docname}: {line}")
            failed |= bool(page_warnings or problems)
            print(f"{docname}: {'FAILED' if page_warnings or problems else 'ok'} "
                  f"({len(page_warnings)} build warnings, {len(problems)} differences"
                  + (f", {len(page.passages)} passages" if page else "") + ")")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
