"""The apparatus data files (register, claims, timeline, citation mapping): YAML read with lines.

Every mapping read from a data file remembers the line it starts on and the line of each of its
keys, so that a problem can be reported as ``apparatus/register.yaml:120``. A file that cannot be
parsed gives one located problem and no data, never a traceback.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml


class Record(dict):
    """A mapping read from a data file, with ``line`` (where it starts) and ``lines`` (per key)."""

    line: int = 0
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class DataError(yaml.YAMLError):
    """A YAML document the edition refuses, though YAML allows it (a duplicate key, a key that
    is not a string, an alias), at a line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message
        # as PyYAML's own errors have them, for callers that read those
        self.problem, self.problem_mark = message, yaml.Mark("", 0, line - 1, 0, None, None)


def key_lines(node: yaml.MappingNode) -> dict[str, int]:
    """The line of each key of a mapping node; :class:`DataError` at a key given twice or a key
    that is not a string."""
    seen: dict[str, int] = {}
    for key, _ in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode):
            raise DataError(line, "a key must be a plain name, not a list or a mapping")
        if key.value in seen:
            raise DataError(line, f"the key '{key.value}' is given twice in one mapping (first "
                                  f"at line {seen[key.value]}); YAML would keep only the last: "
                                  "keep one")
        seen[key.value] = line
    return seen


class _LineRecords:
    """A loader's mixin: every mapping becomes a :class:`Record` with its lines; a key given twice
    and a key that is not a string are refused (YAML would keep the last silently, or fail with a
    traceback on a key that is a list)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Record:
        seen = key_lines(node)
        record = Record(super().construct_mapping(node, deep=True))  # type: ignore[misc]
        record.line = node.start_mark.line + 1
        record.lines = dict(seen)
        return record


class _LineLoader(_LineRecords, yaml.SafeLoader):
    pass


# Dates stay strings: a YAML 1.1 parser would turn 1961-12-03 into a date and 1961 into an int.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)


#: libyaml's parser, where PyYAML has it (its wheels do): the same documents, about ten times
#: faster. A document it rejects is parsed again by the Python parser, whose messages say more.
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLineLoader(_LineRecords, _FAST_SAFE_LOADER):
    yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers


_FastLineLoader.add_constructor("tag:yaml.org,2002:map", _FastLineLoader.construct_mapping)


#: The largest data file read (bytes): the edition's register is about 60 KB.
MAX_DATA_BYTES = 5_000_000


#: The largest commentary file read (bytes): 5,000 notes of the edition's length are about 3 MB.
MAX_COMMENTARY_BYTES = 10_000_000


def refuse_aliases(text: str) -> None:
    """Raise :class:`DataError` at the first anchor (``&name``) or alias (``*name``) of a YAML
    document: an alias repeats a part of the document, and a few nested ones (a "billion
    laughs") make a document of a few lines take minutes and gigabytes to load. The scan reads
    the parser's events, which never expand an alias."""
    loader = _FAST_SAFE_LOADER(text)
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor is not None:
                raise DataError(event.start_mark.line + 1,
                                f"YAML anchors and aliases ('&{anchor}', '*{anchor}') are not "
                                "allowed: write each value out in full")
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML document (with the line of every node), for checks that need
    lines; raises the Python parser's ``yaml.YAMLError`` on a syntax error, and
    :class:`DataError` on an anchor, an alias, a duplicate key or a key that is not a string."""
    refuse_aliases(text)
    try:
        root = yaml.compose(text, Loader=_FAST_SAFE_LOADER)
    except yaml.YAMLError:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    for node in _mappings(root):
        key_lines(node)
    return root


def _mappings(node: yaml.Node | None) -> Iterator[yaml.MappingNode]:
    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            yield node
            stack.extend(value for pair in node.value for value in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def unreadable(path: str, line: int, message: str) -> list[Problem]:
    """The one problem of a file that could not be read at all (see ``Problem.whole_file``)."""
    return [Problem(path, line, message, whole_file=True)]


def exists(path: Path) -> bool:
    """Whether a data file is there to read (a symbolic link is, and is refused when read)."""
    return path.is_file() or path.is_symlink()


def read_text(path: Path, shown: str, limit: int) -> tuple[str | None, list[Problem]]:
    """The text of a contributed file, or ``None`` and the problem: a file that is a symbolic
    link (it could point anywhere on the build machine), larger than ``limit`` bytes, not
    UTF-8 (at the line of the first bad byte), or that starts with a byte-order mark."""
    if path.is_symlink():
        return None, unreadable(shown, 1, f"{shown} is a symbolic link (to {os.readlink(path)}): "
                                          "a contributed file must be a plain file in the "
                                          "repository; replace the link by the file itself")
    try:
        size = path.stat().st_size
        if size > limit:
            return None, unreadable(shown, 1, f"{shown} is {size:,} bytes, more than the "
                                              f"{limit:,} the edition reads; split it or shorten "
                                              "it")
        data = path.read_bytes()
    except OSError as error:
        return None, unreadable(shown, 1, f"cannot read the file: {error.strerror}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, unreadable(shown, line, f"the file is not UTF-8: byte "
                                             f"0x{data[error.start]:02x} at line {line} cannot "
                                             "be read; save the file as UTF-8")
    if text.startswith("\ufeff"):
        return None, unreadable(shown, 1, "the file starts with a byte-order mark (U+FEFF): save "
                                          "it as UTF-8 without BOM")
    return text, []


@dataclasses.dataclass(frozen=True)
class Problem:
    """A located problem in a data file."""

    path: str
    line: int
    message: str
    #: the file could not be read at all (it is not YAML, or not a list of entries): what
    #: refers to its entries is not checked, since the one message here says what to mend
    whole_file: bool = dataclasses.field(default=False, compare=False)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


#: A line of a block: its indentation, its list items' dashes, and its key (if any).
_BLOCK_LINE = re.compile(r"(?P<indent> *)(?P<dashes>(?:-(?: +|$))*)"
                         r"(?:(?P<key>\"[^\"]*\"|'[^']*'|[^\s#'\"\[\]{}|>:-][^#:]*?) *:(?: |$))?")


#: How much of a line is read for its indentation and key (a key stands at its start; a
#: contributed file's lines may be as long as it likes).
_KEY_SPAN = 200


def syntax_error(text: str, error: yaml.YAMLError) -> tuple[int, str]:
    """The line of a YAML syntax error and what is wrong there, in words. An indentation slip
    (the usual cause: PyYAML says "expected <block end>" or "mapping values are not allowed
    here") is told as the indentation of the line against the line it should line up with."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 1
    rows = text.splitlines()
    row = rows[line - 1] if 0 < line <= len(rows) else ""
    if row[:len(row) - len(row.lstrip(" \t"))].count("\t"):
        return line, ("not valid YAML: the line is indented with a tab; YAML indents with spaces "
                      "only: replace the tab by spaces")
    slip = _indentation_slip(rows[:line - 1], row)
    if slip:
        return line, f"not valid YAML: {slip}"
    reason = getattr(error, "problem", None) or str(error)
    return line, (f"not valid YAML: {reason}; check the indentation and quote values that "
                  "contain ': ' or '#'")


def _indentation_slip(above: list[str], row: str) -> str | None:
    """What is wrong with ``row``'s indentation, if that is what is wrong: a list item's dash,
    or a key, that does not line up with the nearest dash or key above it at the nearest
    indentation (within the mapping or list it belongs to: lines inside a block of text, ``>-``
    or ``|``, do not count)."""
    match = _BLOCK_LINE.match(row[:_KEY_SPAN])
    if match is None or not (match["dashes"] or match["key"]):
        return None
    dash = bool(match["dashes"])
    column = len(match["indent"]) if dash else match.start("key")
    columns: list[tuple[int, int]] = []  # (column, line) of each dash (or key) above
    text_block = -1  # the key column of a block of text that is open, or -1
    for number, above_row in enumerate(above, 1):
        stripped = above_row.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(above_row) - len(above_row.lstrip(" "))
        if text_block >= 0 and indent > text_block:
            continue
        text_block = -1
        found = _BLOCK_LINE.match(above_row[:_KEY_SPAN])
        if found is None or not (found["dashes"] or found["key"]):
            continue
        if dash and found["dashes"]:
            columns.append((len(found["indent"]), number))
        if not dash and found["key"]:
            columns.append((found.start("key"), number))
        if found["key"] and re.match(r"\s*[>|][-+0-9]*\s*(#.*)?$", above_row[found.end():]):
            text_block = found.start("key")
    if not columns:
        return None
    right, at = min(reversed(columns), key=lambda item: abs(item[0] - column))
    if right == column:
        return None
    spaces = f"{column} space" + ("" if column == 1 else "s")
    if dash:
        return (f"this '- ' is indented by {spaces}, but the one on line {at} by {right}; the "
                f"items of one list line up: indent it by {right} spaces, like line {at}")
    key, other = match["key"], _BLOCK_LINE.match(above[at - 1][:_KEY_SPAN])["key"]
    return (f"'{key}:' is indented by {spaces}, but '{other}:' on line {at} by {right}; the "
            f"keys of one mapping line up: indent '{key}:' by {right} spaces, like '{other}:'")


def read(path: Path, shown: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse a data file; on a syntax error, return ``None`` and the problem at its line."""
    shown = shown or str(path)
    text, problems = read_text(path, shown, MAX_DATA_BYTES)
    if text is None:
        return None, problems
    try:
        refuse_aliases(text)
        return yaml.load(text, Loader=_FastLineLoader), []
    except DataError as error:
        return None, unreadable(shown, error.line, error.message)
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_LineLoader), []
    except DataError as error:
        return None, unreadable(shown, error.line, error.message)
    except yaml.YAMLError as error:
        line, message = syntax_error(text, error)
        return None, unreadable(shown, line, message)


def read_list(path: Path, what: str, shown: str | None = None) -> tuple[list[Record],
                                                                        list[Problem]]:
    """A data file that is a list of mappings (one per entry)."""
    shown = shown or str(path)
    data, problems = read(path, shown)
    if problems:
        return [], problems
    if data is None:
        return [], unreadable(shown, 1, f"the file is empty: it must be a YAML list of {what}; "
                                        "for none, write '[]'")
    if not isinstance(data, list):
        return [], unreadable(shown, 1, f"the file must be a YAML list of {what}, each a "
                                        "mapping starting with '- id: ...'")
    for item in data:
        if not isinstance(item, Record):
            line = next((i.line for i in data if isinstance(i, Record)), 1)
            return [], unreadable(shown, line, f"the file must be a YAML list of {what}, each a "
                                               "mapping starting with '- id: ...'; an item is "
                                               f"a {type(item).__name__}")
    return data, []


@dataclasses.dataclass(frozen=True)
class Misplaced:
    """An entry out of the order its file keeps (by date, by id), and where it belongs."""

    key: str
    line: int
    against: tuple[str, int]  #: the entry in order beside it that it contradicts (key, line)
    against_precedes: bool  #: that entry comes before it (and is later), or after (and earlier)
    earlier: tuple[str, int] | None  #: it belongs after this entry in order (None: first)
    later: tuple[str, int] | None  #: and before this one (None: last)

    def place(self, noun: str) -> str:
        """Where it belongs, in words: ``between 'a' (line 1) and 'c' (line 9)``."""
        if self.earlier and self.later:
            return (f"between '{self.earlier[0]}' (line {self.earlier[1]}) and "
                    f"'{self.later[0]}' (line {self.later[1]})")
        if self.later:
            return f"before '{self.later[0]}' (line {self.later[1]}), the first {noun}"
        return f"after '{self.earlier[0]}' (line {self.earlier[1]}), the last {noun}"


def misplaced(items: list[tuple[str, int]]) -> list[Misplaced]:
    """The entries out of order among ``items`` (each ``(key, line)``, in the file's order):
    those outside the longest run already in order (equal keys allowed), which are the fewest
    to move; of several such runs, the one that keeps the earliest entries (so that of two
    entries swapped, the second is blamed)."""
    keys = [key for key, _ in items]
    run = _longest_ordered_run(keys)  # indices, whose keys are in order
    run_keys = [keys[i] for i in run]
    found = []
    for index in sorted(set(range(len(items))) - set(run)):
        key, line = items[index]
        k = bisect.bisect_left(run, index)  # run[k - 1] precedes it, run[k] follows it
        # out of the run: earlier than the run's entry before it, or later than the one after
        precedes = bool(k) and key < run_keys[k - 1]
        against = items[run[k - 1]] if precedes else items[run[k]]
        place = bisect.bisect_right(run_keys, key)  # between run[place - 1] and run[place]
        found.append(Misplaced(key, line, against, precedes,
                               items[run[place - 1]] if place else None,
                               items[run[place]] if place < len(run) else None))
    return found


def _longest_ordered_run(keys: list[str]) -> list[int]:
    """The indices of the longest subsequence of ``keys`` in order, the earliest of several;
    O(n log n): the longest run that starts at each index, found from the end."""
    rank = {key: n for n, key in enumerate(sorted(set(keys)))}
    starting: list[int] = [0] * len(keys)  # the longest ordered run that starts at i
    tails: list[int] = []  # tails[k]: the least -rank that ends a run of length k + 1 (reversed)
    for i in range(len(keys) - 1, -1, -1):
        key = -rank[keys[i]]
        k = bisect.bisect_right(tails, key)
        if k == len(tails):
            tails.append(key)
        else:
            tails[k] = key
        starting[i] = k + 1
    run: list[int] = []
    need, last = len(tails), None
    for i, key in enumerate(keys):
        if need and starting[i] == need and (last is None or key >= last):
            run.append(i)
            need, last = need - 1, key
    return run


def digest(value: Any) -> str:
    """A stable digest of an entry's content, to tell which entries changed between builds."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def check_fields(record: Record, fields: dict[str, str] | tuple[str, ...], what: str,
                 problem: Any) -> None:
    """Report each field of ``record`` that is not one of ``fields``, with the nearest one."""
    for key in record:
        if key not in fields:
            nearest = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f"did you mean '{nearest[0]}'? " if nearest else ""
            problem(record.line_of(key), f"unknown field '{key}' in {what}; {hint}fields are: "
                    f"{', '.join(fields)}")
