"""The fidelity check: every word of each original is in its reading text, in order.

The check itself is tested on the real edition's built pages, mutated: a dropped, added or
changed word must be caught, with the line of the original, and whitespace alone must not be.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from edition.checks.fidelity import check_html
from edition.core.witness import (
    Normalisation,
    Omission,
    Word,
    compare,
    expected_words,
    parse_line_range,
)

ORIGINALS = ROOT / "sources" / "originals"


def test_every_source_page_reproduces_its_original(edition) -> None:
    assert len(edition.source_docnames) == 5
    for docname in edition.source_docnames:
        page, problems = check_html(edition.html(docname), ORIGINALS)
        assert page is not None, f"{docname}: no metadata block"
        assert problems == [], f"{docname}:\n" + "\n".join(problems)


def _first_passage_word(html: str) -> tuple[str, str]:
    """A word of the reading text near the start of a page, and the HTML text that ends with it
    (a text segment between tags: links and marks around other words do not matter)."""
    start = html.index('class="edition-pnum"')
    match = re.compile(r">([^<>]*?\s([a-z]{6,}))(?= )").search(html, start)
    assert match, "no passage found"
    return match[2], match[0]


@pytest.mark.parametrize("docname", ["sources/lala-2014", "sources/wiki-split"])
def test_a_dropped_word_is_caught(edition, docname) -> None:
    html = edition.html(docname)
    word, context = _first_passage_word(html)
    page, problems = check_html(html.replace(context, context[: -len(word)], 1), ORIGINALS)
    assert any(f"missing from the reading text: «{word}»" in p for p in problems), problems


@pytest.mark.parametrize("docname", ["sources/lala-2014", "sources/wiki-split"])
def test_an_added_word_is_caught(edition, docname) -> None:
    html = edition.html(docname)
    word, context = _first_passage_word(html)
    _, problems = check_html(html.replace(context, context + " indeed", 1), ORIGINALS)
    assert any("added in the reading text: «indeed»" in p for p in problems), problems


@pytest.mark.parametrize("docname", ["sources/lala-2014", "sources/wiki-split"])
def test_a_changed_word_is_caught(edition, docname) -> None:
    html = edition.html(docname)
    word, context = _first_passage_word(html)
    changed = context[: -len(word)] + word.upper()
    _, problems = check_html(html.replace(context, changed, 1), ORIGINALS)
    assert any(f"changed: the original has «{word}», the reading text «{word.upper()}»" in p
               for p in problems), problems


def test_a_changed_punctuation_mark_is_caught(edition) -> None:
    html = edition.html("sources/lala-2014")
    # a comma between two plain words of the reading text becomes a semicolon
    match = re.compile(r"(?<= )([a-z]{4,}),(?= [a-z]{4,} )").search(
        html, html.index('class="edition-pnum"'))
    assert match, "no comma found"
    changed = html[:match.start()] + match[1] + ";" + html[match.end():]
    _, problems = check_html(changed, ORIGINALS)
    assert any(f"«{match[1]},»" in p and f"«{match[1]};»" in p for p in problems), problems


def test_undeclaring_an_omission_is_caught(edition) -> None:
    html = edition.html("sources/wiki-expulsion")
    stripped = re.sub(r'data-original-lines="[^"]*"', 'data-original-lines="1"', html, count=1)
    assert stripped != html
    _, problems = check_html(stripped, ORIGINALS)
    assert any("original line" in p and "missing from the reading text" in p
               for p in problems), problems


def test_whitespace_alone_is_not_a_difference() -> None:
    expected = [Word("TypeExpulsion", 11), Word("by", 11), Word("force", 11)]
    assert compare(expected, ["Type", "Expulsion", "by", "force"]) == []
    assert compare(expected, ["Type", "Expulsion", "by", "forces"]) != []


def test_declarations_remove_and_normalise_only_what_they_say() -> None:
    original = "Title\nLast updated\n== Background ==\n  • item one\nText.\n"
    words, problems = expected_words(
        original, [Omission(2, 2)],
        [Normalisation(r"^=+ (.*?) =+$", r"\1", count=1), Normalisation(r"^\s*•", count=1)])
    assert problems == []
    assert [w.text for w in words] == ["Title", "Background", "item", "one", "Text."]
    assert [w.line for w in words] == [1, 3, 4, 4, 5]


def test_a_declaration_that_matches_nothing_or_too_much_is_reported() -> None:
    _, problems = expected_words("a\nb\n", [Omission(1, 1, pattern="zzz", count=1)],
                                 [Normalisation("b", count=2)])
    messages = [message for _, message in problems]
    assert messages == [
        "omission of lines 1-1: the pattern 'zzz' matches nothing in the original; remove the "
        "declaration or correct the pattern",
        "normalisation 'b': the pattern matches 1 times, the declaration says 2; state the true "
        "count after checking every match is furniture",
    ]


@pytest.mark.parametrize("value, expected", [("7", (7, 7)), ("38-110", (38, 110)),
                                             ("38–110", (38, 110))])
def test_line_ranges(value, expected) -> None:
    assert parse_line_range(value) == expected


@pytest.mark.parametrize("value", ["", "a-b", "0", "9-3", "1,2"])
def test_malformed_line_ranges_are_refused(value) -> None:
    with pytest.raises(ValueError, match="line range"):
        parse_line_range(value)


def test_a_word_dropped_in_the_page_source_is_caught_end_to_end(make_app, make_project):
    srcdir = make_project("source", "fidelity-dropped-word", name="dropped")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    html = (app.outdir / "sources/demo.html").read_text(encoding="utf-8")
    _, problems = check_html(html, srcdir / "sources" / "originals")
    assert problems == ["original line 8: missing from the reading text: «second» "
                        "(after «…\"quote\" and -- dashes. Section A»)"]
