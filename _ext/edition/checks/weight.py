"""Page weight of a built HTML site: what a reader downloads to read one page.

A page's weight is its HTML plus every stylesheet and script it links from the site, each counted
once and as readers receive it: compressed with gzip, as any static host serves text. Fonts (the
``@font-face`` files of its stylesheets, already compressed) are reported beside it, not counted
in it; images are left aside. The budget: a source page at most 90 KB. Run it as
``python -m edition.checks.weight _build/html``: it prints every page, heaviest first, and exits 1 when
a source page is over the budget.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import html.parser
import posixpath
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: The budget of a source page, in bytes transferred with gzip (1 KB = 1000 bytes).
SOURCE_PAGE_BUDGET = 90_000


_FONT_URL = re.compile(r"""url\(\s*["']?([^"')]+\.woff2?)["']?\s*\)""")


def transferred(data: bytes) -> int:
    """Bytes on the wire for a text file served with gzip (level 6, the usual default)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@functools.lru_cache(maxsize=256)
def _asset(path: Path) -> tuple[int, tuple[str, ...]]:
    """A stylesheet's or script's transferred size and, for a stylesheet, its font files."""
    data = path.read_bytes()
    fonts = tuple(_FONT_URL.findall(data.decode("utf-8", "replace"))) if path.suffix == ".css" else ()
    return transferred(data), fonts


@dataclasses.dataclass(frozen=True)
class PageWeight:
    page: str  # relative to the site root, with forward slashes
    html: int  # bytes transferred (gzip)
    assets: dict[str, int]  # linked stylesheet or script (relative to the site root) -> bytes
    fonts: dict[str, int] = dataclasses.field(default_factory=dict)  # font file -> bytes

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())

    def __str__(self) -> str:
        css = sum(size for name, size in self.assets.items() if name.endswith(".css"))
        js = self.total - self.html - css
        return (f"{self.total / 1000:7.1f} KB  {self.page}  (HTML {self.html / 1000:.1f}, "
                f"CSS {css / 1000:.1f}, JS {js / 1000:.1f}; fonts apart: "
                f"{sum(self.fonts.values()) / 1000:.1f})")


class _LinkedAssets(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").split() and values.get("href"):
            self.urls.append(values["href"])
        elif tag == "script" and values.get("src"):
            self.urls.append(values["src"])


def page_weight(root: Path, page: Path) -> PageWeight:
    """The weight of one built page: its HTML and the local CSS and JS it links (gzip), and the
    fonts its stylesheets load."""
    text = page.read_bytes()
    parser = _LinkedAssets()
    parser.feed(text.decode("utf-8", errors="replace"))
    parser.close()
    relative = page.relative_to(root).as_posix()
    assets: dict[str, int] = {}
    fonts: dict[str, int] = {}
    for url in parser.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:  # not served by the site: not ours to weigh
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(relative),
                                                   unquote(parts.path)))
        path = root / target
        if path.is_file():
            assets[target], font_urls = _asset(path.resolve())
            for font in font_urls:
                font_target = posixpath.normpath(posixpath.join(posixpath.dirname(target), font))
                if (root / font_target).is_file():
                    fonts[font_target] = (root / font_target).stat().st_size
    return PageWeight(relative, transferred(text), assets, fonts)


def site_weights(root: Path) -> list[PageWeight]:
    """Every HTML page of the site, heaviest first."""
    pages = [page_weight(root, path) for path in sorted(root.rglob("*.html"))
             if not any(part.startswith((".", "_")) for part in path.relative_to(root).parts)]
    return sorted(pages, key=lambda weight: (-weight.total, weight.page))


def is_source_page(weight: PageWeight) -> bool:
    return weight.page.startswith("sources/")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.checks.weight", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("site", type=Path, help="the built HTML site, e.g. _build/html")
    args = parser.parse_args(argv)
    weights = site_weights(args.site)
    if not weights:
        print(f"{args.site}: no HTML pages; build the site first", file=sys.stderr)
        return 2
    over = [w for w in weights if is_source_page(w) and w.total > SOURCE_PAGE_BUDGET]
    for weight in weights:
        mark = "  OVER BUDGET" if weight in over else ""
        print(f"{weight}{mark}")
    print(f"{len(weights)} pages; budget of a source page: {SOURCE_PAGE_BUDGET / 1000:.0f} KB "
          f"transferred (gzip), fonts apart; {len(over)} over it")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
