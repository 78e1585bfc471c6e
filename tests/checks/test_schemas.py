"""The JSON Schemas of the editors' data files (``apparatus/schemas/``), for editors' YAML support:
they are the ones the build's rules make (kept in step with the lint), each data file names its
schema in its first line, the edition's data is valid against them, and they refuse what the lint
refuses, as an outside validator (jsonschema) reads them."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from conftest import ROOT

from edition.checks import schemas


#: Every data file with a schema: the register, claims and timeline; the citation mapping; each
#: review log (one schema for all).
DATA_FILES = sorted(str(path.relative_to(ROOT)) for pattern in schemas.SCHEMAS
                    for path in ROOT.glob(pattern))


def test_every_data_file_has_its_schema() -> None:
    assert {"apparatus/register.yaml", "apparatus/claims.yaml", "apparatus/timeline.yaml",
            "sources/citations.yaml", "apparatus/review/lala-2014.yaml",
            "apparatus/review/introduction.yaml"} <= set(DATA_FILES)
    assert len([f for f in DATA_FILES if f.startswith("apparatus/review/")]) == len(
        list((ROOT / "apparatus" / "review").glob("*.yaml")))


@pytest.mark.parametrize("data_file", DATA_FILES)
def test_each_schema_is_the_one_the_rules_make_and_is_named_by_its_file(data_file) -> None:
    path = ROOT / schemas.schema_path(data_file)
    assert path.is_file(), "run python -m edition.checks.schemas"
    assert path.read_text(encoding="utf-8") == schemas.rendered(data_file), (
        f"{path.name} is not what the rules make: run python -m edition.checks.schemas")
    first = (ROOT / data_file).read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == schemas.first_line(data_file)
    assert (ROOT / data_file).parent.joinpath(first.split("=", 1)[1]).resolve() == path.resolve()


@pytest.mark.parametrize("data_file", DATA_FILES)
def test_the_editions_data_is_valid_against_its_schema(data_file) -> None:
    schema = json.loads((ROOT / schemas.schema_path(data_file)).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    data = yaml.safe_load((ROOT / data_file).read_text(encoding="utf-8"))
    errors = [f"{list(error.path)}: {error.message}"
              for error in jsonschema.Draft7Validator(schema).iter_errors(data)]
    assert errors == []
    if isinstance(data, list):  # register, claims, timeline
        assert len(data) > 30
    else:  # the citation mapping: sources; a review log: its passages
        assert len(data.get("passages", data)) >= 2


def test_a_new_review_log_names_its_schema() -> None:
    from edition.checks import review as review_tool

    log = review_tool.placeholder("demo", ["demo-p001"])
    assert log.split("\n", 1)[0] == schemas.first_line("apparatus/review/demo.yaml")


ENTRY = {"id": "tirana", "name": "Tirana", "kind": "place", "description": "The capital."}


@pytest.mark.parametrize(("data_file", "bad"), [
    ("apparatus/register.yaml", {**ENTRY, "kind": "city"}),  # the lint: unknown kind
    ("apparatus/register.yaml", {**ENTRY, "wikidata": "19689"}),  # not Q and digits
    ("apparatus/register.yaml", {**ENTRY, "coordinates": "41.3 N, 19.8 E"}),
    ("apparatus/register.yaml", {**ENTRY, "variant": ["Tirana"]}),  # unknown field
    ("apparatus/register.yaml", {key: ENTRY[key] for key in ("id", "name", "kind")}),
    ("apparatus/register.yaml", {**ENTRY, "id": "Tirana"}),
    ("apparatus/claims.yaml", {"id": "x", "point": "When?", "assessment": "So.",
                               "readings": [{"passage": "lala-2014-p6", "says": "1957"}]}),
    ("apparatus/timeline.yaml", {"date": "3 December 1961", "event": "x",
                                 "passages": ["lala-2014-p023"]}),
    ("apparatus/timeline.yaml", {"date": 1961, "event": "x", "passages": ["lala-2014-p023"]}),
])
def test_a_schema_refuses_what_the_lint_refuses(data_file, bad) -> None:
    schema = json.loads((ROOT / schemas.schema_path(data_file)).read_text(encoding="utf-8"))
    assert not jsonschema.Draft7Validator(schema).is_valid([bad])


MAPPED = {"pattern": "\\[(\\d+)\\]", "references": {"demo-p018": "watson1982"},
          "citations": {"1": "demo-p018", "2": {"entry": None, "note": "demo-a001"}}}
REVIEWED = {"passage": "demo-p001", "status": "reviewed", "date": "2026-11-29",
            "against": ["zagoria1961"],
            "statements": [{"says": "x", "finding": "annotated", "by": ["demo-a001"]},
                           {"says": "y", "finding": "unverifiable", "why": "no work says"}]}


@pytest.mark.parametrize(("data_file", "good", "bad"), [
    ("sources/citations.yaml", MAPPED, {**MAPPED, "pattrn": "x"}),  # the lint: unknown field
    ("sources/citations.yaml", MAPPED, {**MAPPED, "references": ["demo-p018"]}),  # a list
    ("sources/citations.yaml", MAPPED, {**MAPPED, "citations": {"1": {"entry": "demo-p018",
                                                                       "notes": "x"}}}),
    ("sources/citations.yaml", MAPPED, {**MAPPED, "references": {"demo-p18": "watson1982"}}),
    ("apparatus/review/demo.yaml", REVIEWED, {**REVIEWED, "status": "done"}),
    ("apparatus/review/demo.yaml", REVIEWED, {k: v for k, v in REVIEWED.items() if k != "date"}),
    ("apparatus/review/demo.yaml", REVIEWED, {**REVIEWED, "date": "29 November 2026"}),
    ("apparatus/review/demo.yaml", REVIEWED, {**REVIEWED, "statements": [
        {"says": "x", "finding": "annotated"}]}),  # annotated without 'by'
    ("apparatus/review/demo.yaml", REVIEWED, {**REVIEWED, "statements": [
        {"says": "x", "finding": "unverifiable"}]}),  # unverifiable without 'why'
    ("apparatus/review/demo.yaml", REVIEWED, {**REVIEWED, "statement": []}),  # unknown field
])
def test_the_mapping_and_review_schemas_refuse_what_the_lint_refuses(data_file, good,
                                                                     bad) -> None:
    schema = json.loads((ROOT / schemas.schema_path(data_file)).read_text(encoding="utf-8"))
    if data_file.startswith("sources/"):
        document, refused = {"demo": good}, {"demo": bad}
    else:
        document, refused = ({"source": "demo", "passages": [item]} for item in (good, bad))
    validator = jsonschema.Draft7Validator(schema)
    assert validator.is_valid(document), list(validator.iter_errors(document))
    assert not validator.is_valid(refused)
