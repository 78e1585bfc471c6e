"""Words in another language than the page's (English): how they are marked, and the check that
catches a marking the build would drop.

Such words are a MyST span with the class ``language-<tag>`` (a BCP 47 tag), which docutils writes
as ``lang="<tag>"``: ``[Zëri i Popullit]{.language-sq}`` (docs/source-page-format.md §8). MyST
keeps only the classes and the id of a span, so ``[Zëri i Popullit]{lang=sq}``, the spelling
Pandoc and the MyST documentation suggest for attributes, would silently give a span without a
language: the build reports it where it is written.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

from .warnings_ import EditionWarning, warn

#: A span whose attributes give ``lang=`` (dropped by MyST); its words and the tag.
_LANG_ATTRIBUTE = re.compile(r"\[([^\]\n]*)\]\{[^}\n]*?\blang=[\"']?([A-Za-z0-9-]+)[\"']?[^}\n]*\}")


def language_of(node: Any) -> str:
    """The language a docutils node's words are marked with, as a BCP 47 tag: a ``language-sq``
    class on the node or its nearest marked ancestor, or ``""`` for the page's own language."""
    while node is not None:
        if hasattr(node, "get"):
            for cls in node.get("classes", []):
                if cls.startswith("language-"):
                    return cls.removeprefix("language-")
        node = node.parent
    return ""


def check_text(text: str, where: str) -> None:
    """Report every span of ``text`` (a page or a commentary file, at ``where``) marked with
    ``{lang=..}``, which MyST drops."""
    for match in _LANG_ATTRIBUTE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        words, tag = match.groups()
        warn(EditionWarning.LANGUAGE,
             f"'{match.group(0)}': MyST keeps no 'lang' attribute on a span, so these words "
             f"would have no language; write [{words}]{{.language-{tag}}}, which gives "
             f"lang=\"{tag}\"", f"{where}:{line}")


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a page's words marked with ``{lang=..}`` instead of ``{.language-..}``."""
    check_text(source[0], str(app.env.doc2path(docname)))
