"""The claims collation and the timeline, from ``apparatus/claims.yaml`` and ``timeline.yaml``.

Both are read once per build (with the register), checked against the registry of published
passages, and rendered by the ``{claims}`` and ``{timeline}`` directives. Each claims row is a
cross-reference target ``claim-<id>`` for the discrepancy notes, and lists the notes that link it.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..core import contributed, datafile
from ..core.domain import build_state, reading_order, source_title
from ..core.ids import DATA_ID, nearest_passage_id
from ..core.nodes import apparatus_placeholders
from ..core.text import foreign_characters, note_name, passage_sign
from ..core.warnings_ import EditionWarning
from .register import form_key


def unread_claim(app: Sphinx, env: Any, node: addnodes.pending_xref,
                 contnode: nodes.Element) -> nodes.Element | None:
    """``missing-reference``: a ``{ref}`` to a claims row (``claim-<id>``) when the claims could
    not be read at all stays unlinked text, unreported: the file's one message says what to
    mend."""
    if (node.get("reftype") == "ref" and node.get("reftarget", "").startswith("claim-")
            and "claims" in build_state(env).unread):
        return contnode
    return None


def numbered_events(events: list[Any]) -> list[tuple[int, Any]]:
    """Each event with the number of events on the same date before it (for its anchor)."""
    seen: dict[str, int] = {}
    numbered = []
    for event in events:
        numbered.append((seen.get(event.date, 0), event))
        seen[event.date] = seen.get(event.date, 0) + 1
    return numbered


def event_anchor(before: int, date: str) -> str:
    """A timeline event's anchor: ``event-1961-12-03``, then ``-2``, ``-3`` on the same date."""
    return f"event-{date}" + (f"-{before + 1}" if before else "")


CLAIM_FIELDS: dict[str, str] = {
    "id": "a stable id: lowercase letters, digits, hyphens",
    "point": "the point of fact, as a question",
    "readings": "what each source says: a list of {passage, says}",
    "assessment": "the edition's judgement, with its evidence (MyST, with citations)",
    "why-single": "why fewer than two passages speak to the point",
    "disagree": "optional: true when the readings of two or more sources contradict each other",
}


READING_FIELDS = ("passage", "says")


EVENT_FIELDS: dict[str, str] = {
    "date": "an ISO date: 1961-12-03, 1961-12 or 1961",
    "event": "the event, in one line",
    "passages": "every passage that mentions it: a list of passage ids",
    "disputed": "optional: the claims row where the sources disagree on it",
}


_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


_PASSAGE = re.compile(r"^(?P<slug>[a-z0-9-]+)-p(?P<number>\d{3})(?P<suffix>[a-z]?)$")


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


FIRST_YEAR, LAST_YEAR = 1939, 1991


@dataclasses.dataclass(frozen=True)
class Reading:
    passage: str
    says: str


@dataclasses.dataclass(frozen=True)
class Claim:
    id: str
    point: str
    readings: tuple[Reading, ...]
    assessment: str
    why_single: str
    line: int
    disagree: bool = False


@dataclasses.dataclass(frozen=True)
class Event:
    date: str
    event: str
    passages: tuple[str, ...]
    disputed: str
    line: int


def _real_date(match: re.Match[str]) -> bool:
    """Whether a date matched by ``_DATE`` is a day (or month) of the calendar."""
    import datetime

    try:
        datetime.date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
    except ValueError:
        return False
    return True


def passage_label(passage_id: str) -> str:
    """``lala-2014-p019a`` → ``lala-2014 ¶ 19a``: how a passage is named in the apparatus."""
    match = _PASSAGE.match(passage_id)
    if match is None:
        return passage_id
    return f"{match['slug']} {passage_sign(str(int(match['number'])) + match['suffix'])}"


def passage_source(passage_id: str) -> str:
    """``lala-2014-p019a`` → ``lala-2014``: the slug of a passage's source."""
    match = _PASSAGE.match(passage_id)
    return match["slug"] if match else passage_id


def display_date(value: str) -> str:
    match = _DATE.match(value)
    if match is None or not _real_date(match):
        return value
    parts = [match["day"] and str(int(match["day"])),
             match["month"] and MONTHS[int(match["month"]) - 1], match["year"]]
    return " ".join(p for p in parts if p)


def _unknown_passage(passage_id: Any, known: set[str]) -> str | None:
    if isinstance(passage_id, str) and passage_id in known:
        return None
    nearest = nearest_passage_id(str(passage_id), known, cutoff=0.8)
    hint = f"did you mean '{nearest}'? " if nearest else ""
    return (f"unknown passage '{passage_id}': {hint}passage ids are recorded in "
            "sources/passages.json (e.g. lala-2014-p019)")


def _text(record: datafile.Record, key: str, what: str, problem: Any, required: bool = True) -> str:
    value = record.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        problem(record.line_of(key), f"{what} needs '{key}' as a non-empty string")
        return ""
    return value.strip()


def load_claims(path: Path, shown: str, known: set[str]) -> tuple[dict[str, Claim],
                                                                 list[datafile.Problem]]:
    records, problems = (datafile.read_list(path, "claims", shown) if datafile.exists(path)
                         else ([], []))
    claims: dict[str, Claim] = {}

    def problem(line: int, message: str) -> None:
        problems.append(datafile.Problem(shown, line, message))

    for record in records:
        before = len(problems)
        datafile.check_fields(record, CLAIM_FIELDS, "a claims row", problem)
        claim_id = _text(record, "id", f"the claims row at line {record.line}", problem)
        what = f"claims row '{claim_id}'"
        if claim_id and not DATA_ID.match(claim_id):
            foreign = foreign_characters(claim_id)
            problem(record.line_of("id"), f"malformed claims id '{claim_id}': "
                    + (f"it has a character that is not ASCII ({foreign}); " if foreign else "")
                    + CLAIM_FIELDS["id"])
        elif claim_id in claims:
            problem(record.line_of("id"), f"duplicate claims id '{claim_id}' (first used at line "
                    f"{claims[claim_id].line})")
        point = _text(record, "point", what, problem)
        assessment = _text(record, "assessment", what, problem)
        why_single = _text(record, "why-single", what, problem, required=False)
        readings: list[Reading] = []
        raw = record.get("readings", [])
        if not isinstance(raw, list):
            problem(record.line_of("readings"), f"'readings' of {what} must be a list of "
                    "'- passage: ...' / 'says: ...' items")
            raw = []
        for item in raw:
            if not isinstance(item, datafile.Record):
                problem(record.line_of("readings"), f"each reading of {what} is a mapping with "
                        "'passage' and 'says'")
                continue
            datafile.check_fields(item, READING_FIELDS, f"a reading of {what}", problem)
            says = _text(item, "says", f"the reading at line {item.line}", problem)
            unknown = _unknown_passage(item.get("passage"), known)
            if unknown:
                problem(item.line_of("passage"), unknown)
                continue
            readings.append(Reading(item["passage"], says))
        disagree = record.get("disagree", False)
        if not isinstance(disagree, bool):
            problem(record.line_of("disagree"), f"'disagree' of {what} must be true or false")
        elif disagree and len({passage_source(r.passage) for r in readings}) < 2:
            problem(record.line_of("disagree"), f"{what} says the sources disagree, but its "
                    "readings come from fewer than two sources")
        distinct = {r.passage for r in readings}
        if len(distinct) < 2 and not why_single:
            problem(record.line, f"{what} links {len(distinct)} passage(s); a row compares at "
                    "least two passages, or says in 'why-single' why only one speaks to it")
        if len(problems) == before:
            claims[claim_id] = Claim(claim_id, point, tuple(readings), assessment, why_single,
                                     record.line, disagree is True)
    return claims, problems


def load_timeline(path: Path, shown: str, known: set[str],
                  claims: dict[str, Claim] | None) -> tuple[list[Event],
                                                            list[datafile.Problem]]:
    """The timeline's events, and its problems; ``claims`` is ``None`` when the claims could not
    be read (then the rows named in 'disputed' are not checked)."""
    records, problems = (datafile.read_list(path, "events", shown) if datafile.exists(path)
                         else ([], []))
    events: list[Event] = []

    def problem(line: int, message: str) -> None:
        problems.append(datafile.Problem(shown, line, message))

    dated: list[tuple[str, int]] = []  # (date, line) of each event with a good date
    for record in records:
        before = len(problems)
        datafile.check_fields(record, EVENT_FIELDS, "a timeline event", problem)
        date = _text(record, "date", f"the timeline event at line {record.line}", problem)
        match = _DATE.match(date)
        if date and (match is None or not _real_date(match)):
            problem(record.line_of("date"), f"malformed date '{date}': {EVENT_FIELDS['date']}"
                    + ("; there is no such day" if match else ""))
        elif match and not FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
            problem(record.line_of("date"), f"date '{date}' lies outside the timeline's span, "
                    f"{FIRST_YEAR}–{LAST_YEAR}")
        elif date:
            dated.append((date, record.line_of("date")))
        event = _text(record, "event", f"the timeline event at line {record.line}", problem)
        passages = record.get("passages", [])
        if not isinstance(passages, list) or not passages:
            problem(record.line_of("passages"), "'passages' must list at least one passage id "
                    "that mentions the event")
            passages = []
        for passage_id in passages:
            unknown = _unknown_passage(passage_id, known)
            if unknown:
                problem(record.line_of("passages"), unknown)
        disputed = _text(record, "disputed", "a timeline event", problem, required=False)
        if disputed and claims is not None and disputed not in claims:
            nearest = difflib.get_close_matches(disputed, list(claims), n=1)
            hint = f"did you mean '{nearest[0]}'? " if nearest else ""
            problem(record.line_of("disputed"), f"unknown claims row '{disputed}': {hint}"
                    "'disputed' names the id of a row in claims.yaml")
        if len(problems) == before:
            events.append(Event(date, event, tuple(passages), disputed, record.line))
    misplaced = _out_of_order(dated)
    for line, message in misplaced:
        problem(line, message)
    if misplaced:  # each event is still an event (what names it still finds it), in its place
        events.sort(key=lambda event: event.date)
        problems.sort(key=lambda found: found.line)
    return events, problems


def _out_of_order(dated: list[tuple[str, int]]) -> list[tuple[int, str]]:
    """The events out of date order (:func:`edition.core.datafile.misplaced`), each with its
    message: the date beside it that it contradicts, and where it belongs."""
    found = []
    for item in datafile.misplaced(dated):
        (other, line), before = item.against, item.against_precedes
        told = (f"is earlier than '{other}' (line {line}), which precedes it" if before
                else f"is later than '{other}' (line {line}), which follows it")
        found.append((item.line, f"date '{item.key}' {told}: keep the timeline in date order; "
                                 f"this event belongs {item.place('event')}"))
    return found


def passage_link(passage_id: str) -> addnodes.pending_xref:
    xref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=passage_id,
                                 refexplicit=True, refwarn=True)
    label = passage_label(passage_id)
    xref += nodes.inline(label, label, classes=["edition-passage-link"])
    return xref


def claim_link(claim_id: str, text: str) -> addnodes.pending_xref:
    xref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=f"claim-{claim_id}",
                                 refexplicit=True, refwarn=True)
    xref += nodes.inline(text, text)
    return xref


class claim_notes(nodes.General, nodes.Element):
    """Placeholder for the notes that link a claims row; filled in when the page is written."""


class ClaimsDirective(SphinxDirective):
    """``{claims}``: the collation of the sources' claims, one row per point of fact."""

    def run(self) -> list[nodes.Node]:
        claims: dict[str, Claim] = build_state(self.env).claims
        self.env.note_dependency(str(Path(self.env.srcdir) / self.config.edition_claims))
        domain = self.env.get_domain("edition")
        domain.data["overviews"].add(self.env.docname)
        domain.data["claims_pages"].add(self.env.docname)
        std = self.env.domains.standard_domain
        sources = build_state(self.env).source_slugs
        result: list[nodes.Node] = []
        topics: dict[str, int] = {}
        for number, claim in enumerate(claims.values(), start=1):
            node_id = f"claim-{claim.id}"
            row = nodes.container(ids=[node_id], classes=["edition-claim"])
            heading = nodes.paragraph(classes=["edition-claim-point"])
            heading += nodes.strong(f"{number}. ", f"{number}. ")
            heading += nodes.strong(claim.point, claim.point)
            row += heading
            std.labels[node_id] = (self.env.docname, node_id, claim.point)
            std.anonlabels[node_id] = (self.env.docname, node_id)
            # the synopsis: a cell per source (put in the edition's order when the page is
            # written, by order_synopsis), each with its readings, or silent
            synopsis = nodes.container(classes=["edition-synopsis"])
            by_source: dict[str, list[Reading]] = {}
            for reading in claim.readings:
                by_source.setdefault(passage_source(reading.passage), []).append(reading)
            for slug in [*sources, *[s for s in by_source if s not in sources]]:
                cell = nodes.container(classes=["edition-synopsis-cell", f"edition-source-{slug}"])
                cell += nodes.paragraph(slug, slug, classes=["edition-synopsis-source"])
                if slug not in by_source:
                    cell["classes"].append("edition-claim-silent")
                    cell += nodes.paragraph("", "Silent on this point.",
                                            classes=["edition-silence"])
                for reading in by_source.get(slug, []):
                    paragraph = nodes.paragraph(classes=["edition-claim-reading"])
                    paragraph += passage_link(reading.passage)
                    paragraph += nodes.Text(": ")
                    paragraph += self.parse_inline(reading.says, claim, "a claims reading")
                    cell += paragraph
                synopsis += cell
            row += synopsis
            if claim.disagree:
                row["classes"].append("edition-claim-disagree")
            for entry_id in _topics(self.env, claim):
                row["classes"].append(f"edition-topic-{entry_id}")
                topics[entry_id] = topics.get(entry_id, 0) + 1
            if claim.why_single:
                why = nodes.paragraph(classes=["edition-claim-why"])
                why += nodes.emphasis("Only one source: ", "Only one source: ")
                why += self.parse_inline(claim.why_single, claim, "a claims 'why-single'")
                row += why
            assessment = nodes.container(classes=["edition-claim-assessment"])
            # "1949. The ..." is a sentence that begins with a year, not a list from 1949
            text = re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", claim.assessment)
            parsed = self.parse_inline(text, claim, "a claims assessment", inline=False)
            label = [nodes.strong("Assessment.", "Assessment."), nodes.Text(" ")]
            if parsed and isinstance(parsed[0], nodes.paragraph):
                parsed[0][0:0] = label
            else:
                parsed.insert(0, nodes.paragraph("", "", *label))
            assessment += parsed
            row += assessment
            row += claim_notes(claim_id=claim.id)
            result.append(row)
        register = build_state(self.env).register
        if register is not None:  # the topics a reader can filter the rows by (HTML only)
            import json

            named = {entry_id: register.entries[entry_id].name for entry_id, count
                     in sorted(topics.items()) if count >= 2}
            data = json.dumps(named, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
            result.insert(0, nodes.raw("", f'<script type="application/json" '
                                       f'id="edition-claim-topics">{data}</script>\n',
                                       format="html"))
        return result

    def parse_inline(self, text: str, claim: Claim, noun: str,
                     inline: bool = True) -> list[nodes.Node]:
        """A field of a claims row, contributed text (see :mod:`edition.core.contributed`)."""
        return contributed.parse(self, text, contributed.Contribution(
            what=f"claims row '{claim.id}'", noun=noun, the="the text", body=noun,
            kind=EditionWarning.COLLATION, source=self.get_source_info()[0],
            location=f"{self.config.edition_claims}:{claim.line}"), inline=inline)


class TimelineDirective(SphinxDirective):
    """``{timeline}``: every dated event the sources mention, 1939–1991, with its passages."""

    def run(self) -> list[nodes.Node]:
        events: list[Event] = build_state(self.env).timeline
        self.env.note_dependency(str(Path(self.env.srcdir) / self.config.edition_timeline))
        self.env.get_domain("edition").data["timeline_pages"].add(self.env.docname)
        same_date: dict[str, int] = {}
        table = nodes.table(classes=["edition-timeline"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (18, 52, 30):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += _row([nodes.Text("Date")], [nodes.Text("Event")],
                     [nodes.Text("Sources, and how they date it")])
        claims: dict[str, Claim] = build_state(self.env).claims
        body = nodes.tbody()
        group += body
        for event in events:
            date = [nodes.Text(display_date(event.date))]
            what = contributed.parse(self, event.event, contributed.Contribution(
                what=f"the timeline event of {event.date}", noun="a timeline event",
                the="the event", body="a timeline event", kind=EditionWarning.COLLATION,
                source=self.get_source_info()[0],
                location=f"{self.config.edition_timeline}:{event.line}"), inline=True)
            if event.disputed:
                what.append(nodes.Text(" "))
                flag = claim_link(event.disputed, "(the sources differ: see the collation)")
                flag["classes"].append("edition-disputed")
                what.append(flag)
            where: list[nodes.Node] = []
            for number, passage_id in enumerate(event.passages):
                if number:
                    where.append(nodes.Text(", "))
                where.append(passage_link(passage_id))
            claim = claims.get(event.disputed)
            if claim is not None:
                # how each source dates it: the readings of the collation's row
                readings = nodes.bullet_list(classes=["edition-event-readings"])
                for reading in claim.readings:
                    item = nodes.list_item()
                    paragraph = nodes.paragraph()
                    paragraph += passage_link(reading.passage)
                    paragraph += nodes.Text(": ")
                    paragraph += ClaimsDirective.parse_inline(self, reading.says, claim,
                                                              "a claims reading")
                    item += paragraph
                    readings += item
                where.append(readings)
            row = _row(date, what, where)
            match = _DATE.match(event.date)
            if match:
                row["classes"].append(f"edition-year-{match['year']}")
            for slug in dict.fromkeys(passage_source(p) for p in event.passages):
                row["classes"].append(f"edition-source-{slug}")
            row["ids"].append(event_anchor(same_date.get(event.date, 0), event.date))
            same_date[event.date] = same_date.get(event.date, 0) + 1
            if event.disputed:
                row["classes"].append("edition-disputed-row")
            body += row
        return [table]


def _topics(env: Any, claim: Claim) -> list[str]:
    """The register entries a claims row is about: those its point names, under any form."""
    register = build_state(env).register
    if register is None or register.pattern is None:
        return []
    found = [register.by_form.get(form_key(m.group())) for m in register.pattern.finditer(claim.point)]
    return list(dict.fromkeys(f for f in found if f))


def _row(*cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        paragraph.extend(n for n in content if not isinstance(n, nodes.Body))
        entry += paragraph
        entry.extend(n for n in content if isinstance(n, nodes.Body))  # a list goes after
        row += entry
    return row


def fill_claim_notes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: under each claims row, the notes that link it."""
    placeholders = apparatus_placeholders(app.env, doctree, docname, claim_notes)
    if not placeholders:
        return
    domain = app.env.get_domain("edition")
    _order_synopsis(app, doctree)
    if app.builder.format == "latex":
        _synopsis_tables(doctree)
    by_claim: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for annotation_id, note in sorted(domain.data["annotations"].items()):
        for claim_id in note.get("claims", ()):
            by_claim.setdefault(claim_id, []).append((annotation_id, note))
    for placeholder in placeholders:
        notes = by_claim.get(placeholder["claim_id"], [])
        if not notes:
            placeholder.replace_self([])
            continue
        line = nodes.paragraph(classes=["edition-claim-notes"])
        line += nodes.Text("Notes on this point: ")
        for number, (annotation_id, note) in enumerate(notes):
            if number:
                line += nodes.Text(", ")
            uri = app.builder.get_relative_uri(docname, note["docname"]) + "#" + annotation_id
            link = nodes.reference("", "", internal=True, refuri=uri)
            link += nodes.Text(f"{passage_label(note['passage'])}, "
                               f"{note_name(note.get('number', '?'))}")
            line += link
        placeholder.replace_self(line)


def _order_synopsis(app: Sphinx, doctree: nodes.document) -> None:
    """The collation's cells in the edition's order of sources, each headed by its short title
    (the order is known only once every page is read)."""
    domain = app.env.get_domain("edition")
    order = {domain.sources[d]: n for n, d in enumerate(reading_order(app.env))}
    titles = {slug: source_title(domain, d) for d, slug in domain.sources.items()}
    for synopsis in doctree.findall(lambda n: isinstance(n, nodes.container)
                                    and "edition-synopsis" in n["classes"]):
        cells = sorted(synopsis.children, key=lambda cell: order.get(_cell_source(cell), len(order)))
        synopsis.children = []
        synopsis.extend(cells)
        for cell in cells:
            heading = cell.children[0]
            slug = _cell_source(cell)
            heading.children = []
            heading += nodes.Text(titles.get(slug, slug))


def _cell_source(cell: nodes.Element) -> str:
    return next((c[len("edition-source-"):] for c in cell["classes"]
                 if c.startswith("edition-source-")), "")


def _synopsis_tables(doctree: nodes.document) -> None:
    """The PDF's collation: each point's synopsis as a table, a row per source (a page is too
    narrow for five columns)."""
    for synopsis in list(doctree.findall(lambda n: isinstance(n, nodes.container)
                                         and "edition-synopsis" in n["classes"])):
        table = nodes.table(classes=["edition-synopsis-table"])
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=28)
        group += nodes.colspec(colwidth=72)
        head = nodes.thead()
        group += head
        head += _row([nodes.Text("Source")], [nodes.Text("What it says")])
        body = nodes.tbody()
        group += body
        for cell in synopsis.children:
            row = nodes.row()
            title = nodes.entry()
            title += nodes.paragraph("", "", *cell.children[0].children)
            readings = nodes.entry()
            readings.extend(cell.children[1:])
            row += title
            row += readings
            body += row
        synopsis.replace_self(table)
