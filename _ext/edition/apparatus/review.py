"""The review log: every passage of every source read against the scholarship, and what came of it.

One YAML file per source, ``apparatus/review/<slug>.yaml`` (rules in ``apparatus/README.md``),
lists every passage of the source once: whether it has been reviewed, when, against which works of
``references.bib``, and each checkable statement it makes with its finding (confirmed, annotated
by a note or a row of the apparatus, or unverifiable, with why).

The logs are read with the other data files at the start of every build
(:func:`edition.apparatus.data.load`) and checked against the registry of published passages,
``references.bib``, the claims, the timeline and the register; the note ids they name are checked
once every page has been read (:func:`check_notes`, from ``env-check-consistency``). Each source
page shows one line computed from its log (:func:`status_paragraph`), and
``python -m edition.checks.review`` prints the counts of the whole review.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes

from ..core import datafile
from ..core.domain import build_state

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
    claims: set[str]
    timeline: set[str]  #: the dates of the timeline's events, as written
    register: set[str]


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
        nearest = difflib.get_close_matches(passage_id, expected, n=1, cutoff=0.8)
        hint = f"did you mean '{nearest[0]}'? " if nearest else ""
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
    if target in pools[kind]:
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


def status_line(log: Log) -> str:
    """``Reviewed against the scholarship: 24 of 24 passages (29 November 2026) · 41 statements
    checked``"""
    reviewed = len(log.reviewed)
    line = f"Reviewed against the scholarship: {reviewed} of {log.total} passages"
    if log.latest:
        day = datetime.date.fromisoformat(log.latest)
        line += f" ({day.day} {day:%B} {day.year})"
    if reviewed:
        count = len(log.statements)
        line += f" · {count} statement{'s' if count != 1 else ''} checked"
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
        env.note_dependency(str(directory / f"{slug}.yaml"))
    if log is None:
        return None
    text = status_line(log)
    return nodes.paragraph(text, text, classes=["edition-review-status"])
