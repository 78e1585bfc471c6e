"""``python -m edition.checks.registry``: record new passages in ``sources/passages.json`` and
new notes in ``sources/notes.json``.

Builds the edition, reads every passage id and fingerprint and every note id, passage and digest
of the built pages, and adds the new ones to the registries (``nox -s passages``); a changed
published passage needs ``--reason``, and a published note deleted from its commentary file
``--withdraw ID --reason "..."`` (its id then stays, with a notice at its place)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.registry import (
    RegistryError,
    load_note_registry,
    load_registry,
    save_note_registry,
    save_registry,
    update,
    update_notes,
)
from .build import build_project


def main(argv: Sequence[str] | None = None) -> int:
    """Build the edition and record its passages in the registry."""
    import argparse
    import tempfile

    from sphinx.util import console

    parser = argparse.ArgumentParser(prog="python -m edition.checks.registry", description=main.__doc__)
    parser.add_argument("--reason", help="why published passages changed (a corrected "
                                         "transcription, ...); recorded with each revision")
    parser.add_argument("--withdraw", action="append", default=[], metavar="NOTE_ID",
                        help="a published note deleted from its commentary file: record its "
                             "withdrawal (with --reason), in this version")
    parser.add_argument("--project", default=".", help="the edition's folder (default: here)")
    args = parser.parse_args(argv)
    project = Path(args.project).resolve()
    console.nocolor()
    with tempfile.TemporaryDirectory() as outdir:
        result = build_project(project, Path(outdir), "dummy")
    path = project / result.config["edition_passage_registry"]
    notes_path = project / result.config["edition_note_registry"]
    try:
        registry = load_registry(path)
        notes = load_note_registry(notes_path)
    except RegistryError as error:
        print(f"error: {error}")
        return 1
    version = result.config["version"]
    changes, problems = update(registry, result.passages,
                               None if args.withdraw else args.reason, version)
    note_changes, note_problems = update_notes(
        notes, result.notes, version, {note_id: args.reason or "" for note_id in args.withdraw})
    changes += note_changes
    problems += note_problems
    for problem in problems:
        print(f"error: {problem}")
    if problems:
        print(f"{path.name} and {notes_path.name} not changed.")
        return 1
    for change in changes[:10]:
        print(change)
    if len(changes) > 10:
        print(f"... and {len(changes) - 10} more")
    save_registry(path, registry)
    save_note_registry(notes_path, notes)
    print(f"{path.name}: {len(registry)} passages; {notes_path.name}: {len(notes)} notes "
          f"({len(changes)} changes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
