"""The edition as a publication, built with its public address (EDITION_BASEURL): every page
links the licence and names its source's rights, no bare copyright line, the sitemap's URLs
absolute, canonical links, the 404 page, the imprint."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from bs4 import BeautifulSoup
from conftest import BASEURL

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def test_every_page_links_the_licence_and_shows_no_bare_copyright_line(published):
    for page in published.pages:
        html = (published.outdir / page).read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        footer = soup.select_one(".edition-footer")
        assert footer is not None, page
        assert footer.find("a", rel="license", href=CC_BY), f"{page}: no licence link"
        assert not re.search(r"©\s*\d{4},? the editors", html, re.IGNORECASE), page
        if page.startswith("sources/"):
            assert "The source text:" in footer.get_text(), f"{page}: no source rights"


def test_a_source_page_names_its_own_rights(published):
    footer = BeautifulSoup(published.html("sources/wiki-split"), "html.parser").select_one(
        ".edition-footer")
    assert footer.find("a", href="https://creativecommons.org/licenses/by-sa/4.0/").get_text() \
        == "CC BY-SA 4.0"
    footer = BeautifulSoup(published.html("sources/stalin-deed"), "html.parser").select_one(
        ".edition-footer")
    assert "The source text: unknown; rights holder: unknown." in " ".join(
        footer.get_text().split())


def test_the_sitemap_lists_every_page_by_its_absolute_address(published):
    tree = ElementTree.parse(published.outdir / "sitemap.xml")
    urls = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{BASEURL}sources/lala-2014.html" in urls
    assert f"{BASEURL}imprint.html" in urls
    assert all(url.startswith(BASEURL) for url in urls)
    assert f"{BASEURL}404.html" not in urls


def test_canonical_links_and_the_404_page(published):
    soup = BeautifulSoup(published.html("sources/lala-2014"), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == f"{BASEURL}sources/lala-2014.html"
    page = BeautifulSoup(published.html("404"), "html.parser")
    assert page.find("base")["href"] == BASEURL
    assert page.select_one("form.edition-find input[name=q]") is not None
    options = page.select("form.edition-goto-any option")
    assert {o["data-slug"] for o in options} >= {"lala-2014", "wiki-split"}
    assert page.find("script", src=re.compile("publication.js"))


def test_the_imprint_says_who_what_review_and_how_to_report(published):
    text = " ".join(BeautifulSoup(published.html("imprint"), "html.parser").select_one(
        "div.body").get_text().split())
    assert "“The editors” stands for the people who prepare and maintain this edition" in text
    assert "It is not peer review" in text
    assert "issue tracker" in text and "Errata section of CHANGELOG.md" in text
    assert "all rights reserved" in text and "CC BY-SA 4.0" in text
    contributors = BeautifulSoup(published.html("imprint"), "html.parser").select(
        ".edition-contributors li")
    assert contributors and all(re.search(r": \d+ notes?$", li.get_text()) for li in contributors)


def test_the_json_ld_of_a_source_gives_its_licence(published):
    import json
    for page, expected in (("sources/wiki-split", "https://creativecommons.org/licenses/by-sa/4.0/"),
                           ("sources/edemskiy-2025", None)):
        soup = BeautifulSoup(published.html(page), "html.parser")
        data = json.loads(soup.find("script", type="application/ld+json").string)
        if expected:
            assert data["license"] == expected
        else:
            assert data["license"]["name"].startswith("all rights reserved; rights holder: Memorie.al")
        assert data["isPartOf"]["license"] == CC_BY


def test_every_source_records_its_rights(edition):
    from conftest import ROOT
    from edition.core.metadata import LICENCES, PERMISSIONS, read_source_record
    for docname in edition.source_docnames:
        slug = docname.split("/")[1]
        record, problems = read_source_record((ROOT / f"{docname}.md").read_text("utf-8"), slug,
                                              ROOT / "sources" / "originals")
        assert problems == [] and record is not None
        assert record.fields["licence"] in LICENCES and record.fields["permission"] in PERMISSIONS
        assert record.fields["rights_holder"]
