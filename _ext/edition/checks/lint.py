"""``nox -s lint``: check a contribution in seconds, with the build's own messages.

A contribution touches the commentary files, the register, the claims, the timeline, the
citation mapping, the review log, ``references.bib`` or a source page's front matter. The lint
checks all of them without writing an edition, and reports each problem as the strict build
would, word for word::

    commentary/lala-2014.md:14: WARNING: quote not found in passage 'lala-2014-p019': ... [edition.annotation]

It does so by running the build's own code, not a copy of it:

- the data files (``--data-only``): the extension is set up, which checks ``references.bib``
  (:func:`edition.apparatus.citations.check_bibfile`), and :func:`edition.apparatus.data.load` reads the
  register, the claims, the timeline, the citation mapping and the review log, exactly as a
  build starts;
- everything (the default): a Sphinx build with the ``dummy`` builder, which reads and resolves
  every page and writes nothing. Each note is placed at its words by the same transform as in
  the HTML build, so an unknown passage, a quote not found or ambiguous, an unknown ``{cite}``
  key, an unknown ``{term}`` and a malformed front matter give the build's messages.

On GitHub Actions (``GITHUB_ACTIONS=true``) each located problem is followed by its workflow
command, so that a pull request shows it on the line it names.

Exit status: 0 when nothing is wrong, 1 when anything is (each problem printed with its file and
line), 2 when the check itself could not run.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..apparatus import data as apparatus
from ..apparatus.bibliography import biber_problems

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


#: A Sphinx warning line: ``path:line: WARNING: message [type.subtype]`` (or ``ERROR``).
_PROBLEM = re.compile(r"^(?:(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: )?(?:WARNING|ERROR|CRITICAL): ")


EXIT_CLEAN, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


@dataclasses.dataclass
class Report:
    """What the lint found: one line per problem, as the build prints it, paths relative to the
    project."""

    problems: list[str]
    seconds: float
    failure: str = ""  #: why the check could not run (then ``problems`` may be incomplete)

    @property
    def exit_status(self) -> int:
        if self.failure:
            return EXIT_FAILED
        return EXIT_PROBLEMS if self.problems else EXIT_CLEAN


def lint(project: Path, *, data_only: bool = False) -> Report:
    """Check ``project`` (a Sphinx project with the edition extension) the way its build does."""
    started = time.perf_counter()
    _app, problems, failure = build_for_check(project, data_only=data_only)
    for bibfile in sorted(project.resolve().glob("*.bib")):  # what biber (BibLaTeX) rejects
        problems += [f"{p.location}: WARNING: {p.message} [edition.bibliography]"
                     for p in biber_problems(bibfile, bibfile.name)]
    return Report(problems, time.perf_counter() - started, failure)


def build_for_check(project: Path, *, data_only: bool = False,
                    scratch: Path | None = None) -> tuple[Any, list[str], str]:
    """Run the build's checks on ``project`` without writing an edition: the Sphinx application
    (its environment holds what was read), the problems as the build prints them, and why the
    check could not run (or ``""``). The doctrees go to ``scratch`` (to read them afterwards),
    or to a temporary folder removed at once."""
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    project = project.resolve()
    stream = io.StringIO()
    failure = ""
    app = None
    with tempfile.TemporaryDirectory(prefix="edition-lint-") as temporary:
        outdir = Path(scratch or temporary)
        try:
            with patch_docutils(project), docutils_namespace():
                app = Sphinx(project, project, outdir, outdir / ".doctrees", "dummy",
                             status=None, warning=stream, freshenv=True, keep_going=True,
                             confoverrides={"nitpicky": True})
                if data_only:
                    apparatus.load(app, app.env, set(), set(), set())
                else:
                    app.build()
        except (SphinxError, OSError) as error:
            failure = f"the check could not run: {error}"
        except Exception as error:  # noqa: BLE001 - a contributor sees a message, not a traceback
            failure = (f"the check stopped on an error of the edition's own code "
                       f"({type(error).__name__}: {error}); please report it with the files "
                       "you changed")
    return app, _problems(stream.getvalue(), project), failure


def _problems(output: str, project: Path) -> list[str]:
    """The warning lines of a Sphinx run, without colour, paths relative to the project; a
    warning that runs over several lines stays one problem."""
    problems: list[str] = []
    prefix = f"{project}/"
    for line in _ANSI.sub("", output).splitlines():
        if not line.strip():
            continue
        line = line.replace(prefix, "")
        if _PROBLEM.match(line) or not problems:
            problems.append(line)
        else:
            problems[-1] += "\n" + line
    return problems


def workflow_command(problem: str) -> str | None:
    """A located problem as a GitHub Actions workflow command (``::error file=…,line=…::…``),
    which GitHub shows on that line of a pull request's diff; ``None`` for a problem without a
    file. The message is escaped as the runner requires (``%``, ``CR``, ``LF``)."""
    match = _PROBLEM.match(problem)
    if not match or not match["path"]:
        return None
    message = problem[match.end():]
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = match["path"].replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    line = f",line={match['line']}" if match["line"] else ""
    return f"::error file={path}{line},title=edition lint::{message}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m edition.checks.lint",
        description="Check the commentary, the register, the claims, the timeline, the citation "
                    "mapping, references.bib and the source pages' front matter, with the "
                    "messages of the strict build, without writing the edition.")
    parser.add_argument("project", nargs="?", type=Path, default=Path("."),
                        help="the edition's folder (default: the current one)")
    parser.add_argument("--data-only", action="store_true",
                        help="check only the data files (register, claims, timeline, citation "
                             "mapping, review log, references.bib): under a second; the note "
                             "ids named in the review log are checked only by the full lint")
    args = parser.parse_args(argv)
    if not (args.project / "conf.py").is_file():
        print(f"{args.project}: no conf.py here; run the lint from the edition's folder, or name "
              "it: python -m edition.checks.lint PATH", file=sys.stderr)
        return EXIT_FAILED
    report = lint(args.project, data_only=args.data_only)
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"  # a pull request's run
    for problem in report.problems:
        print(problem)
        if on_github and (command := workflow_command(problem)):
            print(command)
    what = "data files" if args.data_only else "commentary, data files and source pages"
    if report.failure:
        print(f"edition lint: {report.failure}", file=sys.stderr)
    elif report.problems:
        print(f"edition lint: {len(report.problems)} problem(s) in the {what} "
              f"({report.seconds:.1f} s); each line names the file and line to fix",
              file=sys.stderr)
    else:
        print(f"edition lint: the {what} are clean ({report.seconds:.1f} s)", file=sys.stderr)
    return report.exit_status


if __name__ == "__main__":
    sys.exit(main())
