"""``nox -s versions``: every release of the edition and its development version, in one site.

sphinx-polyversion checks out each release tag (``vX.Y.Z``) and the development branch into a
temporary folder and builds it with its own ``conf.py`` and extension, so that a release is
rebuilt as it was made, into ``<output>/<version>/`` (``0.1.0/``, ``dev/``). The newest release
is copied to ``latest/``, and the root ``index.html`` leads there. Each build is told its own name,
the latest release's and every version's (``POLYVERSION_DATA``, read by ``conf.py``): every page
shows the version switcher, and a page of an older version a banner that links the same place in
``latest/`` (``docs/versions.md`` says why sphinx-polyversion rather than sphinx-multiversion).

    python tools/versions.py [--project .] [--output _build/versions] [--dev-branch main]

With ``EDITION_BASEURL`` set, each version's address is ``<EDITION_BASEURL><version>/``.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sphinx_polyversion.driver import DefaultDriver
from sphinx_polyversion.environment import Environment
from sphinx_polyversion.git import Git, GitRef, GitRefType
from sphinx_polyversion.sphinx import CommandBuilder, Placeholder

#: a release tag, as the release procedure makes it (CONTRIBUTING.md)
RELEASE_TAG = r"^v\d+\.\d+\.\d+$"
DEV = "dev"


def version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split("."))


def version_name(ref: GitRef) -> str:
    """A release's folder is its version without the "v"; the development branch's is dev."""
    return ref.name[1:] if ref.type_ == GitRefType.TAG else DEV


class VersionsDriver(DefaultDriver[GitRef, Environment, Any]):
    """The default driver, which fails when a version fails to build (it only logs it)."""

    failed: list[str]

    def build_failed(self, rev: GitRef, exc_info: Any) -> None:
        super().build_failed(rev, exc_info)
        self.failed = [*getattr(self, "failed", []), rev.name]


def version_data(driver: VersionsDriver, rev: GitRef, env: Environment) -> dict[str, Any]:
    """What each build is told: its name, the latest release's, every version's (newest
    first, the development version first of all)."""
    releases = sorted((version_name(r) for r in driver.targets if r.type_ == GitRefType.TAG),
                      key=version_key, reverse=True)
    others = [DEV] if any(r.type_ == GitRefType.BRANCH for r in driver.targets) else []
    return {"name": version_name(rev), "latest": releases[0] if releases else "",
            "versions": others + releases}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/versions.py", description=__doc__.split("\n")[0])
    parser.add_argument("--project", default=".", help="the edition's git repository")
    parser.add_argument("--output", default="_build/versions", help="the site's folder")
    parser.add_argument("--dev-branch", default="main", help="the development branch")
    parser.add_argument("sphinx_args", nargs="*", help="more arguments for sphinx-build")
    args = parser.parse_args(argv)
    root, output = Path(args.project).resolve(), Path(args.output).resolve()
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    builder = CommandBuilder(".", [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html",
                                   *args.sphinx_args, Placeholder.SOURCE_DIR,
                                   Placeholder.OUTPUT_DIR])
    driver = VersionsDriver(root, output, vcs=Git(branch_regex=f"^{re.escape(args.dev_branch)}$",
                                                  tag_regex=RELEASE_TAG),
                            builder=builder, env=Environment.factory(), namer=version_name,
                            data_factory=version_data)
    driver.run(sequential=True)
    if getattr(driver, "failed", []):
        print(f"error: these versions failed to build: {', '.join(driver.failed)}")
        return 1
    built = sorted((p.name for p in output.iterdir() if p.is_dir()), key=lambda n: (
        n == DEV, version_key(n) if n != DEV else ()))
    releases = [name for name in built if name != DEV]
    latest = releases[-1] if releases else (DEV if DEV in built else "")
    if not latest:
        print("error: no release tag (vX.Y.Z) and no development branch to build")
        return 1
    shutil.copytree(output / latest, output / "latest")
    (output / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<title>The edition: latest version</title>'
        '<meta http-equiv="refresh" content="0; url=latest/index.html"></head>'
        f'<body><p><a href="latest/index.html">The latest version ({html.escape(latest)})</a>; '
        'every version: ' + ", ".join(f'<a href="{html.escape(n)}/index.html">{html.escape(n)}</a>'
                                      for n in reversed(built)) + '.</p></body></html>\n',
        encoding="utf-8")
    base = os.environ.get("EDITION_BASEURL", "").rstrip("/")
    if base:  # one sitemap index for the whole site, of each version's sitemap (sphinx-sitemap)
        entries = "".join(f"<sitemap><loc>{html.escape(f'{base}/{name}/sitemap.xml')}</loc>"
                          f"</sitemap>" for name in reversed(built)
                          if (output / name / "sitemap.xml").is_file())
        (output / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns='
            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n',
            encoding="utf-8")
    print(f"{output}: {', '.join(reversed(built))}; latest/ is {latest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
