"""Contributors' workflow: ``nox -s lint`` on malformed contributions, the safety of commentary
bodies, and the edition's version and rights.

The catalogue takes the small apparatus project (``tests/roots/test-apparatus``), breaks it one
way per case, the way a contributor might, and asserts the exact located message, that the lint
exits non-zero, and that the strict build reports the very same message.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from edition.checks.build import build_project
from edition.checks import note as note_tool
from edition.checks.lint import EXIT_CLEAN, EXIT_PROBLEMS, lint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(ROOT / "tools"))
import pins  # noqa: E402

NOTES = "commentary/demo.md"
REGISTER = "apparatus/register.yaml"
CLAIMS = "apparatus/claims.yaml"
TIMELINE = "apparatus/timeline.yaml"
CITATIONS = "sources/citations.yaml"
BIB = "references.bib"
SOURCE = "sources/demo.md"
LOCATED = re.compile(r"^[^\s:][^:\n]*:\d+: (WARNING|ERROR): \S")

#: A note as a contributor would add it to ``commentary/demo.md`` (placed on demo-p001).
NEW_NOTE = """
:::{annotation} demo-a004
:passage: demo-p001
:quote: returned to Tirana
:type: context
:author: A. Contributor
:date: 2026-11-21

Hoxha came back from Moscow on the same day.
:::
"""
NOTE_LINE = 32  # the line of ``:::{annotation} demo-a004`` once appended


@dataclasses.dataclass(frozen=True)
class Case:
    #: (file, old, new): ``old`` must occur once in the file and becomes ``new``; an empty
    #: ``old`` appends ``new``; ``None`` writes a new file
    edits: tuple[tuple[str, str | None, str], ...]
    expected: str


def note(old: str, new: str) -> tuple[tuple[str, str | None, str], ...]:
    """Append the contributor's note to the commentary file, with ``old`` replaced by ``new``."""
    assert old in NEW_NOTE
    return ((NOTES, "", NEW_NOTE.replace(old, new)),)


CATALOGUE: dict[str, Case] = {
    # --- commentary ----------------------------------------------------------------------------
    "note-unknown-passage": Case(
        note(":passage: demo-p001", ":passage: demo-p01"),
        f"{NOTES}:{NOTE_LINE + 1}: WARNING: unknown passage 'demo-p01'; did you mean 'demo-p001'? "
        "[edition.annotation]"),
    "note-quote-not-found": Case(
        note(":quote: returned to Tirana", ":quote: returned to Tirane"),
        f"{NOTES}:{NOTE_LINE + 2}: WARNING: quote not found in passage 'demo-p001': «returned to "
        "Tirane»; the nearest text in the passage is «returned to Tirana.» [edition.annotation]"),
    "note-quote-in-double-quotes": Case(
        # MyST once read this as a broken YAML string and dropped every option of the note
        note(":quote: returned to Tirana", ':quote: "Hoxha" returned'),
        f"{NOTES}:{NOTE_LINE + 2}: WARNING: quote not found in passage 'demo-p001': «\"Hoxha\" "
        "returned»; the nearest text in the passage is «Hoxha returned» [edition.annotation]"),
    "note-quote-ambiguous": Case(
        note(":quote: returned to Tirana", ":quote: Hoxha"),
        f"{NOTES}:{NOTE_LINE + 2}: WARNING: quote «Hoxha» occurs 2 times in passage 'demo-p001' "
        "(«…Enver Hoxha met Khrushchev in Moscow…»; «…n Moscow (Writer, 2001). Hoxha "
        "returned to Tirana.…»); add ':prefix:' (the words just before) or ':suffix:' (the words "
        "just after) to say which [edition.annotation]"),
    "note-unknown-type": Case(
        note(":type: context", ":type: background"),
        f"{NOTES}:{NOTE_LINE + 3}: WARNING: annotation 'demo-a004' has unknown "
        "type 'background'; the "
        "types are: correction, discrepancy, context, terminology, translation, citation-check, "
        "perspective [edition.annotation]"),
    "note-misspelt-option": Case(
        note(":author:", ":auther:"),
        f"{NOTES}:{NOTE_LINE + 4}: WARNING: annotation has an unknown option "
        "':auther:'; did you mean "
        "':author:'? the options are: :passage: the passage id, e.g. lala-2014-p012; :quote: the "
        "exact words commented on; :prefix: words just before the quote, where it occurs more "
        "than once; :suffix: words just after the quote, where it occurs more than once; :type: "
        "one of: correction, discrepancy, context, terminology, translation, citation-check, "
        "perspective; :author: the note's author(s), separated by ';'; :date: the note's date, "
        "YYYY-MM-DD [edition.annotation]"),
    "note-missing-date": Case(
        note(":date: 2026-11-21\n", ""),
        f"{NOTES}:{NOTE_LINE}: WARNING: annotation 'demo-a004' needs the option ':date:' "
        "[edition.annotation]"),
    "note-impossible-date": Case(
        note(":date: 2026-11-21", ":date: 2026-02-30"),
        f"{NOTES}:{NOTE_LINE + 5}: WARNING: annotation 'demo-a004' has date "
        "'2026-02-30'; write the "
        "date of the note as YYYY-MM-DD, e.g. 2026-11-21 [edition.annotation]"),
    "note-malformed-id": Case(
        note("demo-a004", "Demo_A4"),
        f"{NOTES}:{NOTE_LINE}: WARNING: annotation id 'Demo_A4' is malformed: use lower-case "
        "letters, digits and hyphens, e.g. 'lala-2014-a001' [edition.annotation]"),
    "note-duplicate-id": Case(
        note("demo-a004", "demo-a001"),
        f"{NOTES}:{NOTE_LINE}: WARNING: duplicate annotation id 'demo-a001' (first used at line "
        "1); every note needs its own id [edition.annotation]"),
    "note-no-body": Case(
        note("Hoxha came back from Moscow on the same day.\n", ""),
        f"{NOTES}:{NOTE_LINE}: WARNING: annotation 'demo-a004' has no body: write the note below "
        "its options [edition.annotation]"),
    "note-option-twice": Case(
        note(":type: context", ":type: context\n:type: perspective"),
        f"{NOTES}:{NOTE_LINE + 4}: WARNING: annotation 'demo-a004' gives the option ':type:' twice "
        f"(first at line {NOTE_LINE + 3}); keep one [edition.annotation]"),
    "note-malformed-option-line": Case(
        note(":type: context", ":type context"),
        f"{NOTES}:{NOTE_LINE + 3}: WARNING: annotation 'demo-a004' has a malformed option line "
        "«:type context»: write ':name: value', e.g. ':quote: the exact words' "
        "[edition.annotation]"),
    "note-options-in-yaml-block": Case(
        note(":passage: demo-p001", "---\npassage: demo-p001\n---"),
        f"{NOTES}:{NOTE_LINE}: WARNING: annotation 'demo-a004' has its options in a '---' block; "
        "write each option on its own line as ':name: value', e.g. ':passage: lala-2014-p012' "
        "[edition.annotation]"),
    "note-unknown-citation-key": Case(
        note("on the same day.", "on the same day {cite:p}`zagoria1916`."),
        f"{NOTES}:{NOTE_LINE + 7}: WARNING: unknown citation key 'zagoria1916': did you mean "
        "'zagoria1961'? every key cited must be an entry of references.bib "
        "[edition.bibliography]"),
    "note-malformed-citation": Case(
        # sphinxcontrib-bibtex itself stops the build here with a traceback
        note("on the same day.", "on the same day {cite:p}`{Zagoria}`."),
        f"{NOTES}:{NOTE_LINE + 7}: WARNING: malformed citation «{{cite:p}}`{{Zagoria}}`»: a "
        "citation names references.bib keys separated by commas, e.g. {cite:p}`zagoria1961, "
        "griffith1963`; a page goes in braces after its key, e.g. {cite:p}`zagoria1961{p. 12}` "
        "[edition.bibliography]"),
    "note-unknown-passage-unpadded": Case(
        # difflib alone suggested 'demo-p005' for 'demo-p1' once a source has enough passages;
        # the same number with three digits comes first (tested on the real edition below)
        note(":passage: demo-p001", ":passage: demo-p2"),
        f"{NOTES}:{NOTE_LINE + 1}: WARNING: unknown passage 'demo-p2'; did you mean 'demo-p002'? "
        "[edition.annotation]"),
    "note-blank-line-in-options": Case(
        # it said "needs the option ':type:'", though ':type:' is there, below the blank line
        note(":quote: returned to Tirana\n", ":quote: returned to Tirana\n\n"),
        f"{NOTES}:{NOTE_LINE + 3}: WARNING: annotation 'demo-a004': a blank line ends its "
        "options here, so ':type:' and what follows are read as the note's body; remove the "
        "blank line, and keep one blank line between the last option and the body "
        "[edition.annotation]"),
    "note-wrong-prefix": Case(
        # it said "the nearest text in the passage is «returned to Tirana.»": the quote itself
        note(":quote: returned to Tirana\n", ":quote: returned to Tirana\n:prefix: Enver\n"),
        f"{NOTES}:{NOTE_LINE + 3}: WARNING: quote «returned to Tirana» is in "
        "passage 'demo-p001', "
        "but not with the given prefix/suffix: the words just before it there are «Hoxha», not "
        "the prefix «Enver» [edition.annotation]"),
    "note-wrong-suffix": Case(
        note(":quote: returned to Tirana\n", ":quote: Hoxha\n:suffix: went to\n"),
        f"{NOTES}:{NOTE_LINE + 3}: WARNING: quote «Hoxha» is in passage "
        "'demo-p001', but not with "
        "the given prefix/suffix: the words just after it there are «met Khrushchev» or "
        "«returned to», not the suffix «went to» [edition.annotation]"),
    "note-term-by-its-words": Case(
        # difflib alone found nothing like 'Nikita' among the terms
        note("from Moscow", "from {term}`Nikita`"),
        f"{NOTES}:{NOTE_LINE + 7}: WARNING: unknown term 'Nikita': did you mean 'Nikita "
        "Khrushchev'? a term is the name or a variant of an entry of apparatus/register.yaml "
        "[edition.register]"),
    "note-unknown-term": Case(
        note("from Moscow", "from {term}`Moskva`"),
        f"{NOTES}:{NOTE_LINE + 7}: WARNING: unknown term 'Moskva': a term is the name or a "
        "variant of an entry of apparatus/register.yaml [edition.register]"),
    "note-raw-html": Case(
        note("on the same day.", "on the same day.<script>alert(1)</script>"),
        f"{NOTES}:{NOTE_LINE + 7}: WARNING: annotation 'demo-a004' contains raw HTML "
        "«<script>»: a note's body is MyST text, and markup or script would go into the edition "
        "unchecked; write it as MyST (*emphasis*, [link](https://...)), or escape the '<' as "
        "'\\<' [edition.annotation]"),
    "note-includes-a-file": Case(
        note("Hoxha came back", "```{include} /etc/passwd\n```\n\nHoxha came back"),
        f"{NOTES}:{NOTE_LINE + 7}: WARNING: annotation 'demo-a004' uses the directive '{{include}}', "
        "which a note may not use: it would put files, raw markup or remote content into the "
        "edition unchecked; write the note as MyST text with links and {cite}, {term} and {ref} "
        "roles [edition.annotation]"),
    "note-opened-with-two-colons": Case(
        note(":::{annotation} demo-a004", "::{annotation} demo-a004"),
        f"{NOTES}:{NOTE_LINE}: WARNING: '::{{annotation}}' opens no note: a note opens with three "
        "colons, ':::{annotation} demo-a004', and ends with ':::' [edition.annotation]"),
    "text-outside-any-note": Case(
        ((NOTES, "", "\nSee also the other notes.\n"),),
        f"{NOTES}:32: WARNING: this paragraph («See also the other notes.») is outside any note: "
        "a commentary file holds only ':::{annotation}' blocks, and anything else would be added "
        "to the source page; put it inside a note, or remove it [edition.annotation]"),
    "commentary-file-for-unknown-source": Case(
        (("commentary/dmeo.md", None, NEW_NOTE),),
        "commentary/dmeo.md:1: WARNING: commentary file for unknown source 'dmeo': did you mean "
        "'demo.md'? a commentary file is named after the source it annotates; sources: demo "
        "[edition.annotation]"),
    "discrepancy-without-claims-row": Case(
        note(":type: context", ":type: discrepancy"),
        f"{NOTES}:{NOTE_LINE}: WARNING: discrepancy note 'demo-a004' does not link its row of "
        "the claims collation: add a link such as {ref}`claims collation <claim-ID>` (rows: "
        "base-built, ...) [edition.annotation]"),
    # --- register (the glossary) ---------------------------------------------------------------
    "register-unknown-field": Case(
        ((REGISTER, "  kind: place\n  description: The Soviet capital.",
          "  kind: place\n  descripton: The Soviet capital."),),
        f"{REGISTER}:20: WARNING: unknown field 'descripton' in a register entry; did you mean "
        "'description'? fields are: id, name, kind, dates, variants, languages, description, sort, "
        "wikidata, viaf, gnd, geonames, coordinates [edition.register]"),
    "register-unknown-kind": Case(
        ((REGISTER, "name: Tirana\n  kind: place", "name: Tirana\n  kind: city"),),
        f"{REGISTER}:23: WARNING: unknown kind 'city' of register entry 'tirana'; kinds are: "
        "person, place, organisation, event, concept [edition.register]"),
    "register-duplicate-id": Case(
        ((REGISTER, "- id: tirana", "- id: moscow"),),
        f"{REGISTER}:21: WARNING: duplicate register id 'moscow' (first used at line 17); every "
        "entry needs its own id [edition.register]"),
    "register-form-claimed-twice": Case(
        ((REGISTER, "variants: [Vlora]", "variants: [Vlora, Tirana]"),),
        f"{REGISTER}:28: WARNING: the form 'Tirana' is claimed by two register entries: 'tirana' "
        "(line 21) and 'vlore'; a form must name one entry, so remove it from one of them (or "
        "from both, if it is ambiguous) [edition.register]"),
    "register-not-yaml": Case(
        ((REGISTER, "  description: The Albanian capital.",
          "  description: The Albanian capital: Tirana # since 1920"),),
        f"{REGISTER}:24: WARNING: not valid YAML: mapping values are not allowed here; check the "
        "indentation and quote values that contain ': ' or '#' [edition.register]"),
    "register-variant-in-no-source": Case(
        ((REGISTER, "variants: [Vlora]", "variants: [Vlora, Valona]"),),
        f"{REGISTER}:25: WARNING: variant 'Valona' of register entry 'vlore' occurs in no "
        "source's reading text as a whole word; give the form exactly as printed (case matters), "
        "or remove it [edition.register]"),
    "register-out-of-order": Case(
        # CONTRIBUTING and apparatus/README.md said "in the order of ids", and nothing checked it
        ((REGISTER, "- id: tirana", "- id: kosovo"),),
        f"{REGISTER}:21: WARNING: register id 'kosovo' is out of the order of ids: it comes "
        "after 'moscow' (line 17), a later id; keep the register sorted by id: this entry "
        "belongs between 'khrushchev-nikita' (line 12) and 'moscow' (line 17) "
        "[edition.register]"),
    "register-person-id-given-name-first": Case(
        # the template's "id: surname-given" was not checked
        ((REGISTER, "- id: hoxha-enver", "- id: enver-hoxha"),),
        f"{REGISTER}:6: WARNING: register id 'enver-hoxha' of a person does not begin with the "
        "family name the entry is filed under, 'Hoxha': a person's id is the surname, then the "
        "given names, e.g. 'hoxha-enver' [edition.register]"),
    # --- claims and timeline -------------------------------------------------------------------
    "claims-unknown-passage": Case(
        ((CLAIMS, "- passage: demo-p002", "- passage: demo-p02"),),
        f"{CLAIMS}:4: WARNING: unknown passage 'demo-p02': did you mean 'demo-p002'? passage ids "
        "are recorded in sources/passages.json (e.g. lala-2014-p019) [edition.collation]"),
    "claims-single-passage-unexplained": Case(
        ((CLAIMS, "  why-single: Only the demo source speaks to the point.\n", ""),),
        f"{CLAIMS}:1: WARNING: claims row 'base-built' links 1 passage(s); a row compares at "
        "least two passages, or says in 'why-single' why only one speaks to it "
        "[edition.collation]"),
    "timeline-out-of-order": Case(
        ((TIMELINE, 'date: "1961-12-03"', 'date: "1956-04-14"'),),
        f"{TIMELINE}:5: WARNING: date '1956-04-14' is earlier than '1957' (line 1), which "
        "precedes it: keep the timeline in date order; this event belongs before '1957' (line "
        "1), the first event [edition.collation]"),
    "timeline-unknown-claims-row": Case(
        ((TIMELINE, "disputed: base-built", "disputed: base-build"),),
        f"{TIMELINE}:4: WARNING: unknown claims row 'base-build': did you mean 'base-built'? "
        "'disputed' names the id of a row in claims.yaml [edition.collation]"),
    # --- the sources' citations and the bibliography -------------------------------------------
    "citations-unknown-source": Case(
        ((CITATIONS, "demo:\n", "dmeo:\n"),),
        f"{CITATIONS}:1: WARNING: unknown source 'dmeo': did you mean 'demo'? sources are: demo "
        "[edition.citation]"),
    "bibliography-case-clash": Case(
        ((BIB, "@book{other1998,", "@book{Zagoria1961,"),),
        f"{BIB}:15: WARNING: entry 'Zagoria1961' repeats 'zagoria1961', which differs only in "
        "case (line 1); BibTeX keys ignore case and must be unique: rename one of them or merge "
        "the two entries [edition.bibliography]"),
    "bibliography-malformed-entry": Case(
        ((BIB, "  title = {A Book},", "  title = {A Book,"),),
        # it said "premature end of file (at line 15)", at the entry's first line
        f"{BIB}:10: WARNING: malformed BibTeX in entry 'writer2001': the braces of its field "
        "'title' do not balance (1 '{', 0 '}'): each '{' of a field is closed by a '}' in the "
        "same field, before the comma that ends it [edition.bibliography]"),
    "bibliography-entry-without-key": Case(
        ((BIB, "@book{other1998,", "@book{,"),),
        f"{BIB}:15: WARNING: malformed BibTeX: an entry without a key; an entry reads "
        "@type{key, field = {value}, ...} [edition.bibliography]"),
    # --- a source page's front matter ----------------------------------------------------------
    "front-matter-missing-rights": Case(
        ((SOURCE, '  rights: "CC BY 4.0"\n', ""),),
        f"{SOURCE}:2: WARNING: front matter is missing the required field 'source.rights' (its "
        "licence or rights statement) [edition.front_matter]"),
    "front-matter-unquoted-date": Case(
        ((SOURCE, 'date: "2024"', "date: 2024"),),
        f"{SOURCE}:7: WARNING: field 'source.date' must be a quoted string (its date of "
        "publication) [edition.front_matter]"),
}


def _apply(srcdir: Path, edits: tuple[tuple[str, str | None, str], ...]) -> None:
    for name, old, new in edits:
        path = srcdir / name
        if old is None:
            path.write_text(new, encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        if not old:
            path.write_text(text + new, encoding="utf-8")
            continue
        assert text.count(old) == 1, f"{name}: the edit's text must occur once: {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture()
def contribution(rootdir, tmp_path) -> Path:
    """A fresh copy of the apparatus project to break."""
    srcdir = tmp_path / "edition"
    shutil.copytree(rootdir / "test-apparatus", srcdir)
    return srcdir


def _build_warnings(srcdir: Path, outdir: Path) -> list[str]:
    result = build_project(srcdir, outdir, "html", nitpicky=True)
    return [line.replace(f"{srcdir.resolve()}/", "") for line in result.warnings]


def test_the_unbroken_project_lints_clean(contribution) -> None:
    report = lint(contribution)
    assert (report.problems, report.exit_status) == ([], EXIT_CLEAN)


def test_the_catalogue_has_at_least_25_cases() -> None:
    assert len(CATALOGUE) >= 25
    assert len({case.expected for case in CATALOGUE.values()}) == len(CATALOGUE)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_a_malformed_contribution_fails_the_lint_and_the_build_alike(
        name: str, contribution: Path, tmp_path: Path) -> None:
    case = CATALOGUE[name]
    _apply(contribution, case.edits)
    report = lint(contribution)
    assert report.exit_status == EXIT_PROBLEMS
    assert case.expected in report.problems, "\n".join(report.problems)
    assert all(LOCATED.match(problem) for problem in report.problems), report.problems
    # the lint's messages are the strict build's, word for word, and no others
    assert sorted(report.problems) == sorted(_build_warnings(contribution, tmp_path / "html"))


#: A data file that fails to parse: one message at the line, its indentation in words, and no
#: knock-on message from what refers to the file (the claims, timeline and review logs, the
#: notes' {ref} to claims rows and {term} of register entries).
UNPARSED: dict[str, tuple[str, str, str, str]] = {
    "a key indented too deep after a quoted value": (
        TIMELINE, "  event: Relations are broken.", "   event: Relations are broken.",
        f"{TIMELINE}:6: WARNING: not valid YAML: 'event:' is indented by 3 spaces, but 'date:' "
        "on line 5 by 2; the keys of one mapping line up: indent 'event:' by 2 spaces, like "
        "'date:' [edition.collation]"),
    "a key indented too deep after a plain value": (
        # the timeline's 'disputed: base-built' and the note's {ref} to claim-base-built were
        # blamed too
        CLAIMS, "  point: When was the base built?", "   point: When was the base built?",
        f"{CLAIMS}:2: WARNING: not valid YAML: 'point:' is indented by 3 spaces, but 'id:' on "
        "line 1 by 2; the keys of one mapping line up: indent 'point:' by 2 spaces, like 'id:' "
        "[edition.collation]"),
    "a key indented too little": (
        # the note's {term}`Khrushchev` was blamed too
        REGISTER, "  name: Moscow\n", " name: Moscow\n",
        f"{REGISTER}:18: WARNING: not valid YAML: 'name:' is indented by 1 space, but 'id:' on "
        "line 17 by 2; the keys of one mapping line up: indent 'name:' by 2 spaces, like 'id:' "
        "[edition.register]"),
    "a list item indented too deep": (
        REGISTER, "- id: moscow", " - id: moscow",
        f"{REGISTER}:17: WARNING: not valid YAML: this '- ' is indented by 1 space, but the one "
        "on line 12 by 0; the items of one list line up: indent it by 0 spaces, like line 12 "
        "[edition.register]"),
    "a tab": (
        REGISTER, "  name: Moscow\n", "\tname: Moscow\n",
        f"{REGISTER}:18: WARNING: not valid YAML: the line is indented with a tab; YAML indents "
        "with spaces only: replace the tab by spaces [edition.register]"),
}


@pytest.mark.parametrize("name", sorted(UNPARSED))
def test_a_data_file_that_fails_to_parse_gives_one_message(name, contribution, tmp_path) -> None:
    path, old, new, expected = UNPARSED[name]
    _apply(contribution, ((path, old, new),))
    assert lint(contribution).problems == [expected]
    assert _build_warnings(contribution, tmp_path / "html") == [expected]


def test_the_data_only_lint_reports_data_files_without_reading_pages(contribution) -> None:
    _apply(contribution, CATALOGUE["register-unknown-kind"].edits
           + CATALOGUE["bibliography-case-clash"].edits + CATALOGUE["note-no-body"].edits)
    report = lint(contribution, data_only=True)
    assert report.exit_status == EXIT_PROBLEMS
    assert report.problems == [CATALOGUE["bibliography-case-clash"].expected,
                               CATALOGUE["register-unknown-kind"].expected]


def test_the_command_line_exits_non_zero_with_located_lines(contribution) -> None:
    _apply(contribution, CATALOGUE["note-quote-not-found"].edits)
    run = subprocess.run([sys.executable, "-m", "edition.checks.lint", str(contribution)],
                         check=False, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "_ext")})
    assert run.returncode == EXIT_PROBLEMS
    assert run.stdout.splitlines() == [CATALOGUE["note-quote-not-found"].expected]
    assert "1 problem(s)" in run.stderr


def test_on_github_each_problem_is_also_an_annotation_of_its_line(contribution) -> None:
    """In a pull request's run (GitHub Actions sets GITHUB_ACTIONS=true) each located problem is
    also a workflow command, which GitHub shows on the line of the pull request's diff."""
    _apply(contribution, CATALOGUE["note-quote-not-found"].edits)
    run = subprocess.run([sys.executable, "-m", "edition.checks.lint", str(contribution)],
                         check=False, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "_ext"), "GITHUB_ACTIONS": "true"})
    expected = CATALOGUE["note-quote-not-found"].expected
    path, line, message = re.match(r"([^:]+):(\d+): WARNING: (.*)", expected, re.S).groups()
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    assert run.returncode == EXIT_PROBLEMS
    assert run.stdout.splitlines() == [
        expected, f"::error file={path},line={line},title=edition lint::{message}"]


def test_the_command_line_refuses_a_folder_without_conf_py(tmp_path) -> None:
    run = subprocess.run([sys.executable, "-m", "edition.checks.lint", str(tmp_path)],
                         check=False, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "_ext")})
    assert run.returncode == 2
    assert "no conf.py here" in run.stderr


# --- property: random and mutated commentary never crash the check ----------------------------

_NOTE_PARTS = [":::{annotation} demo-a009\n", ":passage: demo-p002\n", ":quote: built in 1957\n",
               ":type: context\n", ":author: A. Contributor\n", ":date: 2026-11-21\n", "\n",
               "A body with {cite:p}`zagoria1961` and {term}`Hoxha`.\n", ":::\n"]
_FRAGMENTS = st.sampled_from([
    ":", ":::", "::::", "`", "```", "{", "}", "{annotation}", "{term}`", "{cite:p}`", "{ref}`",
    "<", ">", "<script>", "</div>", '"', "'", "---", "\n", "\n\n", " ", "\t", "#", "(", ")=",
    ":quote:", ":passage:", ":prefix:", ":type:", "demo-p00", "demo-a00", "«", "ë", "Ж", "\\",
    "[x](", "javascript:", "```{include}", "{eval-rst}", "%", "*", "$", "|", "-", "1957",
])


@st.composite
def commentary_files(draw) -> str:
    """A well-formed note cut, repeated or spliced with markup fragments; or pure noise."""
    if draw(st.booleans()):
        return "".join(draw(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=40)))
    parts = list(_NOTE_PARTS)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["drop", "insert", "duplicate", "garble"]))
        index = draw(st.integers(0, max(0, len(parts) - 1)))
        if action == "drop" and parts:
            parts.pop(index)
        elif action == "insert":
            parts.insert(index, draw(_FRAGMENTS))
        elif action == "duplicate" and parts:
            parts.insert(index, parts[index])
        elif parts:
            text = parts[index]
            cut = draw(st.integers(0, len(text)))
            parts[index] = text[:cut] + draw(st.one_of(_FRAGMENTS, st.text(max_size=4))) + text[cut:]
    return "".join(parts)


@pytest.fixture(scope="module")
def fuzz_project(rootdir, tmp_path_factory) -> Path:
    srcdir = tmp_path_factory.mktemp("fuzz") / "edition"
    shutil.copytree(rootdir / "test-apparatus", srcdir)
    return srcdir


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=commentary_files())
def test_random_commentary_gives_success_or_located_errors(fuzz_project, text: str) -> None:
    (fuzz_project / NOTES).write_text(text, encoding="utf-8")
    report = lint(fuzz_project)  # an exception here is a traceback a contributor would see
    assert report.failure == ""
    assert report.exit_status in (EXIT_CLEAN, EXIT_PROBLEMS)
    assert all(LOCATED.match(problem) or problem.startswith(SPHINX_UNLOCATED)
               for problem in report.problems), report.problems


#: Sphinx's own warning for a directive name with an unknown domain (``:::{x:y}``) has no
#: location; MyST's located "Unknown directive type" follows it.
SPHINX_UNLOCATED = "WARNING: unknown directive name: "


# --- safety of a note's body -------------------------------------------------------------------

UNSAFE_NOTE = """
:::{annotation} demo-a004
:passage: demo-p001
:quote: returned to Tirana
:type: context
:author: A. Contributor
:date: 2026-11-21

Inline <script>alert(1)</script> and <img src=x onerror="alert(2)">, a
[script link](javascript:alert(3)), an autolink <javascript:alert(4)> and a
[safe link](https://example.org/page).

<div onclick="alert(5)">a block of HTML</div>
:::
"""


def test_a_note_cannot_inject_html_or_script(contribution, tmp_path) -> None:
    _apply(contribution, ((NOTES, "", UNSAFE_NOTE),))
    warnings = _build_warnings(contribution, tmp_path / "html")
    assert [w.split(": WARNING: ")[0] for w in warnings if "raw HTML" in w] == [
        f"{NOTES}:{NOTE_LINE + 7}", f"{NOTES}:{NOTE_LINE + 11}"]
    page = BeautifulSoup((tmp_path / "html" / "sources" / "demo.html").read_text("utf-8"),
                         "html.parser")
    [body] = page.select('div.edition-note[id="demo-a004"]') or page.select("#demo-a004")
    # the markup is shown as text, never passed through
    assert body.find(["script", "img"]) is None
    assert body.find(attrs={"onclick": True}) is None and body.find(attrs={"onerror": True}) is None
    assert "<script>alert(1)</script>" in body.get_text()
    assert '<div onclick="alert(5)">a block of HTML</div>' in body.get_text()
    assert all(not a["href"].startswith("javascript:") for a in body.find_all("a", href=True))
    assert not any("alert" in script.get_text() for script in page.find_all("script"))


def test_external_links_in_a_note_open_safely(contribution, tmp_path) -> None:
    _apply(contribution, ((NOTES, "", UNSAFE_NOTE.replace("<", "\\<")),))
    build_project(contribution, tmp_path / "html", "html", nitpicky=True)
    page = BeautifulSoup((tmp_path / "html" / "sources" / "demo.html").read_text("utf-8"),
                         "html.parser")
    [link] = page.select('a[href="https://example.org/page"]')
    assert link["rel"] == ["noopener", "noreferrer"]
    assert link.get_text() == "safe link"


# --- version and rights ------------------------------------------------------------------------

def _release() -> str:
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    return Config.read(ROOT, overrides={}, tags=Tags()).release


def test_the_version_has_one_source_and_the_changelog_matches_it() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert _release() == version
    [latest] = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", (ROOT / "CHANGELOG.md").read_text("utf-8"),
                          re.MULTILINE)[:1]
    assert latest == version


def test_the_html_shows_the_version(edition) -> None:
    assert f"(edition {_release()})" in BeautifulSoup(edition.html("index"), "html.parser").title.get_text()


def test_each_source_page_states_its_own_rights(edition) -> None:
    for docname in edition.source_docnames:
        page = BeautifulSoup(edition.html(docname), "html.parser")
        labels = [dt.get_text(" ", strip=True).rstrip(" :")
                  for dt in page.select("dl.field-list dt")]
        assert "Rights" in labels, docname
        rights = page.select("dl.field-list dt")[labels.index("Rights")].find_next_sibling("dd")
        assert len(rights.get_text(strip=True)) > 10, docname


def test_the_licences_are_in_the_repository() -> None:
    assert "MIT License" in (ROOT / "LICENSE").read_text("utf-8")
    commentary = (ROOT / "LICENSE-commentary.md").read_text("utf-8")
    assert "Creative Commons Attribution 4.0" in commentary
    assert "https://creativecommons.org/licenses/by/4.0/" in commentary


# --- the pull-request machinery ----------------------------------------------------------------

def _apt_packages_of_ci_run() -> set[str]:
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    block = re.search(r"APT_PACKAGES=\((.*?)\n\)", script, re.DOTALL)
    assert block, ".ci/run lists its Debian packages in APT_PACKAGES=( ... )"
    return {word for line in block.group(1).splitlines()
            for word in line.split("#", 1)[0].split()}


def test_read_the_docs_installs_what_ci_installs_for_the_pdf() -> None:
    import yaml

    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text("utf-8"))
    packages = set(config["build"]["apt_packages"])
    # Read the Docs builds HTML and PDF only: no browser, no poppler, no validity checkers, no
    # biber, jing or EPUBCheck (tests only)
    assert packages == _apt_packages_of_ci_run() - {"chromium", "poppler-utils",
                                                    "default-jre-headless", "biber", "jing",
                                                    "epubcheck"}
    commands = "\n".join(config["build"]["commands"])
    assert "--constraint constraints.txt" in commands and "-E -n -W --keep-going" in commands


def test_ci_runs_lint_tests_and_both_builds_on_pull_requests_and_keeps_them() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "edition.yml").read_text("utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [step.get("run", "") for step in steps]
    for command in ("nox -s lint", "bash .ci/run", "nox -s build", "nox -s pdf"):
        assert any(command in run for run in runs), command
    assert runs.index(next(r for r in runs if "nox -s lint" in r)) < runs.index("bash .ci/run")
    kept = {step["with"]["path"] for step in steps if "upload-artifact" in step.get("uses", "")}
    assert kept == {"_build/html", "_build/pdf/edition.pdf"}


def test_pre_commit_runs_the_lint() -> None:
    import yaml

    hooks = [hook for repo in yaml.safe_load(
        (ROOT / ".pre-commit-config.yaml").read_text("utf-8"))["repos"] for hook in repo["hooks"]]
    assert {hook["entry"] for hook in hooks} == {"python3 -m nox -R -s lint",
                                                 "python3 -m nox -R -s lint -- --data-only"}
    assert all(re.search(hook["files"], "commentary/lala-2014.md") or
               re.search(hook["files"], "references.bib") for hook in hooks)


# --- the contributor's loop: nox environments reused while the pins are unchanged -----------

def _session_decorators(noxfile: Path) -> dict[str, dict[str, object]]:
    """Each nox session of ``noxfile``: the keywords of its ``@nox.session(...)``, and whether
    its body calls ``install_group``."""
    sessions = {}
    for node in ast.parse(noxfile.read_text("utf-8")).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "nox.session":
                keywords = {k.arg: ast.literal_eval(k.value) for k in decorator.keywords
                            if isinstance(k.value, ast.Constant)}
                keywords["install_group"] = "install_group(" in ast.unparse(node)
                sessions[node.name] = keywords
    return sessions


def test_lint_and_build_reuse_their_environments_and_reinstall_when_the_pins_change(
        tmp_path) -> None:
    sessions = _session_decorators(ROOT / "noxfile.py")
    for name in ("lint", "build"):
        assert sessions[name].get("reuse_venv") is True, name
        assert sessions[name]["install_group"], name
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, project / name)
    venv = tmp_path / "venv"
    venv.mkdir()
    digest = pins.pins_digest(project, ["docs", ""])
    assert pins.recorded_digest(venv) is None  # an environment just made: install
    pins.record(venv, digest)
    assert pins.recorded_digest(venv) == pins.pins_digest(project, ["docs", ""])  # skip
    assert pins.pins_digest(project, ["test", "schemas"]) != digest  # another session's
    constraints = (project / "constraints.txt").read_text("utf-8")
    (project / "constraints.txt").write_text(constraints.replace("docutils==0.22.4",
                                                                 "docutils==0.22.3"), "utf-8")
    assert pins.pins_digest(project, ["docs", ""]) != digest  # a changed pin: install again
    (project / "constraints.txt").write_text(constraints, "utf-8")
    pyproject = (project / "pyproject.toml").read_text("utf-8")
    (project / "pyproject.toml").write_text(pyproject.replace('"sphinx==9.0.4"',
                                                              '"sphinx==9.0.3"'), "utf-8")
    assert pins.pins_digest(project, ["docs", ""]) != digest
    # what is uninstalled before installing again: every package pip freeze lists
    assert pins.installed_packages("Sphinx==9.0.4\nsphinx_design==0.7.0\n"
                                   "pkg @ file:///tmp/pkg\n-e git+https://x/y#egg=y\n") == [
        "Sphinx", "sphinx_design", "pkg"]


# --- the contributor's loop: messages on the real edition -------------------------------------

@pytest.fixture()
def real_edition(tmp_path) -> Path:
    """A copy of the real edition (its pages, data and extension; not its tests) to break."""
    srcdir = tmp_path / "edition"
    shutil.copytree(ROOT, srcdir, ignore=shutil.ignore_patterns(
        ".git", ".nox", "_build", "node_modules", "tests", "benchmarks", "__pycache__"))
    return srcdir


def _add_note(srcdir: Path, passage: str, body: str) -> int:
    """Append a copy of commentary/lala-2014.md's first note with a new id, ``passage`` and
    ``body``; the line of its ``:::{annotation}``."""
    path = srcdir / "commentary" / "lala-2014.md"
    text = path.read_text("utf-8")
    first = text[:text.index("\n:::\n") + 5]
    head = first[:first.index("\n\n") + 2].replace("lala-2014-a001", "lala-2014-a900")
    head = head.replace(":passage: lala-2014-p019", f":passage: {passage}").replace(
        ":type: discrepancy", ":type: context")
    path.write_text(text + "\n" + head + body + "\n:::\n", "utf-8")
    return text.count("\n") + 2


def test_a_passage_id_without_its_zeros_is_suggested_with_them(real_edition) -> None:
    line = _add_note(real_edition, "lala-2014-p06", "A note.")
    report = lint(real_edition)
    # difflib alone suggested 'lala-2014-p036'
    # at the note's ':passage:' line, the line after its ':::{annotation}'
    assert report.problems == [f"commentary/lala-2014.md:{line + 1}: WARNING: unknown passage "
                               "'lala-2014-p06'; did you mean 'lala-2014-p006'? "
                               "[edition.annotation]"]


def test_a_term_is_suggested_by_the_words_it_contains(real_edition) -> None:
    line = _add_note(real_edition, "lala-2014-p019", "See {term}`Fourth Congress`.")
    report = lint(real_edition)
    # difflib alone suggested '20th Congress'
    assert report.problems == [f"commentary/lala-2014.md:{line + 7}: WARNING: unknown term "
                               "'Fourth Congress': did you mean 'Fourth Congress of the Party of "
                               "Labour'? a term is the name or a variant of an entry of "
                               "apparatus/register.yaml [edition.register]"]


@pytest.mark.parametrize(("date", "moved", "expected"), [
    # it blamed the seven correct events after it, from 1942-12 to 1944-11, and a review log
    # that names one of them (apparatus/review/stalin-deed.yaml)
    ("1941-11-08", "1944-11-08", "date '1944-11-08' is later than '1942-12' (line {1942-12}), "
     "which follows it: keep the timeline in date order; this event belongs between '1944-11' "
     "(line {1944-11}) and '1945-06' (line {1945-06})"),
    ("1944-10-20", "1941-10-20", "date '1941-10-20' is earlier than '1944-05-24' (line "
     "{1944-05-24}), which precedes it: keep the timeline in date order; this event belongs "
     "between '1941-09' (line {1941-09}) and '1941-11-08' (line {1941-11-08})"),
])
def test_an_event_out_of_date_order_is_the_one_blamed(real_edition, date, moved,
                                                      expected) -> None:
    timeline = real_edition / "apparatus" / "timeline.yaml"
    text = timeline.read_text("utf-8")
    lines = {match[1]: text.count("\n", 0, match.start()) + 1
             for match in re.finditer(r'^- date: "([^"]+)"', text, re.MULTILINE)}
    timeline.write_text(text.replace(f'date: "{date}"', f'date: "{moved}"'), "utf-8")
    expected = re.sub(r"\{([\d-]+)\}", lambda m: str(lines[m[1]]), expected)
    report = lint(real_edition, data_only=True)
    assert report.problems == [f"apparatus/timeline.yaml:{lines[date]}: WARNING: {expected} "
                               "[edition.collation]"]


def test_a_timeline_that_fails_to_parse_blames_no_review_log(real_edition) -> None:
    timeline = real_edition / "apparatus" / "timeline.yaml"
    text = timeline.read_text("utf-8")
    slip = "  event: The Communist Party of Albania is founded in Tirana.\n"
    timeline.write_text(text.replace(slip, " " + slip), "utf-8")
    line = text[:text.index(slip)].count("\n") + 1
    report = lint(real_edition, data_only=True)
    # it said "expected <block end>, but found '<block mapping start>'", and 26 events of the
    # timeline named in the review logs (apparatus/review/stalin-deed.yaml and others) unknown
    assert report.problems == [
        f"apparatus/timeline.yaml:{line}: WARNING: not valid YAML: 'event:' is indented by 3 "
        f"spaces, but 'date:' on line {line - 1} by 2; the keys of one mapping line up: indent "
        "'event:' by 2 spaces, like 'date:' [edition.collation]"]


def test_a_missing_brace_in_the_bibliography_names_its_field_once(real_edition,
                                                                  tmp_path) -> None:
    bib = real_edition / "references.bib"
    text = bib.read_text("utf-8")
    field = "  title        = {{A Coming of Age: Albania under Enver Hoxha}},\n"
    bib.write_text(text.replace(field, field.replace("}},", "},")), "utf-8")
    line = text[:text.index(field)].count("\n") + 1
    expected = (f"references.bib:{line}: WARNING: malformed BibTeX in entry 'odonnell1999': the "
                "braces of its field 'title' do not balance (2 '{', 1 '}'): each '{' of a field is "
                "closed by a '}' in the same field, before the comma that ends it "
                "[edition.bibliography]")
    # it said "premature end of file (at line 482)" at the entry's first line, then "unknown
    # citation key 'odonnell1999'" where it is cited (introduction.md:129, register.md:9,
    # sources/wiki-split.md:37)
    assert lint(real_edition).problems == [expected]


def test_a_note_opened_with_two_colons_is_the_one_blamed(real_edition) -> None:
    path = real_edition / "commentary" / "lala-2014.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace(":::{annotation} lala-2014-a003", "::{annotation} lala-2014-a003"),
                    "utf-8")
    line = text[:text.index(":::{annotation} lala-2014-a003")].count("\n") + 1
    # it blamed the note's words and the next note, lala-2014-a004, as text outside any note;
    # both notes as published notes that disappeared; and the review logs that name them
    assert lint(real_edition).problems == [
        f"commentary/lala-2014.md:{line}: WARNING: '::{{annotation}}' opens no note: a note opens "
        "with three colons, ':::{annotation} lala-2014-a003', and ends with ':::' "
        "[edition.annotation]"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    (":type: citation-check", ":type: citation",
     "annotation 'lala-2014-a003' has unknown type 'citation'; the types are: correction, "
     "discrepancy, context, terminology, translation, citation-check, perspective"),
    (":passage: lala-2014-p030", ":passage: lala-2014-p30",
     "unknown passage 'lala-2014-p30'; did you mean 'lala-2014-p030'?"),
])
def test_a_published_note_with_a_bad_option_is_blamed_once_at_the_option(
        real_edition, old, new, expected) -> None:
    path = real_edition / "commentary" / "lala-2014.md"
    text = path.read_text("utf-8")
    start = text.index(":::{annotation} lala-2014-a003")
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old):], "utf-8")
    line = text[:at].count("\n") + 1
    # it was at the note's first line; and the note, left out, was also blamed as a published
    # note that disappeared, and in four statements of the review logs as an unknown note
    assert lint(real_edition).problems == [
        f"commentary/lala-2014.md:{line}: WARNING: {expected} [edition.annotation]"]


def test_a_missing_received_file_is_a_located_error_in_the_lint_and_the_build(
        real_edition, tmp_path) -> None:
    page = real_edition / "sources" / "lala-2014.md"
    text = page.read_text("utf-8")
    [line] = [n for n, row in enumerate(text.splitlines(), 1) if "original_file:" in row]
    named = re.search(r'original_file: "(.*)"', text)[1]
    page.write_text(text.replace(named, "lala-2014.txt"), "utf-8")
    present = sorted(p.name for p in (real_edition / "sources" / "originals").iterdir())
    expected = (f"sources/lala-2014.md:{line}: WARNING: received file 'lala-2014.txt' not found "
                f"in originals/; did you mean '{named}' (the file whose SHA-256 the page "
                f"gives)? present: {', '.join(present)} [edition.front_matter]")
    report = lint(real_edition)
    # it exited 2 with "[Errno 2] No such file or directory", and the build crashed
    assert (report.failure, report.problems) == ("", [expected])
    assert _build_warnings(real_edition, tmp_path / "html") == [expected]


# --- the contributor's loop: the live preview (nox -s serve) ----------------------------------

def test_the_serve_session_runs_the_preview_with_the_serve_group() -> None:
    sessions = _session_decorators(ROOT / "noxfile.py")
    assert sessions["serve"]["reuse_venv"] is True and sessions["serve"]["default"] is False
    source = (ROOT / "noxfile.py").read_text("utf-8")
    start = source.index("def serve(")
    body = source[start:source.index("@nox.session", start)]
    assert 'install_group(session, "serve")' in body
    assert 'session.run("python", str(ROOT / "tools" / "preview.py"), *session.posargs' in body
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["dependency-groups"]
    [autobuild] = [pin for pin in groups["serve"] if isinstance(pin, str)]
    assert autobuild.startswith("sphinx-autobuild==")
    assert autobuild in (ROOT / "constraints.txt").read_text("utf-8").splitlines()


def test_a_failed_rebuild_keeps_the_last_good_preview(contribution, capfd) -> None:
    try:
        import preview  # tools/preview.py: sphinx-autobuild (the serve group; the test group)
    except ImportError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"sphinx-autobuild is not installed ({error}): install the test group")

    work, served = contribution / "_build" / "preview.work", contribution / "_build" / "preview"
    builder = preview.PreviewBuilder(contribution.resolve(), work, served)
    assert preview.build_command(contribution, work)[2:7] == ["sphinx", "build", "-n", "-W",
                                                               "--keep-going"]
    assert builder()
    page = served / "sources" / "demo.html"
    good = page.read_bytes()
    _apply(contribution, CATALOGUE["note-quote-not-found"].edits)
    assert not builder(changed_paths=[contribution / NOTES])
    assert page.read_bytes() == good  # the broken note never reaches the preview
    # the build's own located message, with the path as the lint prints it
    told = re.sub(r"\x1b\[[0-9;]*m", "", capfd.readouterr().err)
    assert CATALOGUE["note-quote-not-found"].expected in told.splitlines()
    (contribution / "index.md").write_text((contribution / "index.md").read_text("utf-8")
                                           + "\nAnother line.\n", "utf-8")
    assert not builder(changed_paths=[contribution / "index.md"])  # still broken: still kept
    assert page.read_bytes() == good
    assert b"Another line." not in (served / "index.html").read_bytes()
    notes = (contribution / NOTES).read_text("utf-8")
    (contribution / NOTES).write_text(notes.replace(":quote: returned to Tirane",
                                                    ":quote: returned to Tirana"), "utf-8")
    assert builder(changed_paths=[contribution / NOTES])
    assert b'id="demo-a004"' in page.read_bytes()
    assert b"Another line." in (served / "index.html").read_bytes()


# --- the contributor's loop: a note's skeleton (nox -s note) ----------------------------------

def _skeleton(project: Path, capsys, *arguments: str) -> tuple[int, str, str]:
    status = note_tool.main([*arguments, "--project", str(project)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_note_session_prints_the_skeleton_of_the_note_tool() -> None:
    sessions = _session_decorators(ROOT / "noxfile.py")
    assert sessions["note"]["install_group"] and sessions["note"]["default"] is False
    source = (ROOT / "noxfile.py").read_text("utf-8")
    assert ('session.run("python", "-m", "edition.checks.note", *session.posargs, '
            "env=EXTENSION_PATH)") in source


@pytest.mark.parametrize(("words", "occurrence", "context"), [
    ("returned to Tirana", "1", []),
    ("Hoxha", "2", [":prefix: 2001)."]),  # the words occur twice: the second, by its prefix
])
def test_a_pasted_note_skeleton_builds_and_lints_clean(
        contribution, tmp_path, capsys, words, occurrence, context) -> None:
    status, skeleton, told = _skeleton(contribution, capsys, "demo-p001", words, "--occurrence",
                                       occurrence, "--author", "A. Contributor")
    assert status == EXIT_CLEAN, told
    assert skeleton.splitlines() == [
        ":::{annotation} demo-a004", ":passage: demo-p001", f":quote: {words}", *context,
        ":type: context", ":author: A. Contributor", f":date: {datetime.date.today()}", "",
        note_tool.BODY, ":::"]
    assert "paste it at the end of commentary/demo.md" in told
    assert "':type:' is one of: correction (" in told
    _apply(contribution, ((NOTES, "", "\n" + skeleton),))
    assert lint(contribution).problems == []
    assert _build_warnings(contribution, tmp_path / "html") == []
    page = BeautifulSoup((tmp_path / "html" / "sources" / "demo.html").read_text("utf-8"),
                         "html.parser")
    [mark] = page.select('mark[data-annotation="demo-a004"]')
    assert mark.get_text() == words
    before = "".join(s for s in mark.find_all_previous(string=True)[:3][::-1])
    assert before.endswith("2001). " if occurrence == "2" else "Hoxha ")


def test_the_note_skeleton_skips_the_ids_of_withdrawn_notes(contribution, capsys) -> None:
    import json

    registry = contribution / "sources" / "notes.json"
    registry.write_text(json.dumps({"about": "", "notes": {"demo-a007": {
        "passage": "demo-p002", "digest": "0" * 16, "since": "0.1.0",
        "withdrawn": {"since": "0.1.0", "reason": "a test"}}}}), "utf-8")
    status, skeleton, _told = _skeleton(contribution, capsys, "demo-p001", "returned to Tirana")
    assert skeleton.startswith(":::{annotation} demo-a008\n")


@pytest.mark.parametrize(("arguments", "message"), [
    (["demo-p01", "Hoxha"], "edition note: unknown passage 'demo-p01'; did you mean "
                            "'demo-p001'? (the ¶ link of a passage shows its id)"),
    (["demo-p001", "returned to Tirane"], "edition note: the words «returned to Tirane» are not "
                                          "in passage 'demo-p001'; the nearest text in the "
                                          "passage is «returned to Tirana.»"),
    (["demo-p001", "Hoxha", "--occurrence", "3"], "edition note: the words «Hoxha» occur 2 "
                                                  "time(s) in passage 'demo-p001': --occurrence "
                                                  "is a number from 1 to 2"),
])
def test_the_note_skeleton_refuses_what_it_cannot_place(contribution, capsys, arguments,
                                                         message) -> None:
    status, skeleton, told = _skeleton(contribution, capsys, *arguments)
    assert (status, skeleton, told.strip()) == (EXIT_PROBLEMS, "", message)


def test_a_note_skeleton_on_the_real_edition_lints_and_builds_clean(
        real_edition, tmp_path, capsys) -> None:
    # "the" occurs many times in the passage, also inside other words: the prefix must say which
    status, skeleton, told = _skeleton(real_edition, capsys, "lala-2014-p019", "the",
                                       "--occurrence", "2", "--author", "A. Contributor")
    assert status == EXIT_CLEAN, told
    commentary = real_edition / "commentary" / "lala-2014.md"
    numbers = [int(n) for n in re.findall(r"lala-2014-a(\d+)", commentary.read_text("utf-8"))
               + re.findall(r"lala-2014-a(\d+)", (real_edition / "sources" / "notes.json")
                            .read_text("utf-8"))]
    assert skeleton.startswith(f":::{{annotation}} lala-2014-a{max(numbers) + 1:03d}\n")
    assert re.search(r"^:(prefix|suffix): \S", skeleton, re.MULTILINE)
    commentary.write_text(commentary.read_text("utf-8") + "\n" + skeleton, "utf-8")
    assert lint(real_edition).problems == []
    assert _build_warnings(real_edition, tmp_path / "html") == []
