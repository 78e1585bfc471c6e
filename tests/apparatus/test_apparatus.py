"""The shared apparatus: register and mentions, claims, timeline, the sources' own citations,
references.bib, and the link checks."""

from __future__ import annotations

import codecs
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import latexcodec  # noqa: F401  (the 'ulatex' codec, as pybtex decodes references.bib)
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, located_warnings
from edition.apparatus.bibliography import check_bibfile
from edition.apparatus.register import _mention_pattern
from edition.checks import external_links, links
from edition.checks.fidelity import check_html
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_file


@pytest.fixture()
def project(rootdir, tmp_path) -> Path:
    srcdir = tmp_path / "apparatus"
    shutil.copytree(rootdir / "test-apparatus", srcdir)
    return srcdir


def _built(make_app, srcdir: Path, builder: str = "html"):
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    return app


def _page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"),
                         "html.parser")


def _main(page: BeautifulSoup):
    return page.select_one('[role="main"]')


# --- a clean project ---------------------------------------------------------------------------

def test_clean_apparatus_builds_without_warnings(make_app, project) -> None:
    assert located_warnings(_built(make_app, project)) == []


def test_mentions_link_to_register_without_changing_the_text(make_app, project) -> None:
    app = _built(make_app, project)
    main = _main(_page(app, "sources/demo"))
    mentions = {(a.get_text(), a["href"]) for a in main.select("a.edition-mention")}
    assert ("Enver Hoxha", "../register.html#term-hoxha-enver") in mentions
    assert ("Hoxha", "../register.html#term-hoxha-enver") in mentions  # a variant
    assert ("Vlora", "../register.html#term-vlore") in mentions
    # the longest form wins: "Enver Hoxha" is one link, not "Enver" + "Hoxha"
    assert [a.get_text() for a in main.select("a.edition-mention")][:1] == ["Enver Hoxha"]
    # the hover previews are in the page once, not in every link
    previews = json.loads(main.select_one("script#edition-previews").string)
    assert previews["term-comecon"] == ("Comecon (1949–1991): The Council for Mutual Economic "
                                        "Assistance.")
    assert set(previews) == {a["href"].split("#")[1] for a in main.select("a.edition-mention")}
    html = (app.outdir / "sources" / "demo.html").read_text(encoding="utf-8")
    page, problems = check_html(html, project / "sources" / "originals")
    assert page is not None and problems == []


# forms that share beginnings ("Hox", "Hoxha", "Hoxha Enver"), with spaces, case and accents
_FORM_WORDS = st.text(alphabet="HoxaëE-.", min_size=1, max_size=4)
_FORMS = st.lists(st.lists(_FORM_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1,
                  max_size=12, unique=True)


@st.composite
def _forms_and_text(draw: st.DrawFn) -> tuple[list[str], str]:
    """Forms, and a text made of some of them and other letters, with any separators."""
    forms = draw(_FORMS)
    pieces = draw(st.lists(st.one_of(st.sampled_from(forms), _FORM_WORDS), max_size=10))
    separators = st.sampled_from(["", " ", "  ", "\n", ", ", "x"])
    return forms, "".join(piece + draw(separators) for piece in pieces)


@given(forms_and_text=_forms_and_text())
@settings(max_examples=500, deadline=None)
def test_mention_pattern_finds_what_a_list_of_the_forms_finds(forms_and_text) -> None:
    """The register's pattern is built as a trie for speed; it must find exactly what the plain
    alternation of every form, longest first, finds."""
    forms, text = forms_and_text
    longest_first = sorted(forms, key=lambda form: (-len(form), form))
    alternation = "|".join(r"\s+".join(map(re.escape, form.split())) for form in longest_first)
    expected = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    pattern = _mention_pattern({form: form for form in forms})
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in expected.finditer(text)]


def test_register_lists_every_passage_that_mentions_an_entry(make_app, project) -> None:
    page = _page(_built(make_app, project), "register")
    entry = page.select_one("dt#term-tirana").find_next_sibling("dd")
    mentions = entry.select_one(".edition-register-mentions")
    # a disclosure: how many passages, then the passages by source, each with its context
    assert mentions.select_one("summary").get_text() == "Mentioned in: 2 passages of 1 source"
    assert [p.get_text() for p in mentions.select(".edition-mentions-title")] == ["Demo Article"]
    assert [a["href"] for a in mentions.select("a")] == ["sources/demo.html#demo-p001",
                                                       "sources/demo.html#demo-p004"]
    assert [a.get_text() for a in mentions.select("a")] == ["¶\u00a01", "¶\u00a04"]  # no break
    contexts = [c.get_text() for c in mentions.select(".edition-mention-context")]
    assert len(contexts) == 2 and all("Tirana" in c and "[" not in c for c in contexts), contexts
    forms = page.select_one("dt#term-vlore").find_next_sibling("dd")
    assert "Forms in the sources: Vlora" in forms.get_text()


def test_term_role_resolves_names_and_variants(make_app, project) -> None:
    main = _main(_page(_built(make_app, project), "sources/demo"))
    note = main.select_one("#demo-a003")
    assert note.select_one('a[href="../register.html#term-khrushchev-nikita"]') is not None


def test_in_text_citations_link_to_the_reference_list(make_app, project) -> None:
    main = _main(_page(_built(make_app, project), "sources/demo"))
    links_ = [(a.get_text(), a["href"]) for a in main.select("a.edition-citation")]
    assert links_ == [("(Writer, 2001)", "#demo-p004"), ("Other, 1999", "#demo-p005"),
                      ("Writer, 2001", "#demo-p004")]
    # an entry of the source's reference list links on to the bibliography
    bibref = main.select_one("#demo-p004 .edition-bibref a")
    assert bibref["href"] == "../bibliography.html#bib-writer2001"


def test_register_marks_the_language_of_a_form_and_of_a_name(make_app, project) -> None:
    _replace(project / "apparatus/register.yaml", "  variants: [Vlora]",
             "  variants: [Vlora]\n  languages: {Vlora: sq, Vlorë: sq}")
    _replace(project / "conf.py", '["colon_fence"]', '["attrs_inline", "colon_fence"]')
    _replace(project / "apparatus/register.yaml", "A port in southern Albania.",
             "A port in southern Albania ([Vlora]{.language-sq}, the definite form).")
    app = _built(make_app, project)
    main = _main(_page(app, "register"))
    assert [(em.get_text(), em.get("lang")) for em in main.select(".edition-register-forms em")
            if em.get_text() == "Vlora"] == [("Vlora", "sq")]
    assert main.select_one("dt#term-vlore span[lang]")["lang"] == "sq"
    assert main.select_one("dt#term-vlore + dd span[lang]").get_text() == "Vlora"
    # the hover preview is plain text: the span's words without its markup
    previews = json.loads(_main(_page(app, "sources/demo")).select_one(
        "script#edition-previews").string)
    assert previews["term-vlore"] == "Vlorë: A port in southern Albania (Vlora, the definite form)."


def test_register_links_authority_identifiers(make_app, project) -> None:
    """An entry's Wikidata, VIAF, GND and GeoNames ids link to their authority files, on the
    register page and in the mention previews; coordinates are shown. (The form is what is
    tested: apart from Tirana's Wikidata id, these are not the entries' own identifiers.)"""
    _replace(project / "apparatus/register.yaml", "  name: Tirana",
             "  name: Tirana\n  wikidata: Q19689\n  geonames: \"123\"\n"
             "  coordinates: \"41.3275, 19.8189\"")
    _replace(project / "apparatus/register.yaml", '  dates: "1908–1985"',
             '  dates: "1908–1985"\n  wikidata: Q1\n  viaf: "2"\n  gnd: 1000000-0')
    app = _built(make_app, project)
    assert located_warnings(app) == []
    register = _main(_page(app, "register"))
    tirana = register.select_one("dt#term-tirana").find_next_sibling("dd")
    links_ = [(a.get_text(), a["href"]) for a in tirana.select(".edition-register-authority a")]
    assert links_ == [("Wikidata Q19689", "https://www.wikidata.org/wiki/Q19689"),
                      ("GeoNames 123", "https://www.geonames.org/123")]
    assert all(a.get("rel") and "noopener" in a["rel"]
               for a in tirana.select(".edition-register-authority a"))
    assert "41.3275, 19.8189" in tirana.select_one(".edition-register-authority").get_text()
    hoxha = register.select_one("dt#term-hoxha-enver").find_next_sibling("dd")
    assert [a["href"] for a in hoxha.select(".edition-register-authority a")] == [
        "https://www.wikidata.org/wiki/Q1", "https://viaf.org/viaf/2",
        "https://d-nb.info/gnd/1000000-0"]
    # an entry without identifiers has no line for them
    moscow = register.select_one("dt#term-moscow").find_next_sibling("dd")
    assert moscow.select_one(".edition-register-authority") is None
    # the previews of a source page carry the same links, apart from the text
    main = _main(_page(app, "sources/demo"))
    authorities = json.loads(main.select_one("script#edition-preview-authorities").string)
    assert authorities["term-tirana"] == [["Wikidata Q19689", "https://www.wikidata.org/wiki/Q19689"],
                                          ["GeoNames 123", "https://www.geonames.org/123"]]
    assert "term-khrushchev-nikita" not in authorities  # no identifiers: nothing to link
    previews = json.loads(main.select_one("script#edition-previews").string)
    assert previews["term-tirana"] == "Tirana: The Albanian capital."


def test_claims_row_links_passages_and_lists_its_notes(make_app, project) -> None:
    main = _main(_page(_built(make_app, project), "claims"))
    row = main.select_one("#claim-base-built")
    assert row.select_one('a[href="sources/demo.html#demo-p002"]').get_text() == "demo ¶\u00a02"
    notes = row.select_one(".edition-claim-notes a")
    assert notes["href"] == "sources/demo.html#demo-a003"


def test_timeline_marks_disputed_dates(make_app, project) -> None:
    rows = _main(_page(_built(make_app, project), "timeline")).select("tbody tr")
    assert [r.select("td")[0].get_text(strip=True) for r in rows] == ["1957", "3 December 1961"]
    assert rows[0].select_one("a.edition-disputed")["href"] == "claims.html#claim-base-built"
    assert rows[1].select_one("a.edition-disputed") is None


# --- bad input ---------------------------------------------------------------------------------

def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD_INPUT = {
    "claims row that disagrees with one source": (
        "apparatus/claims.yaml", "  why-single:", "  disagree: true\n  why-single:",
        "apparatus/claims.yaml:6: WARNING: claims row 'base-built' says the sources disagree, "
        "but its readings come from fewer than two sources [edition.collation]"),
    "claims disagree not a boolean": (
        "apparatus/claims.yaml", "  why-single:", "  disagree: yes please\n  why-single:",
        "apparatus/claims.yaml:6: WARNING: 'disagree' of claims row 'base-built' must be true or "
        "false [edition.collation]"),
    "register sort form with other words than the name": (
        "apparatus/register.yaml", "  name: Nikita Khrushchev",
        "  name: Nikita Khrushchev\n  sort: Khrushchev, Nikolai",
        "apparatus/register.yaml:14: WARNING: 'sort' of register entry 'khrushchev-nikita' must "
        "have the words of its name ('Nikita Khrushchev') and no others, e.g. 'Khrushchev, "
        "Nikita' [edition.register]"),
    "variant claimed by two entries": (
        "apparatus/register.yaml", "  variants: [Khrushchev]", "  variants: [Khrushchev, Hoxha]",
        "apparatus/register.yaml:15: WARNING: the form 'Hoxha' is claimed by two register "
        "entries: 'hoxha-enver' (line 6) and 'khrushchev-nikita'; a form must name one entry, so "
        "remove it from one of them (or from both, if it is ambiguous) [edition.register]"),
    "variant found nowhere": (
        "apparatus/register.yaml", "  variants: [Vlora]", "  variants: [Vlora, Vlore]",
        "apparatus/register.yaml:25: WARNING: variant 'Vlore' of register entry 'vlore' occurs "
        "in no source's reading text as a whole word; give the form exactly as printed (case "
        "matters), or remove it [edition.register]"),
    "language of a form that is not a variant": (
        "apparatus/register.yaml", "  variants: [Vlora]", "  variants: [Vlora]\n  languages: {Vlore: sq}",
        "apparatus/register.yaml:29: WARNING: 'languages' of register entry 'vlore' names "
        "'Vlore', which is not one of its variants [edition.register]"),
    "language that is not a language tag": (
        "apparatus/register.yaml", "  variants: [Vlora]",
        "  variants: [Vlora]\n  languages: {Vlora: Albanian}",
        "apparatus/register.yaml:29: WARNING: 'languages' of register entry 'vlore' must map "
        "forms to language tags, e.g. 'Ndarja shqiptaro-sovjetike: sq' or 'Албано-советский "
        "раскол: ru' [edition.register]"),
    "language as a span attribute in a note": (
        "commentary/demo.md", "{term}`Khrushchev`", "{term}`Khrushchev` ([Hrushovi]{lang=sq})",
        "commentary/demo.md:29: WARNING: '[Hrushovi]{lang=sq}': MyST keeps no 'lang' attribute "
        "on a span, so these words would have no language; write [Hrushovi]{.language-sq}, "
        "which gives lang=\"sq\" [edition.language]"),
    "language as a span attribute in a head-note": (
        "sources/demo.md", "A demo source for the apparatus tests.",
        "A demo source ([Viti 1961]{#y lang=\"sq\"}) for the apparatus tests.",
        "sources/demo.md:20: WARNING: '[Viti 1961]{#y lang=\"sq\"}': MyST keeps no 'lang' "
        "attribute on a span, so these words would have no language; write "
        "[Viti 1961]{.language-sq}, which gives lang=\"sq\" [edition.language]"),
    # the form of the identifiers is what these cases test: the numbers are no entry's own
    "malformed Wikidata id": (
        "apparatus/register.yaml", "  name: Tirana", "  name: Tirana\n  wikidata: \"19689\"",
        "apparatus/register.yaml:23: WARNING: malformed 'wikidata' of register entry 'tirana': "
        "'19689'; a Wikidata item id is Q and digits, as at the end of the item's address "
        "https://www.wikidata.org/wiki/Q…: 'Q19689'? [edition.register]"),
    "Wikidata address instead of its id": (
        "apparatus/register.yaml", "  name: Tirana",
        "  name: Tirana\n  wikidata: https://www.wikidata.org/wiki/Q19689",
        "apparatus/register.yaml:23: WARNING: malformed 'wikidata' of register entry 'tirana': "
        "'https://www.wikidata.org/wiki/Q19689'; a Wikidata item id is Q and digits, as at the "
        "end of the item's address https://www.wikidata.org/wiki/Q…: 'Q19689'? "
        "[edition.register]"),
    "malformed VIAF id": (
        "apparatus/register.yaml", "  name: Nikita Khrushchev",
        "  name: Nikita Khrushchev\n  viaf: VIAF 123x",
        "apparatus/register.yaml:14: WARNING: malformed 'viaf' of register entry "
        "'khrushchev-nikita': 'VIAF 123x'; a VIAF id is digits only, as at the end of the "
        "cluster's address https://viaf.org/viaf/… [edition.register]"),
    "malformed GND id": (
        "apparatus/register.yaml", "  name: Nikita Khrushchev",
        "  name: Nikita Khrushchev\n  gnd: GND 11856-X",
        "apparatus/register.yaml:14: WARNING: malformed 'gnd' of register entry "
        "'khrushchev-nikita': 'GND 11856-X'; a GND id is as at the end of the record's address "
        "https://d-nb.info/gnd/…: digits ending in a check digit or X, for a corporate body "
        "often with a hyphen before it (e.g. 118500000 or 1000000-0) [edition.register]"),
    "malformed GeoNames id": (
        "apparatus/register.yaml", "  name: Tirana", "  name: Tirana\n  geonames: tirana-al",
        "apparatus/register.yaml:23: WARNING: malformed 'geonames' of register entry 'tirana': "
        "'tirana-al'; a GeoNames id is digits only, as in the place's address "
        "https://www.geonames.org/… [edition.register]"),
    "coordinates out of range": (
        "apparatus/register.yaml", "  name: Tirana",
        "  name: Tirana\n  coordinates: \"141.33, 19.82\"",
        "apparatus/register.yaml:23: WARNING: malformed 'coordinates' of register entry "
        "'tirana': '141.33, 19.82': the latitude 141.33 is outside -90 to 90; coordinates are "
        "\"latitude, longitude\" in decimal degrees, south and west negative (e.g. "
        "\"-33.9, 18.42\") [edition.register]"),
    "coordinates in degrees and minutes": (
        "apparatus/register.yaml", "  name: Tirana",
        "  name: Tirana\n  coordinates: \"41°20′N 19°49′E\"",
        "apparatus/register.yaml:23: WARNING: malformed 'coordinates' of register entry "
        "'tirana': '41°20′N 19°49′E'; coordinates are \"latitude, longitude\" in decimal "
        "degrees, south and west negative (e.g. \"-33.9, 18.42\") [edition.register]"),
    "coordinates of a person": (
        "apparatus/register.yaml", "  name: Nikita Khrushchev",
        "  name: Nikita Khrushchev\n  coordinates: \"55.75, 37.62\"",
        "apparatus/register.yaml:14: WARNING: 'coordinates' of register entry "
        "'khrushchev-nikita' are for places only (its kind is person): remove them "
        "[edition.register]"),
    "dates with a hyphen": (
        "apparatus/register.yaml", '  dates: "1908–1985"', '  dates: "1908-1985"',
        "apparatus/register.yaml:9: WARNING: malformed 'dates' of register entry 'hoxha-enver': "
        "'1908-1985'; dates are a year, or two years joined by an en dash (–), each perhaps "
        "after 'c.': \"1908–1985\", \"c. 1890–1961\", \"b. 1972\", \"d. 1961\": "
        "'1908–1985'? [edition.register]"),
    "dates in the wrong order": (
        "apparatus/register.yaml", '  dates: "1908–1985"', '  dates: "1985–1908"',
        "apparatus/register.yaml:9: WARNING: malformed 'dates' of register entry 'hoxha-enver': "
        "'1985–1908': the first year is after the second [edition.register]"),
    "unknown kind": (
        "apparatus/register.yaml", "kind: place\n  description: The Soviet capital.",
        "kind: city\n  description: The Soviet capital.",
        "apparatus/register.yaml:19: WARNING: unknown kind 'city' of register entry 'moscow'; "
        "kinds are: person, place, organisation, event, concept [edition.register]"),
    "duplicate register id": (
        "apparatus/register.yaml", "- id: tirana", "- id: moscow",
        "apparatus/register.yaml:21: WARNING: duplicate register id 'moscow' (first used at "
        "line 17); every entry needs its own id [edition.register]"),
    "malformed YAML": (
        "apparatus/register.yaml", "  name: Moscow", "  name: [Moscow",
        "apparatus/register.yaml:19: WARNING: not valid YAML: expected ',' or ']', but got ':'; "
        "check the indentation and quote values that contain ': ' or '#' [edition.register]"),
    "unknown term": (
        "commentary/demo.md", "{term}`Khrushchev`", "{term}`Krushchev`",
        "commentary/demo.md:28: WARNING: unknown term 'Krushchev': did you mean 'Khrushchev'? a "
        "term is the name or a variant of an entry of apparatus/register.yaml [edition.register]"),
    "unknown citation key": (
        "commentary/demo.md", "{cite:p}`zagoria1961`", "{cite:p}`zagoria1962`",
        "commentary/demo.md:28: WARNING: unknown citation key 'zagoria1962': did you mean "
        "'zagoria1961'? every key cited must be an entry of references.bib [edition.bibliography]"),
    "case-clashing bib key": (
        "references.bib", "@book{other1998,", "@book{Writer2001,",
        "references.bib:15: WARNING: entry 'Writer2001' repeats 'writer2001', which differs only "
        "in case (line 8); BibTeX keys ignore case and must be unique: rename one of them or "
        "merge the two entries [edition.bibliography]"),
    "malformed BibTeX": (  # the braces balance, a comma is missing: pybtex's own reason
        "references.bib", "  title = {A Book},", "  title = {A Book}",
        "references.bib:8: WARNING: malformed BibTeX in entry 'writer2001': ",
        "'}' expected (at line 11); check its braces and commas"),
    "unmapped source citation": (
        "sources/citations.yaml", '    "Writer, 2001": demo-p004\n', "",
        "sources/demo.md:23: WARNING: in-text citation «Writer, 2001» in passage 'demo-p001' is "
        "not in sources/citations.yaml: add it under 'demo: citations:' with the reference-list "
        "passage it points to; the nearest mapped label is 'Other, 1999' [edition.citation]"),
    "mismatch without a note": (
        "sources/citations.yaml", "      note: demo-a001\n", "",
        "sources/demo.md:26: WARNING: in-text citation «Other, 1999» in passage 'demo-p002' does "
        "not match its reference-list entry (its year 1999 is not in the entry); name the "
        "citation-check note that explains it as 'note:' (sources/citations.yaml:9) "
        "[edition.citation]"),
    "claims row with an unknown passage": (
        "apparatus/claims.yaml", "passage: demo-p002", "passage: demo-p020",
        "apparatus/claims.yaml:4: WARNING: unknown passage 'demo-p020': did you mean "
        "'demo-p005'? passage ids are recorded in sources/passages.json (e.g. lala-2014-p019) "
        "[edition.collation]"),
    "claims row with one passage and no reason": (
        "apparatus/claims.yaml", "  why-single: Only the demo source speaks to the point.\n", "",
        "apparatus/claims.yaml:1: WARNING: claims row 'base-built' links 1 passage(s); a row "
        "compares at least two passages, or says in 'why-single' why only one speaks to it "
        "[edition.collation]"),
    "timeline date malformed": (
        "apparatus/timeline.yaml", 'date: "1961-12-03"', 'date: "3 Dec 1961"',
        "apparatus/timeline.yaml:5: WARNING: malformed date '3 Dec 1961': an ISO date: "
        "1961-12-03, 1961-12 or 1961 [edition.collation]"),
    "discrepancy note without its claims row": (
        "commentary/demo.md", "see the {ref}`claims collation <claim-base-built>` and",
        "see the collation and",
        "commentary/demo.md:21: WARNING: discrepancy note 'demo-a003' does not link its row of the "
        "claims collation: add a link such as {ref}`claims collation <claim-ID>` (rows: "
        "base-built, ...) [edition.annotation]"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_apparatus_input_is_a_located_error(make_app, project, case) -> None:
    path, old, new, *expected = BAD_INPUT[case]
    _replace(project / path, old, new)
    warnings = located_warnings(_built(make_app, project))
    if len(expected) == 1:
        assert expected[0] in warnings, "\n".join(warnings)
    else:  # a prefix and a part: the parser's own wording follows
        prefix, part = expected
        assert any(w.startswith(prefix) and part in w for w in warnings), "\n".join(warnings)


def test_bad_input_fails_a_strict_build(project, tmp_path) -> None:
    from edition.checks.build import build_project

    _replace(project / "apparatus/register.yaml", "kind: place", "kind: city")
    result = build_project(project, tmp_path / "out", "html")
    assert any("[edition.register]" in w for w in result.warnings)


def test_bibfile_check_reports_an_exact_duplicate(tmp_path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{a1, title={A}, year={1}}\n\n@book{a1, title={B}, year={2}}\n")
    _, problems, good = check_bibfile(bib, "refs.bib")
    assert good.count("@book") == 1
    assert [p.location for p in problems] == ["refs.bib:3"]
    assert "repeats the same key (line 1)" in problems[0].message


# --- the internal link check --------------------------------------------------------------------

def test_internal_link_check_passes_on_a_clean_build(make_app, project) -> None:
    app = _built(make_app, project)
    broken, checked = links.check_site(Path(app.outdir))
    assert broken == [] and checked > 50


def test_internal_link_check_catches_a_broken_fragment(make_app, project) -> None:
    app = _built(make_app, project)
    page = Path(app.outdir) / "sources" / "demo.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        'href="#demo-p004"', 'href="#demo-p099"', 1), encoding="utf-8")
    broken, _ = links.check_site(Path(app.outdir))
    assert [(b.page, b.target, b.reason) for b in broken] == [
        ("sources/demo.html", "#demo-p099",
         "'sources/demo.html' has no element with id 'demo-p099'")]
    assert links.main([str(app.outdir)]) == 1


def test_internal_link_check_catches_a_missing_page(tmp_path) -> None:
    (tmp_path / "index.html").write_text('<a href="gone.html#x">x</a><a href="#top" id="top">t</a>')
    broken, checked = links.check_site(tmp_path)
    assert checked == 2
    assert [str(b) for b in broken] == ["index.html:1: broken link 'gone.html#x': no file "
                                        "'gone.html'"]


# --- the external link check, against a local server ---------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802 (the standard library's name)
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        if self.path == "/redirect":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
        elif self.path in ("/ok", "/"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            if body:
                self.wfile.write(b"<html><body>ok</body></html>")
        else:
            self.send_error(404)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _links_project(tmp_path: Path, base: str) -> Path:
    srcdir = tmp_path / "links"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["myst_parser"]\n'
                                    'linkcheck_timeout = 5\nlinkcheck_retries = 1\n')
    (srcdir / "index.md").write_text(f"# Links\n\n- [working]({base}/ok)\n"
                                     f"- [broken]({base}/missing)\n"
                                     f"- [redirected]({base}/redirect)\n")
    return srcdir


def test_external_check_reports_working_broken_and_redirected(local_server, tmp_path,
                                                               capsys) -> None:
    srcdir = _links_project(tmp_path, local_server)
    status = external_links.main(["--probe", local_server, str(srcdir), str(tmp_path / "out")])
    report = capsys.readouterr().out
    assert status == 1
    assert f"index.md:4: broken: {local_server}/missing" in report
    assert f"index.md:5: redirected: {local_server}/redirect -> {local_server}/ok" in report
    assert "external links: 1 broken, 1 redirected, 1 working" in report


def test_external_check_without_network_says_so(tmp_path, capsys) -> None:
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{unused.getsockname()[1]}/"
    srcdir = _links_project(tmp_path, "https://example.org")
    status = external_links.main(["--probe", closed, str(srcdir), str(tmp_path / "out")])
    assert status == external_links.NO_NETWORK == 75
    report = capsys.readouterr().out
    assert report.startswith(f"No network: {closed} cannot be reached")
    assert "External links were NOT checked" in report
    assert not (tmp_path / "out" / "output.json").exists()


def test_the_bibliography_sets_the_title_of_every_standalone_work_in_italics(edition) -> None:
    """Chicago sets the title of a work that stands alone in italics: a book, and also a web
    page, a report or an archive's file (``@misc``, ``@online``), which were set upright."""
    entries = parse_file(str(ROOT / "references.bib"), "bibtex").entries
    page = BeautifulSoup(edition.html("bibliography"), "html.parser")
    upright, counted = [], 0
    for key, entry in entries.items():
        if entry.type.lower() not in ("misc", "online", "book", "collection"):
            continue
        item = page.find(id=f"bib-{key}")
        if item is None:  # not cited: not listed
            continue
        counted += 1
        # the title's first words, letters only (references.bib writes TeX: ``, \\ldots, {\\l})
        title = _words(re.sub("[{}]", "", codecs.decode(entry.fields["title"], "ulatex")))[:4]
        if not any(_words(em.get_text())[:4] == title for em in item.find_all("em")):
            upright.append(f"{key} ({entry.type}): {' '.join(title)}")
    assert counted >= 20
    assert upright == []


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)
