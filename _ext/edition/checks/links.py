"""The internal link check: every link of a built HTML site resolves, fragment and all.

Sphinx's ``linkcheck`` builder leaves internal ``#fragment`` links unchecked, and a broken one is
the edition's worst kind of broken link: a citation of a passage or a note that leads nowhere. This
check reads every built page, collects its ids, and follows every ``href`` and ``src`` that stays
inside the site. It needs no network and no browser. Run it as ``python -m edition.checks.links
_build/html``; it exits 1 when anything is broken.
"""

from __future__ import annotations

import argparse
import dataclasses
import html.parser
import posixpath
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Link schemes that leave the site; the external check (``nox -s linkcheck``) covers http(s).
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "data", "javascript", "tel"})


@dataclasses.dataclass(frozen=True)
class BrokenLink:
    page: str  # the page with the link, relative to the site root
    line: int
    target: str  # the link as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: broken link '{self.target}': {self.reason}"


class _PageParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link", "area")) or (
                    name == "src" and tag in ("img", "script", "iframe", "source")):
                self.links.append((self.getpos()[0], value))


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def check_site(root: Path) -> tuple[list[BrokenLink], int]:
    """Every broken internal link of the site under ``root``, and the number of links checked."""
    pages = {path.relative_to(root).as_posix(): _parse(path)
             for path in sorted(root.rglob("*.html"))}
    broken: list[BrokenLink] = []
    checked = 0
    for page, parsed in pages.items():
        for line, link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
                continue
            checked += 1
            reason = _problem(root, pages, page, parts.path, unquote(parts.fragment))
            if reason:
                broken.append(BrokenLink(page, line, link, reason))
    return broken, checked


def _problem(root: Path, pages: dict[str, _PageParser], page: str, path: str,
             fragment: str) -> str:
    if path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
        if target.startswith("../"):
            return "it leads outside the site"
        if (root / target).is_dir():
            target = posixpath.join(target, "index.html")
        if not (root / target).is_file():
            return f"no file '{target}'"
    else:
        target = page
    if fragment and target.endswith(".html"):
        ids = pages[target].ids if target in pages else _parse(root / target).ids
        if fragment not in ids:
            return f"'{target}' has no element with id '{fragment}'"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.checks.links", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("site", type=Path, help="the built HTML site, e.g. _build/html")
    arguments = parser.parse_args(argv)
    if not (arguments.site / "index.html").is_file():
        print(f"{arguments.site}: no built site here (no index.html); build it first with "
              "'nox -s build'", file=sys.stderr)
        return 2
    broken, checked = check_site(arguments.site)
    for link in broken:
        print(link)
    pages = sum(1 for _ in arguments.site.rglob("*.html"))
    print(f"internal links: {checked} checked on {pages} pages, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
