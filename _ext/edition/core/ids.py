"""The grammar of the edition's ids, once: source slugs, passage ids, note ids, data ids.

A passage id is ``<slug>-p<three digits>[one letter]`` (``lala-2014-p012``, ``lala-2014-p012a``
for a passage inserted later); its display number (¶ 12, ¶ 12a) follows from it. Notes and
data entries have ids of lower-case words joined by hyphens."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def passage_pattern(slug: str) -> re.Pattern[str]:
    """Passage ids of one source: ``<slug>-p<three digits>[one letter]``."""
    return re.compile(rf"^{re.escape(slug)}-p(?P<number>\d{{3}})(?P<suffix>[a-z]?)$")


def display_number(match: re.Match[str]) -> str:
    """``p012a`` → ``12a``: the number readers see and cite."""
    return f"{int(match['number'])}{match['suffix']}"


def next_free_id(slug: str, passages: list[str]) -> str:
    pattern = passage_pattern(slug)
    numbers = [int(m["number"]) for pid in passages if (m := pattern.match(pid))]
    return f"{slug}-p{max(numbers, default=0) + 1:03d}"


#: A passage id as a contributor may mistype it: fewer or more digits than three.
_LOOSE_PASSAGE_ID = re.compile(r"^(?P<slug>.+)-p(?P<number>\d+)(?P<suffix>[a-z]?)$")


def nearest_passage_id(wanted: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The passage id meant by the unknown ``wanted``: first the same number written with three
    digits (``lala-2014-p06`` → ``lala-2014-p006``, not ``lala-2014-p036``), then the id most
    alike in spelling (or ``None``)."""
    known = sorted(known)
    loose = _LOOSE_PASSAGE_ID.match(wanted)
    if loose:
        padded = f"{loose['slug']}-p{int(loose['number']):03d}{loose['suffix']}"
        if padded in known:
            return padded
    nearest = difflib.get_close_matches(wanted, known, n=1, cutoff=cutoff)
    return nearest[0] if nearest else None


SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


#: Ids of register entries and claims rows: stable, lowercase, URL-safe.
DATA_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


#: Any passage id of any source: ``<slug>-p<three digits>[letter]``.
PASSAGE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-p\d{3}[a-z]?$")


ANNOTATION_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def note_label(annotation_id: str) -> str:
    """``lala-2014-a003`` → ``a003``: the part of a note's id that names it among its source's
    notes, for good (its number on the page changes when a note is added before it)."""
    return annotation_id.rsplit("-", 1)[-1]
