"""``python -m edition.checks.registry``: record new passages in ``sources/passages.json``.

Builds the edition, reads every passage id and fingerprint of the built pages, and adds the new
ones to the registry (``nox -s passages``); a changed published passage needs ``--reason``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.registry import RegistryError, load_registry, save_registry, update
from .build import build_project


def main(argv: Sequence[str] | None = None) -> int:
    """Build the edition and record its passages in the registry."""
    import argparse
    import tempfile

    from sphinx.util import console

    parser = argparse.ArgumentParser(prog="python -m edition.checks.registry", description=main.__doc__)
    parser.add_argument("--reason", help="why published passages changed (a corrected "
                                         "transcription, ...); recorded with each revision")
    parser.add_argument("--project", default=".", help="the edition's folder (default: here)")
    args = parser.parse_args(argv)
    project = Path(args.project).resolve()
    console.nocolor()
    with tempfile.TemporaryDirectory() as outdir:
        result = build_project(project, Path(outdir), "dummy")
    path = project / result.config["edition_passage_registry"]
    try:
        registry = load_registry(path)
    except RegistryError as error:
        print(f"error: {error}")
        return 1
    changes, problems = update(registry, result.passages, args.reason, result.config["version"])
    for problem in problems:
        print(f"error: {problem}")
    if problems:
        print(f"{path.name} not changed.")
        return 1
    for change in changes[:10]:
        print(change)
    if len(changes) > 10:
        print(f"... and {len(changes) - 10} more")
    save_registry(path, registry)
    print(f"{path.name}: {len(registry)} passages ({len(changes)} changes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
