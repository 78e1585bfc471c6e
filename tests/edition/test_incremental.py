"""Incremental and parallel builds at the scale of an edition: which pages a rebuild reads and
writes after one edit, and that a parallel build writes what a serial one does.

The project is a small synthetic edition (``benchmarks/synthetic.py``, the benchmark's generator):
five source pages with notes, a register whose entries each occur in some pages only, claims, a
timeline and the sources' own citations.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, located_warnings
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

SIZE = synthetic.Size(pages=5, notes_per_page=8, register_entries=40, page_bytes=(1500, 2500))
SOURCES = [f"sources/synth-{number:04d}" for number in range(1, SIZE.pages + 1)]
#: Written on every rebuild that reads a source page: the page whose table of contents lists it
#: (Sphinx's own rule) and the bibliography (which lists what the pages cite; see __init__.py).
ALWAYS_WRITTEN = ["bibliography", "index"]
#: sphinx.testing builds with the 'basic' theme where a project asks for alabaster; the synthetic
#: edition's configuration is the real edition's, whose sidebars need its own theme.
THEME = eval_config_file(ROOT / "conf.py", Tags())["html_theme"]


@pytest.fixture()
def edition(tmp_path) -> synthetic.Edition:
    return synthetic.generate(tmp_path / "edition", SIZE)


def _build(make_app, srcdir: Path, **kwargs):
    app = make_app("html", srcdir=srcdir, confoverrides={"html_theme": THEME}, **kwargs)
    read: list[str] = []
    written: list[str] = []
    app.connect("source-read", lambda app, docname, source: read.append(docname))
    app.connect("html-page-context", lambda app, pagename, *args: written.append(pagename)
                if pagename in app.env.found_docs else None)
    app.build()
    return app, sorted(read), sorted(written)


def _save(path: Path, text: str) -> None:
    """Save an edit, dated a few seconds on so that the next build sees it on any file system."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime + 5, stat.st_mtime + 5))


def test_the_synthetic_edition_builds_strictly_clean(make_app, edition) -> None:
    app, read, _ = _build(make_app, edition.folder, freshenv=True)
    assert located_warnings(app) == []
    assert [d for d in read if d.startswith("sources/")] == SOURCES


def test_one_commentary_edit_rewrites_only_its_page_and_the_lists_of_notes(make_app,
                                                                          edition) -> None:
    _build(make_app, edition.folder, freshenv=True)
    notes = edition.folder / "commentary" / "synth-0003.md"
    text = notes.read_text(encoding="utf-8")
    _save(notes, text.replace(":::\n", " A revised note.\n:::\n", 1))
    app, read, written = _build(make_app, edition.folder)
    assert read == ["sources/synth-0003"]
    # the page; the list of every note and the claims page, which lists the notes on each
    # point; not the register, nor any other source page
    assert written == sorted(["sources/synth-0003", "commentary", "claims", *ALWAYS_WRITTEN])
    assert "A revised note." in (app.outdir / "sources" / "synth-0003.html").read_text()


def test_one_register_edit_rereads_only_the_register_and_the_pages_that_mention_it(
        make_app, edition) -> None:
    entry = next(e for e in edition.entries if 0 < len(edition.mentioned_in[e.id]) < 3)
    mentioning = sorted(edition.mentioned_in[entry.id])
    assert len(mentioning) < len(SOURCES)  # else the test could not tell
    _build(make_app, edition.folder, freshenv=True)
    register = edition.folder / "apparatus" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    old = f"  description: {entry.description}\n"
    assert text.count(old) == 1
    _save(register, text.replace(old, "  description: A revised description.\n"))
    app, read, written = _build(make_app, edition.folder)
    assert read == sorted(["register", *mentioning])
    # and not the list of notes, nor the claims: the notes did not change
    assert written == sorted(["register", *mentioning, *ALWAYS_WRITTEN])
    assert "A revised description." in (app.outdir / "register.html").read_text()


def test_a_new_variant_rereads_the_pages_that_contain_it(make_app, edition) -> None:
    """A form added to an entry may occur in a page that mentions none of the register's
    entries so far: that page is read again too, and its words become a link."""
    entry = next(e for e in edition.entries if 0 < len(edition.mentioned_in[e.id]) < 3)
    mentioning = sorted(edition.mentioned_in[entry.id])
    forms = {word for e in edition.entries for form in e.forms for word in form.split()}
    pages = {docname: (edition.folder / f"{docname}.md").read_text(encoding="utf-8")
             for docname in SOURCES}
    words = {docname: set(re.findall(r"(?<=\s)[a-z]{7,}(?=\s)", text))
             for docname, text in pages.items()}
    # a word of the reading text of one page only, which mentions nothing of the entry
    variant, page = next((word, docname) for docname in SOURCES if docname not in mentioning
                         for word in sorted(words[docname]) if word not in forms
                         and sum(word in other for other in words.values()) == 1)
    _build(make_app, edition.folder, freshenv=True)
    register = edition.folder / "apparatus" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    start = text.index(f"- id: {entry.id}\n")
    end = text.index("  description: ", start)
    entry_text = text[start:end].replace("  variants:\n", f"  variants:\n    - {variant}\n", 1)
    _save(register, text[:start] + entry_text + text[end:])
    app, read, _ = _build(make_app, edition.folder)
    assert read == sorted(["register", *mentioning, page])
    html = (app.outdir / f"{page}.html").read_text(encoding="utf-8")
    assert f'href="../register.html#term-{entry.id}">{variant}</a>' in html


def test_a_no_op_rebuild_reads_and_writes_nothing(make_app, edition) -> None:
    _build(make_app, edition.folder, freshenv=True)
    _, read, written = _build(make_app, edition.folder)
    assert (read, written) == ([], [])


def test_a_registry_of_notes_that_appears_rereads_the_source_pages(make_app, edition) -> None:
    """Before the first release there is no registry of published notes: the source pages are
    not reread on every build for want of it (a missing dependency would make them so), and
    they are reread, to check their notes against it, when it appears."""
    registry = edition.folder / "sources" / "notes.json"
    assert not registry.exists()
    _build(make_app, edition.folder, freshenv=True)
    assert _build(make_app, edition.folder)[1] == []
    registry.write_text('{"notes": {}}\n', encoding="utf-8")  # not dated on: see below
    assert _build(make_app, edition.folder)[1] == SOURCES
    # now a dependency like any other (a file dated in the future would stay newer than the
    # pages for as long, so it is written at the present time)
    assert _build(make_app, edition.folder)[1] == []


#: The files the edition writes when the build ends: its records, and the search index.
EXPORTS = (".bib", ".ris", ".csl.json", ".annotations.jsonld", "edition-search-index.js")


def _export_stamps(outdir: Path) -> dict[str, int]:
    return {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns for p in outdir.rglob("*")
            if p.is_file() and p.name.endswith(EXPORTS)}


def test_a_no_op_rebuild_writes_no_download_and_not_the_search_index(make_app, edition) -> None:
    app, _, _ = _build(make_app, edition.folder, freshenv=True)
    before = _export_stamps(app.outdir)
    assert "_static/edition-search-index.js" in before
    assert "sources/cite/synth-0001-p001.csl.json" in before
    _build(make_app, edition.folder)
    assert _export_stamps(app.outdir) == before


def test_one_note_edit_rewrites_only_that_sources_annotations_and_the_index(make_app,
                                                                           edition) -> None:
    """A note's records (number, authors, passage) do not hold its words: editing its words
    changes the source's annotations and the search index, and no other file is written."""
    app, _, _ = _build(make_app, edition.folder, freshenv=True)
    before = _export_stamps(app.outdir)
    notes = edition.folder / "commentary" / "synth-0003.md"
    _save(notes, notes.read_text(encoding="utf-8").replace(":::\n", " A revised note.\n:::\n", 1))
    _build(make_app, edition.folder)
    after = _export_stamps(app.outdir)
    assert after.keys() == before.keys()
    assert sorted(name for name in after if after[name] != before[name]) == [
        "_static/edition-search-index.js", "sources/synth-0003.annotations.jsonld"]
    assert "A revised note." in (app.outdir / "sources" / "synth-0003.annotations.jsonld").read_text()


def _html_of(srcdir: Path, jobs: str) -> dict[str, bytes]:
    outdir = srcdir.parent / f"{srcdir.name}-j{jobs}"
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-n", "-W", "-q", "-j", jobs, "-b", "html",
         str(srcdir), str(outdir)],
        capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "_ext"), "SOURCE_DATE_EPOCH": "1700000000"})
    assert run.returncode == 0, run.stderr
    return {p.relative_to(outdir).as_posix(): p.read_bytes()
            for p in sorted(outdir.rglob("*")) if p.suffix == ".html"
            or p.name == "searchindex.js" or p.name.endswith(EXPORTS)}


@pytest.mark.parametrize("project", ["test-apparatus", "synthetic"])
def test_parallel_build_writes_what_a_serial_one_does(rootdir, tmp_path, project) -> None:
    if project == "synthetic":
        srcdir = synthetic.generate(tmp_path / "synthetic", SIZE).folder
    else:
        srcdir = tmp_path / project
        shutil.copytree(rootdir / project, srcdir)
    serial, parallel = _html_of(srcdir, "1"), _html_of(srcdir, "2")
    assert "register.html" in serial
    assert "_static/edition-search-index.js" in serial  # and the downloads, compared too
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []
