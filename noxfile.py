"""Sessions for building and checking the edition: ``nox -l`` lists them.

Each session installs the dependency group it needs from ``pyproject.toml``, pinned by
``constraints.txt``, into its own virtual environment; nothing else has to be installed first.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent / "tools"))
from pins import installed_packages, pins_digest, recorded_digest  # noqa: E402

nox.needs_version = ">=2024.10.9"  # nox.project.dependency_groups
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["build", "tests"]
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
CONSTRAINTS = ("--constraint", str(ROOT / "constraints.txt"))
HTML_DIR = ROOT / "_build" / "html"
PDF_DIR = ROOT / "_build" / "pdf"
EPUB_DIR = ROOT / "_build" / "epub"
PYTHON = "3.11"
EXTENSION_PATH = {"PYTHONPATH": str(ROOT / "_ext")}


def install_group(session: nox.Session, group: str, *, data_group: str = "") -> None:
    """Install one dependency group of pyproject.toml, pinned by constraints.txt (and
    ``data_group`` without dependencies), unless the session's environment, reused between runs,
    holds them already: it records the digest of the pins (the dependency groups and
    constraints.txt) it was installed from, and when they changed it is emptied and installed
    again (tools/pins.py)."""
    location = session.virtualenv.location
    digest = pins_digest(ROOT, [group, data_group])
    recorded = recorded_digest(location)
    if recorded == digest:
        session.log("The pins are unchanged since this environment was installed: nothing to "
                    "install")
        return
    if recorded is not None:
        session.log("The pins changed: the environment is emptied and installed again")
        freeze = session.run("python", "-m", "pip", "freeze", silent=True)
        if packages := installed_packages(freeze or ""):
            session.run_install("python", "-m", "pip", "uninstall", "--yes", "--quiet",
                                *packages)
    session.install(*nox.project.dependency_groups(PYPROJECT, group), *CONSTRAINTS)
    if data_group:
        session.install("--no-deps", *nox.project.dependency_groups(PYPROJECT, data_group),
                        *CONSTRAINTS)
    session.run_install("python", str(ROOT / "tools" / "pins.py"), location, digest)


@nox.session(python=PYTHON, reuse_venv=True)
def build(session: nox.Session) -> None:
    """Build the HTML edition, strictly (-E -n -W): any warning fails the build.

    The edition is built into _build/html.partial and moved to _build/html only when the build
    and its checks pass: a failed build leaves no finished-looking edition behind (a refused
    contribution's pages are never published, not even for review)."""
    install_group(session, "docs")
    build_html(session, *session.posargs)


def build_html(session: nox.Session, *arguments: str) -> None:
    """The strict HTML build into _build/html, with its checks (see :func:`build`)."""
    partial = HTML_DIR.with_name("html.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        session.run("sphinx-build", "-E", "-n", "-W", "--keep-going", "-b", "html",
                    ".", str(partial), *arguments)
        session.run("python", "-m", "edition.checks.links", str(partial), env=EXTENSION_PATH)
        session.run("python", "-m", "edition.checks.weight", str(partial), env=EXTENSION_PATH)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(HTML_DIR, ignore_errors=True)
        raise
    shutil.rmtree(HTML_DIR, ignore_errors=True)
    partial.rename(HTML_DIR)
    session.log(f"The edition is built: open {HTML_DIR / 'index.html'}")


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def serve(session: nox.Session) -> None:
    """Preview the edition while you edit it: http://127.0.0.1:8000/ reloads after each rebuild
    (strict and incremental); a failed rebuild keeps the last good preview (``-- --port N``;
    tools/preview.py)."""
    install_group(session, "serve")
    session.run("python", str(ROOT / "tools" / "preview.py"), *session.posargs,
                env=EXTENSION_PATH)


@nox.session(python=PYTHON, reuse_venv=True)
def tests(session: nox.Session) -> None:
    """Run every test: strict build, fidelity, passage registry, bad input (pytest)."""
    # with data files only (TEI's schema): without their dependencies (see pyproject.toml)
    install_group(session, "test", data_group="schemas")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def pdf(session: nox.Session) -> None:
    """Build the PDF edition (XeLaTeX) into _build/pdf/edition.pdf; needs TeX (see README)."""
    install_group(session, "docs")
    session.run("python", "-m", "edition.exports.pdf", ".", str(PDF_DIR),
                *session.posargs, env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def epub(session: nox.Session) -> None:
    """Build the EPUB 3 edition into _build/epub/edition.epub, checked by EPUBCheck (Debian's
    epubcheck) when it is installed."""
    install_group(session, "docs")
    session.run("python", "-m", "edition.exports.epub", ".", str(EPUB_DIR), *session.posargs,
                env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def site(session: nox.Session) -> None:
    """Build the whole site: the PDF and the EPUB, then the strict HTML edition, which places
    them at its top (_build/html/edition.pdf, edition.epub) and lists them with their sizes on
    the Data and downloads page. Needs TeX for the PDF (see README)."""
    install_group(session, "docs")
    session.run("python", "-m", "edition.exports.pdf", ".", str(PDF_DIR), env=EXTENSION_PATH)
    session.run("python", "-m", "edition.exports.epub", ".", str(EPUB_DIR), env=EXTENSION_PATH)
    bundle = ",".join(str((directory / name).relative_to(ROOT)) for directory, name in
                      ((PDF_DIR, "edition.pdf"), (EPUB_DIR, "edition.epub")))
    build_html(session, "-D", f"edition_bundle={bundle}", *session.posargs)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def lint(session: nox.Session) -> None:
    """Check a contribution in seconds, with the build's messages (``-- --data-only``: data files)."""
    install_group(session, "docs")
    session.run("python", "-m", "edition.checks.lint", *session.posargs, env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def note(session: nox.Session) -> None:
    """Print a note ready to paste: ``-- <passage-id> "<words>"`` (``--occurrence N`` where the
    words occur more than once; ``--author NAME``, ``--type TYPE``)."""
    install_group(session, "docs")
    session.run("python", "-m", "edition.checks.note", *session.posargs, env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def review(session: nox.Session) -> None:
    """Counts of the review log (``-- --since YYYY-MM-DD`` lists the new notes; ``-- --init``)."""
    install_group(session, "docs")
    session.run("python", "-m", "edition.checks.review", *session.posargs, env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def passages(session: nox.Session) -> None:
    """Record new passages in sources/passages.json (``-- --reason "..."`` for corrected ones)."""
    install_group(session, "docs")
    session.run("python", "-m", "edition.checks.registry", *session.posargs,
                env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def fidelity(session: nox.Session) -> None:
    """Check source pages against the received texts (``-- sources/<slug>.md`` for one)."""
    install_group(session, "docs")
    session.run("python", "-m", "edition.checks.fidelity", *session.posargs,
                env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def linkcheck(session: nox.Session) -> None:
    """Check every external link (Sphinx linkcheck); without a network, say so and skip."""
    install_group(session, "docs")
    output = ROOT / "_build" / "linkcheck"
    report = session.run("python", "-m", "edition.checks.external_links", ".", str(output),
                         *session.posargs, env=EXTENSION_PATH, success_codes=[0, 75],
                         silent=True)
    print(report, end="")
    if isinstance(report, str) and report.startswith("No network:"):  # exit status 75
        session.skip("no network: external links were not checked")


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def bench(session: nox.Session) -> None:
    """Benchmark builds on synthetic editions of 50, 200 and 500 pages against plain Sphinx
    (``-- --sizes 50`` for one size); writes benchmarks/results.json and BENCHMARKS.md."""
    install_group(session, "docs")
    session.run("python", "benchmarks/run.py", *session.posargs, env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def bench_reading(session: nox.Session) -> None:
    """Measure the reading edition in Chromium: first contentful paint on a phone profile with
    4x CPU throttling, DOM size, bytes transferred (writes benchmarks/reading.json)."""
    install_group(session, "test")
    session.run("sphinx-build", "-E", "-q", "-b", "html", ".", str(HTML_DIR))
    session.run("python", "benchmarks/reading.py", str(HTML_DIR), *session.posargs,
                env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def versions(session: nox.Session) -> None:
    """Build every release tag (vX.Y.Z) and the development version into one site,
    _build/versions/<version>/ and latest/ (sphinx-polyversion; docs/versions.md)."""
    install_group(session, "docs")
    session.run("python", "tools/versions.py", *session.posargs, env=EXTENSION_PATH)


@nox.session(python=PYTHON, default=False, reuse_venv=True)
def release(session: nox.Session) -> None:
    """Prepare a release: ``-- X.Y.Z [--date YYYY-MM-DD]`` moves the unreleased CHANGELOG
    entries under the version and sets it in pyproject.toml, CITATION.cff (with date-released)
    and .zenodo.json; then commit, and tag vX.Y.Z (CONTRIBUTING.md, "Releasing")."""
    session.run("python", "tools/release.py", *session.posargs)
