"""The two text scans that run on every passage of every page, sped up, against what they were:
``plain_text_with_languages`` (the search text and the register's context; it read a word at a
time) and ``_words_before`` (the start of a mention's context; it was a regular-expression search
of the prefix). The reference models below are the former implementations, verbatim in effect."""

from __future__ import annotations

import re

from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.apparatus.register import _words_before
from edition.reader.search import plain_text_with_languages

#: white space of every kind ``str.isspace`` knows, and some words
TEXT = st.text(alphabet=st.sampled_from(list("ab é\t\n\u00a0\u2009\u3000\x1c.«»")), max_size=40)


def _words_before_reference(prefix: str, words: int) -> int:
    # \Z, not $: the texts are the search text (white space made single spaces), where the two
    # agree; $ would also match before a final line break
    return re.search(rf"(?:\S+\s+){{0,{words}}}\S*\Z", prefix).start()


@settings(max_examples=2000, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=6))
def test_words_before_is_the_leftmost_match_of_its_pattern(prefix, words):
    assert _words_before(prefix, words) == _words_before_reference(prefix, words)


def _reference(pieces_of: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The former ``add``: a word at a time, over the texts in order with their languages."""
    pieces: list[str] = []
    runs: list[tuple[int, int, str]] = []
    length, after_space = 0, True
    for text, language in pieces_of:
        for match in re.finditer(r"\s+|\S+", text):
            word = match.group()
            if word[0].isspace():
                if pieces and not after_space:
                    pieces.append(" ")
                    length += 1
                    after_space = True
                continue
            if language:
                if runs and runs[-1][2] == language and runs[-1][1] >= length - 1:
                    runs[-1] = (runs[-1][0], length + len(word), language)
                else:
                    runs.append((length, length + len(word), language))
            pieces.append(word)
            length += len(word)
            after_space = False
    if pieces and pieces[-1] == " ":
        pieces.pop()
    return "".join(pieces), runs


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(TEXT, st.sampled_from(["", "sq", "ru"])), max_size=6))
def test_plain_text_with_languages_reads_as_it_did_word_by_word(texts):
    paragraph = nodes.paragraph()
    for text, language in texts:
        paragraph += nodes.inline(text, text, classes=[f"language-{language}"] if language else [])
    # the paragraph's end adds a space, which the end of the text drops
    assert plain_text_with_languages(paragraph) == _reference(texts + [(" ", "")])
