"""Shared fixtures: Sphinx test projects (sphinx.testing) and one build of the real edition."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from edition.checks.build import BuildResult, build_project  # noqa: E402

pytest_plugins = ("sphinx.testing.fixtures",)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


ROOTS = Path(__file__).parent / "roots"
#: Cases laid over a base root: ``overlays/<base>/<case>/`` holds only the files in which the case
#: differs from ``test-<base>``; the paths its ``DELETED`` file lists (one a line) are removed.
OVERLAYS = ROOTS / "overlays"
DELETED = "DELETED"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test projects (``testroot="source"`` → test-source)."""
    return ROOTS


def lay_out(base: str, case: str | None, dest: Path) -> Path:
    """The test project ``test-<base>`` copied to ``dest``, with the overlay of ``case`` (if
    any) copied over it: its files replace the base's or are added, and those it lists in
    ``DELETED`` are removed."""
    shutil.copytree(ROOTS / f"test-{base}", dest)
    if case is not None:
        overlay = OVERLAYS / base / case
        assert overlay.is_dir(), f"no overlay {overlay}"
        shutil.copytree(overlay, dest, dirs_exist_ok=True,
                        ignore=lambda folder, names: [DELETED] if Path(folder) == overlay else [])
        deleted = overlay / DELETED
        for name in deleted.read_text("utf-8").split() if deleted.is_file() else []:
            (dest / name).unlink()
    return dest


@pytest.fixture
def make_project(tmp_path):
    """Make a test project in the test's temporary folder from a base root and a case's
    overlay: ``make_project("commentary", "commentary-bad-date")`` is ``tmp_path /
    "commentary-bad-date"``, holding tests/roots/test-commentary with
    tests/roots/overlays/commentary/commentary-bad-date/ laid over it; ``name`` names the
    folder otherwise. Then build it with ``make_app(srcdir=...)`` or ``build_project``."""
    def make(base: str, case: str | None = None, name: str | None = None) -> Path:
        return lay_out(base, case, tmp_path / (name or case or base))
    return make


def located_warnings(app) -> list[str]:
    """An app's warnings, without colour and with paths relative to its project."""
    text = _ANSI.sub("", app.warning.getvalue())
    return [line.replace(f"{app.srcdir}/", "") for line in text.splitlines() if line.strip()]


class Edition:
    """The real edition, built once per test session into a temporary folder."""

    def __init__(self, outdir: Path, result: BuildResult) -> None:
        self.outdir = outdir
        self.result = result

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")

    @property
    def pages(self) -> list[str]:
        """Every built HTML page (not Sphinx's ``_static`` or ``_sources``), relative paths."""
        return sorted(path.relative_to(self.outdir).as_posix()
                      for path in self.outdir.rglob("*.html")
                      if not path.relative_to(self.outdir).parts[0].startswith(("_", ".")))

    @property
    def source_docnames(self) -> list[str]:
        return sorted(d for d in self.result.docnames if d.startswith("sources/"))


@pytest.fixture(scope="session")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    outdir = tmp_path_factory.mktemp("edition-html")
    return Edition(outdir, build_project(ROOT, outdir, "html", nitpicky=True))


#: The public address the "published" build of the edition is given (citations, metadata).
BASEURL = "https://example.org/albanian-soviet-split/"
#: Its date (SOURCE_DATE_EPOCH): 1 December 2026, the date its citations give until the version
#: is released (then the release's date in CHANGELOG.md).
EPOCH = "1796083200"


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    """The real edition built as it is published: with its public address and a fixed date."""
    outdir = tmp_path_factory.mktemp("edition-published")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setenv("EDITION_BASEURL", BASEURL)  # conf.py: the sitemap, made only with it
        result = build_project(ROOT, outdir, "html", overrides={"html_baseurl": BASEURL})
    return Edition(outdir, result)


# --- the built site in a browser (Debian's Chromium, driven by Playwright) ---------------------

#: A phone's viewport (the browser, search and apparatus-page tests)
PHONE = {"width": 400, "height": 850}
CHROMIUM = os.environ.get("EDITION_CHROMIUM", "/usr/bin/chromium")


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"Playwright or axe-playwright-python is not installed ({error}): install the test group"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set EDITION_CHROMIUM)"
    return None


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A built site served on a free localhost port, for as long as the block lasts."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def site(edition):
    """The built edition, served on a free localhost port for the module's tests."""
    with serve(edition.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    problem = chromium_problem()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, but the browser tests cannot run: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, site):
    """Open a page of the edition in a fresh browser context; ``page.errors`` collects the
    page's script errors."""
    contexts = []

    def opener(path: str, viewport=None, color_scheme: str = "light", **options):
        context = browser.new_context(viewport=viewport or {"width": 1600, "height": 1000},
                                      color_scheme=color_scheme, **options)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        page.goto(f"{site}/{path}")
        return page

    yield opener
    for context in contexts:
        context.close()


def serious_violations(results) -> list[str]:
    """The serious and critical violations in an axe-core run's results, briefly."""
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
