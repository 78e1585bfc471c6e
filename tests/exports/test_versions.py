"""Releases kept as versions (tools/versions.py, sphinx-polyversion): two releases of a small
project, tagged in a temporary git repository, built into one site; an old permalink of a
passage and of a note, followed from the old version into the latest."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from edition.checks.registry import main as record

sys.path.insert(0, str(ROOT / "tools"))
import versions  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


def _release(repo: Path, version: str) -> None:
    conf = repo / "conf.py"
    text = conf.read_text("utf-8").split("# version\n")[0]
    conf.write_text(f"{text}# version\nversion = release = {version!r}\n", "utf-8")
    assert record(["--project", str(repo)] + _withdrawals.pop(version, [])) == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", f"Release {version}")
    _git(repo, "tag", f"v{version}")


_withdrawals: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("versions") / "project"
    shutil.copytree(ROOT / "tests" / "roots" / "test-commentary", repo)
    shutil.copytree(ROOT / "_templates", repo / "_templates")
    conf = repo / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace(
        'os.path.abspath("../../../_ext")', repr(str(ROOT / "_ext")))
        + 'templates_path = ["_templates"]\nhtml_theme = "alabaster"\n'
        'import json\n_versions = json.loads(os.environ.get("POLYVERSION_DATA") or "{}")\n'
        'edition_version_name = _versions.get("name", "")\n'
        'edition_latest_version = _versions.get("latest", "")\n'
        'edition_versions = _versions.get("versions", [])\n', "utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _release(repo, "0.1.0")
    # 0.2.0 withdraws note demo-a002
    commentary = repo / "commentary" / "demo.md"
    text = commentary.read_text("utf-8")
    start = text.index(":::{annotation} demo-a002")
    end = text.index(":::{annotation}", start + 10)
    commentary.write_text(text[:start] + text[end:], "utf-8")
    _withdrawals["0.2.0"] = ["--withdraw", "demo-a002", "--reason", "it repeated note demo-a001"]
    _release(repo, "0.2.0")
    out = repo.parent / "site"
    assert versions.main(["--project", str(repo), "--output", str(out)]) == 0
    return out


def _page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _follow(site: Path, page: Path, href: str) -> tuple[Path, str]:
    url = urljoin(page.relative_to(site).as_posix(), href)
    path, _, fragment = url.partition("#")
    return site / path, fragment


def test_every_release_and_the_development_version_are_built(site):
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["0.1.0", "0.2.0", "dev",
                                                                    "latest"]
    switcher = _page(site / "0.1.0" / "sources" / "demo.html").select(".edition-versions a")
    assert [a.get_text() for a in switcher] == ["dev", "0.2.0", "0.1.0"]
    # the latest is 0.2.0, and says nothing of being old
    latest = _page(site / "latest" / "sources" / "demo.html")
    assert latest.select(".edition-version-banner") == []
    assert "0.2.0" in latest.select_one(".edition-versions summary").get_text()


@pytest.mark.parametrize("anchor", ["demo-p001", "demo-a001", "demo-a002"])
def test_an_old_permalink_leads_to_the_same_place_in_the_latest_version(site, anchor):
    old = site / "0.1.0" / "sources" / "demo.html"
    page = _page(old)
    assert page.find(id=anchor) is not None, f"0.1.0 has no {anchor}"
    banner = page.select_one(".edition-version-banner")
    assert banner is not None and "version 0.1.0" in banner.get_text()
    link = banner.select_one("a.edition-same-place")
    # the reader's script adds the address's fragment to the link: the permalink's
    target, _ = _follow(site, old, link["href"] + "#" + anchor)
    assert target == site / "latest" / "sources" / "demo.html"
    landed = _page(target).find(id=anchor)
    assert landed is not None, f"{anchor} lands nowhere in the latest version"
    if anchor == "demo-a002":
        assert " ".join(landed.get_text().split()) == (
            "Note demo-a002 was withdrawn in 0.2.0: it repeated note demo-a001")
