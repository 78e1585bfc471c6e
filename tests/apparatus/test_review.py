"""The review log (apparatus/review/<slug>.yaml): checked by the build and by the lint with the
same located messages, shown as one line on each source page, counted by ``edition.review``.

The project is tests/roots/test-apparatus with the log of its overlay
tests/roots/overlays/apparatus/review/ laid over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import located_warnings
from edition.checks import review
from edition.checks.build import build_project
from edition.checks.fidelity import check_html
from edition.checks.lint import build_for_check, lint
from edition.core.domain import build_state

LOG = "apparatus/review/demo.yaml"


@pytest.fixture()
def project(make_project) -> Path:
    return make_project("apparatus", "review")


def _built(make_app, srcdir: Path):
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return app


def _build_warnings(srcdir: Path, outdir: Path) -> list[str]:
    """The warnings of a fresh build in its own docutils namespace (as the lint runs), paths
    relative to the project."""
    result = build_project(srcdir, outdir, "html", nitpicky=True)
    return [line.replace(f"{srcdir.resolve()}/", "") for line in result.warnings]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_clean_log_builds_and_lints_without_warnings(project, tmp_path) -> None:
    assert _build_warnings(project, tmp_path / "html") == []
    assert lint(project).problems == []


def test_the_source_page_shows_how_much_was_reviewed(make_app, project) -> None:
    app = _built(make_app, project)
    page = BeautifulSoup((app.outdir / "sources" / "demo.html").read_text(encoding="utf-8"),
                         "html.parser")
    lines = page.select('[role="main"] p.edition-review-status')
    # what the review found, not "4 statements checked", which read as complete verification
    assert [line.get_text() for line in lines] == [
        "Reviewed against the scholarship: 3 of 5 passages (29 November 2026) · 4 statements: "
        "1 confirmed, 2 annotated, 1 unverifiable"]
    # after the record of the received text, before the reading text; editorial matter, which
    # the fidelity check skips
    assert "edition-editorial" in lines[0]["class"]
    assert lines[0].find_previous_sibling(class_="edition-metadata") is not None
    assert lines[0].find_next_sibling(id="demo-p001") is not None
    html = (app.outdir / "sources" / "demo.html").read_text(encoding="utf-8")
    checked, problems = check_html(html, project / "sources" / "originals")
    assert checked is not None and problems == []


def test_the_line_follows_the_log_on_an_incremental_build(make_app, project) -> None:
    app = _built(make_app, project)
    _replace(project / LOG, "  - passage: demo-p003\n    status: not-reviewed",
             '  - passage: demo-p003\n    status: reviewed\n    date: "2026-11-30"\n'
             "    statements: []")
    app2 = make_app("html", srcdir=project)
    app2.build()
    html = (app2.outdir / "sources" / "demo.html").read_text(encoding="utf-8")
    assert ("4 of 5 passages (30 November 2026) · 4 statements: 1 confirmed, 2 annotated, "
            "1 unverifiable") in html


def test_each_reviewed_passage_has_its_statements_in_a_fold_after_it(make_app, project) -> None:
    app = _built(make_app, project)
    html = (app.outdir / "sources" / "demo.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    folds = page.select('[role="main"] details.edition-review')
    # the reviewed passages (p003 and p005 are not reviewed)
    assert [fold["data-passage"] for fold in folds] == ["demo-p001", "demo-p002", "demo-p004"]
    for fold in folds:
        assert "edition-editorial" in fold["class"]
        # after its passage and the passage's notes, before the next passage
        passage = fold.find_previous(id=fold["data-passage"])
        assert passage is not None
        assert all("edition-note" in sibling.get("class", [])
                   for sibling in fold.find_previous_siblings() if sibling is not passage
                   and sibling.sourceline > passage.sourceline)
    second = folds[1]
    assert second.summary.get_text() == "Review of ¶\u00a02: 2 statements: 1 annotated, 1 unverifiable"
    items = second.select("li")
    assert [item["class"] for item in items] == [["edition-finding-annotated"],
                                                 ["edition-finding-unverifiable"]]
    # annotated: a link to the note and to the claims row it names
    assert [a["href"] for a in items[0].select("a")] == ["#demo-a003",
                                                         "../claims.html#claim-base-built"]
    assert items[0].select("a")[0].get_text() == "note\u00a01"  # no break before 1
    # unverifiable: with the reason
    assert items[1].select_one(".edition-review-why").get_text() == (
        "Why: no work consulted says what aid Comecon sent")
    # the timeline event and register entry its statements name, then the work read against
    assert [a["href"] for a in folds[0].select("a")] == ["../timeline.html#event-1961-12-03",
                                                         "../register.html#term-hoxha-enver",
                                                         "../bibliography.html#bib-zagoria1961"]
    assert folds[2].summary.get_text() == "Review of ¶\u00a04: no checkable statement"
    # the works read against, as the text cites them, linked to the bibliography
    meta = second.select_one(".edition-review-meta")
    assert [a["href"] for a in meta.select("a")] == ["../bibliography.html#bib-zagoria1961",
                                                     "../bibliography.html#bib-writer2001"]
    assert "28 November 2026, against Zagoria, 1961; " in meta.get_text()
    assert "zagoria1961" not in meta.get_text()
    # editorial matter: the fidelity check passes, and search does not index it as text
    checked, problems = check_html(html, project / "sources" / "originals")
    assert checked is not None and problems == []
    assert " ".join(checked.passages["demo-p002"].split()).endswith("Comecon sent aid.")
    assert "no work consulted" not in checked.passages["demo-p002"]
    index = (app.outdir / "_static" / "edition-search-index.js").read_text(encoding="utf-8")
    assert "sent aid" in index and "no work consulted" not in index
    assert "no work consulted" not in (app.outdir / "searchindex.js").read_text(encoding="utf-8")


def test_the_review_page_lists_every_unverifiable_statement_with_why(make_app, project) -> None:
    app = _built(make_app, project)
    page = BeautifulSoup((app.outdir / "review.html").read_text(encoding="utf-8"), "html.parser")
    main = page.select_one('[role="main"]')
    assert main.select_one(".edition-review-total").get_text() == (
        "4 statements checked in the review: 1 confirmed, 2 annotated, 1 unverifiable.")
    assert [item.get_text() for item in main.select("ul.edition-review-counts > li")] == [
        "demo: 3 of 5 passages reviewed · 4 statements: 1 confirmed, 2 annotated, 1 unverifiable",
        "In all: 3 of 5 passages reviewed · 4 statements: 1 confirmed, 2 annotated, "
        "1 unverifiable"]
    items = main.select("ul.edition-review-unverifiable li")
    assert [item.get_text(" ", strip=True) for item in items] == [
        "demo ¶\u00a02 : Comecon sent aid. Why: no work consulted says what aid Comecon sent"]
    assert items[0].a["href"] == "sources/demo.html#demo-p002"


def test_the_review_page_follows_the_log(make_app, project) -> None:
    app = _built(make_app, project)
    _replace(project / LOG, 'why: "no work consulted says what aid Comecon sent"',
             'why: "no work consulted names the aid"')
    app2 = make_app("html", srcdir=project)
    app2.build()
    html = (app2.outdir / "review.html").read_text(encoding="utf-8")
    assert "no work consulted names the aid" in html
    assert "no work consulted says what aid" not in html


def test_counts_by_finding_and_by_what_handles_them(project) -> None:
    app, problems, failure = build_for_check(project)
    assert (problems, failure) == ([], "")
    notes = app.env.get_domain("edition").data["annotations"]
    figures = review.counts(build_state(app.env).reviews, notes)
    assert figures["passages"] == 5 and figures["reviewed"] == 3
    assert figures["findings"] == {"confirmed": 1, "annotated": 2, "unverifiable": 1}
    assert figures["annotated_by"] == {"discrepancy": 1, "timeline row": 1}
    assert figures["newly_annotated_by"] == {}
    figures = review.counts(build_state(app.env).reviews, notes, since="2026-11-21")
    assert figures["newly_annotated_by"] == {"discrepancy": 1}
    text = review.report(figures, notes, since="2026-11-21")
    assert "annotated by a note dated 2026-11-21 or later: 1 (discrepancy 1)" in text
    assert "statements checked: 4; confirmed 1, annotated 2, unverifiable 1" in text
    assert "demo-a003 (discrepancy, on demo-p002)" in text


def test_init_writes_every_passage_in_page_order(project) -> None:
    (project / LOG).unlink()
    assert review.main([str(project), "--init"]) == 0
    text = (project / LOG).read_text(encoding="utf-8")
    assert text.count("status: not-reviewed") == 5
    assert review.page_order(project / "sources" / "demo.md") == [
        "demo-p001", "demo-p002", "demo-p003", "demo-p004", "demo-p005"]


# --- bad input: one case per kind, the exact located message, in the build and in the lint -------

BAD_INPUT = {
    "passage that does not exist": (
        "  - passage: demo-p005\n", "  - passage: demo-p005\n    status: not-reviewed\n"
        "  - passage: demo-p050\n",
        "apparatus/review/demo.yaml:33: WARNING: passage 'demo-p050' is not a passage of demo: "
        "did you mean 'demo-p005'? the log lists the passages of sources/demo.md (demo-p001 to "
        "demo-p005), as recorded in sources/passages.json [edition.review]"),
    "note id that does not exist": (
        "by: [demo-a003, claim:base-built]", "by: [demo-a030, claim:base-built]",
        "apparatus/review/demo.yaml:21: WARNING: unknown note 'demo-a030' in 'by' of a statement "
        "of passage 'demo-p002': did you mean 'demo-a003'? 'by' names the ids of notes in "
        "commentary/ (e.g. demo-a001), or claim:<id of a row of claims.yaml>, timeline:<date of "
        "an event of timeline.yaml, as written there>, register:<id of an entry of "
        "register.yaml> [edition.review]"),
    "claims row that does not exist": (
        "claim:base-built", "claim:base-bulit",
        "apparatus/review/demo.yaml:21: WARNING: unknown claim 'base-bulit' in 'by' of a "
        "statement of passage 'demo-p002': did you mean 'claim:base-built'? write claim:<id of "
        "a row of claims.yaml> [edition.review]"),
    "bad status": (
        "  - passage: demo-p003\n    status: not-reviewed", "  - passage: demo-p003\n    status: done",
        "apparatus/review/demo.yaml:26: WARNING: status 'done' of passage 'demo-p003' is not one "
        "of the defined ones: reviewed, not-reviewed [edition.review]"),
    "bad date form": (
        'date: "2026-11-28"', 'date: "28 Nov 2026"',
        "apparatus/review/demo.yaml:16: WARNING: date '28 Nov 2026' of passage 'demo-p002' is "
        'not in ISO form: write it as "YYYY-MM-DD", e.g. date: "2026-11-29" [edition.review]'),
    "date that is not a real day": (
        'date: "2026-11-28"', 'date: "2026-02-30"',
        "apparatus/review/demo.yaml:16: WARNING: date '2026-02-30' of passage 'demo-p002' is not "
        'a real date; give the day of the review as "YYYY-MM-DD" [edition.review]'),
    "missing passage": (
        "  - passage: demo-p005\n    status: not-reviewed\n", "",
        "apparatus/review/demo.yaml:3: WARNING: passage(s) of demo missing from its review log: "
        "demo-p005; every passage is listed once, with 'status: not-reviewed' until it is "
        "reviewed [edition.review]"),
    "passage listed twice": (
        "  - passage: demo-p005\n", "  - passage: demo-p004\n    status: not-reviewed\n"
        "  - passage: demo-p005\n",
        "apparatus/review/demo.yaml:31: WARNING: passage 'demo-p004' is listed twice (first at "
        "line 27); list each passage once [edition.review]"),
    "unknown work in against": (
        "against: [zagoria1961]", "against: [zagoria1962]",
        "apparatus/review/demo.yaml:7: WARNING: unknown references.bib key 'zagoria1962' in "
        "'against' of passage 'demo-p001': did you mean 'zagoria1961'? name the works checked "
        "against by their keys in references.bib [edition.review]"),
    "annotated without by": (
        "        by: [demo-a003, claim:base-built]\n", "",
        "apparatus/review/demo.yaml:20: WARNING: an annotated statement of passage 'demo-p002' "
        "needs 'by': the note ids (or claim:ID, timeline:DATE, register:ID) that handle it "
        "[edition.review]"),
    "unverifiable without why": (
        '        why: "no work consulted says what aid Comecon sent"\n', "",
        "apparatus/review/demo.yaml:23: WARNING: an unverifiable statement of passage "
        "'demo-p002' needs 'why': what was consulted and why it does not settle the point "
        "[edition.review]"),
    "reviewed without a date": (
        '    date: "2026-11-28"\n', "",
        "apparatus/review/demo.yaml:15: WARNING: passage 'demo-p002' is reviewed but has no "
        "'date': give the ISO date of the review, e.g. date: \"2026-11-29\" [edition.review]"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_review_log_is_a_located_error_in_build_and_lint(project, tmp_path, case) -> None:
    old, new, expected = BAD_INPUT[case]
    _replace(project / LOG, old, new)
    warnings = _build_warnings(project, tmp_path / "html")
    assert warnings == [expected], "\n".join(warnings)
    assert lint(project).problems == [expected]


def test_a_source_without_a_log_is_named(make_app, project) -> None:
    (project / LOG).unlink()
    assert located_warnings(_built(make_app, project)) == [
        "apparatus/review/demo.yaml:1: WARNING: no review log for source 'demo': create "
        "apparatus/review/demo.yaml listing its 5 passages (python -m edition.checks.review --init "
        "writes one with every passage not yet reviewed) [edition.review]"]


def test_a_project_without_review_logs_shows_no_line(make_app, project) -> None:
    shutil.rmtree(project / "apparatus" / "review")
    app = _built(make_app, project)
    assert located_warnings(app) == []
    html = (app.outdir / "sources" / "demo.html").read_text(encoding="utf-8")
    assert "edition-review-status" not in html


def test_the_data_only_lint_checks_the_log_but_not_its_note_ids(project) -> None:
    """``--data-only`` reads no page, so it cannot know the notes: it reports the rest of the log
    (here a bad status) and leaves an unknown note id to the full lint."""
    _replace(project / LOG, *BAD_INPUT["bad status"][:2])
    _replace(project / LOG, *BAD_INPUT["note id that does not exist"][:2])
    assert lint(project, data_only=True).problems == [BAD_INPUT["bad status"][2]]
    assert sorted(lint(project).problems) == sorted([BAD_INPUT["bad status"][2],
                                                     BAD_INPUT["note id that does not exist"][2]])


def test_a_page_of_the_editors_is_reviewed_by_its_labels(project, tmp_path) -> None:
    """A log named after a page at the project's top (introduction.md) lists that page's labels
    <name>-pNNN; a label left out is reported as for a source."""
    (project / "introduction.md").write_text(
        "# Introduction\n\n(introduction-p001)=\nThe split.\n\n(introduction-p002)=\nThe texts.\n",
        encoding="utf-8")
    with open(project / "index.md", "a", encoding="utf-8") as index:
        index.write("\n```{toctree}\n:hidden:\n\nintroduction\n```\n")
    log = project / "apparatus" / "review" / "introduction.yaml"
    log.write_text("source: introduction\npassages:\n  - passage: introduction-p001\n"
                   "    status: reviewed\n    date: \"2026-12-07\"\n    against: [zagoria1961]\n"
                   "    statements:\n      - says: \"the split\"\n        finding: confirmed\n"
                   "  - passage: introduction-p002\n    status: not-reviewed\n", encoding="utf-8")
    assert lint(project).problems == []
    _replace(log, "  - passage: introduction-p002\n    status: not-reviewed\n", "")
    assert lint(project).problems == [
        "apparatus/review/introduction.yaml:2: WARNING: passage(s) of introduction missing from "
        "its review log: introduction-p002; every passage is listed once, with 'status: "
        "not-reviewed' until it is reviewed [edition.review]"]


# --- the real edition: every statement shown where its passage is read, and on the Review page --

def _real_logs() -> dict[str, list[dict]]:
    import yaml
    from conftest import ROOT

    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]
            for path in sorted((ROOT / "apparatus" / "review").glob("*.yaml"))}


def _words(text: str) -> str:
    """The words a reader sees: white space folded, a language mark's brackets gone
    (``[Zëri i Popullit]{.language-sq}`` reads «Zëri i Popullit»)."""
    import re

    text = re.sub(r"\[([^\[\]]+)\]\{\.language-[A-Za-z0-9-]+\}", r"\1", text)
    return " ".join(text.split())


def test_every_statement_is_in_its_passages_fold_and_the_line_adds_up(edition) -> None:
    import re

    from conftest import ROOT

    logs = _real_logs()
    shown = unverifiable_shown = 0
    for slug, passages in logs.items():
        if slug == "introduction":
            continue  # a page of the editors' own: no passages to fold; on the Review page
        html = edition.html(f"sources/{slug}")
        page = BeautifulSoup(html, "html.parser")
        folds = {fold["data-passage"]: fold
                 for fold in page.select('[role="main"] details.edition-editorial.edition-review')}
        for passage in passages:
            statements = passage.get("statements") or []
            fold = folds[passage["passage"]]
            items = fold.select("li")
            assert len(items) == len(statements), passage["passage"]
            for item, statement in zip(items, statements, strict=True):
                assert item["class"] == [f"edition-finding-{statement['finding']}"]
                assert _words(statement["says"]) in _words(item.get_text())
                if statement["finding"] == "unverifiable":
                    # "¶ 39" with a no-break space, as every label the edition writes
                    assert item.select_one(".edition-review-why").get_text() == (
                        "Why: " + re.sub(r"(¶|\bnote) (?=\d)", "\\1\u00a0",
                                         _words(statement["why"])))
                    unverifiable_shown += 1
                if statement["finding"] == "annotated":
                    assert item.select("a"), passage["passage"]  # the note or row it names
            shown += len(items)
        # the line's breakdown adds up, and matches the log
        line = page.select_one("p.edition-review-status").get_text()
        match = re.search(r"· (\d+) statements: (\d+) confirmed, (\d+) annotated, "
                          r"(\d+) unverifiable$", line)
        assert match, line
        total, *parts = map(int, match.groups())
        findings = [s["finding"] for p in passages for s in p.get("statements") or []]
        assert total == sum(parts) == len(findings)
        assert parts == [findings.count(f) for f in ("confirmed", "annotated", "unverifiable")]
        # editorial matter: the fidelity check still passes on the page
        checked, problems = check_html(html, ROOT / "sources" / "originals")
        assert checked is not None and problems == [], slug
    assert (shown, unverifiable_shown) == (525, 156)


def test_a_folds_works_are_named_as_the_text_cites_them_and_linked(edition) -> None:
    """"Read against …" names each work by the label the text cites it with ("Hoxha, 1980b"),
    linked to its entry in the bibliography, never by its references.bib key ("hoxha1980")."""
    bibliography = BeautifulSoup(edition.html("bibliography"), "html.parser")
    labels = {}
    for entry in bibliography.select('[id^="bib-"]'):
        labels[entry["id"]] = entry.get_text()
    checked = 0
    for slug, passages in _real_logs().items():
        if slug == "introduction":
            continue
        page = BeautifulSoup(edition.html(f"sources/{slug}"), "html.parser")
        folds = {fold["data-passage"]: fold for fold in page.select("details.edition-review")}
        for passage in passages:
            keys = passage.get("against") or []
            if not keys:
                continue
            meta = folds[passage["passage"]].select_one("p.edition-review-meta")
            links = meta.select("a")
            assert [a["href"] for a in links] == [f"../bibliography.html#bib-{k}" for k in keys]
            for link, key in zip(links, keys, strict=True):
                assert f"bib-{key}" in labels, key
                label = link.get_text()
                assert key not in meta.get_text() and label.split(",")[0] in labels[f"bib-{key}"]
                checked += 1
    assert checked > 100


def test_the_review_page_lists_every_unverifiable_statement_of_the_edition(edition) -> None:
    page = BeautifulSoup(edition.html("review"), "html.parser")
    main = page.select_one('[role="main"]')
    logs = _real_logs()
    assert main.select_one(".edition-review-total").get_text().startswith(
        "620 statements checked in the review:")  # the sources' 525 and the introduction's 95
    assert main.select_one(".edition-review-total").get_text().endswith(", 173 unverifiable.")
    for slug, passages in logs.items():
        unverifiable = [(p["passage"], s) for p in passages for s in p.get("statements") or []
                        if s["finding"] == "unverifiable"]
        block = main.select_one(f"#review-{slug}")
        items = block.select("ul.edition-review-unverifiable > li")
        assert len(items) == len(unverifiable), slug
        for item, (passage_id, statement) in zip(items, unverifiable, strict=True):
            page = "introduction" if slug == "introduction" else f"sources/{slug}"
            assert item.a["href"] == f"{page}.html#{passage_id}"
            assert _words(item.get_text()).endswith("Why: " + _words(statement["why"]))
    assert len(main.select("ul.edition-review-unverifiable > li")) == 173
    lines = [item.get_text() for item in main.select("ul.edition-review-counts > li")]
    assert sorted(line.split(":")[0] for line in lines[:-1]) == sorted(logs)
    assert lines[-1].endswith(", 173 unverifiable") and "620 statements" in lines[-1]
