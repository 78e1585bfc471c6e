"""Source pages: metadata, permanent passage numbers, and a located error for each bad input.

Each scenario is the small project ``tests/roots/test-source`` with one thing wrong: its
overlay ``tests/roots/overlays/source/<scenario>/`` holds the file that differs.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, located_warnings
from edition.core import metadata

DEMO = "sources/demo.md"


@pytest.mark.sphinx("html", testroot="source", freshenv=True)
def test_clean_source_page_builds_without_warnings(app) -> None:
    app.build()
    assert located_warnings(app) == []


@pytest.mark.sphinx("html", testroot="source", freshenv=True)
def test_every_passage_has_an_anchor_and_a_number_linking_to_itself(app) -> None:
    app.build()
    html = (app.outdir / "sources/demo.html").read_text(encoding="utf-8")
    for number in range(1, 6):
        passage_id = f"demo-p{number:03d}"
        assert f'id="{passage_id}"' in html
        assert (f'<a class="edition-pnum" href="#{passage_id}" title="Passage {number}: '
                f'permanent link">¶\u00a0{number}</a>') in html
    assert '<tr class="row-odd" id="demo-p004">' in html  # a table row is one passage
    assert '<blockquote id="demo-p005">' in html


@pytest.mark.sphinx("html", testroot="source", freshenv=True)
def test_metadata_table_is_generated_from_front_matter(app) -> None:
    app.build()
    html = (app.outdir / "sources/demo.html").read_text(encoding="utf-8")
    assert 'data-original-file="demo.txt"' in html
    for label in ("Author", "Publisher or site", "Date established by", "Original URL",
                  "Translation", "Rights", "Received file", "SHA-256"):
        assert "<dt class=\"field-" in html and f">{label}<" in html, label


@pytest.mark.sphinx("latex", testroot="source", freshenv=True)
def test_latex_has_a_label_and_a_margin_number_for_each_passage(app) -> None:
    app.build()
    tex = (app.outdir / "projectnamenotset.tex").read_text(encoding="utf-8")
    for number in range(1, 6):
        assert rf"\label{{\detokenize{{sources/demo:demo-p{number:03d}}}}}" in tex
        assert rf"\editionpassagenumber{{{number}}}" in tex


@pytest.mark.sphinx("html", testroot="source", freshenv=True)
def test_passages_are_recorded_in_the_domain(app) -> None:
    app.build()
    passages = app.env.get_domain("edition").passages
    assert sorted(passages) == [f"demo-p{n:03d}" for n in range(1, 6)]
    assert passages["demo-p002"]["number"] == "2"
    assert passages["demo-p002"]["line"] == 45


BAD_INPUT = {
    "source-missing-id": [
        f"{DEMO}:45: WARNING: this paragraph of the reading text has no passage id; put a label "
        f"such as '(demo-p006)=' on the line before it, or mark it editorial "
        f"[edition.passage_missing]",
    ],
    "source-malformed-id": [
        f"{DEMO}:45: WARNING: malformed passage id 'demo-p2': on a source page every label is a "
        f"passage id of the form 'demo-pNNN' (three digits, optionally one letter for a passage "
        f"inserted later), e.g. 'demo-p001' [edition.passage_id]",
    ],
    "source-duplicate-id": [
        f"{DEMO}:45: WARNING: duplicate passage id 'demo-p001' (first used at line 40); every "
        f"passage needs its own id [edition.passage_id]",
    ],
    "source-misplaced-id": [
        f"{DEMO}:43: WARNING: passage id 'demo-p006' labels a heading; a passage id goes on the "
        f"line before a paragraph, block quote, list item's text or table row's first cell "
        f"[edition.passage_id]",
    ],
    "source-front-matter": [
        f"{DEMO}:2: WARNING: front matter is missing the required field 'source.date' (its date "
        f"of publication) [edition.front_matter]",
    ],
    "source-unquoted-field": [
        f"{DEMO}:7: WARNING: field 'source.date' must be a quoted string (its date of "
        f"publication) [edition.front_matter]",
    ],
    "source-sha256": [
        f"{DEMO}:14: WARNING: sha256 of demo.txt does not match: the page says "
        f"1d06042c228d06d3b5f5abd61fea5d432b59026c226b1de7bbd7275817c7f72f, the file is "
        f"38ef695dd17f9faeb9da22eb3f4f30afe0a3f8103ab9c07654df4e0dad43253c. The received text "
        f"must stay byte for byte as it came [edition.original]",
    ],
    "source-omission": [
        f"{DEMO}:35: WARNING: omission of lines 3-40: the original has only 13 lines "
        f"[edition.directive]",
        f"{DEMO}:29: WARNING: normalisation '^\\s*•': the pattern matches 1 times, the "
        f"declaration says 2; state the true count after checking every match is furniture "
        f"[edition.directive]",
    ],
    "source-registry": [
        f"{DEMO}:40: WARNING: the text of published passage 'demo-p001' has changed, and "
        f"sources/passages.json records no reason; if this corrects the transcription, record it "
        f"with: nox -s passages -- --reason \"...\" [edition.registry]",
        f"{DEMO}:1: WARNING: published passage 'demo-p009' has disappeared from the page; ids "
        f"are frozen once published: restore its label (a correction changes the text, never the "
        f"id) [edition.registry]",
    ],
}


@pytest.mark.parametrize("scenario", sorted(BAD_INPUT))
def test_bad_input_gives_a_located_warning(make_app, make_project, scenario) -> None:
    srcdir = make_project("source", scenario)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    warnings = located_warnings(app)
    for expected in BAD_INPUT[scenario]:
        assert expected in warnings, "\n".join(warnings)


@pytest.mark.parametrize("scenario", sorted(BAD_INPUT))
def test_bad_input_fails_a_strict_build_without_a_traceback(make_project, tmp_path,
                                                            scenario) -> None:
    srcdir = make_project("source", scenario)
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-n", "-W", "--keep-going", "-q", "-b", "html",
         str(srcdir), str(tmp_path / "out")],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "_ext"), "PATH": ""},
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert f"{DEMO}:" in run.stderr


DEMO_ROOT = ROOT / "tests" / "roots" / "test-source" / "sources"


def _record_with(extra: str):
    """The demo page's front matter with ``extra`` field lines added, read and checked."""
    text = (DEMO_ROOT / "demo.md").read_text(encoding="utf-8")
    text = text.replace('  sha256:', extra + '  sha256:', 1)
    return metadata.read_source_record(text, "demo", DEMO_ROOT / "originals")


def test_identification_fields_are_shown_in_the_record() -> None:
    record, problems = _record_with(
        '  pages: "375-396"\n'
        '  doi: "10.2298/example"\n'
        '  revision: "Not identified."\n'
        '  identified: "Pages as printed on https://example.org/record."\n'
        '  missing: "The last page."\n')
    assert problems == []
    labels = dict(record.items())
    assert labels["Pages"] == "375-396" and labels["Not identified"] == "The last page."
    assert list(labels).index("Pages") < list(labels).index("Date")


@pytest.mark.parametrize("extra, message", [
    ('  doi: "https://doi.org/10.1/x"\n', "is not of the form 10.NNNN/suffix (give the DOI"),
    ('  pages: "p. 340"\n', "is not a page or a page range"),
    ('  pages: "396-375"\n', "ends before it begins"),
    ('  identified: "Seen somewhere."\n', "names no address"),
])
def test_identification_fields_are_checked(extra, message) -> None:
    _, problems = _record_with(extra)
    assert len(problems) == 1 and message in problems[0].message
    assert problems[0].line == 14  # the added field's line in the page file
