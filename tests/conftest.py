"""Shared fixtures: Sphinx test projects (sphinx.testing) and one build of the real edition."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from edition.build import BuildResult, build_project  # noqa: E402

pytest_plugins = ("sphinx.testing.fixtures",)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test projects (``testroot="source"`` → test-source)."""
    return Path(__file__).parent / "roots"


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
#: Its date (SOURCE_DATE_EPOCH): 1 December 2026, the release date its citations give.
EPOCH = "1796083200"


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    """The real edition built as it is published: with its public address and a fixed date."""
    outdir = tmp_path_factory.mktemp("edition-published")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build_project(ROOT, outdir, "html", overrides={"html_baseurl": BASEURL})
    return Edition(outdir, result)
