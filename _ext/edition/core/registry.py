"""The registry of published passages: ``sources/passages.json``.

Every passage id, once published, is recorded with a fingerprint of its text (whitespace ignored).
Ids are frozen: the build warns when a recorded id disappears, and when a recorded passage's text
changes without a recorded reason. ``nox -s passages`` (``python -m edition.checks.registry``) records new
passages; with ``--reason`` it also records corrected ones, keeping each earlier fingerprint and the
reason in the passage's ``revisions``. It never removes an id.
"""

from __future__ import annotations

import collections
import datetime
import json
from pathlib import Path
from typing import Any

ABOUT = ("Published passage ids of the edition's sources, each with a fingerprint (sha256 of its "
         "text, whitespace removed). Ids are frozen: never remove or renumber one. Maintained by "
         "'nox -s passages'; a changed text needs --reason, kept in 'revisions'.")


class RegistryError(ValueError):
    """The registry file is malformed (the message says where and how)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    counts = collections.Counter(key for key, _ in pairs)
    duplicates = sorted(key for key, count in counts.items() if count > 1)
    if duplicates:
        raise RegistryError(f"duplicate passage ids in the registry: {', '.join(duplicates)}")
    return dict(pairs)


def load_registry(path: Path) -> dict[str, dict[str, Any]]:
    """Passage id → its record. A missing file is an empty registry (nothing published yet)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise RegistryError(f"{path.name}:{error.lineno}: not valid JSON ({error.msg})") from None
    passages = data.get("passages") if isinstance(data, dict) else None
    if not isinstance(passages, dict):
        raise RegistryError(f"{path.name}: expected an object with a 'passages' object")
    return passages


def update(registry: dict[str, dict[str, Any]], built: dict[str, dict[str, Any]],
           reason: str | None, version: str) -> tuple[list[str], list[str]]:
    """Record the built passages in ``registry`` (in place).

    Returns the changes made and the problems that stop the update (published ids missing from
    the build, changed texts without a reason).
    """
    changes: list[str] = []
    problems = [f"published passage '{pid}' is missing from the edition; ids are frozen: "
                f"restore its label" for pid in sorted(registry) if pid not in built]
    today = datetime.date.today().isoformat()
    for passage_id in sorted(built):
        passage = built[passage_id]
        entry = registry.get(passage_id)
        if entry is None:
            registry[passage_id] = {"fingerprint": passage["fingerprint"],
                                    "first_words": passage["first_words"], "since": version}
            changes.append(f"recorded new passage {passage_id}")
        elif entry["fingerprint"] != passage["fingerprint"]:
            if not reason:
                problems.append(f"the text of published passage '{passage_id}' changed; record "
                                f"why with --reason \"...\" (e.g. a corrected transcription)")
                continue
            entry.setdefault("revisions", []).append(
                {"fingerprint": entry["fingerprint"], "reason": reason, "date": today,
                 "version": version})
            entry["fingerprint"] = passage["fingerprint"]
            entry["first_words"] = passage["first_words"]
            changes.append(f"recorded revised passage {passage_id}: {reason}")
    return changes, problems


def save_registry(path: Path, registry: dict[str, dict[str, Any]]) -> None:
    data = {"about": ABOUT, "passages": dict(sorted(registry.items()))}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
