"""Stand-off annotations: notes in ``commentary/<slug>.md`` attached to exact words of a passage.

How a note reaches its words:

1. ``source-read``: the source page's text gets an ``{include}`` of its commentary file appended,
   so MyST parses the notes with the page (warnings point at ``commentary/<slug>.md:LINE``, and
   the include makes the commentary file a dependency of the page);
2. :class:`AnnotationDirective` checks each note's options and builds an :class:`annotation_note`;
3. :class:`AttachAnnotations` finds the note's passage and its quoted words (a W3C Web
   Annotation TextQuoteSelector: ``quote`` with optional ``prefix`` and ``suffix``), marks the
   words in place, puts a numbered marker after them and moves the note beside the passage;
4. the LaTeX post-transform moves each note into its marker, where it becomes a footnote.

The source's own text is never altered: marks and markers wrap or follow it.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..core import contributed
from ..core.ids import ANNOTATION_ID, nearest_passage_id
from ..core.languages import language_of
from ..core.nodes import annotation_marker, annotation_note, quote_mark
from ..core.text import foreign_characters, normalise_space, passage_text, shorten, wrap_span
from ..core.warnings_ import EditionWarning, warn

#: The kinds of note, with what each is for (shown in errors, the overview and the notes).
TYPES: dict[str, str] = {
    "correction": "a factual error in the source, corrected from reliable work",
    "discrepancy": "a point on which the sources disagree",
    "context": "what a reader needs to know to follow the passage",
    "terminology": "names, terms, transliterations, acronyms",
    "translation": "a problem of translation",
    "citation-check": "a check of the source's own citation",
    "perspective": "the standpoint from which the passage is written",
}


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


OPTIONS: dict[str, str] = {
    "passage": "the passage id, e.g. lala-2014-p012",
    "quote": "the exact words commented on",
    "prefix": "words just before the quote, where it occurs more than once",
    "suffix": "words just after the quote, where it occurs more than once",
    "type": "one of: " + ", ".join(TYPES),
    "author": "the note's author(s), separated by ';'",
    "date": "the note's date, YYYY-MM-DD",
}


#: ``:name: value`` at the start of a note: the option lines the directive reads itself.
_OPTION_LINE = re.compile(r"^:(?P<name>[^:\s]+):(?:[ \t]+(?P<value>.*?))?[ \t]*$")


class AnnotationDirective(SphinxDirective):
    """One note: ``:::{annotation} <id>`` with passage, quote, type, author and date options."""

    required_arguments = 0
    optional_arguments = 1
    has_content = True
    #: No spec: MyST then leaves the option lines in the content and the directive reads them
    #: itself (:meth:`_read_options`), verbatim. MyST would read a value such as
    #: ``"Legality" party`` as a broken YAML string and drop every option of the note; and a
    #: misspelt option gets an error that points at the commentary file and names the option.
    option_spec: ClassVar[dict[str, Any] | None] = None

    def run(self) -> list[nodes.Node]:
        self._problem_line: int | None = None  # the content line of a problem, if not the note's
        problem = self._read_options() or self._problem()
        if problem:
            location = self.get_location()
            if self._problem_line is not None:  # a line of the note's content
                location = f"{self.get_source_info()[0]}:{self._file_line(self._problem_line)}"
            warn(EditionWarning.ANNOTATION, problem, location)
            if self.arguments and ANNOTATION_ID.match(self.arguments[0]):
                self.env.get_domain("edition").refuse_note(self.env.docname, self.arguments[0])
            return []
        options = self.options
        note = annotation_note(
            annotation_id=self.arguments[0], passage=options["passage"].strip(),
            quote=options["quote"], prefix=options.get("prefix", ""),
            suffix=options.get("suffix", ""), type=options["type"].strip(),
            authors=[a.strip() for a in options["author"].split(";") if a.strip()],
            date=options["date"].strip(), classes=["edition-note"])
        self.set_source_info(note)
        # each option's line in the file, for what is found wrong with it once it is placed
        note["option_lines"] = {name: self._file_line(index)
                                for name, index in self._option_lines.items()}
        note += contributed.parse(self, self.content[self._body_start:], contributed.Contribution(
            what=f"annotation '{self.arguments[0]}'", noun="a note", the="the note",
            body="a note's body", kind=EditionWarning.ANNOTATION,
            source=self.get_source_info()[0]), offset=self.content_offset + self._body_start)
        return [note]

    def _file_line(self, index: int) -> int:
        """The line in the file of the note's content line ``index``."""
        return self.get_source_info()[1] + 1 + index

    def _read_options(self) -> str | None:
        """Split the leading ``:name: value`` lines off the content into ``self.options`` (and
        the content line of each into ``self._option_lines``)."""
        self.options, self._body_start = {}, 0
        self._option_lines: dict[str, int] = {}
        lines = list(self.content)
        note = f"annotation '{self.arguments[0]}'" if self.arguments else "annotation"
        if lines and lines[0].strip() == "---":
            return (f"{note} has its options in a '---' block; write each option on its own "
                    "line as ':name: value', e.g. ':passage: lala-2014-p012'")
        for index, line in enumerate(lines):
            if not line.startswith(":") or line.startswith(":::"):
                break
            match = _OPTION_LINE.match(line)
            self._problem_line = index  # the line of a problem found here
            if match is None:
                return (f"{note} has a malformed option line «{shorten(line.strip())}»: write "
                        "':name: value', e.g. ':quote: the exact words'")
            name = match["name"]
            if name in self.options:
                return (f"{note} gives the option ':{name}:' twice (first at line "
                        f"{self._file_line(self._option_lines[name])}); keep one")
            self.options[name] = match["value"] or ""
            self._option_lines[name] = index
            self._problem_line = None
            self._body_start = index + 1
        blank = self._body_start
        while self._body_start < len(lines) and not lines[self._body_start].strip():
            self._body_start += 1
        after = self._body_start < len(lines) and _OPTION_LINE.match(lines[self._body_start])
        if self.options and self._body_start > blank and after and after["name"] in OPTIONS:
            self._problem_line = blank
            return (f"{note}: a blank line ends its options here, so ':{after['name']}:' and "
                    "what follows are read as the note's body; remove the blank line, and keep "
                    "one blank line between the last option and the body")
        return None

    def _problem(self) -> str | None:
        for option in self.options:
            if option not in OPTIONS:
                self._problem_line = self._option_lines[option]
                nearest = difflib.get_close_matches(option, list(OPTIONS), n=1)
                hint = f"did you mean ':{nearest[0]}:'? " if nearest else ""
                return (f"annotation has an unknown option ':{option}:'; {hint}the options are: "
                        + "; ".join(f":{name}: {meaning}" for name, meaning in OPTIONS.items()))
        if not self.arguments:
            return ("annotation needs an id after the directive name, e.g. "
                    "':::{annotation} lala-2014-a001'")
        annotation_id = self.arguments[0]
        foreign = foreign_characters(annotation_id)
        if foreign:
            return (f"annotation id '{annotation_id}' has a character that is not ASCII "
                    f"({foreign}): use lower-case ASCII letters, digits and hyphens, e.g. "
                    "'lala-2014-a001'")
        if not ANNOTATION_ID.match(annotation_id):
            return (f"annotation id '{annotation_id}' is malformed: use lower-case letters, "
                    f"digits and hyphens, e.g. 'lala-2014-a001'")
        slug = Path(self.get_source_info()[0]).stem
        if not re.fullmatch(rf"{re.escape(slug)}-a\d+", annotation_id):
            return (f"annotation id '{annotation_id}' does not belong to this file: the notes "
                    f"of commentary/{slug}.md have ids '{slug}-a' and a number, e.g. "
                    f"'{slug}-a001'")
        for option in ("passage", "type", "author", "date"):
            if not self.options.get(option, "").strip():
                return f"annotation '{self.arguments[0]}' needs the option ':{option}:'"
        if not self.options.get("quote", "").strip():
            self._problem_line = self._option_lines.get("quote")
            return (f"annotation '{self.arguments[0]}' has an empty quote: ':quote:' gives the "
                    f"exact words of the passage that the note comments on")
        kind = self.options["type"].strip()
        if kind not in TYPES:
            self._problem_line = self._option_lines["type"]
            return (f"annotation '{self.arguments[0]}' has unknown type '{kind}'; the types "
                    f"are: {', '.join(TYPES)}")
        date = self.options["date"].strip()
        if not _DATE.match(date) or not _valid_date(date):
            self._problem_line = self._option_lines["date"]
            return (f"annotation '{self.arguments[0]}' has date '{date}'; write the date of the "
                    f"note as YYYY-MM-DD, e.g. 2026-11-21")
        if not "".join(self.content[self._body_start:]).strip():
            return (f"annotation '{self.arguments[0]}' has no body: write the note below its "
                    f"options")
        return None


def _valid_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class AttachAnnotations(SphinxTransform):
    """Mark each note's words in its passage, number its marker and move the note there."""

    default_priority = 410  # after SourcePageTransform (400) has recorded the passages

    def apply(self, **kwargs: Any) -> None:
        notes = list(self.document.findall(annotation_note))
        if not notes:
            return
        docname = self.env.docname
        domain = self.env.get_domain("edition")
        passages = {pid: self.document.ids.get(pid) for pid in domain.passages_of(docname)}
        seen: dict[str, nodes.Element] = {}
        for note in notes:
            note.parent.remove(note)
            annotation_id = note["annotation_id"]
            if annotation_id in seen:
                warn(EditionWarning.ANNOTATION,
                     f"duplicate annotation id '{annotation_id}' (first used at line "
                     f"{seen[annotation_id].line}); every note needs its own id", note)
                continue
            seen[annotation_id] = note
            passage = passages.get(note["passage"])
            if passage is None:
                warn(EditionWarning.ANNOTATION, _unknown_passage(note, passages, domain),
                     option_location(note, "passage"))
                domain.refuse_note(docname, annotation_id)
                continue
            if not self._attach(note, passage):
                domain.refuse_note(docname, annotation_id)
            else:
                domain.add_annotation(annotation_id, {
                    "docname": docname, "passage": note["passage"], "type": note["type"],
                    "quote": normalise_space(note["quote"]), "lang": note["lang"],
                    "authors": note["authors"],
                    "date": note["date"], "line": note.line, "source": note.source,
                    "claims": sorted({xref["reftarget"][len("claim-"):]
                                      for xref in note.findall(addnodes.pending_xref)
                                      if xref.get("reftarget", "").startswith("claim-")}),
                    # tells an edit of the note from none, to rewrite the overviews only then
                    "text_digest": hashlib.sha256(note.astext().encode()).hexdigest()[:16],
                })
        placed = {note["annotation_id"]: note for note in self.document.findall(annotation_note)}
        for number, marker in enumerate(self.document.findall(annotation_marker), start=1):
            marker["number"] = number
            if marker["annotation_id"] in placed:
                placed[marker["annotation_id"]]["number"] = number
                domain.data["annotations"][marker["annotation_id"]]["number"] = number
        _order_notes(placed.values())

    def _attach(self, note: annotation_note, passage: nodes.Element) -> bool:
        text, segments = passage_text(passage)
        quote = normalise_space(note["quote"])
        prefix, suffix = normalise_space(note["prefix"]), normalise_space(note["suffix"])
        starts = occurrences(quote, text)
        matches = [s for s in starts if has_context(text, s, s + len(quote), prefix, suffix)]
        if not matches and starts:
            warn(EditionWarning.ANNOTATION, _context_not_found(note["passage"], quote, text,
                                                               starts, prefix, suffix),
                 option_location(note, "prefix" if prefix else "suffix"))
            return False
        if not matches:
            warn(EditionWarning.ANNOTATION,
                 f"quote not found in passage '{note['passage']}': «{shorten(quote)}»"
                 f"; the nearest text in the passage is «{nearest_text(quote, text)}»"
                 + _decomposed(quote), option_location(note, "quote"))
            return False
        if len(matches) > 1:
            places = "; ".join(f"«…{text[max(0, s - 25):s + len(quote) + 25]}…»"
                               for s in matches)
            warn(EditionWarning.ANNOTATION,
                 f"quote «{shorten(quote)}» occurs {len(matches)} times in passage "
                 f"'{note['passage']}' ({places}); add ':prefix:' (the words just before) or "
                 f"':suffix:' (the words just after) to say which", option_location(note, "quote"))
            return False
        start = matches[0]
        marks: list[quote_mark] = []

        def make_mark(inside: str) -> quote_mark:
            marks.append(quote_mark(inside, nodes.Text(inside), classes=["edition-quote"],
                                    annotation_id=note["annotation_id"]))
            return marks[-1]

        last_mark = wrap_span(segments, start, start + len(quote), make_mark)
        # the quoted words keep their language in the note's head (one language for all of them)
        languages = {language_of(mark) for mark in marks}
        note["lang"] = languages.pop() if len(languages) == 1 else ""
        marker = annotation_marker(annotation_id=note["annotation_id"], type=note["type"])
        while isinstance(last_mark.parent, quote_mark):  # overlapping quotes: after the outer mark
            last_mark = last_mark.parent
        last_mark.parent.insert(last_mark.parent.index(last_mark) + 1, marker)
        _place_note(note, passage)
        return True


def option_location(note: annotation_note, option: str) -> str | annotation_note:
    """Where a note's option is written (``file:line``), or the note, for a problem with it."""
    line = note.get("option_lines", {}).get(option)
    return f"{note.source}:{line}" if line and note.source else note


def occurrences(quote: str, text: str) -> list[int]:
    """Where ``quote`` starts in ``text``, occurrences not overlapping (as ``re.finditer`` would
    find them, without compiling a pattern for every note)."""
    starts: list[int] = []
    start = text.find(quote)
    while start != -1:
        starts.append(start)
        start = text.find(quote, start + max(len(quote), 1))
    return starts


def has_context(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    before, after = text[:start].rstrip(), text[end:].lstrip()
    return ((not prefix or before.endswith(prefix.strip()) or text[:start].endswith(prefix))
            and (not suffix or after.startswith(suffix.strip()) or text[end:].startswith(suffix)))


def distinguishing_context(text: str, quote: str, start: int) -> tuple[str, str]:
    """The fewest words just before (``prefix``) or just after (``suffix``) the occurrence of
    ``quote`` at ``start`` that tell it from its other occurrences in ``text``, as a note's
    ``:prefix:`` and ``:suffix:`` are matched (``("", "")`` when it occurs once)."""
    starts = occurrences(quote, text)
    before, after = text[:start].split(), text[start + len(quote):].split()

    def unique(prefix: str, suffix: str) -> bool:
        return [s for s in starts if has_context(text, s, s + len(quote), prefix, suffix)] == [
            start]

    if unique("", ""):
        return "", ""
    for size in range(1, max(len(before), len(after)) + 1):
        prefix, suffix = " ".join(before[-size:]), " ".join(after[:size])
        if size <= len(before) and unique(prefix, ""):
            return prefix, ""
        if size <= len(after) and unique("", suffix):
            return "", suffix
        if unique(prefix, suffix):
            return prefix, suffix
    return " ".join(before), " ".join(after)


def _context_not_found(passage: str, quote: str, text: str, starts: list[int], prefix: str,
                       suffix: str) -> str:
    """The quote is in the passage but not with its ``prefix``/``suffix``: what does stand
    around it there (as many words as the prefix or suffix has)."""
    def listed(stretches: list[str]) -> str:
        return " or ".join(f"«{shorten(s)}»" for s in dict.fromkeys(stretches))

    parts = []
    if prefix and not any(has_context(text, s, s + len(quote), prefix, "") for s in starts):
        size = len(prefix.split())
        before = [" ".join(text[:s].split()[-size:]) for s in starts]
        parts.append(f"the words just before it there are {listed(before)}, not the prefix "
                     f"«{shorten(prefix)}»")
    if suffix and not any(has_context(text, s, s + len(quote), "", suffix) for s in starts):
        size = len(suffix.split())
        after = [" ".join(text[s + len(quote):].split()[:size]) for s in starts]
        parts.append(f"the words just after it there are {listed(after)}, not the suffix "
                     f"«{shorten(suffix)}»")
    if not parts:
        parts.append("no occurrence has both the prefix and the suffix: give only the one that "
                     "says which")
    return (f"quote «{shorten(quote)}» is in passage '{passage}', but not with the given "
            f"prefix/suffix: " + "; ".join(parts))


def _place_note(note: annotation_note, passage: nodes.Element) -> None:
    """Put the note right after its passage (in the row's last cell for a table row)."""
    if isinstance(passage, nodes.row):
        passage[-1].append(note)
    elif isinstance(passage, nodes.list_item) or isinstance(passage.parent, nodes.list_item):
        (passage if isinstance(passage, nodes.list_item) else passage.parent).append(note)
    else:
        passage.parent.insert(passage.parent.index(passage) + 1, note)


def _order_notes(placed: Any) -> None:
    """Put the notes that follow one passage in the order of their markers (each note was put
    right after its passage as it came, so they stood in the reverse order of the file)."""
    parents = {id(note.parent): note.parent for note in placed if note.get("number")}
    for parent in parents.values():
        children = list(parent.children)
        slots = [i for i, child in enumerate(children) if isinstance(child, annotation_note)]
        ordered = sorted((children[i] for i in slots), key=lambda note: note.get("number", 0))
        for slot, note in zip(slots, ordered):
            children[slot] = note
        parent.children = children


def _unknown_passage(note: annotation_note, passages: dict[str, Any], domain: Any) -> str:
    wanted = note["passage"]
    message = f"unknown passage '{wanted}'"
    owner = next((p["docname"] for pid, p in domain.passages.items() if pid == wanted), None)
    if owner:
        return (f"{message} on this source: it is a passage of {owner}; a commentary file "
                f"annotates only the source it is named after")
    nearest = nearest_passage_id(wanted, passages)
    if nearest:
        return f"{message}; did you mean '{nearest}'?"
    if not passages:
        return f"{message}: this source has no passages"
    return f"{message}; this source's passages run from {min(passages)} to {max(passages)}"


def _decomposed(quote: str) -> str:
    """A hint when the quote spells a letter as a letter and a combining mark (decomposed
    Unicode, NFD), which looks the same as the text's composed letter but does not match."""
    import unicodedata

    marks = sorted({char for char in quote if unicodedata.combining(char)})
    if not marks or unicodedata.normalize("NFC", quote) == quote:
        return ""
    named = ", ".join(f"U+{ord(m):04X} {unicodedata.name(m, 'COMBINING MARK')}" for m in marks)
    return (f"; the quote spells letters as a letter and a combining mark ({named}): type the "
            "letters as single characters (Unicode NFC), as the text has them")


def nearest_text(quote: str, text: str) -> str:
    """The stretch of ``text`` most like ``quote`` (same number of words)."""
    words = text.split()
    size = max(1, len(quote.split()))
    best, best_ratio = "", -1.0
    for start in range(max(1, len(words) - size + 1)):
        candidate = " ".join(words[start:start + size])
        ratio = difflib.SequenceMatcher(None, quote.lower(), candidate.lower()).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return shorten(best)


class NotesIntoMarkers(SphinxPostTransform):
    """For LaTeX, move each note into its marker, where the writer makes it a footnote."""

    default_priority = 200
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        notes = {note["annotation_id"]: note for note in self.document.findall(annotation_note)}
        for marker in self.document.findall(annotation_marker):
            note = notes.get(marker["annotation_id"])
            if note is not None:
                note.parent.remove(note)
                marker.append(note)
