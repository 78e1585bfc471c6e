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


@pytest.mark.parametrize("data_file", sorted(schemas.SCHEMAS))
def test_each_schema_is_the_one_the_rules_make_and_is_named_by_its_file(data_file) -> None:
    path = ROOT / schemas.schema_path(data_file)
    assert path.is_file(), "run python -m edition.checks.schemas"
    assert path.read_text(encoding="utf-8") == schemas.rendered(data_file), (
        f"{path.name} is not what the rules make: run python -m edition.checks.schemas")
    first = (ROOT / data_file).read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == schemas.first_line(data_file)
    assert (ROOT / data_file).parent.joinpath(first.split("=", 1)[1]).resolve() == path.resolve()


@pytest.mark.parametrize("data_file", sorted(schemas.SCHEMAS))
def test_the_editions_data_is_valid_against_its_schema(data_file) -> None:
    schema = json.loads((ROOT / schemas.schema_path(data_file)).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    data = yaml.safe_load((ROOT / data_file).read_text(encoding="utf-8"))
    errors = [f"{list(error.path)}: {error.message}"
              for error in jsonschema.Draft7Validator(schema).iter_errors(data)]
    assert len(data) > 30 and errors == []


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
