"""A source's reading text as plain UTF-8 text (``sources/<slug>.txt``), passage by passage.

The file's rules, stated in its first lines:

- a line beginning with ``%`` is the editors' (the header, a declared omission);
- a passage follows a line ``[<passage id>] ¶ <number>``; its text is the passage's reading text
  (:func:`edition.core.text.passage_text`: without numbers, notes or supplied words), with a table
  row's cells separated by a tab and a block's paragraphs by a line break;
- a heading of the source stands on a line of its own after ``#`` marks of its level; words the
  editors supply in a heading are in angle brackets ``⟨ ⟩`` (the Leiden convention).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes

from ..core.nodes import editorial_note, supplied
from ..core.text import EDITORIAL_CLASSES, EDITORIAL_NODES, passage_text

_SPACE = re.compile(r"\s+")

#: Around words the editors supply (in a heading).
SUPPLIED = ("⟨", "⟩")


def _words(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _title(node: nodes.Element) -> str:
    parts: list[str] = []

    def walk(current: nodes.Node) -> None:
        if isinstance(current, supplied):
            parts.append(f"{SUPPLIED[0]}{_words(current.astext())}{SUPPLIED[1]}")
        elif isinstance(current, nodes.Text):
            parts.append(current.astext())
        elif isinstance(current, EDITORIAL_NODES):
            return
        elif isinstance(current, nodes.Element):
            for child in current.children:
                walk(child)

    walk(node)
    return _words("".join(parts))


def _text(node: nodes.Element) -> str:
    """A block's reading text (:func:`~edition.core.text.passage_text`, whose words are apart
    only where blocks are), less the editors' inline matter marked by class (the links from a
    reference list's entries to the bibliography)."""
    if any(set(e.get("classes", [])) & EDITORIAL_CLASSES for e in node.findall(nodes.Element)):
        node = node.deepcopy()
        for element in list(node.findall(nodes.Element)):
            if set(element.get("classes", [])) & EDITORIAL_CLASSES and element.parent:
                element.parent.remove(element)
    return passage_text(node)[0].strip()


def _passage_text(node: nodes.Element) -> str:
    if isinstance(node, nodes.row):
        return "\t".join(_text(entry) for entry in node.children)
    if isinstance(node, nodes.block_quote):
        blocks = [_text(child) for child in node.children
                  if isinstance(child, nodes.Element)
                  and not set(child.get("classes", [])) & EDITORIAL_CLASSES]
        return "\n".join(block for block in blocks if block)
    return _text(node)


def source_text(doctree: nodes.document, passages: dict[str, dict[str, Any]],
                header: list[str]) -> str:
    """The plain text of a source page's resolved doctree; ``header`` the editors' lines that
    open it (without their ``%``)."""
    lines = [f"% {line}" if line else "%" for line in header]
    lines += ["% Lines beginning with % are the editors'. Each passage follows a line "
              "\"[<passage id>] ¶ <number>\"; a heading of the source follows # marks of its "
              "level; words the editors supply in a heading are in ⟨ ⟩.", ""]
    done: set[int] = set()
    for node in doctree.findall(nodes.Element):
        if any(id(ancestor) in done for ancestor in _ancestors(node)):
            continue
        if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            level = sum(1 for a in _ancestors(node) if isinstance(a, nodes.section))
            lines += [f"{'#' * level} {_title(node)}", ""]
        elif isinstance(node, editorial_note) and node["kind"] == "omission":
            lines += [f"% omitted: {_words(node.astext())}", ""]
            done.add(id(node))
        else:
            passage_id = next((i for i in node.get("ids", []) if i in passages), None) or next(
                (i for i in node.get("names", []) if i in passages), None)
            if passage_id is None or isinstance(node, nodes.target):
                continue
            if isinstance(node, nodes.paragraph) and isinstance(node.parent, nodes.entry):
                continue  # a table row's first cell: the row is the passage
            lines += [f"[{passage_id}] ¶ {passages[passage_id]['number']}",
                      _passage_text(node), ""]
            done.add(id(node))
    return "\n".join(lines).rstrip("\n") + "\n"


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found
