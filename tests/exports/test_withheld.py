"""A public build withholds the text of a source whose rights do not allow republication
(edition_withhold_text): its record, head-note, passage numbers and notes with their quoted
words stay; the full build keeps every word (and its fidelity check)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from edition.checks.build import build_project
from edition.checks.fidelity import main as fidelity

RIGHTS = ('  rights: "All rights reserved by Demo Site."\n  licence: "all-rights-reserved"\n'
          '  rights_holder: "Demo Site"\n  permission: "not-granted"\n')


def _restricted(srcdir):
    page = srcdir / "sources" / "demo.md"
    page.write_text(page.read_text("utf-8").replace('  rights: "CC BY 4.0"\n', RIGHTS), "utf-8")


def _body(outdir) -> BeautifulSoup:
    return BeautifulSoup((outdir / "sources" / "demo.html").read_text("utf-8"),
                         "html.parser").select_one("div.body")


def test_a_restricted_source_is_published_without_its_text(make_project, tmp_path):
    srcdir = make_project("commentary")
    _restricted(srcdir)
    result = build_project(srcdir, tmp_path / "public", "html",
                           overrides={"edition_withhold_text": True})
    assert [w for w in result.warnings if "WARNING" in w] == []
    body = _body(tmp_path / "public")
    text = " ".join(body.get_text().split())
    assert "in Moscow" not in text and "the Warsaw Pact" not in text
    assert "The full text of this source is withheld from this copy" in text
    assert "A demo source for the commentary tests." in text  # the head-note
    assert "Demo Site" in text  # the record
    passage = body.find(id="demo-p001")
    assert passage is not None and passage.select_one(".edition-pnum") is not None
    quotes = [q.get_text() for q in body.select(".edition-note-quote")]
    assert "«built in 1957»" in quotes  # the note with the words it quotes
    for index in ("searchindex.js", "_static/edition-search-index.js"):
        assert "Warsaw" not in (tmp_path / "public" / index).read_text("utf-8"), index


def test_the_full_build_keeps_the_text_and_passes_the_fidelity_check(make_project, tmp_path):
    srcdir = make_project("commentary")
    _restricted(srcdir)
    result = build_project(srcdir, tmp_path / "full", "html")
    assert "in Moscow" in _body(tmp_path / "full").get_text()
    assert fidelity(["--project", str(srcdir)]) == 0
