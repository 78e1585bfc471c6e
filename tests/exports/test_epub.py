"""The EPUB 3 edition: built once per session with Sphinx's epub builder as the edition adapts it,
then read back: by EPUBCheck (Debian's ``epubcheck``, run with Java), which must report no error
and no warning, and by lxml for the footnotes, passage numbers, register and fonts.

Without Java or EPUBCheck the EPUBCheck test skips, saying what to install; with ``CI=true`` it
fails.
"""

from __future__ import annotations

import os
import zipfile

import pytest
from conftest import ROOT
from edition.exports.epub import build_epub, epubcheck, epubcheck_problem
from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = {"opf": "http://www.idpf.org/2007/opf"}


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory):
    outdir = tmp_path_factory.mktemp("edition-epub") / "epub"
    path, process = build_epub(ROOT, outdir)
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return path


@pytest.fixture(scope="session")
def pages(book) -> dict[str, etree._Element]:
    """Every XHTML page of the book, parsed as XML (a page that is not well-formed fails)."""
    with zipfile.ZipFile(book) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xhtml")}


def test_epubcheck_reports_no_error_and_no_warning(book) -> None:
    problem = epubcheck_problem()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, but EPUBCheck cannot run: {problem}")
        pytest.skip(problem)
    report = epubcheck(book)
    assert report.returncode == 0, report.stdout + report.stderr
    assert "No errors or warnings detected" in report.stdout, report.stdout + report.stderr
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report.stdout


def test_the_book_leaves_out_the_websites_page_not_found(pages) -> None:
    """The 404 page is the web server's (its find box a form for the reader's scripts)."""
    assert pages and not any(name.rsplit("/", 1)[-1] == "404.xhtml" for name in pages)


def test_every_note_is_a_footnote_with_a_back_link(pages, edition) -> None:
    total = 0
    for name, page in pages.items():
        ids = {element.get("id"): element for element in page.iter() if element.get("id")}
        for footnote in page.iter(f"{XHTML}aside"):
            if footnote.get(EPUB_TYPE) != "footnote":
                continue
            total += 1
            back = footnote.find(f".//{XHTML}a[@class='edition-note-back']")
            assert back is not None, footnote.get("id")
            marker = ids.get(back.get("href").removeprefix("#"))
            assert marker is not None and marker.get(EPUB_TYPE) == "noteref", footnote.get("id")
            assert marker.get("href") == f"#{footnote.get('id')}"
    notes_on_pages = sum(edition.html(d).count('class="edition-note ') for d in
                         edition.source_docnames)
    assert total == notes_on_pages > 100


def test_passage_numbers_register_and_no_scripts(pages, book, edition) -> None:
    numbers = [a for page in pages.values() for a in page.iter(f"{XHTML}a")
               if a.get("class") == "edition-pnum"]
    assert len(numbers) == len(edition.result.passages) == 220
    register = pages["register.xhtml"]
    assert len(register.findall(f".//{XHTML}dt")) >= 200
    scripts = [name for name, page in pages.items() if page.find(f".//{XHTML}script") is not None]
    assert scripts == []
    with zipfile.ZipFile(book) as archive:
        opf = etree.fromstring(archive.read("content.opf"))
        spine = [ref.get("idref") for ref in opf.iterfind(".//opf:itemref", OPF)]
        items = {item.get("id"): item for item in opf.iterfind(".//opf:item", OPF)}
        assert "register.xhtml" in [items[ref].get("href") for ref in spine]
        fonts = [item.get("href") for item in items.values()
                 if item.get("media-type") == "font/woff2"]
        assert len(fonts) == 4
        css = archive.read("_static/edition-epub.css").decode()
        assert all(f"url(\"{font.removeprefix('_static/')}\")" in css for font in fonts)
