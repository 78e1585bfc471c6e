"""Citing the edition (passages, notes, sources, the edition as a whole) and page weight."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pybtex.database
import pytest
import yaml
from bs4 import BeautifulSoup
from edition import citing, weight

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "The Albanian–Soviet Split, 1956–1961: An Annotated Edition of Five Texts"


def _bib_work(key: str) -> citing.Work:
    entries = pybtex.database.parse_file(ROOT / "references.bib").entries
    return citing.work_from_entry(key, entries[key])


def _templates(key: str) -> dict[str, dict[str, str]]:
    return citing.citation_templates(_bib_work(key), PROJECT, "0.1.0")


# --- citations of a passage and of a note -------------------------------------------------------

def test_passage_citation_of_a_journal_article_in_chicago_and_apa() -> None:
    templates = _templates("lala2014")
    url = "https://example.org/ed/sources/lala-2014.html#lala-2014-p012"
    assert citing.fill(templates["chicago"]["passage"], passage="12", url=url) == (
        "Lala, Brisejda. “Disruption of Albanian-Soviet Relations.” Academic Journal of "
        "Interdisciplinary Studies 3, no. 3 (2014). ¶ 12. In " + PROJECT + ", version 0.1.0. "
        + url + ".")
    assert citing.fill(templates["apa"]["passage"], passage="12", url=url) == (
        "Lala, B. (2014). Disruption of Albanian-Soviet Relations. Academic Journal of "
        "Interdisciplinary Studies, 3(3). ¶ 12. In " + PROJECT + " (Version 0.1.0). " + url)


def test_a_collective_author_and_an_undated_page() -> None:
    wiki = _bib_work("wiki-split")
    assert wiki.authors == (citing.Name(literal="Wikipedia contributors"),)
    assert wiki.year == ""  # "n.d." in the .bib entry
    chicago = citing.fill(_templates("wiki-split")["chicago"]["passage"], passage="3", url="U")
    assert chicago.startswith("Wikipedia contributors. “Albanian–Soviet split.” English Wikipedia, "
                              "n.d. ¶ 3. In ")
    apa = citing.fill(_templates("wiki-split")["apa"]["passage"], passage="3", url="U")
    assert apa.startswith("Wikipedia contributors (n.d.). Albanian–Soviet split. English "
                          "Wikipedia. ¶ 3. In ")


def test_a_work_without_author_begins_with_its_title() -> None:
    apa = citing.fill(_templates("military-review-stalin")["apa"]["passage"], passage="1", url="U")
    assert apa.startswith("The good, immortal deed of Stalin must be fully defended. (n.d.). ")
    chicago = citing.fill(_templates("military-review-stalin")["chicago"]["passage"],
                          passage="1", url="U")
    assert chicago.startswith("“The good, immortal deed of Stalin must be fully defended.” ")


def test_quotation_marks_inside_a_chicago_title_become_single() -> None:
    chicago = _templates("edemskiy2025memorie")["chicago"]["passage"]
    assert chicago.startswith("Edemskiy, Andrey. “‘On December 15, '61, Moscow recommended")
    assert "but…’ / New documents" in chicago


def test_note_citation_names_the_note_its_passage_authors_and_date() -> None:
    note = citing.fill(_templates("lala2014")["chicago"]["note"], by="The editors", note="4",
                       id="lala-2014-a004", passage="19", date="2026-11-21", year="2026",
                       url="U#lala-2014-a004")
    assert note == ("The editors. “Note 4 (lala-2014-a004) on ¶ 19 of Disruption of "
                    "Albanian-Soviet Relations.” 2026-11-21. In " + PROJECT
                    + ", version 0.1.0. U#lala-2014-a004.")


# --- the source pages of the real edition --------------------------------------------------------

def _page(edition, docname: str) -> BeautifulSoup:
    return BeautifulSoup(edition.html(docname), "html.parser")


def test_every_source_page_carries_its_citation_templates(edition) -> None:
    assert len(edition.source_docnames) == 5
    for docname in edition.source_docnames:
        block = _page(edition, docname).select_one("script#edition-citation")
        data = json.loads(block.string)
        assert data["url"] is None  # no html_baseurl: the reader's own address
        for style in ("chicago", "apa"):
            assert PROJECT in data[style]["passage"] and "{passage}" in data[style]["passage"]
            assert "{url}" in data[style]["note"] and "0.1.0" in data[style]["note"]


def test_every_source_page_offers_bibtex_ris_and_csl_json(edition) -> None:
    for docname in edition.source_docnames:
        links = _page(edition, docname).select(".edition-metadata a.edition-download")
        assert [a.get_text() for a in links] == ["BibTeX", "RIS", "CSL-JSON"], docname
        slug = docname.split("/")[1]
        files = {a.get_text(): edition.outdir / "sources" / a["href"] for a in links}
        assert files["BibTeX"].name == f"{slug}.bib"
        bib = pybtex.database.parse_file(files["BibTeX"])
        (key,) = bib.entries
        ris = files["RIS"].read_bytes().decode("utf-8")
        assert ris.startswith("TY  - ") and ris.endswith("ER  - \r\n")
        assert f"ID  - {key}\r\n" in ris
        (item,) = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
        assert item["id"] == key and item["type"] in {"article-journal", "webpage"}
        assert item["title"] and item["URL"].startswith("https://")
        for name in item.get("author", []):
            assert set(name) in ({"family", "given"}, {"literal"})


def test_lala_record_in_ris_and_csl_json(edition) -> None:
    ris = (edition.outdir / "sources" / "lala-2014.ris").read_bytes().decode("utf-8")
    assert "TY  - JOUR\r\nAU  - Lala, Brisejda\r\nTI  - Disruption of Albanian-Soviet Relations" in ris
    assert "DO  - 10.5901/ajis.2014.v3n3p340\r\n" in ris
    (item,) = json.loads((edition.outdir / "sources" / "lala-2014.csl.json").read_text("utf-8"))
    assert item["author"] == [{"family": "Lala", "given": "Brisejda"}]
    assert item["issued"] == {"date-parts": [[2014]]}
    assert (item["volume"], item["issue"]) == ("3", "3")


def test_notes_carry_what_their_citation_needs(edition) -> None:
    notes = _page(edition, "sources/lala-2014").select("div.edition-note")
    assert notes
    for note in notes:
        assert re.fullmatch(r"lala-2014-p\d{3}[a-z]?", note["data-passage"])
        assert note.select_one(".edition-note-by").get_text()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", note.select_one("time")["datetime"])


@pytest.mark.sphinx("html", testroot="source",
                    confoverrides={"html_baseurl": "https://example.org/ed/"})
def test_permalinks_are_absolute_when_html_baseurl_is_set(app) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "sources" / "demo.html").read_text("utf-8"), "html.parser")
    data = json.loads(page.select_one("script#edition-citation").string)
    assert data["url"] == "https://example.org/ed/sources/demo.html"
    # no bibliography in this project: the front matter gives the record
    assert (app.outdir / "sources" / "demo.bib").read_text("utf-8").startswith("@misc{demo,")


# --- the edition as a whole -----------------------------------------------------------------------

def test_citation_cff_is_valid_and_matches_the_edition() -> None:
    result = subprocess.run([sys.executable, "-m", "cffconvert.cli.cli", "--validate", "-i",
                             str(ROOT / "CITATION.cff")], capture_output=True, text=True,
                             check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = re.search(r'^project = "([^"]+)"$', (ROOT / "conf.py").read_text(encoding="utf-8"),
                        re.MULTILINE)
    assert project is not None and cff["title"] == project.group(1) == PROJECT
    with (ROOT / "pyproject.toml").open("rb") as file:  # conf.py takes its release from here
        assert cff["version"] == tomllib.load(file)["project"]["version"]


# --- page weight ------------------------------------------------------------------------------------

def test_every_source_page_is_within_the_weight_budget(edition) -> None:
    weights = weight.site_weights(edition.outdir)
    print("\n".join(str(w) for w in weights))  # the report, with -s
    sources = [w for w in weights if weight.is_source_page(w)]
    assert len(sources) == 5
    assert [str(w) for w in sources if w.total > weight.SOURCE_PAGE_BUDGET] == []
    for page in sources:  # the stylesheets and scripts were found and counted
        assert any(name.endswith("edition.css") for name in page.assets)
        assert any(name.endswith("edition.js") for name in page.assets)


def test_weight_counts_linked_css_and_js_once(tmp_path) -> None:
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "a.css").write_text(
        "@font-face { src: url('fonts/f.woff2') format('woff2'); }" + "x" * 100)
    (tmp_path / "_static" / "fonts").mkdir()
    (tmp_path / "_static" / "fonts" / "f.woff2").write_bytes(b"w" * 300)
    (tmp_path / "_static" / "b.js").write_text("y" * 50)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.html").write_text(
        '<link rel="stylesheet" href="../_static/a.css?v=1"><link rel="stylesheet" '
        'href="../_static/a.css"><script src="../_static/b.js"></script>'
        '<script src="https://cdn.example/x.js"></script><img src="../_static/i.png">')
    (page,) = weight.site_weights(tmp_path)
    assert page.page == "sub/p.html"
    # as readers receive them: gzip-compressed, each once; fonts reported apart, not counted
    css = weight.transferred((tmp_path / "_static" / "a.css").read_bytes())
    js = weight.transferred(b"y" * 50)
    assert page.assets == {"_static/a.css": css, "_static/b.js": js}
    assert page.total == page.html + css + js
    assert page.html == weight.transferred((tmp_path / "sub" / "p.html").read_bytes())
    assert page.fonts == {"_static/fonts/f.woff2": 300}
