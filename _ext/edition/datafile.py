"""The apparatus data files (register, claims, timeline, citation mapping): YAML read with lines.

Every mapping read from a data file remembers the line it starts on and the line of each of its
keys, so that a problem can be reported as ``apparatus/register.yaml:120``. A file that cannot be
parsed gives one located problem and no data, never a traceback.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

#: Ids of register entries and claims rows: stable, lowercase, URL-safe.
DATA_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class Record(dict):
    """A mapping read from a data file, with ``line`` (where it starts) and ``lines`` (per key)."""

    line: int = 0
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _LineRecords:
    """A loader's mixin: every mapping becomes a :class:`Record` with its lines."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Record:
        record = Record(super().construct_mapping(node, deep=True))  # type: ignore[misc]
        record.line = node.start_mark.line + 1
        record.lines = {key.value: key.start_mark.line + 1 for key, _ in node.value
                        if isinstance(key, yaml.ScalarNode)}
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


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML document (with the line of every node), for checks that need
    lines; raises the Python parser's ``yaml.YAMLError`` on a syntax error."""
    try:
        return yaml.compose(text, Loader=_FAST_SAFE_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


@dataclasses.dataclass(frozen=True)
class Problem:
    """A located problem in a data file."""

    path: str
    line: int
    message: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"


def read(path: Path) -> tuple[Any, list[Problem]]:
    """Parse a data file; on a syntax error, return ``None`` and the problem at its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return None, [Problem(str(path), 1, f"cannot read the data file: {error.strerror}")]
    try:
        return yaml.load(text, Loader=_FastLineLoader), []
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_LineLoader), []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(str(path), line, f"not valid YAML: {reason}; check the indentation "
                                               "and quote values that contain ': ' or '#'")]


def read_list(path: Path, what: str) -> tuple[list[Record], list[Problem]]:
    """A data file that is a list of mappings (one per entry)."""
    data, problems = read(path)
    if problems:
        return [], problems
    if data is None:
        return [], []
    if not isinstance(data, list) or not all(isinstance(item, Record) for item in data):
        return [], [Problem(str(path), 1, f"the file must be a YAML list of {what}, each a "
                                          "mapping starting with '- id: ...'")]
    return data, []


def digest(value: Any) -> str:
    """A stable digest of an entry's content, to tell which entries changed between builds."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
