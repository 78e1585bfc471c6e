"""JSON Schemas of the editors' data files, for their editors' YAML support.

``python -m edition.checks.schemas`` writes ``apparatus/schemas/<name>.schema.json`` for the
register, the claims collation, the timeline, the citation mapping (``sources/citations.yaml``)
and the review logs (``apparatus/review/*.yaml``, one schema for all); ``--check`` only says
whether the files are those the rules make (exit 1 if not). Each data file names its schema in
its first line (``# yaml-language-server: $schema=schemas/register.schema.json``), so that an
editor with YAML support (VS Code's YAML extension, any yaml-language-server client) completes
the fields and marks a wrong one as it is typed.

The schemas are made from the rules the build checks, not written beside them: the fields, their
descriptions, the required ones, the kinds and the forms of ids come from
:mod:`edition.apparatus.register`, :mod:`edition.apparatus.collation`,
:mod:`edition.apparatus.citations` and :mod:`edition.apparatus.review`. What a schema cannot
say (that a passage id exists, that a date is in order, that a variant occurs in the text) the
build and ``nox -s lint`` still check.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from ..apparatus.citations import BLOCK_FIELDS
from ..apparatus.collation import CLAIM_FIELDS, EVENT_FIELDS, READING_FIELDS
from ..apparatus.register import AUTHORITIES, COORDINATES, FIELDS, KINDS, REQUIRED
from ..apparatus.review import (FINDINGS, LOG_FIELDS, PASSAGE_FIELDS, REFERENCE_KINDS,
                                STATEMENT_FIELDS, STATUSES)
from ..core.ids import DATA_ID

DRAFT = "http://json-schema.org/draft-07/schema#"
#: A passage id as the data files write it (that it exists is the build's check).
PASSAGE_ID = r"^[a-z0-9-]+-p[0-9]{3}[a-z]?$"
#: The folder of the schemas, beside the data files.
FOLDER = Path("apparatus") / "schemas"


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def _anchored(pattern: str) -> str:
    return "^(?:" + pattern.removeprefix("^").removesuffix("$") + ")$"


def register_schema() -> dict[str, Any]:
    """One entry of ``apparatus/register.yaml``."""
    properties: dict[str, Any] = {name: _text(text) for name, text in FIELDS.items()}
    properties["id"]["pattern"] = DATA_ID.pattern
    properties["kind"] = {"enum": list(KINDS), "description": FIELDS["kind"]}
    properties["variants"] = {"type": "array", "items": {"type": "string", "minLength": 1},
                              "description": FIELDS["variants"]}
    properties["languages"] = {"type": "object", "additionalProperties": {"type": "string"},
                               "description": FIELDS["languages"]}
    for field, _, form, _, _ in AUTHORITIES:
        properties[field]["pattern"] = _anchored(form.pattern)
    properties["coordinates"]["pattern"] = _anchored(COORDINATES.pattern)
    return _list_of("The register of names and glossary (apparatus/register.yaml)",
                    properties, list(REQUIRED))


def claims_schema() -> dict[str, Any]:
    """One row of ``apparatus/claims.yaml``."""
    properties: dict[str, Any] = {name: _text(text) for name, text in CLAIM_FIELDS.items()}
    properties["id"]["pattern"] = DATA_ID.pattern
    properties["disagree"] = {"type": "boolean", "description": CLAIM_FIELDS["disagree"]}
    reading = {"type": "object", "additionalProperties": False,
               "required": list(READING_FIELDS),
               "properties": {"passage": {"type": "string", "pattern": PASSAGE_ID},
                              "says": {"type": "string", "minLength": 1}}}
    properties["readings"] = {"type": "array", "minItems": 1, "items": reading,
                              "description": CLAIM_FIELDS["readings"]}
    required = [name for name, text in CLAIM_FIELDS.items()
                if not text.startswith("optional") and name != "why-single"]
    return _list_of("The claims collation (apparatus/claims.yaml)", properties, required)


def timeline_schema() -> dict[str, Any]:
    """One event of ``apparatus/timeline.yaml``."""
    properties: dict[str, Any] = {name: _text(text) for name, text in EVENT_FIELDS.items()}
    properties["date"]["pattern"] = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
    properties["disputed"]["pattern"] = DATA_ID.pattern
    properties["passages"] = {"type": "array", "minItems": 1,
                              "items": {"type": "string", "pattern": PASSAGE_ID},
                              "description": EVENT_FIELDS["passages"]}
    required = [name for name, text in EVENT_FIELDS.items() if not text.startswith("optional")]
    return _list_of("The timeline (apparatus/timeline.yaml)", properties, required)


#: An ISO date (that it is a day of the calendar is the build's check).
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def citations_schema() -> dict[str, Any]:
    """``sources/citations.yaml``: each source's slug → how its citations resolve."""
    entry = {"anyOf": [{"type": "string", "pattern": PASSAGE_ID}, {"type": "null"}]}
    properties: dict[str, Any] = {
        "pattern": _text(BLOCK_FIELDS["pattern"]),
        "separator": {"type": "string", "description": BLOCK_FIELDS["separator"]},
        "references": {"type": "object", "description": BLOCK_FIELDS["references"],
                       "propertyNames": {"pattern": PASSAGE_ID},
                       "additionalProperties": {"type": "string", "minLength": 1}},
        "citations": {"type": "object", "description": BLOCK_FIELDS["citations"],
                      "additionalProperties": {"anyOf": [
                          entry, {"type": "object", "additionalProperties": False,
                                  "properties": {"entry": entry,
                                                 "note": {"type": ["string", "null"]}}}]}},
    }
    return {**_header("The sources' own citations, resolved (sources/citations.yaml)"),
            "type": "object", "propertyNames": {"pattern": DATA_ID.pattern},
            "additionalProperties": {"type": "object", "additionalProperties": False,
                                     "properties": properties}}


def review_schema() -> dict[str, Any]:
    """A review log, ``apparatus/review/<slug>.yaml``."""
    statement = {
        "type": "object", "additionalProperties": False, "required": ["says", "finding"],
        "properties": {
            "says": _text(STATEMENT_FIELDS["says"]),
            "finding": {"enum": list(FINDINGS), "description": STATEMENT_FIELDS["finding"]},
            "by": {"type": "array", "items": {"type": "string", "minLength": 1},
                   "description": STATEMENT_FIELDS["by"] + " (" + "; ".join(
                       REFERENCE_KINDS.values()) + ")"},
            "why": _text(STATEMENT_FIELDS["why"])},
        "allOf": [{"if": {"properties": {"finding": {"const": "annotated"}}},
                   "then": {"required": ["by"], "properties": {"by": {"minItems": 1}}}},
                  {"if": {"properties": {"finding": {"const": "unverifiable"}}},
                   "then": {"required": ["why"]}}]}
    passage = {
        "type": "object", "additionalProperties": False, "required": ["passage", "status"],
        "properties": {
            "passage": {"type": "string", "pattern": PASSAGE_ID,
                        "description": PASSAGE_FIELDS["passage"]},
            "status": {"enum": list(STATUSES), "description": PASSAGE_FIELDS["status"]},
            "date": {"type": "string", "pattern": ISO_DATE, "description": PASSAGE_FIELDS["date"]},
            "against": {"type": "array", "items": {"type": "string", "minLength": 1},
                        "description": PASSAGE_FIELDS["against"]},
            "statements": {"type": "array", "items": statement,
                           "description": PASSAGE_FIELDS["statements"]}},
        "if": {"properties": {"status": {"const": "reviewed"}}},
        "then": {"required": ["date", "statements"]}}
    return {**_header("A review log (apparatus/review/<slug>.yaml)"), "type": "object",
            "additionalProperties": False, "required": list(LOG_FIELDS),
            "properties": {
                "source": {"type": "string", "pattern": DATA_ID.pattern,
                           "description": LOG_FIELDS["source"]},
                "passages": {"type": "array", "items": passage,
                             "description": LOG_FIELDS["passages"]}}}


def _header(title: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": title,
            "description": "Made by python -m edition.checks.schemas from the rules the build "
                           "checks (apparatus/README.md); do not edit by hand."}


def _list_of(title: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {**_header(title), "type": "array",
            "items": {"type": "object", "additionalProperties": False, "required": required,
                      "properties": properties}}


#: Each data file's schema: the file, or the files (a pattern; relative to the edition) → how
#: its schema is made.
SCHEMAS = {
    "apparatus/register.yaml": register_schema,
    "apparatus/claims.yaml": claims_schema,
    "apparatus/timeline.yaml": timeline_schema,
    "sources/citations.yaml": citations_schema,
    "apparatus/review/*.yaml": review_schema,
}


def _pattern(data_file: str) -> str:
    """The entry of :data:`SCHEMAS` that ``data_file`` (a file or a pattern) falls under."""
    for pattern in SCHEMAS:
        if data_file == pattern or PurePosixPath(data_file).match(pattern):
            return pattern
    raise KeyError(f"{data_file}: no schema")


def schema_path(data_file: str) -> Path:
    """``apparatus/register.yaml`` → ``apparatus/schemas/register.schema.json``; a review log
    (``apparatus/review/*.yaml``) → ``apparatus/schemas/review.schema.json``."""
    pattern = PurePosixPath(_pattern(data_file))
    name = pattern.parent.name if "*" in pattern.name else pattern.stem
    return FOLDER / f"{name}.schema.json"


def first_line(data_file: str) -> str:
    """The line that names a data file's schema for yaml-language-server."""
    relative = os.path.relpath(schema_path(data_file), Path(data_file).parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def rendered(data_file: str) -> str:
    return json.dumps(SCHEMAS[_pattern(data_file)](), ensure_ascii=False, indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.checks.schemas",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", default=".", type=Path)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a schema is not the one the rules make")
    args = parser.parse_args(argv)
    stale = []
    for data_file in SCHEMAS:
        path = args.project / schema_path(data_file)
        text = rendered(data_file)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path}: not the schema the rules make: run python -m edition.checks.schemas"
              if args.check else f"{path}: written")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
