"""The apparatus as data: the register, the claims collation, the timeline, the notes and the
review log as JSON and CSV files in the built site (``data/``), each JSON file with its JSON
Schema (draft 7) and the CSV files described by a Frictionless Data Package
(``data/datapackage.json``: a table schema per CSV file, with its keys, and the licence).

Each dataset is declared once, as :class:`Table` values (its fields with their types and
meanings); the JSON Schemas, the table schemas and the files are all made from these
declarations. A JSON file holds a dataset's records with their parts nested (a claim with its
readings, a reviewed passage with its statements); the CSV files hold the same data flat, one
table per kind of record, the parts in their own table with the key of the record they belong
to. Lists of ids or names are JSON arrays, and in CSV the items joined by ``"; "``.

The files are written when an HTML build ends, each only when its text changed, from what the
build already holds: the data files as read (:class:`~edition.core.domain.BuildState`) and
what the pages left in the domain (the notes, their plain text, the mentions).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..apparatus.collation import event_anchor, numbered_events
from ..apparatus.register import plain_markup
from ..core.domain import build_state, reading_order
from .catalogue import LICENCE_URL
from .citing import ANNOTATIONS_SUFFIX, _write_if_changed

#: Where the files go, in the HTML output folder.
DATA_DIR = "data"

#: How the items of a list are joined in a CSV cell.
LIST_SEPARATOR = "; "

#: JSON Schema's version of the schemas (the newest the ``jsonschema`` package of the tests
#: knows, and that most tools read).
JSON_SCHEMA = "http://json-schema.org/draft-07/schema#"

LICENCE = {"name": "CC-BY-4.0", "path": LICENCE_URL,
           "title": "Creative Commons Attribution 4.0 International"}

_ID = "^[a-z0-9]+(-[a-z0-9]+)*$"
_PASSAGE = "^[a-z0-9-]+-p[0-9]{3}[a-z]?$"
_NOTE = "^[a-z0-9-]+-a[0-9]{3}[a-z]?$"
_ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    type: str  #: a Table Schema type (string, integer, boolean, date), or "list" (of strings)
    description: str
    required: bool = True
    pattern: str = ""  #: of the value, or of each item of a list
    enum: tuple[str, ...] = ()

    def json_schema(self) -> dict[str, Any]:
        if self.type == "list":
            item: dict[str, Any] = {"type": "string"}
            if self.pattern:
                item["pattern"] = self.pattern
            return {"type": "array", "items": item, "description": self.description}
        kind = {"integer": "integer", "boolean": "boolean"}.get(self.type, "string")
        schema: dict[str, Any] = {"type": kind, "description": self.description}
        if self.type == "date":
            schema["pattern"] = _ISO_DATE
        if self.pattern:
            schema["pattern"] = self.pattern
        if self.enum:
            schema["enum"] = list(self.enum)
        if not self.required:
            schema["type"] = [kind, "null"]
        return schema

    def table_schema(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "description": self.description,
                                 "type": "string" if self.type == "list" else self.type}
        if self.type == "list":
            field["description"] += f" (items separated by \"{LIST_SEPARATOR}\")"
        constraints: dict[str, Any] = {}
        if self.required and self.type != "list":
            constraints["required"] = True
        if self.pattern and self.type == "string":
            constraints["pattern"] = self.pattern
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            field["constraints"] = constraints
        return field

    def cell(self, value: Any) -> Any:
        if self.type == "list":
            return LIST_SEPARATOR.join(value)
        if self.type == "boolean":
            return "true" if value else "false"
        return "" if value is None else value


@dataclasses.dataclass(frozen=True)
class Table:
    """A CSV table, and the records of a JSON file (or the parts nested in them)."""

    name: str  #: the file's name without suffix, and the resource's name
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    #: (field, table, field of that table) this table's field refers to
    foreign_keys: tuple[tuple[str, str, str], ...] = ()

    def row(self, record: dict[str, Any]) -> list[Any]:
        return [field.cell(record.get(field.name)) for field in self.fields]


@dataclasses.dataclass(frozen=True)
class Dataset:
    """One JSON file and its schema, and the CSV tables that hold the same data."""

    name: str
    title: str
    table: Table  #: the records
    #: (key in a record, the part's table, the field of the part that names the record)
    parts: tuple[tuple[str, Table, str], ...] = ()

    def json_schema(self) -> dict[str, Any]:
        return {
            "$schema": JSON_SCHEMA, "$id": f"{self.name}.schema.json",
            "title": self.title, "type": "object",
            "required": ["title", "version", "licence", "items"],
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string", "description": "the edition's title"},
                "version": {"type": "string", "description": "the edition's version"},
                "licence": {"type": "object", "description": "the data's licence",
                            "required": ["name", "path"]},
                "items": {"type": "array", "items": self._record_schema(self.table, self.parts),
                          "description": self.table.description},
            },
        }

    @staticmethod
    def _record_schema(table: Table, parts: tuple[tuple[str, Table, str], ...],
                       omit: str = "") -> dict[str, Any]:
        properties = {f.name: f.json_schema() for f in table.fields if f.name != omit}
        for key, part, parent_field in parts:
            properties[key] = {"type": "array", "description": part.description,
                               "items": Dataset._record_schema(part, (), parent_field)}
        return {"type": "object", "additionalProperties": False, "properties": properties,
                "required": sorted(properties)}


_SOURCE = Field("source", "string", "the source's slug (siglum), e.g. lala-2014", pattern=_ID)

REGISTER = Dataset("register", "The register of names and glossary", Table(
    "register", "Register", "every entry of the register, in the order of its ids",
    (Field("id", "string", "the entry's permanent id", pattern=_ID),
     Field("name", "string", "the normalised form of the name"),
     Field("kind", "string", "what the entry is",
            enum=("person", "place", "organisation", "event", "concept")),
     Field("dates", "string", "a person's life dates, an event's years, as the register "
            "gives them (empty if none)", required=False),
     Field("variants", "list", "the forms that occur in the sources, exactly as printed"),
     Field("description", "string", "the register's description, as plain text (the works "
            "it cites are in 'cites')"),
     Field("cites", "list", "the keys of the works the description cites (references.bib)"),
     Field("wikidata", "string", "the Wikidata item (Q...), or empty", required=False),
     Field("viaf", "string", "the VIAF cluster, or empty", required=False),
     Field("gnd", "string", "the GND record, or empty", required=False),
     Field("geonames", "string", "the GeoNames id of a place, or empty", required=False),
     Field("coordinates", "string", "a place's 'latitude, longitude' in decimal degrees, "
            "or empty", required=False),
     Field("passages", "list", "every passage that mentions the entry, in reading order",
            pattern=_PASSAGE)),
    primary_key=("id",)))

CLAIM_READINGS = Table(
    "claim-readings", "Claims: readings", "what each source says on a claim's point",
    (Field("claim", "string", "the claim's id", pattern=_ID),
     Field("passage", "string", "the passage that speaks to the point", pattern=_PASSAGE),
     Field("says", "string", "what the passage says, as plain text")),
    foreign_keys=(("claim", "claims", "id"),))

CLAIMS = Dataset("claims", "The claims collation", Table(
    "claims", "Claims", "every point of fact on which the sources are compared",
    (Field("id", "string", "the claim's permanent id (its anchor is claim-<id>)", pattern=_ID),
     Field("point", "string", "the point of fact, as a question"),
     Field("disagree", "boolean", "whether the sources disagree on it"),
     Field("assessment", "string", "the edition's judgement, as plain text"),
     Field("cites", "list", "the keys of the works the assessment cites"),
     Field("why_single", "string", "why fewer than two passages speak to it (else empty)",
            required=False)),
    primary_key=("id",)), (("readings", CLAIM_READINGS, "claim"),))

TIMELINE = Dataset("timeline", "The timeline, 1939–1991", Table(
    "timeline", "Timeline", "every dated event the sources mention, in date order",
    (Field("id", "string", "the event's anchor on the timeline page"),
     Field("date", "string", "the date: YYYY, YYYY-MM or YYYY-MM-DD",
            pattern="^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
     Field("event", "string", "what happened, as plain text"),
     Field("passages", "list", "every passage that mentions it", pattern=_PASSAGE),
     Field("disputed", "string", "the claim on which the sources disagree about it, or "
            "empty", required=False)),
    primary_key=("id",)))

NOTES = Dataset("notes", "The editors' notes", Table(
    "notes", "Notes", "every note on the sources, in reading order",
    (Field("id", "string", "the note's permanent id", pattern=_NOTE),
     _SOURCE,
     Field("number", "integer", "the note's number on its source's page"),
     Field("passage", "string", "the passage the note is on", pattern=_PASSAGE),
     Field("type", "string", "the kind of note", enum=(
         "correction", "discrepancy", "context", "terminology", "translation",
         "citation-check", "perspective")),
     Field("quote", "string", "the exact words of the passage the note comments on"),
     Field("authors", "list", "the note's authors"),
     Field("date", "date", "the date of the note"),
     Field("claims", "list", "the claims the note links to", pattern=_ID),
     Field("text", "string", "the note's text, as plain text")),
    primary_key=("id",)))

REVIEW_STATEMENTS = Table(
    "review-statements", "Review: statements",
    "each checkable statement of a reviewed passage, and what the review found",
    (Field("passage", "string", "the passage", pattern=_PASSAGE),
     Field("says", "string", "what the passage says, in short or in its own words"),
     Field("finding", "string", "what the review found",
            enum=("confirmed", "annotated", "unverifiable")),
     Field("by", "list", "what handles it: note ids, claim:ID, timeline:DATE, register:ID"),
     Field("why", "string", "why it cannot be verified (else empty)", required=False)),
    foreign_keys=(("passage", "review-passages", "passage"),))

REVIEW = Dataset("review", "The review log", Table(
    "review-passages", "Review: passages",
    "every passage of every source, with its review against the scholarship",
    (_SOURCE,
     Field("passage", "string", "the passage", pattern=_PASSAGE),
     Field("status", "string", "whether it has been reviewed",
            enum=("reviewed", "not-reviewed")),
     Field("date", "string", "the date of the review (empty if not reviewed)", required=False),
     Field("against", "list", "the keys of the works it was checked against")),
    primary_key=("passage",)), (("statements", REVIEW_STATEMENTS, "passage"),))

DATASETS: tuple[Dataset, ...] = (REGISTER, CLAIMS, TIMELINE, NOTES, REVIEW)


# --- the records, from the build -----------------------------------------------------------

def _cites(text: str) -> list[str]:
    """The references.bib keys a MyST line cites (``{cite:p}`a, b{p. 3}` ``)."""
    keys: list[str] = []
    for group in re.findall(r"\{(?:cite|footcite)(?::\w+)?\}`([^`]*)`", text):
        for key in re.sub(r"\{[^}]*\}", "", group).split(","):
            if key.strip() and key.strip() not in keys:
                keys.append(key.strip())
    return keys


def records(app: Sphinx) -> dict[str, list[dict[str, Any]]]:
    """Each dataset's records (the parts nested), from what the build read."""
    env = app.env
    domain = env.get_domain("edition")
    state = build_state(env)
    order = reading_order(env)
    passage_rank = {pid: n for n, pid in enumerate(
        pid for docname in order for pid in domain.passages_of(docname))}

    mentioned: dict[str, set[str]] = {}
    for docname in order:
        for entry_id, passage_ids in domain.data["mentions"].get(docname, {}).items():
            mentioned.setdefault(entry_id, set()).update(passage_ids)
    register = []
    entries = state.register.entries.values() if state.register is not None else []
    for entry in sorted(entries, key=lambda e: e.id):
        register.append({
            "id": entry.id, "name": entry.name, "kind": entry.kind, "dates": entry.dates,
            "variants": list(entry.variants), "description": plain_markup(entry.description),
            "cites": _cites(entry.description), "wikidata": entry.wikidata, "viaf": entry.viaf,
            "gnd": entry.gnd, "geonames": entry.geonames, "coordinates": entry.coordinates,
            "passages": sorted(mentioned.get(entry.id, ()),
                               key=lambda p: passage_rank.get(p, len(passage_rank)))})

    claims = [{"id": claim.id, "point": claim.point, "disagree": bool(claim.disagree),
               "assessment": plain_markup(claim.assessment), "cites": _cites(claim.assessment),
               "why_single": plain_markup(claim.why_single),
               "readings": [{"passage": r.passage, "says": plain_markup(r.says)}
                            for r in claim.readings]}
              for claim in state.claims.values()]

    timeline = [{"id": event_anchor(before, event.date), "date": event.date,
                 "event": plain_markup(event.event), "passages": list(event.passages),
                 "disputed": event.disputed}
                for before, event in numbered_events(state.timeline)]

    notes = []
    for docname in order:
        texts = _note_texts(app, docname)
        annotations = [(aid, domain.data["annotations"][aid])
                       for aid in domain.annotations_of(docname)
                       if aid in domain.data["annotations"]]
        for note_id, note in sorted(annotations, key=lambda item: item[1].get("number", 0)):
            notes.append({"id": note_id, "source": domain.sources[docname],
                          "number": note.get("number", 0), "passage": note["passage"],
                          "type": note["type"], "quote": note["quote"],
                          "authors": list(note["authors"]), "date": note["date"],
                          "claims": list(note.get("claims", [])),
                          "text": texts.get(note_id, "")})

    review = []
    slugs = [domain.sources[docname] for docname in order]
    for slug in slugs + sorted(set(state.reviews) - set(slugs)):
        log = state.reviews.get(slug)
        for item in log.passages if log is not None else ():
            review.append({"source": slug, "passage": item.passage, "status": item.status,
                           "date": item.date, "against": list(item.against),
                           "statements": [{"says": plain_markup(s.says),
                                           "finding": s.finding, "by": list(s.by),
                                           "why": plain_markup(s.why)}
                                          for s in item.statements]})
    return {"register": register, "claims": claims, "timeline": timeline, "notes": notes,
            "review": review}


def _note_texts(app: Sphinx, docname: str) -> dict[str, str]:
    """Each note's text as the reader reads it (its citations rendered): from the source's Web
    Annotations, written from the page just before (:mod:`.citing`); else the text kept for
    search, whose citations are their keys."""
    path = Path(app.outdir) / f"{docname}{ANNOTATIONS_SUFFIX}"
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["first"]["items"]
        return {item["id"].rsplit("#", 1)[1]: item["body"][0]["value"] for item in items}
    except (OSError, ValueError, KeyError, IndexError):
        return {note_id: text for note_id, _, _, text
                in app.env.get_domain("edition").data["search"].get(docname, {}).get("notes", [])}


# --- the files ------------------------------------------------------------------------------

def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def _csv(table: Table, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow([field.name for field in table.fields])
    writer.writerows(table.row(row) for row in rows)
    return out.getvalue()


def _tables(dataset: Dataset, items: list[dict[str, Any]]) -> dict[Table, list[dict[str, Any]]]:
    """A dataset's records as the rows of its CSV tables."""
    tables: dict[Table, list[dict[str, Any]]] = {dataset.table: items}
    for key, part, parent_field in dataset.parts:
        parent_key = dataset.table.primary_key[0]
        tables[part] = [{parent_field: item[parent_key], **row}
                        for item in items for row in item[key]]
    return tables


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [field.table_schema() for field in table.fields]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": field, "reference": {"resource": other,
                                                                 "fields": other_field}}
                                 for field, other, other_field in table.foreign_keys]
    return {"name": table.name, "title": table.title, "description": table.description,
            "path": f"{table.name}.csv", "type": "table", "scheme": "file", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource",
            "licenses": [LICENCE], "schema": schema}


def files(app: Sphinx) -> dict[str, str]:
    """Every file of ``data/``: name -> text."""
    config = app.config
    data = records(app)
    head = {"title": config.project, "version": config.release, "licence": LICENCE}
    out: dict[str, str] = {}
    resources = []
    for dataset in DATASETS:
        items = data[dataset.name]
        out[f"{dataset.name}.json"] = _json({**head, "items": items})
        out[f"{dataset.name}.schema.json"] = _json(dataset.json_schema())
        for table, rows in _tables(dataset, items).items():
            out[f"{table.name}.csv"] = _csv(table, rows)
            resources.append(_resource(table))
        resources.append({"name": f"{dataset.name}-json", "title": f"{dataset.title} (JSON)",
                          "path": f"{dataset.name}.json", "type": "json", "format": "json",
                          "mediatype": "application/json", "encoding": "utf-8",
                          "profile": "data-resource",
                          "description": f"the same data as JSON, nested; its JSON Schema is "
                                         f"{dataset.name}.schema.json",
                          "licenses": [LICENCE]})
    package: dict[str, Any] = {
        "profile": "data-package", "name": "albanian-soviet-split-apparatus",
        "title": f"{config.project}: the apparatus as data", "version": config.release,
        "description": "The register, claims collation, timeline, notes and review log of the "
                       "edition, as CSV tables (described here) and JSON files (each with its "
                       "JSON Schema).",
        "licenses": [LICENCE],
        "contributors": [{"title": config.author, "role": "author"}],
        "resources": resources,
    }
    if config.html_baseurl:
        package["homepage"] = config.html_baseurl
    out["datapackage.json"] = _json(package)
    return out


def write_data(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the files of ``data/``, each only when its text changed (a no-op
    rebuild writes none)."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    target = Path(app.outdir) / DATA_DIR
    for name, text in files(app).items():
        _write_if_changed(target / name, text)
