"""``nox -s serve``: a live preview of the edition while you edit it (sphinx-autobuild).

The edition is served from ``_build/preview`` on http://127.0.0.1:8000/ (``--port``) and the
page in the browser reloads after each rebuild. Each saved change of a page, a note or a data
file rebuilds the edition incrementally and strictly (``-n -W --keep-going``, as ``nox -s build``
does) into ``_build/preview.work``; only a rebuild that passes is copied to ``_build/preview``.
A failed rebuild prints its located messages (``commentary/lala-2014.md:14: WARNING: ...``) and
the last good preview stays served, so a slip never leaves the preview broken or empty (the
rebuild after a failed one reads every page again).

The watching, the server and the reload script are sphinx-autobuild's; only the build step is
the edition's own (sphinx-autobuild would build into the folder it serves).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from sphinx_autobuild.utils import show_message
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

ROOT = Path(__file__).resolve().parent.parent
#: What a contributor's editor, git and the tools write, which never needs a rebuild.
IGNORED = (".git", ".nox", "_build", "node_modules", ".pytest_cache", "__pycache__", "tests",
           "benchmarks")


def build_command(project: Path, work: Path) -> list[str]:
    """The strict incremental build into ``work`` (its HTML in ``work/html``)."""
    return [sys.executable, "-m", "sphinx", "build", "-n", "-W", "--keep-going", "-q",
            "-b", "html", "-d", str(work / "doctrees"), str(project), str(work / "html")]


class PreviewBuilder:
    """Rebuild ``project`` into ``work``; copy a build that passed to ``preview``."""

    def __init__(self, project: Path, work: Path, preview: Path) -> None:
        self.project, self.work, self.preview = project, work, preview

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> bool:
        changed = ", ".join(sorted({str(path.relative_to(self.project))
                                    for path in changed_paths
                                    if path.is_relative_to(self.project)})[:5])
        show_message(f"Rebuilding ({changed})" if changed else "Building the edition")
        # the edition's extension: the project's own, else this repository's (a test project)
        extensions = [str(self.project / "_ext"), str(ROOT / "_ext")]
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [*extensions, os.environ.get("PYTHONPATH", "")]))}
        run = subprocess.run(build_command(self.project, self.work), env=environment,
                             check=False, stderr=subprocess.PIPE, text=True)
        # the build's located messages, with paths as the lint prints them
        print(run.stderr.replace(f"{self.project}/", ""), end="", file=sys.stderr)
        if run.returncode != 0:
            # the next rebuild reads every page again: Sphinx would take the pages this one
            # read, warnings and all, for up to date, and publish them at the next change
            (self.work / "doctrees" / "environment.pickle").unlink(missing_ok=True)
            show_message("The rebuild failed: fix what the lines above name (file and line). "
                         f"The preview keeps the last good build: {self.preview}")
            return False
        publish(self.work / "html", self.preview)
        show_message(f"Rebuilt: {self.preview}")
        return True


def publish(built: Path, preview: Path) -> None:
    """Make ``preview`` hold what ``built`` holds: the files that changed copied, the files that
    are gone removed (the server goes on serving the rest meanwhile)."""
    preview.mkdir(parents=True, exist_ok=True)
    for path in sorted(built.rglob("*")):
        target = preview / path.relative_to(built)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        elif not target.is_file() or not filecmp.cmp(path, target, shallow=True):
            shutil.copy2(path, target)
    for path in sorted(preview.rglob("*"), reverse=True):
        if not (built / path.relative_to(preview)).exists():
            path.rmdir() if path.is_dir() else path.unlink()


def application(project: Path, builder: PreviewBuilder, address: str) -> Starlette:
    """sphinx-autobuild's server: the preview folder, with its reload script, and a watcher that
    rebuilds on every change under ``project`` (but in :data:`IGNORED`)."""
    ignored = IgnoreFilter([project / name for name in IGNORED], [r"\.swp$", r"~$", r"\.#"])
    watcher = RebuildServer([project], ignored, change_callback=builder)
    return Starlette(
        routes=[WebSocketRoute("/websocket-reload", watcher, name="reload"),
                Mount("/", app=StaticFiles(directory=builder.preview, html=True),
                      name="static")],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=address)],
        lifespan=watcher.lifespan)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s serve --", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    build = project / "_build"
    builder = PreviewBuilder(project, build / "preview.work", build / "preview")
    if not builder() and not (builder.preview / "index.html").is_file():
        show_message("No good build to serve yet: fix the lines above, then run nox -s serve "
                     "again")
        return 1
    address = f"{args.host}:{args.port}"
    show_message(f"Serving the preview on http://{address}/ (Ctrl+C stops it)")
    uvicorn.run(application(project, builder, address), host=args.host, port=args.port,
                log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
