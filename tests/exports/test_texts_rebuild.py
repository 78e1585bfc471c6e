"""The open text files (TEI, plain text, DTS) on rebuilds of a small synthetic edition
(``benchmarks/synthetic.py``): a no-op rebuild writes none of them, and a note's edit rewrites
only the files that hold that note."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

SIZE = synthetic.Size(pages=3, notes_per_page=4, register_entries=20, page_bytes=(1500, 2500))
THEME = eval_config_file(ROOT / "conf.py", Tags())["html_theme"]
#: The files of the TEI, plain-text and DTS exports.
TEXTS = (".tei.xml", ".txt", ".jsonld", ".xml")


@pytest.fixture()
def edition(tmp_path) -> synthetic.Edition:
    return synthetic.generate(tmp_path / "edition", SIZE)


def _build(make_app, srcdir: Path, **kwargs):
    app = make_app("html", srcdir=srcdir, confoverrides={"html_theme": THEME}, **kwargs)
    app.build()
    return app


def _stamps(outdir: Path) -> dict[str, int]:
    stamps = {}
    for path in outdir.rglob("*"):
        relative = path.relative_to(outdir)
        if path.is_file() and path.name.endswith(TEXTS) and not path.name.endswith(
                ".annotations.jsonld") and not relative.parts[0].startswith(("_", ".")):
            stamps[relative.as_posix()] = path.stat().st_mtime_ns
    return stamps


def test_a_no_op_rebuild_writes_no_tei_plain_text_or_dts_file(make_app, edition) -> None:
    app = _build(make_app, edition.folder, freshenv=True)
    before = _stamps(app.outdir)
    for name in ("apparatus.tei.xml", "sources/synth-0001.tei.xml", "sources/synth-0001.txt",
                 "dts/index.jsonld", "dts/collection.jsonld", "dts/navigation/synth-0001.jsonld",
                 "dts/document/synth-0001/synth-0001-p001.xml"):
        assert name in before
    _build(make_app, edition.folder)
    assert _stamps(app.outdir) == before


def test_a_note_edit_rewrites_only_the_files_that_hold_the_note(make_app, edition) -> None:
    app = _build(make_app, edition.folder, freshenv=True)
    before = _stamps(app.outdir)
    notes = edition.folder / "commentary" / "synth-0003.md"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace(":::\n", " A revised note.\n:::\n", 1), encoding="utf-8")
    stat = notes.stat()
    os.utime(notes, (stat.st_atime + 5, stat.st_mtime + 5))
    _build(make_app, edition.folder)
    after = _stamps(app.outdir)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert "sources/synth-0003.tei.xml" in changed
    assert all("synth-0003" in name for name in changed), changed
    assert "sources/synth-0003.txt" not in changed  # the reading text did not change
    revised = [name for name in changed if name.startswith("dts/document/synth-0003/")]
    assert len(revised) == 1 and "A revised note." in (app.outdir / revised[0]).read_text()
