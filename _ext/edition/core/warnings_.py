"""The edition's warning kinds, defined in one place.

Every warning the edition emits has a location (``file:line``), the type ``edition`` and one of the
subtypes below, so a user can silence one kind by name (``suppress_warnings = ["edition.xxx"]``)
and a strict build (``-W``) fails on any of them.
"""

from __future__ import annotations

import enum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("edition")


class EditionWarning(enum.Enum):
    """Kinds of problem the edition reports; the value is the ``suppress_warnings`` subtype."""

    FRONT_MATTER = "front_matter"  #: a source page's metadata is missing or malformed
    ORIGINAL = "original"  #: the received text is missing or its sha256 does not match
    PASSAGE_ID = "passage_id"  #: a passage label is malformed, misplaced or duplicated
    PASSAGE_MISSING = "passage_missing"  #: a block of reading text has no passage id
    REGISTRY = "registry"  #: a published passage vanished or changed without a declared reason
    DIRECTIVE = "directive"  #: an editorial directive (omission, normalisation, ...) is malformed
    ANNOTATION = "annotation"  #: a note cannot be attached (bad passage, quote, type, ...)
    REGISTER = "register"  #: a register entry is malformed, or two entries claim one form
    COLLATION = "collation"  #: a claims row or timeline event is malformed or points nowhere
    CITATION = "citation"  #: a source's in-text citation is unmapped or an unexplained mismatch
    BIBLIOGRAPHY = "bibliography"  #: references.bib is malformed or has clashing keys
    REVIEW = "review"  #: a review log misses a passage or names what does not exist
    LANGUAGE = "language"  #: words marked with a language in a way the build would drop
    EXPORT = "export"  #: an export cannot be written or placed as configured


def warn(kind: EditionWarning, message: str, location: Any) -> None:
    """Emit a located warning of the given kind.

    ``location`` is a node, a ``(docname, line)`` pair or a ``(path, line)`` pair, as Sphinx accepts.
    """
    logger.warning(message, location=location, type="edition", subtype=kind.value)
