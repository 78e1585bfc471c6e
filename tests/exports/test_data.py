"""The apparatus as data (``data/``) and the Data and downloads page, read back by outside tools:
Frictionless validates the data package, ``jsonschema`` each JSON file against its schema, and
the counts are those of the built pages."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import located_warnings
from frictionless import validate

DATASETS = ("register", "claims", "timeline", "notes", "review")


@pytest.fixture(scope="module")
def data(edition):
    return edition.outdir / "data"


def _items(data, name: str) -> list[dict]:
    return json.loads((data / f"{name}.json").read_text(encoding="utf-8"))["items"]


def _soup(edition, docname: str) -> BeautifulSoup:
    return BeautifulSoup(edition.html(docname), "html.parser")


def test_the_data_package_validates_with_frictionless(data) -> None:
    report = validate(str(data / "datapackage.json"))
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, problems[:10]
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    tables = {r["name"] for r in package["resources"]
              if r.get("profile") == "tabular-data-resource"}
    assert tables == {"register", "claims", "claim-readings", "timeline", "notes",
                      "review-passages", "review-statements"}
    assert all((data / r["path"]).is_file() for r in package["resources"])


@pytest.mark.parametrize("name", DATASETS)
def test_each_json_file_validates_against_its_schema(data, name: str) -> None:
    schema = json.loads((data / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    document = json.loads((data / f"{name}.json").read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in jsonschema.Draft7Validator(schema).iter_errors(document)]
    assert errors == []
    assert document["items"], f"{name}.json holds no record"
    # and the schema is not a formality: a record without its id, or of an unknown kind, fails
    broken = {**document, "items": [{**document["items"][0], "surplus": 1}]}
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)


def test_the_counts_are_the_editions(edition, data) -> None:
    notes_on_pages = sum(len(_soup(edition, d).select("div.edition-note[id]"))
                         for d in edition.source_docnames)
    notes = _items(data, "notes")
    assert len(notes) == notes_on_pages > 100
    assert len({n["id"] for n in notes}) == len(notes)
    assert len(_items(data, "register")) == len(
        _soup(edition, "register").select("dl.edition-register > dt[id]"))
    assert len(_items(data, "claims")) == len(
        _soup(edition, "claims").select("div.edition-claim[id^=claim-]"))
    assert len(_items(data, "timeline")) == len(
        _soup(edition, "timeline").select("tr[id^=event-]"))
    passages = {p["passage"] for p in _items(data, "review")}
    assert set(edition.result.passages) <= passages  # every passage of every source
    assert len(edition.result.passages) == 220


def test_csv_tables_hold_the_json_records(data) -> None:
    with (data / "notes.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    notes = _items(data, "notes")
    assert [row["id"] for row in rows] == [note["id"] for note in notes]
    assert rows[0]["text"] == notes[0]["text"]
    assert rows[0]["authors"] == "; ".join(notes[0]["authors"])
    with (data / "claim-readings.csv").open(encoding="utf-8", newline="") as file:
        readings = list(csv.DictReader(file))
    assert len(readings) == sum(len(c["readings"]) for c in _items(data, "claims"))


def test_a_notes_text_is_the_text_on_its_page(edition, data) -> None:
    """Citations as the reader reads them ("Mastny and Byrne, 2005"), not their keys."""
    note = next(n for n in _items(data, "notes") if n["id"] == "wiki-expulsion-a002")
    page = _soup(edition, "sources/wiki-expulsion")
    shown = page.select_one("div.edition-note#wiki-expulsion-a002")
    body = shown.select("p:not(.edition-note-head):not(.edition-note-meta)")
    words = " ".join(p.get_text(" ") for p in body)
    assert "mastny2005" not in note["text"]
    assert note["text"].split()[:8] == words.split()[:8]


def test_the_data_page_lists_every_export_with_its_size(edition) -> None:
    page = _soup(edition, "data")
    exports = page.select_one("#edition-exports")
    assert exports is not None and exports.select("dl > dt")
    listed = {a["href"]: a for a in exports.select("a[href]") if not a["href"].startswith("http")}
    for path in sorted((edition.outdir / "data").iterdir()):
        href = f"data/{path.name}"
        assert href in listed, f"{href} is not on the Data and downloads page"
    for href in listed:
        assert (edition.outdir / href).is_file(), href
    # the size shown is the file's own, with the format and the licence
    item = listed["data/datapackage.json"].find_parent("li")
    size = (edition.outdir / "data/datapackage.json").stat().st_size
    assert item.select_one(".edition-exports-size").get_text() == f"{size / 1000:.0f} KB"
    entry = item.find_parent("dd")
    assert entry.find_previous_sibling("dt").get_text() == "Frictionless Data Package (JSON)"
    assert "Licence: CC BY 4.0" in entry.get_text()
    assert page.find("a", href=re.compile(r"annotations\.jsonld$"))
    # linked from the title page
    assert _soup(edition, "index").find("a", href="data.html")


def test_the_bundle_is_placed_and_listed_and_a_rebuild_rewrites_nothing(make_app, make_project
                                                                        ) -> None:
    """``edition_bundle`` (set by ``nox -s site``): the files built alongside are copied to the
    top of the site and listed with their sizes; one that is not built is a located warning.
    A rebuild that changes nothing writes neither the data nor the page again."""
    srcdir = make_project("source", name="bundle")
    (srcdir / "data.md").write_text("---\norphan: true\n---\n# Data\n\n```{exports}\n```\n",
                                    encoding="utf-8")
    (srcdir / "built").mkdir()
    (srcdir / "built" / "edition.epub").write_bytes(b"x" * 2345)
    overrides = {"edition_bundle": ["built/edition.epub", "built/edition.pdf"]}
    app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides=overrides)
    app.build()
    assert located_warnings(app) == [
        "conf.py:edition_bundle: WARNING: edition_bundle names 'built/edition.pdf', which is "
        "not built: build it first (nox -s site builds the PDF and the EPUB before the HTML) "
        "[edition.export]"]
    outdir = Path(app.outdir)
    assert (outdir / "edition.epub").read_bytes() == b"x" * 2345
    page = BeautifulSoup((outdir / "data.html").read_text(encoding="utf-8"), "html.parser")
    item = page.find("a", href="edition.epub").find_parent("li")
    assert item.select_one(".edition-exports-size").get_text() == "2 KB"
    assert item.find_parent("dd").find_previous_sibling("dt").get_text() == "EPUB 3"
    assert page.find("a", href="data/datapackage.json")
    written = {path: path.stat().st_mtime_ns for path in [outdir / "data.html",
                                                          *(outdir / "data").iterdir()]}
    again = make_app("html", srcdir=srcdir, confoverrides=overrides)
    again.build()
    assert {path: path.stat().st_mtime_ns for path in written} == written
