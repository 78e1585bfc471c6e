"""Build the edition in-process, for the command-line tools (fidelity, passage registry)."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclasses.dataclass
class BuildResult:
    warnings: list[str]  #: one string per warning
    docnames: set[str]
    passages: dict[str, dict[str, Any]]  #: the edition domain's passages
    notes: dict[str, dict[str, Any]]  #: the edition domain's notes
    config: dict[str, Any]  #: the configuration values the tools need


def build_project(project: Path, outdir: Path, builder: str = "html",
                  *, parallel: int = 1, nitpicky: bool = False,
                  overrides: dict[str, Any] | None = None) -> BuildResult:
    """Build ``project`` afresh into ``outdir``. The build is never strict: the caller decides
    what a warning means."""
    warnings = io.StringIO()
    with patch_docutils(project), docutils_namespace():
        app = Sphinx(project, project, outdir, outdir / ".doctrees", builder,
                     status=None, warning=warnings, freshenv=True, parallel=parallel,
                     confoverrides={"nitpicky": nitpicky, **(overrides or {})})
        app.build()
        config = {name: app.config[name] for name in ("version", "edition_passage_registry",
                                                      "edition_note_registry",
                                                      "edition_originals_dir")}
        return BuildResult([_ANSI.sub("", line) for line in warnings.getvalue().splitlines()
                            if line.strip()],
                           set(app.env.found_docs),
                           dict(app.env.get_domain("edition").passages),
                           dict(app.env.get_domain("edition").data["annotations"]), config)
