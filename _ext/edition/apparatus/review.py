"""The review log: every passage of every source read against the scholarship, and what came of it.

One YAML file per source, ``apparatus/review/<slug>.yaml`` (rules in ``apparatus/README.md``),
lists every passage of the source once: whether it has been reviewed, when, against which works of
``references.bib``, and each checkable statement it makes with its finding (confirmed, annotated
by a note or a row of the apparatus, or unverifiable, with why).

The logs are read with the other data files at the start of every build
(:func:`edition.apparatus.data.load`) and checked against the registry of published passages,
``references.bib``, the claims, the timeline and the register; the note ids they name are checked
once every page has been read (:func:`check_notes`, from ``env-check-consistency``). Each source
page shows one line computed from its log (:func:`status_paragraph`) and, in HTML, each reviewed
passage's statements in a fold after it (:func:`add_folds`; the ¶ number's dialog shows the same);
the Review page (``{review}``, :class:`ReviewDirective`) gives the counts and every unverifiable
statement with why, and in the PDF, where there are no folds, every statement passage by passage;
``python -m edition.checks.review`` prints the counts of the whole review.
"""

from __future__ import annotations

from html import escape

import dataclasses
import datetime
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core import datafile
from ..core.domain import build_state, depend_on_file, reading_order, source_title
from ..core.ids import nearest_passage_id
from ..core.nodes import annotation_note, apparatus_placeholders
from ..core.text import note_name, passage_sign, unbreakable_labels
from .bibstyle import label as bib_label

STATUSES: dict[str, str] = {
    "reviewed": "read against the scholarship, with its date, works and statements",
    "not-reviewed": "not yet read against the scholarship",
}


FINDINGS: dict[str, str] = {
    "confirmed": "the works consulted agree; no note needed",
    "annotated": "a note or a row of the apparatus handles it (named in 'by')",
    "unverifiable": "no work consulted settles it (say why in 'why')",
}


LOG_FIELDS: dict[str, str] = {
    "source": "the source's slug, as in the file name",
    "passages": "every passage of the source, once, in page order",
}


PASSAGE_FIELDS: dict[str, str] = {
    "passage": "the passage id, e.g. lala-2014-p019",
    "status": " | ".join(STATUSES),
    "date": "the ISO date of the review, e.g. \"2026-11-29\" (required when reviewed)",
    "against": "the references.bib keys of the works checked against",
    "statements": "each checkable statement of the passage ([] if none)",
}


STATEMENT_FIELDS: dict[str, str] = {
    "says": "what the passage says, in short or in its own words",
    "finding": " | ".join(FINDINGS),
    "by": "what handles it: note ids, claim:ID, timeline:DATE, register:ID",
    "why": "why it cannot be verified (required for unverifiable)",
}


#: What a reference in ``by`` may name besides a note id, with the form of the name.
REFERENCE_KINDS: dict[str, str] = {
    "claim": "claim:<id of a row of claims.yaml>",
    "timeline": "timeline:<date of an event of timeline.yaml, as written there>",
    "register": "register:<id of an entry of register.yaml>",
}


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_LABEL = re.compile(r"\((?P<id>[a-z0-9-]+-p\d{3}[a-z]?)\)=")


@dataclasses.dataclass(frozen=True)
class Statement:
    says: str
    finding: str
    by: tuple[str, ...]
    why: str
    line: int


@dataclasses.dataclass(frozen=True)
class PassageReview:
    passage: str
    status: str
    date: str
    against: tuple[str, ...]
    statements: tuple[Statement, ...]
    line: int


@dataclasses.dataclass(frozen=True)
class Log:
    """One source's review log, as far as it could be read."""

    slug: str
    path: str  #: as shown in messages, e.g. apparatus/review/lala-2014.yaml
    total: int  #: the source's passages
    passages: tuple[PassageReview, ...]

    @property
    def reviewed(self) -> list[PassageReview]:
        return [p for p in self.passages if p.status == "reviewed"]

    @property
    def statements(self) -> list[Statement]:
        return [s for p in self.reviewed for s in p.statements]

    @property
    def latest(self) -> str:
        return max((p.date for p in self.reviewed if p.date), default="")


@dataclasses.dataclass(frozen=True)
class Known:
    """What a log may refer to: the sources' passages (in page order where known) and the ids of
    the other data files."""

    passages: dict[str, list[str]]  #: slug -> passage ids
    bib_keys: dict[str, str]  #: lower-case key -> key as written
    #: the ids of each data file (``None``: the file could not be read, and references to it
    #: are not checked)
    claims: set[str] | None
    timeline: set[str] | None  #: the dates of the timeline's events, as written
    register: set[str] | None


def load(directory: Path, shown: str, known: Known) -> tuple[dict[str, Log], list[datafile.Problem]]:
    """Read every log in ``directory`` (``shown`` is its path in messages). No directory: no
    logs and no problems (a project that keeps no review log)."""
    if not directory.is_dir():
        return {}, []
    logs: dict[str, Log] = {}
    problems: list[datafile.Problem] = []
    files = {path.stem: path for path in sorted(directory.glob("*.yaml"))}
    # A log may also review a page of the editors' own at the project's top (introduction.md):
    # its passages are the page's labels <name>-pNNN, in page order, not the registry's.
    root = directory
    for _ in Path(shown).parts:
        root = root.parent
    pages = {slug: page_order(root / f"{slug}.md") for slug in files
             if slug not in known.passages and (root / f"{slug}.md").is_file()}
    pages = {slug: passages for slug, passages in pages.items() if passages}
    if pages:
        known = dataclasses.replace(known, passages={**known.passages, **pages})
    for slug, path in files.items():
        log, found = _load_one(path, f"{shown}/{path.name}", slug, known)
        problems.extend(found)
        if log is not None:
            logs[slug] = log
    for slug in sorted(set(known.passages) - set(files)):
        problems.append(datafile.Problem(f"{shown}/{slug}.yaml", 1,
                        f"no review log for source '{slug}': create {shown}/{slug}.yaml listing "
                        f"its {len(known.passages[slug])} passages (python -m edition.checks.review "
                        "--init writes one with every passage not yet reviewed)"))
    return logs, problems


def _load_one(path: Path, shown: str, slug: str,
              known: Known) -> tuple[Log | None, list[datafile.Problem]]:
    data, problems = datafile.read(path)
    if problems:
        return None, [dataclasses.replace(p, path=shown) for p in problems]

    def problem(line: int, message: str) -> None:
        problems.append(datafile.Problem(shown, line, message))

    if not isinstance(data, datafile.Record):
        problem(1, "a review log is a mapping with 'source: <slug>' and 'passages:' (see "
                   "apparatus/README.md)")
        return None, problems
    datafile.check_fields(data, LOG_FIELDS, "a review log", problem)
    if slug not in known.passages:
        nearest = difflib.get_close_matches(slug, list(known.passages), n=1)
        hint = f"did you mean '{nearest[0]}.yaml'? " if nearest else ""
        problem(1, f"'{slug}' is not a source of the edition: {hint}a review log is named after "
                   f"a source page's slug ({', '.join(sorted(known.passages))})")
        return None, problems
    if data.get("source") != slug:
        problem(data.line_of("source"), f"'source' must be '{slug}', the slug in the file's name "
                f"(it is {data.get('source')!r})")
    raw = data.get("passages")
    if not isinstance(raw, list):
        problem(data.line_of("passages"), "'passages' must be a list of '- passage: <id>' items, "
                "one for every passage of the source")
        return None, problems
    expected = known.passages[slug]
    seen: dict[str, int] = {}
    reviews: list[PassageReview] = []
    for item in raw:
        if not isinstance(item, datafile.Record):
            problem(data.line_of("passages"), "each item of 'passages' is a mapping starting "
                    "with '- passage: <id>'")
            continue
        review = _passage(item, slug, expected, seen, known, problem)
        if review is not None:
            reviews.append(review)
    missing = [passage_id for passage_id in expected if passage_id not in seen]
    if missing:
        problem(data.line_of("passages"), f"passage(s) of {slug} missing from its review log: "
                f"{_list(missing)}; every passage is listed once, with 'status: not-reviewed' "
                "until it is reviewed")
    return Log(slug, shown, len(expected), tuple(reviews)), problems


def _passage(item: datafile.Record, slug: str, expected: list[str], seen: dict[str, int],
             known: Known, problem: Any) -> PassageReview | None:
    passage_id = item.get("passage")
    datafile.check_fields(item, PASSAGE_FIELDS, f"the entry at line {item.line}", problem)
    if not isinstance(passage_id, str) or not passage_id.strip():
        problem(item.line, "each entry of 'passages' needs 'passage: <id>' (e.g. "
                f"{expected[0] if expected else slug + '-p001'})")
        return None
    what = f"passage '{passage_id}'"
    if passage_id not in expected:
        nearest = nearest_passage_id(passage_id, expected, cutoff=0.8)
        hint = f"did you mean '{nearest}'? " if nearest else ""
        span = f" ({expected[0]} to {expected[-1]})" if expected else ""
        problem(item.line_of("passage"), f"{what} is not a passage of {slug}: {hint}the log "
                f"lists the passages of sources/{slug}.md{span}, as recorded in "
                "sources/passages.json")
        return None
    if passage_id in seen:
        problem(item.line_of("passage"), f"{what} is listed twice (first at line "
                f"{seen[passage_id]}); list each passage once")
        return None
    seen[passage_id] = item.line_of("passage")
    status = item.get("status")
    if status not in STATUSES:
        problem(item.line_of("status"), f"status {_shown(status)} of {what} is not one of the "
                f"defined ones: {', '.join(STATUSES)}")
        return None
    reviewed = status == "reviewed"
    date = item.get("date", "")
    if reviewed and not date:
        problem(item.line_of("status"), f"{what} is reviewed but has no 'date': give the ISO "
                "date of the review, e.g. date: \"2026-11-29\"")
    elif date:
        date = _check_date(date, what, item.line_of("date"), problem)
    against = _strings(item, "against", what, problem)
    for key in against:
        if key.lower() not in known.bib_keys:
            nearest = difflib.get_close_matches(key.lower(), list(known.bib_keys), n=1)
            hint = f"did you mean '{known.bib_keys[nearest[0]]}'? " if nearest else ""
            problem(item.line_of("against"), f"unknown references.bib key '{key}' in 'against' "
                    f"of {what}: {hint}name the works checked against by their keys in "
                    "references.bib")
    raw = item.get("statements", [])
    if reviewed and "statements" not in item:
        problem(item.line_of("status"), f"{what} is reviewed but has no 'statements': list each "
                "checkable statement it makes, or write 'statements: []' if it makes none")
    if not isinstance(raw, list):
        problem(item.line_of("statements"), f"'statements' of {what} must be a list of "
                "'- says: ...' items")
        raw = []
    statements = tuple(s for s in (_statement(entry, what, item, known, problem) for entry in raw)
                       if s is not None)
    return PassageReview(passage_id, status, date, tuple(against), statements, item.line)


def _statement(entry: Any, what: str, item: datafile.Record, known: Known,
               problem: Any) -> Statement | None:
    if not isinstance(entry, datafile.Record):
        problem(item.line_of("statements"), f"each statement of {what} is a mapping starting "
                "with '- says: ...'")
        return None
    datafile.check_fields(entry, STATEMENT_FIELDS, f"a statement of {what}", problem)
    says = entry.get("says")
    if not isinstance(says, str) or not says.strip():
        problem(entry.line, f"a statement of {what} needs 'says': what the passage says")
        says = ""
    finding = entry.get("finding")
    if finding not in FINDINGS:
        problem(entry.line_of("finding"), f"finding {_shown(finding)} of a statement of {what} "
                f"is not one of the defined ones: {', '.join(FINDINGS)}")
        return None
    by = _strings(entry, "by", f"a statement of {what}", problem)
    why = entry.get("why", "")
    if finding == "annotated" and not by:
        problem(entry.line_of("finding"), f"an annotated statement of {what} needs 'by': the "
                "note ids (or claim:ID, timeline:DATE, register:ID) that handle it")
    if finding == "unverifiable" and not (isinstance(why, str) and why.strip()):
        problem(entry.line_of("finding"), f"an unverifiable statement of {what} needs 'why': "
                "what was consulted and why it does not settle the point")
    for reference in by:
        message = _check_reference(reference, known, f"in 'by' of a statement of {what}")
        if message:
            problem(entry.line_of("by"), message)
    return Statement(says.strip(), finding, tuple(by), why.strip() if isinstance(why, str) else "",
                     entry.line_of("by"))


def _check_reference(reference: str, known: Known, where: str) -> str | None:
    """What is wrong with a ``by`` reference to a row of the apparatus (note ids are checked
    later, once every page is read)."""
    kind, sep, target = reference.partition(":")
    if not sep:
        return None  # a note id
    pools = {"claim": known.claims, "timeline": known.timeline, "register": known.register}
    if kind not in pools:
        return (f"unknown kind of reference '{reference}' {where}: 'by' names note ids or "
                f"{', '.join(REFERENCE_KINDS.values())}")
    if pools[kind] is None or target in pools[kind]:
        return None
    nearest = difflib.get_close_matches(target, sorted(pools[kind]), n=1)
    hint = f"did you mean '{kind}:{nearest[0]}'? " if nearest else ""
    return f"unknown {kind} '{target}' {where}: {hint}write {REFERENCE_KINDS[kind]}"


def check_notes(logs: dict[str, Log], notes: Iterable[str]) -> list[datafile.Problem]:
    """The note ids named in ``by`` that are no note of the commentary."""
    notes = set(notes)
    problems = []
    for log in logs.values():
        for review in log.passages:
            for statement in review.statements:
                for reference in statement.by:
                    if ":" in reference or reference in notes:
                        continue
                    nearest = difflib.get_close_matches(reference, sorted(notes), n=1, cutoff=0.8)
                    hint = f"did you mean '{nearest[0]}'? " if nearest else ""
                    problems.append(datafile.Problem(log.path, statement.line,
                        f"unknown note '{reference}' in 'by' of a statement of passage "
                        f"'{review.passage}': {hint}'by' names the ids of notes in commentary/ "
                        f"(e.g. {review.passage.rsplit('-p', 1)[0]}-a001), or "
                        f"{', '.join(REFERENCE_KINDS.values())}"))
    return problems


def _check_date(value: Any, what: str, line: int, problem: Any) -> str:
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        problem(line, f"date {_shown(value)} of {what} is not in ISO form: write it as "
                "\"YYYY-MM-DD\", e.g. date: \"2026-11-29\"")
        return ""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        problem(line, f"date '{text}' of {what} is not a real date; give the day of the review "
                "as \"YYYY-MM-DD\"")
        return ""
    return text


def _strings(record: datafile.Record, key: str, what: str, problem: Any) -> list[str]:
    value = record.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problem(record.line_of(key), f"'{key}' of {what} must be a list of ids, e.g. "
                f"{key}: [one, two]")
        return []
    return [v.strip() for v in value]


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value) if value is not None else "(none)"


def _list(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def page_order(page: Path) -> list[str]:
    """The passage ids of a source page, in the order of the page."""
    return list(dict.fromkeys(_LABEL.findall(page.read_text(encoding="utf-8"))))


def breakdown(statements: Iterable[Statement]) -> dict[str, int]:
    """How many statements have each finding, in the order of :data:`FINDINGS`."""
    counts = dict.fromkeys(FINDINGS, 0)
    for statement in statements:
        counts[statement.finding] += 1
    return counts


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def status_line(log: Log) -> str:
    """``Reviewed against the scholarship: 24 of 24 passages (29 November 2026) · 41 statements:
    12 confirmed, 20 annotated, 9 unverifiable``: what the review found, not only how much it
    read (an unverifiable statement is read, not verified)."""
    reviewed = len(log.reviewed)
    line = f"Reviewed against the scholarship: {reviewed} of {log.total} passages"
    if log.latest:
        day = datetime.date.fromisoformat(log.latest)
        line += f" ({day.day} {day:%B} {day.year})"
    if reviewed:
        counts = breakdown(log.statements)
        line += (f" · {_plural(len(log.statements), 'statement')}: "
                 + ", ".join(f"{count} {finding}" for finding, count in counts.items()))
    return line


def source_status(app: Any, env: Any, slug: str) -> Any:
    """``edition-source-status``: the review log's line under a source page's front matter."""
    return status_paragraph(env, slug)


def status_paragraph(env: Any, slug: str) -> Any:
    """The line for a source page (a paragraph of class ``edition-review-status``), or ``None``
    when the project keeps no log for it. The page is read again when its log changes."""
    logs: dict[str, Log] = build_state(env).reviews
    log = logs.get(slug)
    directory = Path(env.srcdir) / env.config.edition_review_dir
    if directory.is_dir():
        depend_on_file(env, directory / f"{slug}.yaml")
    if log is None:
        return None
    text = status_line(log)
    return nodes.paragraph(text, text, classes=["edition-review-status"])


# --- the review where the passage is read ------------------------------------------------------

class review_fold(nodes.General, nodes.Element):
    """A reviewed passage's statements and findings, written after the passage in HTML as a
    ``<details>`` of class ``edition-editorial``. It has no children: its markup is in ``html``,
    so that no reading text, search index or note ever sees its words."""


def visit_review_fold_html(self: Any, node: review_fold) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def skip_node(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


FINDING_LABELS = {"confirmed": "Confirmed", "annotated": "Annotated",
                  "unverifiable": "Unverifiable"}


def _counts_text(statements: Iterable[Statement]) -> str:
    """``3 statements: 1 confirmed, 2 annotated`` (findings with none left out)."""
    statements = list(statements)
    if not statements:
        return "no checkable statement"
    counts = breakdown(statements)
    return (f"{_plural(len(statements), 'statement')}: "
            + ", ".join(f"{count} {finding}" for finding, count in counts.items() if count))


def _day(date: str) -> str:
    day = datetime.date.fromisoformat(date)
    return f"{day.day} {day:%B} {day.year}"


class _Targets:
    """Where the things a statement's ``by`` names are, seen from one page: (label, uri)."""

    def __init__(self, app: Any, docname: str) -> None:
        self.app, self.docname = app, docname
        self.domain = app.env.get_domain("edition")
        self.state = build_state(app.env)
        self.html = app.builder.format == "html"

    def _uri(self, target_doc: str | None, anchor: str) -> str | None:
        if target_doc is None:
            return None
        if self.html and target_doc == self.docname:
            return f"#{anchor}"
        try:
            return f"{self.app.builder.get_relative_uri(self.docname, target_doc)}#{anchor}"
        except Exception:  # a page this builder does not write (NoUri)
            return None

    def _page(self, key: str) -> str | None:
        pages = sorted(self.domain.data[key])
        return pages[0] if pages else None

    def work(self, key: str) -> tuple[str, str | None]:
        """A work of references.bib by the label the text cites it with ("Hoxha, 1980b"),
        linked to its entry in the bibliography."""
        if "cite" not in self.app.env.domains:
            return key, None
        cite = self.app.env.get_domain("cite")
        entry = cite.bibdata.data.entries.get(key)
        citation = next((c for c in cite.citations if c.key == key), None)
        return (bib_label(entry) if entry is not None else key,
                self._uri(citation.bibliography_key.docname, citation.citation_id)
                if citation is not None else None)

    def passage(self, passage_id: str) -> tuple[str, str | None]:
        record = self.domain.passages.get(passage_id, {})
        slug, _, number = passage_id.rpartition("-p")
        if not record and slug in self.app.env.found_docs:  # a page of the editors' own: its
            # paragraphs are labelled, not numbered
            return f"{slug}, paragraph {int(number[:3])}", self._uri(slug, passage_id)
        return (f"{slug} {passage_sign(record.get('number', '?'))}",
                self._uri(record.get("docname"), passage_id))

    def reference(self, reference: str) -> tuple[str, str | None]:
        kind, sep, target = reference.partition(":")
        if not sep:
            note = self.domain.data["annotations"].get(reference, {})
            if self.html:
                label = note_name(note["number"]) if note.get("number") else f"note {reference}"
                return label, self._uri(note.get("docname"), reference)
            # the PDF numbers its footnotes itself: name the note by its words
            quote = note.get("quote", "")
            short = quote if len(quote) <= 40 else quote[:39] + "…"
            return (f"the note on «{short}»" if quote else f"note {reference}"), None
        if kind == "claim":
            claim = self.state.claims.get(target)
            point = claim.point if claim is not None else target
            return f"claims: {point}", self._uri(self._page("claims_pages"), f"claim-{target}")
        if kind == "timeline":
            # the PDF's timeline is a table, whose rows are no link targets
            return f"timeline, {target}", (self._uri(self._page("timeline_pages"),
                                                    f"event-{target}") if self.html else None)
        register = self.state.register
        entry = register.entries.get(target) if register is not None else None
        name = entry.name if entry is not None else target
        return f"register: {name}", self._uri(self._page("register_pages"), f"term-{target}")


#: Words of another language in a statement or a reason, marked as in the edition's other texts
#: (``[Zëri i Popullit]{.language-sq}``): shown with their language, the rest as plain text.
_LANGUAGE_SPAN = re.compile(r"\[([^\[\]]+)\]\{\.language-([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\}")


def marked(text: str) -> list[tuple[str, str]]:
    """A statement's text as pieces (words, language); language "" for the text's own."""
    pieces: list[tuple[str, str]] = []
    at = 0
    for match in _LANGUAGE_SPAN.finditer(text):
        if match.start() > at:
            pieces.append((text[at:match.start()], ""))
        pieces.append((match.group(1), match.group(2)))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], ""))
    return pieces


def marked_html(text: str) -> str:
    """:func:`marked` as HTML: every piece escaped, another language's in a ``lang`` span."""
    return "".join(f'<span lang="{language}">{escape(words)}</span>' if language
                   else escape(words) for words, language in marked(text))


def marked_nodes(text: str) -> list[nodes.Node]:
    """:func:`marked` as nodes (the writers give a ``language-`` class its ``lang``)."""
    return [nodes.inline(words, words, classes=[f"language-{language}"]) if language
            else nodes.Text(words) for words, language in marked(text)]


def _link_html(label: str, uri: str | None) -> str:
    return (f'<a href="{escape(uri)}">{escape(label)}</a>' if uri else escape(label))


def fold_html(review: PassageReview, number: str, targets: _Targets) -> str:
    """The fold of one reviewed passage (see :class:`review_fold`)."""
    items = []
    for statement in review.statements:
        parts = [f'<span class="edition-finding">{FINDING_LABELS[statement.finding]}</span> ',
                 unbreakable_labels(marked_html(statement.says))]
        if statement.finding == "annotated":
            links = ", ".join(_link_html(*targets.reference(r)) for r in statement.by)
            parts.append(f' <span class="edition-review-by">(handled by {links})</span>')
        elif statement.finding == "unverifiable":
            why = unbreakable_labels(marked_html(statement.why))
            parts.append(f' <span class="edition-review-why">Why: {why}</span>')
        items.append(f'<li class="edition-finding-{statement.finding}">{"".join(parts)}</li>')
    when = f"Read against the scholarship on {_day(review.date)}" if review.date else "Reviewed"
    # the works by the labels the text cites them with, linked to the bibliography
    # (each as the text's citations are marked: a label of references.bib, in no one language)
    works = ("; ".join(f'<span class="bibtex-citation">{_link_html(*targets.work(key))}</span>'
                       for key in review.against) if review.against else "")
    statements = (f'<ul class="edition-review-statements">{"".join(items)}</ul>' if items else "")
    return (f'<details class="edition-editorial edition-review" data-passage="{review.passage}">'
            f"<summary>Review of {passage_sign(escape(number))}: "
            f"{escape(_counts_text(review.statements))}"
            f"</summary>{statements}"
            f'<p class="edition-review-meta">{escape(when)}'
            f'{", against " + works if works else ""}.</p></details>\n')


def add_folds(app: Any, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (HTML, late: after every handler that reads a passage's text): after
    each reviewed passage of a source page (after its notes; at the end of a list item's or a
    table row's last cell), a fold with its statements and findings."""
    if app.builder.format != "html":
        return
    domain = app.env.get_domain("edition")
    slug = domain.sources.get(docname)
    log = build_state(app.env).reviews.get(slug) if slug else None
    if log is None:
        return
    targets = _Targets(app, docname)
    wanted = {review.passage: review for review in log.reviewed}
    for node in list(doctree.findall(nodes.Element)):
        passage_id = next((i for i in node["ids"] if i in wanted), None)
        if passage_id is None:
            continue
        review = wanted.pop(passage_id)
        number = str(domain.passages.get(passage_id, {}).get("number", "?"))
        # editorial: every reader of the reading text (TEI, plain text, search) passes it by
        fold = review_fold(html=fold_html(review, number, targets), classes=["edition-editorial"])
        if isinstance(node, nodes.row) and len(node):
            node[-1] += fold
        elif isinstance(node, nodes.list_item) or node.parent is None:
            node += fold
        else:
            parent = node.parent
            index = parent.index(node) + 1
            while index < len(parent) and isinstance(parent[index], annotation_note):
                index += 1
            parent.insert(index, fold)


# --- the Review page -------------------------------------------------------------------------

class review_overview(nodes.General, nodes.Element):
    """Placeholder of the Review page's body; filled when the page is written."""


class ReviewDirective(SphinxDirective):
    """``{review}``: the counts of the review by source, every unverifiable statement with why,
    by source; in the PDF also every statement, passage by passage (the PDF has no folds)."""

    def run(self) -> list[nodes.Node]:
        directory = Path(self.env.srcdir) / self.config.edition_review_dir
        for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
            self.env.note_dependency(str(path))
        # rewritten when a source page's notes change (it names them)
        self.env.get_domain("edition").data["overviews"].add(self.env.docname)
        return [review_overview()]


def _paragraph(*parts: nodes.Node | str, classes: list[str] | None = None) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=classes or [])
    for part in parts:
        paragraph += marked_nodes(part) if isinstance(part, str) else part
    return paragraph


def _reference(label: str, uri: str | None) -> nodes.Node:
    if uri is None:
        return nodes.Text(label)
    return nodes.reference(label, label, refuri=uri, internal=True)


def fill_overview(app: Any, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the Review page's counts and lists, from the logs."""
    placeholders = apparatus_placeholders(app.env, doctree, docname, review_overview)
    if not placeholders:
        return
    domain = app.env.get_domain("edition")
    logs: dict[str, Log] = build_state(app.env).reviews
    targets = _Targets(app, docname)
    # the editors' own pages that are reviewed (the introduction) first, then the sources
    source_slugs = set(domain.sources.values())
    pages = [(slug, app.env.titles[slug].astext()) for slug in sorted(logs)
             if slug not in source_slugs and slug in app.env.titles]
    sources = pages + [(domain.sources[doc], source_title(domain, doc))
                       for doc in reading_order(app.env) if domain.sources[doc] in logs]
    everything = [s for slug, _ in sources for s in logs[slug].statements]
    total = breakdown(everything)
    def counts_line(name: str, reviewed: int, passages: int, statements: list[Statement]) -> str:
        counts = breakdown(statements)
        return (f"{name}: {reviewed} of {passages} passages reviewed · "
                f"{_plural(len(statements), 'statement')}: "
                + ", ".join(f"{count} {finding}" for finding, count in counts.items()))

    # a list, not a table: a table of six columns is wider than a phone
    counts = nodes.bullet_list(classes=["edition-review-counts"])
    for slug, _ in sources:
        log = logs[slug]
        line = counts_line(slug, len(log.reviewed), log.total, log.statements)
        counts += nodes.list_item("", nodes.paragraph(line, line))
    line = counts_line("In all", sum(len(logs[s].reviewed) for s, _ in sources),
                       sum(logs[s].total for s, _ in sources), everything)
    counts += nodes.list_item("", nodes.paragraph(line, line))
    content: list[nodes.Node] = [
        _paragraph(f"{_plural(len(everything), 'statement')} checked in the review: "
                   + ", ".join(f"{count} {finding}" for finding, count in total.items()) + ".",
                   classes=["edition-review-total"]),
        counts,
        nodes.rubric("Unverifiable statements, by text", "Unverifiable statements, by text"),
    ]
    for slug, title in sources:
        unverifiable = [(review, s) for review in logs[slug].reviewed for s in review.statements
                        if s.finding == "unverifiable"]
        heading = f"{title} ({slug}): {_plural(len(unverifiable), 'unverifiable statement')}"
        section = nodes.container(classes=["edition-review-source"], ids=[f"review-{slug}"])
        section += _paragraph(nodes.strong(heading, heading), classes=["edition-review-heading"])
        items = nodes.bullet_list(classes=["edition-review-unverifiable"])
        for review, statement in unverifiable:
            items += nodes.list_item("", _paragraph(
                _reference(*targets.passage(review.passage)), ": ",
                unbreakable_labels(statement.says), nodes.Text(". "),
                nodes.emphasis("Why: ", "Why: "), unbreakable_labels(statement.why)))
        if unverifiable:
            section += items
        content.append(section)
    if app.builder.format == "latex":
        content.extend(_every_statement(sources, logs, targets))
    for placeholder in placeholders:
        placeholder.replace_self([node.deepcopy() for node in content])


def _every_statement(sources: list[tuple[str, str]], logs: dict[str, Log],
                     targets: _Targets) -> list[nodes.Node]:
    """For the PDF: every statement of every reviewed passage, with its finding."""
    title = "Every statement, passage by passage"
    result: list[nodes.Node] = [nodes.rubric(title, title), _paragraph(
        "The HTML edition shows these under each passage; the PDF prints them here, so that "
        "the text reads without them.")]
    for slug, source in sources:
        heading = f"{source} ({slug})"
        result.append(_paragraph(nodes.strong(heading, heading)))
        items = nodes.bullet_list()
        for review in logs[slug].reviewed:
            item = nodes.list_item()
            item += _paragraph(_reference(*targets.passage(review.passage)), ": ",
                               _counts_text(review.statements),
                               f" (read on {_day(review.date)})." if review.date else ".")
            if review.statements:
                inner = nodes.bullet_list()
                for statement in review.statements:
                    parts: list[nodes.Node | str] = [
                        nodes.emphasis(statement.finding, statement.finding), ": ",
                        unbreakable_labels(statement.says)]
                    if statement.finding == "annotated":
                        parts.append(" (handled by ")
                        for number, reference in enumerate(statement.by):
                            if number:
                                parts.append(", ")
                            parts.append(_reference(*targets.reference(reference)))
                        parts.append(")")
                    elif statement.finding == "unverifiable":
                        parts.append(f"; why: {unbreakable_labels(statement.why)}")
                    inner += nodes.list_item("", _paragraph(*parts))
                item += inner
            items += item
        result.append(items)
    return result
