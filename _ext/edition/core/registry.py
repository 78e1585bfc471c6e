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


# The registry of published notes -------------------------------------------------------------

NOTES_ABOUT = ("Published note ids of the edition, each with its passage, a digest of its body "
               "(sha256 of its text, first 16 hex digits) and the version it was published in. "
               "Ids are permanent: a note is never removed from here; a withdrawn note keeps its "
               "entry with 'withdrawn' (version, reason) and leaves a notice at its place. "
               "Maintained by 'nox -s passages' (--withdraw ID --reason \"...\").")


def load_note_registry(path: Path) -> dict[str, dict[str, Any]]:
    """Note id → its record. A missing file is an empty registry (nothing published yet)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise RegistryError(f"{path.name}:{error.lineno}: not valid JSON ({error.msg})") from None
    notes = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(notes, dict) or not all(
            isinstance(entry, dict) and isinstance(entry.get("passage"), str)
            for entry in notes.values()):
        raise RegistryError(f"{path.name}: expected an object with a 'notes' object, each note "
                            f"with its 'passage'")
    return notes


def update_notes(registry: dict[str, dict[str, Any]], built: dict[str, dict[str, Any]],
                 version: str, withdraw: dict[str, str] | None = None
                 ) -> tuple[list[str], list[str]]:
    """Record the built notes in ``registry`` (in place), and the withdrawals asked for
    (note id → reason). Returns the changes made and the problems that stop the update: a
    published note missing from the build without a withdrawal, a withdrawn note still there."""
    changes: list[str] = []
    problems: list[str] = []
    for note_id, reason in sorted((withdraw or {}).items()):
        entry = registry.get(note_id)
        if entry is None:
            problems.append(f"note '{note_id}' was never published: only a published note is "
                            f"withdrawn (an unpublished one is simply deleted)")
        elif note_id in built:
            problems.append(f"note '{note_id}' is still in its commentary file: delete it there, "
                            f"then withdraw it")
        elif not reason:
            problems.append(f"withdrawing note '{note_id}' needs --reason \"...\"")
        else:
            entry["withdrawn"] = {"version": version, "reason": reason}
            changes.append(f"withdrew note {note_id}: {reason}")
    for note_id, entry in sorted(registry.items()):
        if note_id not in built and "withdrawn" not in entry:
            problems.append(f"published note '{note_id}' is missing from the edition; restore it, "
                            f"or withdraw it with --withdraw {note_id} --reason \"...\"")
        elif note_id in built and "withdrawn" in entry:
            problems.append(f"note '{note_id}' was withdrawn in {entry['withdrawn']['version']}; "
                            f"its id cannot be used again: give the note a new id")
    if problems:
        return changes, problems
    for note_id, note in sorted(built.items()):
        entry = registry.get(note_id)
        record = {"passage": note["passage"], "digest": note["text_digest"]}
        if entry is None:
            registry[note_id] = {**record, "since": version}
            changes.append(f"recorded new note {note_id}")
        elif {key: entry.get(key) for key in record} != record:
            entry.update(record)
            changes.append(f"recorded revised note {note_id}")
    return changes, problems


def save_note_registry(path: Path, registry: dict[str, dict[str, Any]]) -> None:
    data = {"about": NOTES_ABOUT, "notes": dict(sorted(registry.items()))}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
