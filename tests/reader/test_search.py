"""The edition's search in a real browser (issue 16): accents and case folded, the register's
variants expanded, results at passage level that land on their passage, bad queries harmless.

The expected passages are computed from the built pages: a passage mentions an entry when its
reading text links to the entry (as the register page lists it)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import PHONE

ROOT = Path(__file__).resolve().parents[2]


def _mentions(edition) -> dict[str, set[str]]:
    """entry id -> the passage ids whose reading text links to it, from the built source pages."""
    found: dict[str, set[str]] = {}
    for docname in edition.source_docnames:
        page = BeautifulSoup(edition.html(docname), "html.parser")
        for link in page.select("a.edition-mention"):
            passage = link.find_parent(id=re.compile(r"-p\d{3}[a-z]?$"))
            if passage is not None:
                found.setdefault(link["href"].split("#term-")[1], set()).add(passage["id"])
    return found


def _passage_text(edition) -> dict[str, str]:
    """passage id -> its words as a reader sees them, without note markers, notes and numbers
    (and without spaces, which the markup spreads differently)."""
    texts = {}
    for docname in edition.source_docnames:
        page = BeautifulSoup(edition.html(docname), "html.parser")
        for element in page.select(".edition-marker, .edition-note, .edition-pnum"):
            element.decompose()
        for passage in page.find_all(id=re.compile(r"-p\d{3}[a-z]?$")):
            texts[passage["id"]] = "".join(passage.get_text().split())  # spaces aside
    return texts


def _search(open_page, query: str, viewport=None):
    page = open_page(f"search.html?q={quote(query)}", **({"viewport": viewport} if viewport else {}))
    page.wait_for_function("() => document.getElementById('edition-search-status').textContent "
                           "&& !/Searching/.test(document.getElementById('edition-search-status')"
                           ".textContent)")
    return page


def _passages(page) -> list[str]:
    return [link.get_attribute("href").split("#")[1]
            for link in page.locator(".edition-result-passage a").all()]


@pytest.fixture(scope="module")
def mentions(edition) -> dict[str, set[str]]:
    return _mentions(edition)


def test_vlore_vlore_and_vlora_return_the_same_passages(open_page, mentions) -> None:
    results = {query: sorted(_passages(_search(open_page, query)))
               for query in ("Vlore", "Vlorë", "Vlora", "VLORË")}
    assert results["Vlorë"] == sorted(mentions["vlore"])
    assert len(set(map(tuple, results.values()))) == 1, results


def test_koci_xoxe_finds_every_passage_naming_him(open_page, mentions) -> None:
    page = _search(open_page, "Koci Xoxe")
    assert page.locator(".edition-result-entry a").first.get_attribute("href").endswith(
        "register.html#term-xoxe-koci")
    assert sorted(_passages(page)) == sorted(mentions["xoxe-koci"])
    assert "K. Dzodze" in " ".join(page.locator(".edition-result-passage").all_inner_texts())


@pytest.mark.parametrize("query", ["Hrushov", "Hrusshov", "Khrushchev", "khrushchev"])
def test_every_spelling_of_khrushchev_finds_his_entry_first_and_every_passage(
        open_page, mentions, query) -> None:
    page = _search(open_page, query)
    first = page.locator("#search-results li").first
    assert first.locator("a").get_attribute("href").endswith("register.html#term-khrushchev-nikita")
    assert first.locator("a").inner_text().startswith("Khrushchev, Nikita")
    assert sorted(_passages(page)) == sorted(mentions["khrushchev-nikita"])
    assert page.errors == []


def test_search_returns_exactly_the_passages_that_mention_ten_entries(
        open_page, edition, mentions) -> None:
    """For ten entries with the most forms, a query by one of their variants (not the name)
    returns exactly the passages whose text names the entry under any form."""
    from edition.apparatus.register import load

    register, _ = load(ROOT / "apparatus" / "register.yaml", "register.yaml")
    chosen = sorted((e for e in register.entries.values() if e.id in mentions),
                    key=lambda e: (-len(e.forms), e.id))[:10]
    assert len(chosen) == 10
    for entry in chosen:
        query = entry.forms[-1]
        page = _search(open_page, query)
        assert sorted(_passages(page)) == sorted(mentions[entry.id]), (entry.id, query)
        first = page.locator("#search-results li a").first.get_attribute("href")
        assert first.endswith(f"#term-{entry.id}"), (entry.id, first)


def test_a_result_lands_on_its_passage_in_view_and_marked(open_page) -> None:
    page = _search(open_page, "Hrushov", viewport=PHONE)
    link = page.locator(".edition-result-passage a").nth(5)
    passage_id = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(f"**#{passage_id}")
    passage = page.locator(f'[id="{passage_id}"]')
    assert passage.evaluate("p => { const r = p.getBoundingClientRect(); "
                            "return r.top >= 0 && r.top < innerHeight / 2; }")
    assert passage.evaluate("p => p.matches(':target')")
    found = passage.locator(".edition-found")
    assert found.count() >= 1
    assert all(a.get_attribute("href").endswith("#term-khrushchev-nikita") for a in found.all())


def test_a_word_search_marks_its_words_in_the_passage(open_page) -> None:
    page = _search(open_page, "vlore base")
    link = page.locator(".edition-result-passage a").first
    link.click()
    page.wait_for_url("**#*")
    marked = {m.lower() for m in page.locator("mark.edition-found").all_inner_texts()}
    assert marked & {"vlora", "vlore", "vlorë"} and any(m.startswith("base") for m in marked)


@pytest.mark.parametrize("query", ["Vlora", "Hrushov", "1961", "submarines"])
def test_no_snippet_contains_a_note_number(open_page, edition, query) -> None:
    texts = _passage_text(edition)
    page = _search(open_page, query)
    results = page.locator(".edition-result-passage").all()
    assert results
    for result in results:
        passage_id = result.locator("a").get_attribute("href").split("#")[1]
        snippet = result.locator(".edition-snippet").inner_text().strip("… ").strip()
        assert snippet and result.locator(".edition-snippet mark").count() >= 1
        for piece in snippet.split(" … "):
            assert "".join(piece.split()) in texts[passage_id], (passage_id, snippet)


def test_the_note_numbers_are_gone_where_they_followed_a_match(open_page) -> None:
    """wiki-expulsion ¶ 17 reads "July 1961" with note 15 after it: the snippet has no 15."""
    page = _search(open_page, "Vlora")
    result = page.locator(".edition-result-passage", has=page.locator(
        'a[href$="#wiki-expulsion-p017"]'))
    snippet = result.locator(".edition-snippet").inner_text()
    assert "July 1961, Soviets" in snippet and "196115" not in snippet


def test_results_of_every_kind_and_a_filter_by_source(open_page) -> None:
    page = _search(open_page, "Vlorë")
    for kind in ("entry", "passage", "note", "claim", "event"):
        assert page.locator(f".edition-result-{kind}").count() >= 1, kind
    page.locator("#edition-search-source").select_option("lala-2014")
    page.wait_for_url("**source=lala-2014*")
    page.wait_for_function("() => window.editionSearchDone")
    passages = _passages(page)
    assert passages and all(p.startswith("lala-2014-") for p in passages)
    notes = [a.get_attribute("href") for a in page.locator(".edition-result-note a").all()]
    assert notes and all("lala-2014.html#" in href for href in notes)


@pytest.mark.parametrize("query", ["Vlorë", "Khrushchev", "Hoxha"])
def test_every_result_leads_to_a_page_and_an_anchor_that_exist(open_page, edition, query) -> None:
    """Each result link of every kind opens a built page and lands on an id in it (every claims
    result was a 404: its link was made of the claims' data, not the page's address)."""
    page = _search(open_page, query)
    hrefs = page.evaluate("[...document.querySelectorAll('#search-results a')].map(a => a.href)")
    assert len(hrefs) >= 10
    broken = []
    for href in hrefs:
        address = urlsplit(href)
        target, anchor = edition.outdir / unquote(address.path).lstrip("/"), unquote(address.fragment)
        if not target.is_file():
            broken.append(f"{href[:120]}: no such page")
        elif anchor and f'id="{anchor}"' not in target.read_text(encoding="utf-8"):
            broken.append(f"{href[:120]}: no id {anchor!r} on the page")
    assert broken == []


@pytest.mark.parametrize("query", ["a", "", " ", "x" * 500, "Хрущёв", ".*(", "[a-z]+\\", "(((",
                                   "^$|?", "<script>alert(1)</script>", "Vlorë" * 100])
def test_bad_queries_never_throw(open_page, query) -> None:
    page = open_page("index.html")
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text)
            if message.type == "error" and "favicon" not in message.location.get("url", "")
            else None)
    page.goto(page.url.replace("index.html", f"search.html?q={quote(query)}"))
    page.wait_for_timeout(400)
    assert page.errors == [] and console == []
    status = page.locator("#edition-search-status").inner_text()
    if query.strip():
        assert status and "Searching" not in status
    assert page.locator("#search-results script").count() == 0


def test_the_index_is_loaded_by_the_search_page_only(edition) -> None:
    for docname in [*edition.source_docnames, "register", "index"]:
        assert "edition-search-index" not in edition.html(docname)
        assert "search.js" not in edition.html(docname)
    assert "search.js" in (edition.outdir / "search.html").read_text(encoding="utf-8")
    assert (edition.outdir / "_static" / "edition-search-index.js").is_file()


def test_no_page_loads_sphinxs_own_search_scripts(edition) -> None:
    """The edition's search is its own: Sphinx's scripts for its search (marking ?highlight=
    words) weighed 4 KB gzip on every page, and sphinx-design's tabs script on pages without tabs."""
    for page in edition.pages:
        html = (edition.outdir / page).read_text(encoding="utf-8")
        for script in ("doctools.js", "sphinx_highlight.js", "documentation_options.js"):
            assert script not in html, f"{page} loads {script}"
        if "sd-tab-set" not in html:
            assert "design-tabs.js" not in html, f"{page} loads design-tabs.js"


@pytest.mark.parametrize(("quoted", "alone"), [('"communist party"', "communist party"),
                                               ("“naval base”", "naval base")])
def test_words_in_quotes_are_found_as_a_phrase(open_page, edition, quoted, alone) -> None:
    """Quotation marks were ignored: "communist party" found every passage with both words."""
    texts = _passage_text(edition)
    phrase = "".join(alone.split())
    page = _search(open_page, quoted)
    found = _passages(page)
    assert found, quoted
    assert all(phrase in texts[passage].lower() for passage in found), (
        "a passage without the words side by side")
    everywhere = _passages(_search(open_page, alone))
    assert set(found) < set(everywhere)


def _index(edition) -> dict:
    text = (edition.outdir / "_static" / "edition-search-index.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("{"):text.rindex("}") + 1])


def test_every_notes_search_text_is_the_note_as_the_page_prints_it(edition) -> None:
    """A note's result snippet is its text as the reader reads it: its citations as the page
    prints them ("[Hoxha, 1980b]", "Mëhilli [2011]"), never their references.bib keys
    ("hoxha1980"), no words missing (spaces aside: the markup spreads them differently)."""
    index = _index(edition)
    shown: dict[str, str] = {}
    for docname in edition.source_docnames:
        page = BeautifulSoup(edition.html(docname), "html.parser")
        for note in page.select("div.edition-note"):
            for furniture in note.select(".edition-note-head, .edition-note-meta"):
                furniture.decompose()
            shown[note["id"]] = "".join(note.get_text().split())
    checked = 0
    for _, note_id, *_, text in index["notes"]:
        assert "".join(text.split()) == shown[note_id], note_id
        checked += 1
    assert checked == len(shown) > 150
    assert any("[Hoxha, 1980b]" in note[-1] for note in index["notes"])


def test_on_landing_every_occurrence_on_the_page_is_marked_and_stepped_through(open_page) -> None:
    """Reached from a result, the page marks the words everywhere in its reading text, not only
    in the passage; a bar counts them and steps to the previous and next one, from the passage
    reached, each in view."""
    page = _search(open_page, "relations")
    link = page.locator(".edition-result-passage a").nth(3)
    passage_id = link.get_attribute("href").split("#")[1].split("?")[0]
    link.click()
    page.wait_for_selector(".edition-found-bar")
    marks = page.locator("mark.edition-found")
    in_passage = page.locator(f'[id="{passage_id}"] mark.edition-found').count()
    assert marks.count() > in_passage >= 1
    assert page.locator(".edition-note mark.edition-found").count() == 0
    bar = page.locator(".edition-found-bar")
    status = bar.locator("[aria-live]")
    assert re.fullmatch(r"\d+ of \d+ found", status.inner_text())
    first = page.locator(".edition-found-current")
    assert first.count() == 1 and first.evaluate(f"m => !!m.closest('[id=\"{passage_id}\"]')")
    start = int(status.inner_text().split()[0])
    bar.get_by_role("button", name="Next").click()
    assert int(status.inner_text().split()[0]) != start
    current = page.locator(".edition-found-current")
    assert current.evaluate("m => { const r = m.getBoundingClientRect(); "
                            "return r.top >= 0 && r.bottom <= innerHeight; }")
    bar.get_by_role("button", name="Previous").click()
    assert int(status.inner_text().split()[0]) == start
    bar.get_by_role("button", name="Clear the marks").click()
    assert page.locator(".edition-found").count() == 0 and bar.count() == 0


def test_an_entry_followed_is_marked_wherever_the_page_links_it(open_page) -> None:
    page = _search(open_page, "Hrushov")
    link = page.locator(".edition-result-passage a").nth(5)
    link.click()
    page.wait_for_selector(".edition-found-bar")
    found = page.locator(".edition-found")
    linked = page.locator('[role="main"] a.edition-mention[href$="#term-khrushchev-nikita"]'
                          ':not(.edition-note *)')
    assert found.count() == linked.count() > 1
    assert page.locator(".edition-note .edition-found").count() == 0
