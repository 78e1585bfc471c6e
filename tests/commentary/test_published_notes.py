"""Published notes keep their ids: the note registry (sources/notes.json) and the notices of
withdrawn notes, on a small test project and on the real edition."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from conftest import ROOT
from edition.checks.build import build_project
from edition.checks.registry import main as record
from edition.core.registry import load_note_registry


def _published(srcdir, tmp_path) -> dict:
    """Record the test project's notes as published (nox -s passages), as a release does."""
    assert record(["--project", str(srcdir)]) == 0
    return json.loads((srcdir / "sources" / "notes.json").read_text("utf-8"))


def _delete_note(srcdir, note_id: str) -> None:
    path = srcdir / "commentary" / "demo.md"
    text = path.read_text("utf-8")
    pattern = re.compile(rf":::{{annotation}} {note_id}\n.*?\n:::\n\n?", re.DOTALL)
    assert pattern.search(text), note_id
    path.write_text(pattern.sub("", text, count=1), "utf-8")


def test_a_published_note_deleted_without_a_withdrawal_fails_the_build(make_project, tmp_path):
    srcdir = make_project("commentary")
    registry = _published(srcdir, tmp_path)
    assert registry["notes"]["demo-a002"]["passage"] == "demo-p001"
    assert re.fullmatch(r"[0-9a-f]{16}", registry["notes"]["demo-a002"]["digest"])
    _delete_note(srcdir, "demo-a002")
    result = build_project(srcdir, tmp_path / "html", "html")
    assert [w for w in result.warnings if "demo-a002" in w] == [
        f"{srcdir}/commentary/demo.md:1: WARNING: published note 'demo-a002' (on demo-p001) has "
        "disappeared without a withdrawal record; note ids are permanent: restore it, or "
        "withdraw it with: nox -s passages -- --withdraw demo-a002 --reason \"...\" "
        "[edition.registry]"]
    # and the registry refuses to forget it
    assert record(["--project", str(srcdir)]) == 1
    assert "demo-a002" in load_note_registry(srcdir / "sources" / "notes.json")


def test_a_withdrawn_note_leaves_a_notice_at_its_anchor(make_project, tmp_path):
    srcdir = make_project("commentary")
    _published(srcdir, tmp_path)
    _delete_note(srcdir, "demo-a002")
    assert record(["--project", str(srcdir), "--withdraw", "demo-a002",
                   "--reason", "it repeated note demo-a001"]) == 0
    entry = load_note_registry(srcdir / "sources" / "notes.json")["demo-a002"]
    assert entry["withdrawn"] == {"version": entry["since"], "reason": "it repeated note demo-a001"}
    result = build_project(srcdir, tmp_path / "html", "html")
    assert [w for w in result.warnings if "note" in w and "registry" in w] == []
    page = BeautifulSoup((tmp_path / "html" / "sources" / "demo.html").read_text("utf-8"),
                         "html.parser")
    notice = page.find(id="demo-a002")
    assert notice is not None, "an old link to the note lands nowhere"
    assert " ".join(notice.get_text().split()) == (
        f"Note demo-a002 was withdrawn in {entry['since']}: it repeated note demo-a001")
    # after its passage, and not part of the reading text
    assert "edition-editorial" in notice["class"]
    assert notice.find_previous(id="demo-p001") is not None
    # a withdrawn id used again is refused
    path = srcdir / "commentary" / "demo.md"
    path.write_text(path.read_text("utf-8") + "\n:::{annotation} demo-a002\n:passage: demo-p001\n"
                    ":quote: built in 1957\n:type: context\n:author: C. Editor\n"
                    ":date: 2026-12-01\n\nA new note.\n:::\n", "utf-8")
    result = build_project(srcdir, tmp_path / "html2", "html")
    assert any("note id 'demo-a002' was withdrawn in" in w and "cannot be used again" in w
               for w in result.warnings), result.warnings


def test_every_published_note_of_the_edition_is_in_it_or_withdrawn(edition):
    registry = load_note_registry(ROOT / "sources" / "notes.json")
    built = set(edition.result.notes)
    assert len(registry) >= 150
    missing = sorted(n for n, e in registry.items() if n not in built and "withdrawn" not in e)
    assert missing == [], f"published notes missing without a withdrawal record: {missing}"
    unrecorded = sorted(built - set(registry))
    assert unrecorded == [], f"notes not recorded in sources/notes.json: {unrecorded}"
