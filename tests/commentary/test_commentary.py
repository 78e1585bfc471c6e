"""Stand-off annotations: notes in commentary files attached to exact words of exact passages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, located_warnings
from edition.checks.fidelity import check_html
from edition.commentary.annotations import TYPES

NOTES = "commentary/demo.md"


@pytest.fixture()
def commentary_project(make_project) -> Path:
    return make_project("commentary")


def _built(make_app, srcdir: Path, builder: str = "html", **kwargs):
    app = make_app(builder, srcdir=srcdir, **kwargs)
    app.build()
    return app


def _page(app, docname: str = "sources/demo") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"),
                         "html.parser")


def _marked(page: BeautifulSoup, annotation_id: str) -> str:
    return "".join(m.get_text() for m in page.select(f'mark[data-annotation="{annotation_id}"]'))


def test_notes_attach_without_warnings(make_app, commentary_project) -> None:
    app = _built(make_app, commentary_project, freshenv=True)
    assert located_warnings(app) == []
    page = _page(app)
    assert len(page.select(".edition-marker")) == 7
    assert len(page.select("div.edition-note")) == 7


def test_each_note_marks_exactly_its_quoted_words(make_app, commentary_project) -> None:
    page = _page(_built(make_app, commentary_project, freshenv=True))
    assert _marked(page, "demo-a001") == "built in 1957"
    assert _marked(page, "demo-a004") == "Hoxha"
    assert _marked(page, "demo-a006") == "Comecon"


def test_overlapping_quotes_are_both_marked(make_app, commentary_project) -> None:
    page = _page(_built(make_app, commentary_project, freshenv=True))
    assert _marked(page, "demo-a003") == "The base was built"
    assert _marked(page, "demo-a001") == "built in 1957"


def test_a_repeated_quote_is_placed_by_its_prefix(make_app, commentary_project) -> None:
    page = _page(_built(make_app, commentary_project, freshenv=True))
    [mark] = page.select('mark[data-annotation="demo-a002"]')
    assert mark.get_text() == "the base"
    assert mark.previous_sibling.endswith("and ")  # the third "base", not the first two


def test_two_notes_on_one_passage_are_numbered_in_reading_order(make_app, commentary_project):
    page = _page(_built(make_app, commentary_project, freshenv=True))
    numbers = [m.get_text() for m in page.select(".edition-marker")]
    assert numbers == [str(n) for n in range(1, 8)]
    passage = page.select_one("#demo-p002")
    assert [m["href"] for m in passage.select(".edition-marker")] == ["#demo-a004", "#demo-a005"]


def test_markers_and_notes_link_to_each_other(make_app, commentary_project) -> None:
    page = _page(_built(make_app, commentary_project, freshenv=True))
    for note in page.select("div.edition-note"):
        annotation_id = note["id"]
        marker = page.select_one(f"#ref-{annotation_id}")
        assert marker["href"] == f"#{annotation_id}"
        assert note.select_one(".edition-note-back")["href"] == f"#ref-{annotation_id}"
        assert note.select_one(".edition-note-permalink")["href"] == f"#{annotation_id}"
        assert note["role"] == "note"


def test_every_type_is_rendered(make_app, commentary_project) -> None:
    page = _page(_built(make_app, commentary_project, freshenv=True))
    assert {note["data-type"] for note in page.select("div.edition-note")} == set(TYPES)


def test_citations_and_terms_in_notes_resolve(make_app, commentary_project) -> None:
    page = _page(_built(make_app, commentary_project, freshenv=True))
    first = page.select_one("#demo-a001")
    assert "Zagoria, 1961" in first.get_text()
    assert first.select_one('a[href^="../bibliography.html#"]')
    assert "Zagoria [1961]" in page.select_one("#demo-a004").get_text() or \
        "Zagoria (1961)" in page.select_one("#demo-a004").get_text()
    assert page.select_one('#demo-a006 a[href^="../glossary.html#term-Comecon"]')


def test_the_source_text_is_unchanged_by_the_notes(make_app, commentary_project) -> None:
    app = _built(make_app, commentary_project, freshenv=True)
    html = (app.outdir / "sources/demo.html").read_text(encoding="utf-8")
    page, problems = check_html(html, commentary_project / "sources" / "originals")
    assert page is not None and problems == []


def test_the_overview_lists_every_note_with_a_link_to_its_place(make_app, commentary_project):
    app = _built(make_app, commentary_project, freshenv=True)
    overview = _page(app, "overview")
    items = overview.select("li.edition-overview-item")
    assert len(items) == 7
    links = sorted(a["href"] for a in overview.select("li.edition-overview-item a"))
    assert links == [f"sources/demo.html#demo-a{n:03d}" for n in range(1, 8)]
    assert "7 notes:" in overview.get_text()


def test_latex_notes_are_footnotes_at_the_quoted_words(make_app, commentary_project) -> None:
    app = _built(make_app, commentary_project, "latex", freshenv=True)
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    # numbered as the page numbers them (a table's cells would restart LaTeX's own count)
    assert len(re.findall(r"\\footnote\[\d+\]\{\\phantomsection\\label\{\\detokenize"
                          r"\{sources/demo:demo-a", tex)) == 7
    # the overview links to the notes, and the note on "built in 1957" follows those words
    assert r"\hyperref[\detokenize{sources/demo:demo-a001}]" in tex
    assert re.search(r"\{built\} in 1957\}\\footnote\[\d+\]\{[^}]*demo-a003", tex)
    assert re.search(r"demo-a003.*?\\footnote\[\d+\]\{\\phantomsection\\label\{\\detokenize"
                     r"\{sources/demo:demo-a001\}\}\\textsc\{correction\}", tex, re.DOTALL)


# --- incremental and parallel builds ------------------------------------------------------------

def _record_builds(app) -> tuple[list[str], list[str]]:
    read, written = [], []
    app.connect("source-read", lambda app, docname, source: read.append(docname))
    app.connect("html-page-context",
                lambda app, pagename, *args: written.append(pagename)
                if pagename in app.env.found_docs else None)
    return read, written


def _touch(path: Path, text: str | None = None) -> None:
    if text is not None:
        path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime + 5, stat.st_mtime + 5))


def test_editing_a_commentary_file_rereads_only_its_source_page(make_app, commentary_project):
    _built(make_app, commentary_project, freshenv=True)
    notes = commentary_project / NOTES
    _touch(notes, notes.read_text(encoding="utf-8").replace("A perspective note.",
                                                            "A revised perspective note."))
    app = make_app("html", srcdir=commentary_project)
    read, written = _record_builds(app)
    app.build()
    assert read == ["sources/demo"]
    # the source page, the overview that lists its notes, and (Sphinx's own rule) the page
    # whose toctree contains the source page; and the bibliography, which lists what the pages
    # cite (sphinxcontrib-bibtex does not rewrite it by itself)
    assert sorted(written) == ["bibliography", "index", "overview", "sources/demo"]
    assert "A revised perspective note." in (app.outdir / "sources/demo.html").read_text()


def test_a_new_commentary_file_is_noticed(make_app, commentary_project) -> None:
    notes = commentary_project / NOTES
    text = notes.read_text(encoding="utf-8")
    notes.unlink()
    _built(make_app, commentary_project, freshenv=True)
    notes.write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=commentary_project)
    read, _ = _record_builds(app)
    app.build()
    assert read == ["sources/demo"]
    assert len(_page(app).select("div.edition-note")) == 7


def test_a_deleted_commentary_file_is_noticed(make_app, commentary_project) -> None:
    _built(make_app, commentary_project, freshenv=True)
    (commentary_project / NOTES).unlink()
    app = make_app("html", srcdir=commentary_project)
    read, _ = _record_builds(app)
    app.build()
    assert read == ["sources/demo"]
    assert _page(app).select("div.edition-note") == []


def test_parallel_build_gives_the_same_output_as_a_serial_one(rootdir, tmp_path) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(rootdir / "test-commentary", srcdir)
        run = subprocess.run(
            [sys.executable, "-m", "sphinx", "-E", "-W", "-q", "-j", jobs, "-b", "html",
             str(srcdir), str(srcdir / "_build")],
            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")})
        assert run.returncode == 0, run.stderr
        outputs[jobs] = {p.relative_to(srcdir / "_build").as_posix(): p.read_bytes()
                         for p in sorted((srcdir / "_build").rglob("*.html"))}
    assert outputs["1"].keys() == outputs["2"].keys()
    for name in outputs["1"]:
        assert outputs["1"][name] == outputs["2"][name], name


# --- bad input ------------------------------------------------------------------------------------
# each case is tests/roots/test-commentary with its overlay, tests/roots/overlays/commentary/<case>/

BAD_INPUT = {
    "commentary-unknown-source": "commentary/demi.md:1: WARNING: commentary file for unknown "
    "source 'demi': did you mean 'demo.md'? a commentary file is named after the source it "
    "annotates; sources: demo [edition.annotation]",
    "commentary-unknown-passage": f"{NOTES}:2: WARNING: unknown passage 'demo-p040'; did you "
    "mean 'demo-p007'? [edition.annotation]",
    "commentary-quote-not-found": f"{NOTES}:3: WARNING: quote not found in passage "
    "'demo-p004': «the word fleat»; the nearest text in the passage is «the word fleet.» "
    "[edition.annotation]",
    "commentary-quote-ambiguous": f"{NOTES}:3: WARNING: quote «The base» occurs 2 times in "
    "passage 'demo-p001' («…The base was built in 1957 by the…»; «… in 1957 by the Soviets. The "
    "base was handed over in 1961,…»); add ':prefix:' (the words just before) or ':suffix:' (the "
    "words just after) to say which [edition.annotation]",
    "commentary-empty-quote": f"{NOTES}:3: WARNING: annotation 'demo-a001' has an empty quote: "
    "':quote:' gives the exact words of the passage that the note comments on "
    "[edition.annotation]",
    "commentary-unknown-type": f"{NOTES}:4: WARNING: annotation 'demo-a001' has unknown type "
    "'remark'; the types are: correction, discrepancy, context, terminology, translation, "
    "citation-check, perspective [edition.annotation]",
    "commentary-duplicate-id": f"{NOTES}:11: WARNING: duplicate annotation id 'demo-a001' "
    "(first used at line 1); every note needs its own id [edition.annotation]",
    "commentary-missing-body": f"{NOTES}:1: WARNING: annotation 'demo-a001' has no body: write "
    "the note below its options [edition.annotation]",
    "commentary-malformed-options": f"{NOTES}:3: WARNING: annotation has an unknown option "
    "':qoute:'; did you mean ':quote:'? the options are: :passage: the passage id, e.g. "
    "lala-2014-p012; :quote: the exact words commented on; :prefix: words just before the "
    "quote, where it occurs more than once; :suffix: words just after the quote, where it "
    "occurs more than once; :type: one of: correction, discrepancy, context, terminology, "
    "translation, citation-check, perspective; :author: the note's author(s), separated by "
    "';'; :date: the note's date, YYYY-MM-DD [edition.annotation]",
    "commentary-bad-date": f"{NOTES}:6: WARNING: annotation 'demo-a001' has date '21 November "
    "2026'; write the date of the note as YYYY-MM-DD, e.g. 2026-11-21 [edition.annotation]",
}


@pytest.mark.parametrize("scenario", sorted(BAD_INPUT))
def test_bad_commentary_gives_one_located_warning(make_app, make_project, scenario):
    srcdir = make_project("commentary", scenario)
    app = _built(make_app, srcdir, freshenv=True)
    assert located_warnings(app) == [BAD_INPUT[scenario]]


@pytest.mark.parametrize("scenario", sorted(BAD_INPUT))
def test_bad_commentary_fails_a_strict_build_without_a_traceback(make_project, tmp_path,
                                                                 scenario):
    srcdir = make_project("commentary", scenario)
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-n", "-W", "--keep-going", "-q", "-b", "html",
         str(srcdir), str(tmp_path / "out")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")})
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert "commentary/" in run.stderr
