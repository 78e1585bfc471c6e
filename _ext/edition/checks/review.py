"""``python -m edition.checks.review``: the counts of the review log (``nox -s review``).

The counts of reviewed passages and of statements by finding, by source; ``--since YYYY-MM-DD``
lists the notes written since that day that no review names; ``--init`` writes a log skeleton
for a source that has none."""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path
from typing import Any

from ..apparatus.review import FINDINGS, Log, page_order
from ..core.domain import build_state
from . import schemas
from .lint import EXIT_CLEAN, EXIT_FAILED, EXIT_PROBLEMS, build_for_check


def counts(logs: dict[str, Log], notes: dict[str, dict[str, Any]],
           since: str = "") -> dict[str, Any]:
    """The figures of the review: passages, statements by finding, annotated statements by the
    type of what handles them (the first note named; else the kind of row), and with ``since``
    those handled by a note dated on or after that day (the newly annotated)."""
    by_type: collections.Counter[str] = collections.Counter()
    new_by_type: collections.Counter[str] = collections.Counter()
    findings: collections.Counter[str] = collections.Counter()
    per_source = {}
    for slug, log in sorted(logs.items()):
        for statement in log.statements:
            findings[statement.finding] += 1
            if statement.finding == "annotated":
                note_types = [notes[ref]["type"] for ref in statement.by if ref in notes]
                kinds = [ref.partition(":")[0] + " row" for ref in statement.by if ":" in ref]
                by_type[(note_types or kinds or ["?"])[0]] += 1
                new_notes = [notes[ref]["type"] for ref in statement.by if ref in notes
                             and since and str(notes[ref].get("date", "")) >= since]
                if new_notes:
                    new_by_type[new_notes[0]] += 1
        per_source[slug] = {"passages": log.total, "reviewed": len(log.reviewed),
                            "statements": len(log.statements), "latest": log.latest}
    return {
        "passages": sum(log.total for log in logs.values()),
        "reviewed": sum(len(log.reviewed) for log in logs.values()),
        "statements": sum(findings.values()),
        "findings": {finding: findings[finding] for finding in FINDINGS},
        "annotated_by": dict(sorted(by_type.items())),
        "newly_annotated_by": dict(sorted(new_by_type.items())),
        "sources": per_source,
    }


def report(figures: dict[str, Any], notes: dict[str, dict[str, Any]], since: str = "") -> str:
    lines = [f"passages: {figures['passages']}; reviewed {figures['reviewed']}, not yet reviewed "
             f"{figures['passages'] - figures['reviewed']}",
             f"statements checked: {figures['statements']}; " + ", ".join(
                 f"{finding} {count}" for finding, count in figures["findings"].items()),
             "annotated, by the type of what handles them: " + (", ".join(
                 f"{kind} {count}" for kind, count in figures["annotated_by"].items()) or "none")]
    for slug, source in figures["sources"].items():
        lines.append(f"  {slug}: {source['reviewed']} of {source['passages']} passages reviewed, "
                     f"{source['statements']} statements" +
                     (f" (latest {source['latest']})" if source["latest"] else ""))
    if since:
        lines.append(f"annotated by a note dated {since} or later: "
                     f"{sum(figures['newly_annotated_by'].values())} (" + (", ".join(
                         f"{kind} {count}" for kind, count in
                         figures["newly_annotated_by"].items()) or "none") + ")")
        new = sorted((annotation_id, note) for annotation_id, note in notes.items()
                     if str(note.get("date", "")) >= since)
        types = collections.Counter(note["type"] for _, note in new)
        lines.append(f"notes dated {since} or later: {len(new)}" + (" (" + ", ".join(
            f"{kind} {count}" for kind, count in sorted(types.items())) + ")" if new else ""))
        lines.extend(f"  {annotation_id} ({note['type']}, on {note['passage']})"
                     for annotation_id, note in new)
    return "\n".join(lines)


def placeholder(slug: str, passages: list[str]) -> str:
    """A log with every passage of a source not yet reviewed."""
    lines = [schemas.first_line(f"apparatus/review/{slug}.yaml"),
             f"# Review log of {slug}: rules in apparatus/README.md", f"source: {slug}",
             "passages:"]
    lines.extend(f"  - passage: {passage_id}\n    status: not-reviewed" for passage_id in passages)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m edition.checks.review",
        description="Print the counts of the review log (apparatus/review/): passages reviewed, "
                    "statements checked, confirmed, annotated (by note type) and unverifiable; "
                    "the log is checked as the build checks it.")
    parser.add_argument("project", nargs="?", type=Path, default=Path("."),
                        help="the edition's folder (default: the current one)")
    parser.add_argument("--since", default="", metavar="YYYY-MM-DD",
                        help="also list the notes dated on or after this day (the new notes)")
    parser.add_argument("--init", action="store_true",
                        help="write a log, every passage not yet reviewed, for each source that "
                             "has none (in page order); existing logs are left alone")
    args = parser.parse_args(argv)
    if not (args.project / "conf.py").is_file():
        print(f"{args.project}: no conf.py here; run from the edition's folder, or name it",
              file=sys.stderr)
        return EXIT_FAILED
    if args.init:
        return _init(args.project)
    app, problems, failure = build_for_check(args.project)
    if failure or app is None:
        print(f"edition review: {failure}", file=sys.stderr)
        return EXIT_FAILED
    for line in problems:
        print(line, file=sys.stderr)
    notes = app.env.get_domain("edition").data["annotations"]
    print(report(counts(build_state(app.env).reviews, notes, args.since), notes,
                 args.since))
    return EXIT_PROBLEMS if problems else EXIT_CLEAN


def _init(project: Path) -> int:
    directory = project / "apparatus" / "review"
    directory.mkdir(parents=True, exist_ok=True)
    for page in sorted((project / "sources").glob("*.md")):
        passages = page_order(page)
        target = directory / f"{page.stem}.yaml"
        if passages and not target.exists():
            target.write_text(placeholder(page.stem, passages), encoding="utf-8")
            print(f"wrote {target.relative_to(project)}: {len(passages)} passages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
