"""``nox -s note -- <passage-id> "<words>"``: a ready note to paste into the commentary file.

Reads the edition as its build does (the lint's dummy build), finds the words in the passage's
reading text exactly as a note's quote is matched, and prints the note's skeleton::

    :::{annotation} lala-2014-a040
    :passage: lala-2014-p019
    :quote: built in 1957
    :type: context
    :author: Jane Contributor
    :date: 2026-12-07

    What the reader needs at these words, with the work that shows it.
    :::

with the next free note id of that source (counting the notes of its commentary file and every
id of ``sources/notes.json``: ids of withdrawn notes are never reused), ``:prefix:`` or
``:suffix:`` when the words occur more than once in the passage (``--occurrence N`` says which;
the first by default), and today's date. The skeleton goes to standard output, so that it can be
appended as it is; what to do with it, and the types to choose from, go to standard error.

Exit status: 0 with a skeleton; 1 for an unknown passage or words not in it (with the nearest
passage id or words); 2 when the edition could not be read.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes

from ..commentary.annotations import (
    TYPES,
    distinguishing_context,
    nearest_text,
    occurrences,
)
from ..core.domain import published_notes
from ..core.ids import nearest_passage_id
from ..core.text import normalise_space, passage_text, shorten
from .lint import EXIT_CLEAN, EXIT_FAILED, EXIT_PROBLEMS, build_for_check

#: The body the skeleton gives, to be replaced by the note.
BODY = "What the reader needs at these words, with the work that shows it."


class NoteError(Exception):
    """Why no skeleton can be made (an unknown passage, words not in it)."""


@dataclasses.dataclass(frozen=True)
class Skeleton:
    """A note ready to paste, and the commentary file it belongs in."""

    annotation_id: str
    passage: str
    quote: str
    prefix: str
    suffix: str
    type: str
    author: str
    date: str
    commentary_file: str

    def text(self) -> str:
        lines = [f":::{{annotation}} {self.annotation_id}", f":passage: {self.passage}",
                 f":quote: {self.quote}"]
        lines += [f":prefix: {self.prefix}"] if self.prefix else []
        lines += [f":suffix: {self.suffix}"] if self.suffix else []
        lines += [f":type: {self.type}", f":author: {self.author}", f":date: {self.date}", "",
                  BODY, ":::"]
        return "\n".join(lines) + "\n"


def make_skeleton(app: Any, passage_id: str, words: str, *, occurrence: int = 1,
                  author: str, kind: str = "context", date: datetime.date) -> Skeleton:
    """The skeleton of a note on ``words`` of passage ``passage_id`` of the edition that ``app``
    has read (its doctrees still on disk)."""
    env = app.env
    domain = env.get_domain("edition")
    record = domain.passages.get(passage_id)
    if record is None:
        nearest = nearest_passage_id(passage_id, domain.passages)
        hint = f"; did you mean '{nearest}'?" if nearest else ""
        raise NoteError(f"unknown passage '{passage_id}'{hint} (the ¶ link of a passage shows "
                        "its id)")
    docname = record["docname"]
    doctree = env.get_doctree(docname)
    passage = next(node for node in doctree.findall(nodes.Element)
                   if passage_id in node.get("ids", []))
    text, _segments = passage_text(passage)
    quote = normalise_space(words)
    starts = occurrences(quote, text) if quote else []
    if not starts:
        raise NoteError(f"the words «{shorten(quote)}» are not in passage '{passage_id}'; the "
                        f"nearest text in the passage is «{nearest_text(quote, text)}»")
    if not 1 <= occurrence <= len(starts):
        raise NoteError(f"the words «{shorten(quote)}» occur {len(starts)} time(s) in passage "
                        f"'{passage_id}': --occurrence is a number from 1 to {len(starts)}")
    prefix, suffix = distinguishing_context(text, quote, starts[occurrence - 1])
    slug = domain.sources[docname]
    registry = published_notes(env)
    if not isinstance(registry, dict):  # the lint reports what is wrong with it
        raise NoteError(f"the note registry cannot be read ({registry}): the next free id "
                        "is not known; run nox -s lint")
    return Skeleton(next_note_id(slug, domain, registry), passage_id,
                    quote, prefix, suffix, kind, author, date.isoformat(),
                    f"{app.config.edition_commentary_dir}/{slug}.md")


def next_note_id(slug: str, domain: Any, registry: dict[str, Any]) -> str:
    """The next free note id of source ``slug``: after every note of its commentary file and
    every id of the note registry (published, or withdrawn)."""
    pattern = re.compile(rf"^{re.escape(slug)}-a(\d+)$")
    numbers = [int(match[1]) for note_id in [*domain.data["annotations"], *registry]
               if (match := pattern.match(note_id))]
    return f"{slug}-a{max(numbers, default=0) + 1:03d}"


def _git_author(project: Path) -> str:
    try:
        name = subprocess.run(["git", "config", "user.name"], cwd=project, check=False,
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        name = ""
    return name or "Your Name"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="nox -s note --",
        description="Print a note ready to paste into the commentary file: the next free id, "
                    "the passage, the exact quote (with :prefix: or :suffix: where the words "
                    "occur more than once), today's date.")
    parser.add_argument("passage", help="the passage id, e.g. lala-2014-p019")
    parser.add_argument("words", help="the exact words to comment on, as printed in the source")
    parser.add_argument("--occurrence", type=int, default=1,
                        help="which occurrence of the words, where they occur more than once "
                             "(default: the first)")
    parser.add_argument("--author", help="the note's author (default: git's user.name)")
    parser.add_argument("--type", default="context", choices=list(TYPES), dest="kind",
                        help="the kind of note (default: context)")
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="the edition's folder (default: the current one)")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    if not (project / "conf.py").is_file():
        print(f"{args.project}: no conf.py here; run it from the edition's folder",
              file=sys.stderr)
        return EXIT_FAILED
    with tempfile.TemporaryDirectory(prefix="edition-note-") as scratch:
        app, _problems, failure = build_for_check(project, scratch=Path(scratch))
        if failure:
            print(f"edition note: {failure}", file=sys.stderr)
            return EXIT_FAILED
        try:
            skeleton = make_skeleton(app, args.passage, args.words, occurrence=args.occurrence,
                                     author=args.author or _git_author(project),
                                     kind=args.kind, date=datetime.date.today())
        except NoteError as error:
            print(f"edition note: {error}", file=sys.stderr)
            return EXIT_PROBLEMS
    print(skeleton.text(), end="")
    types = "; ".join(f"{name} ({meaning})" for name, meaning in TYPES.items())
    print(f"\nedition note: paste it at the end of {skeleton.commentary_file} and write the "
          f"note in place of its body. ':type:' is one of: {types}; a discrepancy links its "
          "row of the claims collation. Then check it: nox -s lint", file=sys.stderr)
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
