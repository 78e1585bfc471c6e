"""The received text and its declared differences: omissions and normalisations.

What a source page must contain is the words of its received text, in order, except the lines a
declared omission leaves out and the markup a declared normalisation rewrites
(:func:`expected_words`); :func:`compare` tells where a reading text differs. The source pages
check their declarations with it while they are read, and :mod:`edition.checks.fidelity`
checks built pages with it."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence

_LINE_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")


def parse_line_range(value: str) -> tuple[int, int]:
    """``"38-110"`` → (38, 110); ``"7"`` → (7, 7). Raises ValueError with a readable reason."""
    match = _LINE_RANGE.match(value or "")
    if not match:
        raise ValueError(f"'{value}' is not a line range; write 'N' or 'N-M', e.g. '38-110'")
    first, last = int(match[1]), int(match[2] or match[1])
    if first < 1 or last < first:
        raise ValueError(f"'{value}' is not a line range: lines count from 1 and the range "
                         f"must not run backwards")
    return first, last


@dataclasses.dataclass(frozen=True)
class Omission:
    """A declared omission: whole lines of the original, or a pattern within them."""

    first: int
    last: int
    pattern: str | None = None
    count: int | None = None

    def as_data(self) -> dict[str, str]:
        data = {"original-lines": f"{self.first}-{self.last}"}
        if self.pattern is not None:
            data["pattern"] = self.pattern
        if self.count is not None:
            data["count"] = str(self.count)
        return data


@dataclasses.dataclass(frozen=True)
class Normalisation:
    """A declared normalisation: a substitution on lines of the original (markup only)."""

    pattern: str
    replace: str = ""
    first: int | None = None
    last: int | None = None
    count: int | None = None

    def as_data(self) -> dict[str, str]:
        data = {"pattern": self.pattern, "replace": self.replace}
        if self.first is not None:
            data["original-lines"] = f"{self.first}-{self.last}"
        if self.count is not None:
            data["count"] = str(self.count)
        return data


@dataclasses.dataclass(frozen=True)
class Word:
    text: str
    line: int  #: line of the original (0 for words of the reading text)


def expected_words(original: str, omissions: Sequence[Omission],
                   normalisations: Sequence[Normalisation]
                   ) -> tuple[list[Word], list[tuple[Declaration, str]]]:
    """The original's words after its declared omissions and normalisations.

    Returns the words, each with its line in the original, and the problems with the
    declarations themselves (a range beyond the file, a count that does not match, ...), each
    with the declaration it concerns.
    """
    lines = original.split("\n")
    problems: list[tuple[Declaration, str]] = []
    omitted_by: dict[int, int] = {}
    for index, omission in enumerate(omissions):
        label = f"omission of lines {omission.first}-{omission.last}"
        if omission.last > len(lines):
            problems.append((omission, f"{label}: the original has only {len(lines)} lines"))
            continue
        if omission.pattern is None:
            for number in range(omission.first, omission.last + 1):
                if number in omitted_by:
                    problems.append((omission, f"{label}: line {number} is already omitted "
                                                f"by another omission"))
                omitted_by[number] = index
                lines[number - 1] = ""
            continue
        matched = 0
        for number in range(omission.first, omission.last + 1):
            lines[number - 1], found = _subn(omission.pattern, "", lines[number - 1])
            matched += found
        problems.extend((omission, problem) for problem in
                        _count_problems(label, omission.pattern, matched, omission.count))

    for normalisation in normalisations:
        first = normalisation.first or 1
        last = normalisation.last or len(lines)
        label = f"normalisation '{normalisation.pattern}'"
        if last > len(lines):
            problems.append((normalisation, f"{label}: the original has only {len(lines)} lines"))
            continue
        matched = 0
        for number in range(first, last + 1):
            lines[number - 1], found = _subn(normalisation.pattern, normalisation.replace,
                                             lines[number - 1])
            matched += found
        problems.extend((normalisation, problem) for problem in
                        _count_problems(label, normalisation.pattern, matched,
                                        normalisation.count))

    words = [Word(word, number) for number, line in enumerate(lines, start=1)
             for word in line.split()]
    return words, problems


def _subn(pattern: str, replace: str, line: str) -> tuple[str, int]:
    return re.subn(pattern, replace, line)


def _count_problems(label: str, pattern: str, matched: int, expected: int | None) -> list[str]:
    if matched == 0:
        return [f"{label}: the pattern '{pattern}' matches nothing in the original; "
                f"remove the declaration or correct the pattern"]
    if expected is not None and matched != expected:
        return [f"{label}: the pattern matches {matched} times, the declaration says "
                f"{expected}; state the true count after checking every match is furniture"]
    return []


@dataclasses.dataclass(frozen=True)
class Difference:
    """A stretch where the reading text is not the original."""

    line: int  #: line of the original where it happens
    original: str  #: the original's words there ('' when the edition adds words)
    reading: str  #: the reading text's words there ('' when the edition drops words)
    context: str  #: a few words of the original before it

    def __str__(self) -> str:
        original, reading = _shorten(self.original), _shorten(self.reading)
        if not self.reading:
            what = f"missing from the reading text: «{original}»"
        elif not self.original:
            what = f"added in the reading text: «{reading}»"
        else:
            what = f"changed: the original has «{original}», the reading text «{reading}»"
        return f"original line {self.line}: {what} (after «…{self.context}»)"


def _shorten(words: str, most: int = 24) -> str:
    """At most ``most`` words of a long stretch, with how many were left out."""
    split = words.split()
    if len(split) <= most:
        return words
    half = most // 2
    return (f"{' '.join(split[:half])} … [{len(split) - most} more words] … "
            f"{' '.join(split[-half:])}")


def compare(expected: Sequence[Word], reading: Sequence[str]) -> list[Difference]:
    """Word-by-word differences between the original and the reading text.

    A difference that disappears when whitespace is removed (words run together or split) is a
    whitespace normalisation, which the transcription policy allows.
    """
    original_words = [word.text for word in expected]
    matcher = difflib.SequenceMatcher(None, original_words, list(reading), autojunk=False)
    differences = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        original_part = original_words[i1:i2]
        reading_part = list(reading[j1:j2])
        if "".join(original_part) == "".join(reading_part):
            continue
        if i1 < len(expected):
            line = expected[i1].line
        else:
            line = expected[-1].line if expected else 0
        context = " ".join(original_words[max(0, i1 - 6):i1])
        differences.append(Difference(line, " ".join(original_part), " ".join(reading_part),
                                      context))
    return differences


Declaration = Omission | Normalisation
