"""The fidelity check: every word of a received text is in its reading text, in order.

The built HTML page of a source is compared with the received file in ``sources/originals/``:

1. the page's declared omissions (line ranges, or a pattern within them) are removed from the
   original, and its declared normalisations (markup such as ``== Heading ==``) applied;
2. both texts are split into words; whitespace is never significant;
3. the two word sequences must be equal, except where a difference is whitespace only (two words
   run together in the original, split by a table cell in the edition).

Everything the editors add (numbers, notes, supplied words) carries a class from
:data:`edition.text.EDITORIAL_CLASSES` and is skipped. The declarations travel in the HTML as
``data-*`` attributes, so the check needs nothing but the built page and the originals.

Run ``python -m edition.fidelity sources/<slug>.md`` to build the edition and check pages.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path

from .text import EDITORIAL_CLASSES, fingerprint

_LINE_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")
_VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                            "meta", "source", "track", "wbr"})


# --- declarations -----------------------------------------------------------------------------

def parse_line_range(value: str) -> tuple[int, int]:
    """``"38-110"`` → (38, 110); ``"7"`` → (7, 7). Raises ValueError with a readable reason."""
    match = _LINE_RANGE.match(value or "")
    if not match:
        raise ValueError(f"'{value}' is not a line range; write 'N' or 'N-M', e.g. '38-110'")
    first, last = int(match[1]), int(match[2] or match[1])
    if first < 1 or last < first:
        raise ValueError(f"'{value}' is not a line range: lines count from 1 and the range "
                         f"must not run backwards")
    return first, last


@dataclasses.dataclass(frozen=True)
class Omission:
    """A declared omission: whole lines of the original, or a pattern within them."""

    first: int
    last: int
    pattern: str | None = None
    count: int | None = None

    def as_data(self) -> dict[str, str]:
        data = {"original-lines": f"{self.first}-{self.last}"}
        if self.pattern is not None:
            data["pattern"] = self.pattern
        if self.count is not None:
            data["count"] = str(self.count)
        return data


@dataclasses.dataclass(frozen=True)
class Normalisation:
    """A declared normalisation: a substitution on lines of the original (markup only)."""

    pattern: str
    replace: str = ""
    first: int | None = None
    last: int | None = None
    count: int | None = None

    def as_data(self) -> dict[str, str]:
        data = {"pattern": self.pattern, "replace": self.replace}
        if self.first is not None:
            data["original-lines"] = f"{self.first}-{self.last}"
        if self.count is not None:
            data["count"] = str(self.count)
        return data


@dataclasses.dataclass(frozen=True)
class Word:
    text: str
    line: int  #: line of the original (0 for words of the reading text)


Declaration = Omission | Normalisation


def expected_words(original: str, omissions: Sequence[Omission],
                   normalisations: Sequence[Normalisation]
                   ) -> tuple[list[Word], list[tuple[Declaration, str]]]:
    """The original's words after its declared omissions and normalisations.

    Returns the words, each with its line in the original, and the problems with the
    declarations themselves (a range beyond the file, a count that does not match, ...), each
    with the declaration it concerns.
    """
    lines = original.split("\n")
    problems: list[tuple[Declaration, str]] = []
    omitted_by: dict[int, int] = {}
    for index, omission in enumerate(omissions):
        label = f"omission of lines {omission.first}-{omission.last}"
        if omission.last > len(lines):
            problems.append((omission, f"{label}: the original has only {len(lines)} lines"))
            continue
        if omission.pattern is None:
            for number in range(omission.first, omission.last + 1):
                if number in omitted_by:
                    problems.append((omission, f"{label}: line {number} is already omitted "
                                                f"by another omission"))
                omitted_by[number] = index
                lines[number - 1] = ""
            continue
        matched = 0
        for number in range(omission.first, omission.last + 1):
            lines[number - 1], found = _subn(omission.pattern, "", lines[number - 1])
            matched += found
        problems.extend((omission, problem) for problem in
                        _count_problems(label, omission.pattern, matched, omission.count))

    for normalisation in normalisations:
        first = normalisation.first or 1
        last = normalisation.last or len(lines)
        label = f"normalisation '{normalisation.pattern}'"
        if last > len(lines):
            problems.append((normalisation, f"{label}: the original has only {len(lines)} lines"))
            continue
        matched = 0
        for number in range(first, last + 1):
            lines[number - 1], found = _subn(normalisation.pattern, normalisation.replace,
                                             lines[number - 1])
            matched += found
        problems.extend((normalisation, problem) for problem in
                        _count_problems(label, normalisation.pattern, matched,
                                        normalisation.count))

    words = [Word(word, number) for number, line in enumerate(lines, start=1)
             for word in line.split()]
    return words, problems


def _subn(pattern: str, replace: str, line: str) -> tuple[str, int]:
    return re.subn(pattern, replace, line)


def _count_problems(label: str, pattern: str, matched: int, expected: int | None) -> list[str]:
    if matched == 0:
        return [f"{label}: the pattern '{pattern}' matches nothing in the original; "
                f"remove the declaration or correct the pattern"]
    if expected is not None and matched != expected:
        return [f"{label}: the pattern matches {matched} times, the declaration says "
                f"{expected}; state the true count after checking every match is furniture"]
    return []


# --- comparison -------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Difference:
    """A stretch where the reading text is not the original."""

    line: int  #: line of the original where it happens
    original: str  #: the original's words there ('' when the edition adds words)
    reading: str  #: the reading text's words there ('' when the edition drops words)
    context: str  #: a few words of the original before it

    def __str__(self) -> str:
        original, reading = _shorten(self.original), _shorten(self.reading)
        if not self.reading:
            what = f"missing from the reading text: «{original}»"
        elif not self.original:
            what = f"added in the reading text: «{reading}»"
        else:
            what = f"changed: the original has «{original}», the reading text «{reading}»"
        return f"original line {self.line}: {what} (after «…{self.context}»)"


def _shorten(words: str, most: int = 24) -> str:
    """At most ``most`` words of a long stretch, with how many were left out."""
    split = words.split()
    if len(split) <= most:
        return words
    half = most // 2
    return (f"{' '.join(split[:half])} … [{len(split) - most} more words] … "
            f"{' '.join(split[-half:])}")


def compare(expected: Sequence[Word], reading: Sequence[str]) -> list[Difference]:
    """Word-by-word differences between the original and the reading text.

    A difference that disappears when whitespace is removed (words run together or split) is a
    whitespace normalisation, which the transcription policy allows.
    """
    original_words = [word.text for word in expected]
    matcher = difflib.SequenceMatcher(None, original_words, list(reading), autojunk=False)
    differences = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        original_part = original_words[i1:i2]
        reading_part = list(reading[j1:j2])
        if "".join(original_part) == "".join(reading_part):
            continue
        if i1 < len(expected):
            line = expected[i1].line
        else:
            line = expected[-1].line if expected else 0
        context = " ".join(original_words[max(0, i1 - 6):i1])
        differences.append(Difference(line, " ".join(original_part), " ".join(reading_part),
                                      context))
    return differences


# --- reading the built HTML -------------------------------------------------------------------

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


#: Any passage id of any source: ``<slug>-p<three digits>[letter]``.
PASSAGE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-p\d{3}[a-z]?$")


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


# --- command line -----------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    """Build the edition into a temporary folder and check the named source pages (or all)."""
    import argparse
    import tempfile

    from sphinx.util import console

    from .build import build_project

    parser = argparse.ArgumentParser(prog="python -m edition.fidelity", description=main.__doc__)
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
