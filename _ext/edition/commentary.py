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
import os
import re
from pathlib import Path
from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole

from . import contributed, datafile, metadata
from .nodes import (annotation_marker, annotation_note, apparatus_placeholders, quote_mark,
                    replace_child)
from .languages import check_text as check_language_marks
from .languages import language_of
from .text import foreign_characters, normalise_space
from .warnings_ import EditionWarning, warn

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
ANNOTATION_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def commentary_path(env: BuildEnvironment, slug: str) -> Path:
    return Path(env.srcdir) / env.config.edition_commentary_dir / f"{slug}.md"


# --- reading: include the commentary file ------------------------------------------------------

def include_commentary(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: append the page's commentary file, if it has one, to a source page (as
    a :class:`CommentaryDirective`). A commentary file that is a symbolic link, is too large, is
    not UTF-8 or starts with a byte-order mark is reported at its own line, and not read."""
    if not docname.startswith("sources/") or not metadata.has_source_record(source[0]):
        return
    slug = docname.rsplit("/", 1)[-1]
    path = commentary_path(app.env, slug)
    domain = app.env.get_domain("edition")
    present = datafile.exists(path)
    domain.data["commentary"][docname] = str(path) if present else None
    if not present:
        return
    app.env.note_dependency(str(path))
    shown = f"{app.config.edition_commentary_dir}/{path.name}"
    _, problems = datafile.read_text(path, shown, datafile.MAX_COMMENTARY_BYTES)
    for problem in problems:
        warn(EditionWarning.ANNOTATION, problem.message, f"{path}:{problem.line}")
    if not problems:
        source[0] += f"\n\n```{{edition-commentary}} {shown}\n```\n"


class CommentaryDirective(SphinxDirective):
    """``{edition-commentary} commentary/<slug>.md``, appended to a source page: parse the
    page's commentary file in place, its lines reported as the commentary file's own. Only
    ``{annotation}`` is looked up in it, and every note's body goes through
    :func:`edition.contributed.parse`: no other directive, no include, no raw markup."""

    required_arguments = 1
    final_argument_whitespace = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.arguments[0]
        text, _ = datafile.read_text(path, self.arguments[0], datafile.MAX_COMMENTARY_BYTES)
        renderer = getattr(self.state, "_renderer", None)  # MyST's, as its include uses it
        if text is None or renderer is None:  # changed since source-read; or not a MyST page
            return []
        check_language_marks(text, str(path))
        document, reporter = renderer.document, renderer.reporter
        saved = (document["source"], reporter.source,
                 getattr(reporter, "get_source_and_line", None))
        contribution = contributed.Contribution(
            what=self.arguments[0], noun="a commentary file", the="each note",
            body="a commentary file", kind=EditionWarning.ANNOTATION, source=str(path))
        try:
            document["source"] = reporter.source = str(path)
            reporter.get_source_and_line = lambda line=None: (str(path), line)
            with contributed.refusing(document, contribution, allowed_directives=("annotation",)):
                renderer.nested_render_text(text, 0)
        finally:
            document["source"], reporter.source = saved[0], saved[1]
            if saved[2] is not None:
                reporter.get_source_and_line = saved[2]
            else:
                del reporter.get_source_and_line
        return []


def outdated_by_new_commentary(app: Sphinx, env: BuildEnvironment, added: set[str],
                               changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: a source page whose commentary file appeared since it was read."""
    domain = env.get_domain("edition")
    return [docname for docname, included in domain.data["commentary"].items()
            if included is None and docname in env.found_docs
            and commentary_path(env, docname.rsplit("/", 1)[-1]).is_file()]


def check_commentary_files(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: every file in the commentary folder must be the commentary of a
    source page, ``<slug>.md`` right in the folder; anything else would silently not be read."""
    folder = Path(env.srcdir) / app.config.edition_commentary_dir
    refused = getattr(app, "_edition_refused_pages", set())  # reported: not read
    sources = sorted(d.rsplit("/", 1)[-1] for d in env.found_docs | refused
                     if d.startswith("sources/"))
    shown_folder = app.config.edition_commentary_dir
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        shown = f"{shown_folder}/{path.name}"
        if path.name.startswith(".") and not path.is_symlink():
            continue  # .gitkeep and the like
        if path.is_dir() and not path.is_symlink():
            warn(EditionWarning.ANNOTATION,
                 f"'{shown}/' is a folder: the notes in it would not be read; a commentary file "
                 f"is {shown_folder}/<slug>.md, named after its source (sources: "
                 f"{', '.join(sources)})", f"{path}:1")
        elif path.suffix != ".md":
            warn(EditionWarning.ANNOTATION,
                 f"'{shown}' is not a commentary file and would not be read: a commentary file "
                 f"is {shown_folder}/<slug>.md, named after its source (sources: "
                 f"{', '.join(sources)})", f"{path}:1")
        elif path.stem not in sources:
            nearest = difflib.get_close_matches(path.stem, sources, n=1)
            hint = f"did you mean '{nearest[0]}.md'? " if nearest else ""
            warn(EditionWarning.ANNOTATION,
                 f"commentary file for unknown source '{path.stem}': {hint}a commentary file is "
                 f"named after the source it annotates; sources: {', '.join(sources)}",
                 f"{path}:1")


# --- the directive -----------------------------------------------------------------------------

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
        problem = self._read_options() or self._problem()
        if problem:
            warn(EditionWarning.ANNOTATION, problem, self.get_location())
            return []
        options = self.options
        note = annotation_note(
            annotation_id=self.arguments[0], passage=options["passage"].strip(),
            quote=options["quote"], prefix=options.get("prefix", ""),
            suffix=options.get("suffix", ""), type=options["type"].strip(),
            authors=[a.strip() for a in options["author"].split(";") if a.strip()],
            date=options["date"].strip(), classes=["edition-note"])
        self.set_source_info(note)
        note += contributed.parse(self, self.content[self._body_start:], contributed.Contribution(
            what=f"annotation '{self.arguments[0]}'", noun="a note", the="the note",
            body="a note's body", kind=EditionWarning.ANNOTATION,
            source=self.get_source_info()[0]), offset=self.content_offset + self._body_start)
        return [note]

    def _read_options(self) -> str | None:
        """Split the leading ``:name: value`` lines off the content into ``self.options``."""
        self.options, self._body_start = {}, 0
        lines = list(self.content)
        note = f"annotation '{self.arguments[0]}'" if self.arguments else "annotation"
        if lines and lines[0].strip() == "---":
            return (f"{note} has its options in a '---' block; write each option on its own "
                    "line as ':name: value', e.g. ':passage: lala-2014-p012'")
        for index, line in enumerate(lines):
            if not line.startswith(":") or line.startswith(":::"):
                break
            match = _OPTION_LINE.match(line)
            if match is None:
                return (f"{note} has a malformed option line «{_shorten(line.strip())}»: write "
                        "':name: value', e.g. ':quote: the exact words'")
            name = match["name"]
            if name in self.options:
                return f"{note} gives the option ':{name}:' twice; keep one"
            self.options[name] = match["value"] or ""
            self._body_start = index + 1
        while self._body_start < len(lines) and not lines[self._body_start].strip():
            self._body_start += 1
        return None

    def _problem(self) -> str | None:
        for option in self.options:
            if option not in OPTIONS:
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
            return (f"annotation '{self.arguments[0]}' has an empty quote: ':quote:' gives the "
                    f"exact words of the passage that the note comments on")
        kind = self.options["type"].strip()
        if kind not in TYPES:
            return (f"annotation '{self.arguments[0]}' has unknown type '{kind}'; the types "
                    f"are: {', '.join(TYPES)}")
        date = self.options["date"].strip()
        if not _DATE.match(date) or not _valid_date(date):
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


# --- a commentary file holds notes and nothing else ----------------------------------------------

class CommentaryHoldsOnlyNotes(SphinxTransform):
    """Remove, with an error at its line, whatever a commentary file has outside its notes: it
    would otherwise be added to the source page (text, headings, raw HTML or script)."""

    default_priority = 399  # before SourcePageTransform (400) numbers the page's blocks

    def apply(self, **kwargs: Any) -> None:
        included = self.env.get_domain("edition").data["commentary"].get(self.env.docname)
        if not included:
            return
        path = os.path.normpath(included)
        shown = os.path.relpath(path, self.env.srcdir)
        strays: list[nodes.Element] = []
        from_commentary: dict[str, bool] = {}  # by a node's source: every node has one of two

        def visit(node: nodes.Element) -> None:
            for child in node.children:
                if not isinstance(child, nodes.Element) or isinstance(child, annotation_note):
                    continue
                source = child.source
                if source and source not in from_commentary:
                    from_commentary[source] = os.path.normpath(source) == path
                if source and from_commentary[source]:
                    if not isinstance(child, (nodes.comment, nodes.system_message)):
                        strays.append(child)
                else:
                    visit(child)

        visit(self.document)
        for stray in strays:
            what = {"paragraph": "this paragraph", "raw": "this raw HTML",
                    "section": "this heading"}.get(stray.tagname, f"this {stray.tagname}")
            warn(EditionWarning.ANNOTATION,
                 f"{what} («{_shorten(normalise_space(stray.astext()), 60)}») is outside any "
                 "note: a commentary file holds only ':::{annotation}' blocks, and anything else "
                 "would be added to the source page; put it inside a note, or remove it",
                 f"{shown}:{stray.line or 1}")
            stray.parent.remove(stray)


# --- attaching notes to their words --------------------------------------------------------------

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
                warn(EditionWarning.ANNOTATION, _unknown_passage(note, passages, domain), note)
                continue
            if self._attach(note, passage):
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
        starts = _occurrences(quote, text)
        matches = [s for s in starts if _has_context(text, s, s + len(quote), prefix, suffix)]
        if not matches:
            warn(EditionWarning.ANNOTATION,
                 f"quote not found in passage '{note['passage']}': «{_shorten(quote)}»"
                 + (" with the given prefix/suffix" if starts else "")
                 + f"; the nearest text in the passage is «{_nearest(quote, text)}»"
                 + _decomposed(quote), note)
            return False
        if len(matches) > 1:
            places = "; ".join(f"«…{text[max(0, s - 25):s + len(quote) + 25]}…»"
                               for s in matches)
            warn(EditionWarning.ANNOTATION,
                 f"quote «{_shorten(quote)}» occurs {len(matches)} times in passage "
                 f"'{note['passage']}' ({places}); add ':prefix:' (the words just before) or "
                 f"':suffix:' (the words just after) to say which", note)
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
    from .sources import EDITORIAL_NODES

    pieces: list[str] = []
    segments: list[Segment] = []
    length = 0  # of the text so far
    skip = (*EDITORIAL_NODES, annotation_note, annotation_marker)

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


def _occurrences(quote: str, text: str) -> list[int]:
    """Where ``quote`` starts in ``text``, occurrences not overlapping (as ``re.finditer`` would
    find them, without compiling a pattern for every note)."""
    starts: list[int] = []
    start = text.find(quote)
    while start != -1:
        starts.append(start)
        start = text.find(quote, start + max(len(quote), 1))
    return starts


def _has_context(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    before, after = text[:start].rstrip(), text[end:].lstrip()
    return ((not prefix or before.endswith(prefix.strip()) or text[:start].endswith(prefix))
            and (not suffix or after.startswith(suffix.strip()) or text[end:].startswith(suffix)))


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
    nearest = difflib.get_close_matches(wanted, list(passages), n=1, cutoff=0.6)
    if nearest:
        return f"{message}; did you mean '{nearest[0]}'?"
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


def _shorten(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _nearest(quote: str, text: str) -> str:
    """The stretch of ``text`` most like ``quote`` (same number of words)."""
    words = text.split()
    size = max(1, len(quote.split()))
    best, best_ratio = "", -1.0
    for start in range(max(1, len(words) - size + 1)):
        candidate = " ".join(words[start:start + size])
        ratio = difflib.SequenceMatcher(None, quote.lower(), candidate.lower()).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return _shorten(best)


# --- LaTeX: notes become footnotes at their markers ----------------------------------------------

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


# --- the overview of all notes -------------------------------------------------------------------

class annotation_overview(nodes.General, nodes.Element):
    """Placeholder for the list of every note; filled in when the page is written."""


class AnnotationOverviewDirective(SphinxDirective):
    """``{annotation-overview}``: every note of the edition, grouped by source."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("edition").data["overviews"].add(self.env.docname)
        return [annotation_overview()]


class note_count(nodes.Inline, nodes.TextElement):
    """Placeholder for the number of notes on one source ("33 notes"); filled when written."""


class NoteCountRole(SphinxRole):
    """``{notes}`lala-2014```: how many notes the edition has on a source (the title page's
    cards); the page is rewritten, like the overview, when the notes change."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.env.get_domain("edition").data["overviews"].add(self.env.docname)
        node = note_count(self.rawtext, "", slug=self.text.strip())
        self.set_source_info(node)
        return [node], []


def _fill_note_counts(domain: Any, doctree: nodes.document, docname: str, env: Any) -> None:
    slugs = {slug: docname for docname, slug in domain.sources.items()}
    for placeholder in apparatus_placeholders(env, doctree, docname, note_count):
        placeholder["ids"] = []  # the count is text, not a target
        source_doc = slugs.get(placeholder["slug"])
        if source_doc is None:
            warn(EditionWarning.ANNOTATION, f"{{notes}} names no source: '{placeholder['slug']}'"
                 f"; the sources are {', '.join(sorted(slugs))}", placeholder)
            placeholder.replace_self(nodes.Text(""))
            continue
        count = len(domain.annotations_of(source_doc))
        placeholder.replace_self(nodes.Text(f"{count} note{'s' if count != 1 else ''}"))


def fill_overviews(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace each overview placeholder with the notes, by source, and
    each count of notes with its number."""
    domain = app.env.get_domain("edition")
    _fill_note_counts(domain, doctree, docname, app.env)
    annotations = domain.data["annotations"]
    for placeholder in apparatus_placeholders(app.env, doctree, docname, annotation_overview):
        content: list[nodes.Node] = []
        counts = {kind: 0 for kind in TYPES}
        for source_doc in sorted(domain.sources):
            notes = sorted(((aid, annotations[aid]) for aid in domain.annotations_of(source_doc)),
                           key=lambda item: item[1].get("number", 0))
            if not notes:
                continue
            title = app.env.titles[source_doc].astext()
            section = nodes.container(classes=["edition-overview-source"])
            heading = nodes.paragraph(classes=["edition-overview-heading"])
            heading += nodes.strong(title, title)
            heading += nodes.Text(f" ({len(notes)} notes)")
            section += heading
            items = nodes.bullet_list(classes=["edition-overview"])
            for annotation_id, note in notes:
                counts[note["type"]] += 1
                passage = domain.passages.get(note["passage"], {})
                uri = app.builder.get_relative_uri(docname, source_doc) + "#" + annotation_id
                item = nodes.list_item(classes=["edition-overview-item",
                                                f"edition-type-{note['type']}"])
                line = nodes.paragraph()
                line += nodes.inline(note["type"], note["type"], classes=["edition-note-type"])
                line += nodes.Text(f" ¶ {passage.get('number', '?')}, note "
                                   f"{note.get('number', '?')}: ")
                link = nodes.reference("", "", internal=True, refuri=uri)
                quoted = f"«{_shorten(note['quote'], 100)}»"
                link += (nodes.inline(quoted, quoted, classes=[f"language-{note['lang']}"])
                         if note.get("lang") else nodes.Text(quoted))
                line += link
                item += line
                items += item
            section += items
            content.append(section)
        summary = nodes.paragraph(classes=["edition-overview-summary"])
        total = sum(counts.values())
        summary += nodes.Text(f"{total} notes: " + ", ".join(
            f"{count} {kind}" for kind, count in counts.items() if count) if total
            else "No notes yet.")
        placeholder.replace_self([summary, *content])


def overviews_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages compiled from every source page, when what they show of a
    page read again has changed: the overviews and claims pages list the notes, the register
    pages the mentions. A page read again for a register edit leaves the overviews alone, and a
    commentary edit the register; neither rewrites a page for each source page."""
    domain = env.get_domain("edition")
    previous: dict[str, tuple[str, str]] = getattr(env, "edition_page_digests", {})
    current = {docname: digests for docname, digests in previous.items()
               if docname in domain.sources}
    for docname in getattr(app, "_edition_reread", set()) & set(domain.sources):
        notes = [domain.data["annotations"][aid] for aid in domain.annotations_of(docname)]
        current[docname] = (datafile.digest(notes),
                            datafile.digest(domain.data["mentions"].get(docname, {})))
    env.edition_page_digests = current
    changed = [(previous.get(docname, ("", "")), current.get(docname, ("", "")))
               for docname in previous.keys() | current.keys()]
    pages: set[str] = set()
    if any(before[0] != after[0] for before, after in changed):
        pages |= domain.data["overviews"]
    if any(before[1] != after[1] for before, after in changed):
        pages |= domain.data["register_pages"]
    return sorted(pages)


def remember_reread(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: note which pages this build reads (for the overviews)."""
    app._edition_reread = set(docnames)  # type: ignore[attr-defined]
    check_commentary_files(app, env, docnames)
