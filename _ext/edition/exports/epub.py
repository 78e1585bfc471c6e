"""The EPUB 3 edition (``nox -s epub``): Sphinx's epub builder with the edition's writers.

The pages are written by the same writers as the HTML edition (passage numbers, marked words,
the register, the apparatus), with what a book needs instead of what the reading interface
needs:

- each note is an EPUB footnote: its marker in the text a ``noteref`` link, the note an
  ``<aside epub:type="footnote">`` gathered at the end of its page under "Notes", with a
  back-link to its marker (:class:`EpubFootnotes`), so that a reader shows it as a pop-up;
- the pages are the epub theme's, not the HTML reader's templates (its header, menus, search
  box and dialogs); no script, no JSON-LD or ``citation_*`` tags, no stylesheet of the reader;
- the book's own stylesheet (``static/edition-epub.css``) embeds the edition's fonts (WOFF2,
  declared as ``font/woff2``, a core media type of EPUB 3.2).

EPUBCheck reads the result in the tests (``tests/exports/test_epub.py``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.nodes import annotation_marker, annotation_note

#: The book's stylesheet, copied to ``_static`` (it embeds the fonts of ``_static/fonts``).
STYLESHEET = Path(__file__).parent / "static" / "edition-epub.css"

#: The reading interface's own stylesheets: the book has its own.
READER_STYLESHEETS = frozenset({"edition.css", "apparatus.css"})

#: What ``_static`` keeps in the book: stylesheets, their images and fonts (no scripts: an EPUB
#: reader runs none of the reading interface's).
KEPT_SUFFIXES = (".css", ".png", ".woff2")


#: Pages of the website that a book has no use for: the page a web server shows for an address
#: it does not have (its find box is a form for the reading interface's scripts).
WEB_ONLY_PAGES = ("404.md",)


class EditionEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, for the edition: see the module's docstring."""

    media_types = {**Epub3Builder.media_types, ".woff2": "font/woff2"}

    def init(self) -> None:
        # before the project's files are found (the environment reads them after this)
        self.config.exclude_patterns = [*self.config.exclude_patterns, *WEB_ONLY_PAGES]
        super().init()

    def init_templates(self) -> None:
        # the project's templates (templates_path) are the HTML reader's; the book's pages are
        # the epub theme's own
        templates_path = self.config.templates_path
        self.config.templates_path = []
        try:
            super().init_templates()
        finally:
            self.config.templates_path = templates_path

    def init_css_files(self) -> None:
        super().init_css_files()
        self.add_css_file(STYLESHEET.name, priority=900)

    def add_css_file(self, filename: str, **kwargs: Any) -> None:
        if filename.rsplit("/", 1)[-1] not in READER_STYLESHEETS:
            super().add_css_file(filename, **kwargs)

    def init_js_files(self) -> None:
        self._js_files = []

    def add_js_file(self, filename: str, **kwargs: Any) -> None:
        pass  # no scripts in the book

    def copy_static_files(self) -> None:
        super().copy_static_files()
        static = Path(self.outdir) / "_static"
        for path in sorted(static.rglob("*")):
            if path.is_file() and (not path.name.endswith(KEPT_SUFFIXES)
                                   or path.name in READER_STYLESHEETS):
                path.unlink()
        shutil.copyfile(STYLESHEET, static / STYLESHEET.name)


class epub_noteref(nodes.Inline, nodes.Element):
    """A note's marker in the text, as an EPUB note reference."""


class epub_footnote(nodes.General, nodes.Element):
    """A note as an EPUB footnote (its children are the note's body)."""


class EpubFootnotes(SphinxPostTransform):
    """In the EPUB, each note's marker becomes a note reference and the note a footnote at the
    end of its page, under a heading "Notes", in the order of the markers."""

    default_priority = 950
    builders = ("epub",)

    def run(self, **kwargs: Any) -> None:
        notes = {note["annotation_id"]: note for note in self.document.findall(annotation_note)}
        if not notes:
            return
        passages = self.env.get_domain("edition").passages
        footnotes = nodes.container(classes=["edition-footnotes"])
        footnotes += nodes.rubric("", "Notes", classes=["edition-footnotes-title"])
        for marker in list(self.document.findall(annotation_marker)):
            aid = marker["annotation_id"]
            marker.replace_self(epub_noteref(annotation_id=aid, type=marker["type"],
                                             number=marker.get("number", "?")))
            note = notes.pop(aid, None)
            if note is None:
                continue
            note.parent.remove(note)
            footnote = epub_footnote(
                annotation_id=aid, number=note.get("number", "?"), type=note["type"],
                passage=passages.get(note["passage"], {}).get("number", ""),
                authors=note["authors"], date=note["date"])
            footnote.extend(note.children)
            footnotes += footnote
        for note in notes.values():  # no marker (the build has warned)
            note.parent.remove(note)
        self.document += footnotes


def visit_epub_noteref_html(self: Any, node: epub_noteref) -> None:
    aid, number = node["annotation_id"], node["number"]
    self.body.append(
        f'<a epub:type="noteref" role="doc-noteref" class="edition-marker '
        f'edition-type-{node["type"]}" id="ref-{aid}" href="#{aid}"><sup>{number}</sup></a>')
    raise nodes.SkipNode


def visit_epub_footnote_html(self: Any, node: epub_footnote) -> None:
    aid, kind = node["annotation_id"], node["type"]
    where = f" on ¶\u00a0{self.encode(node['passage'])}" if node["passage"] else ""
    self.body.append(
        f'<aside epub:type="footnote" role="doc-footnote" id="{aid}" '
        f'class="edition-note edition-type-{kind}">\n'
        f'<p class="edition-note-head"><a class="edition-note-back" href="#ref-{aid}" '
        f'role="doc-backlink">{node["number"]}</a> <span class="edition-note-type">{kind}'
        f'</span>{where}</p>\n')


def depart_epub_footnote_html(self: Any, node: epub_footnote) -> None:
    who = self.encode("; ".join(node["authors"]))
    self.body.append(f'<p class="edition-note-meta">{who}, {node["date"]}</p>\n</aside>\n')


#: What the HTML pages carry for the reading interface (the data of the citation dialog and of
#: the names' previews), not for a book; and sphinx-design's decorative icons (inline SVG,
#: which the book's manifest would have to declare on every page that has one).
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>\n?", re.S)
_ICON = re.compile(r'<svg\b[^>]*class="sd-octicon[^"]*"[^>]*>.*?</svg>', re.S)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    """``html-page-context`` (late): in the EPUB, no metadata for search engines (JSON-LD,
    ``citation_*`` tags), no data for the reading interface's scripts, no decorative icons."""
    if app.builder.name != "epub":
        return
    context["metatags"] = ""
    if "body" in context:
        context["body"] = _ICON.sub("", _SCRIPT.sub("", context["body"]))


# --- building and checking the book -------------------------------------------------------

#: EPUBCheck as Debian's ``epubcheck`` package installs it (run with Java).
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")

#: The book's file name (``epub_basename`` in conf.py).
EPUB_NAME = "edition.epub"


def build_epub(project: Path, outdir: Path, *, env: dict[str, str] | None = None
               ) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Build the EPUB edition strictly (``-E -n -W``) into ``outdir``; the book's path and the
    finished process (check its ``returncode``)."""
    process = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "epub", "-E", "-n", "-W", "--keep-going", "-q",
         "-d", str(outdir.with_name(outdir.name + ".doctrees")), str(project), str(outdir)],
        env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False)
    return outdir / EPUB_NAME, process


def epubcheck(book: Path) -> subprocess.CompletedProcess[str]:
    """EPUBCheck's report on ``book`` (exit status 0 when it found no error)."""
    return subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(book)], capture_output=True,
                          text=True, check=False)


def epubcheck_problem() -> str | None:
    """Why EPUBCheck cannot run here, or None."""
    if shutil.which("java") is None or not EPUBCHECK_JAR.is_file():
        return (f"EPUBCheck needs Java and {EPUBCHECK_JAR}; on Debian or Ubuntu: "
                "sudo apt-get install epubcheck default-jre-headless")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Build the EPUB edition into OUTDIR/edition.epub and check it with EPUBCheck."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m edition.exports.epub",
                                     description=main.__doc__)
    parser.add_argument("project", type=Path, help="the edition's folder")
    parser.add_argument("outdir", type=Path, help="where the EPUB goes, e.g. _build/epub")
    args = parser.parse_args(argv)
    book, process = build_epub(args.project.resolve(), args.outdir.resolve())
    if process.returncode != 0:
        print(process.stdout[-4000:], process.stderr[-4000:], sep="\n", file=sys.stderr)
        print("The EPUB build failed", file=sys.stderr)
        book.unlink(missing_ok=True)
        return 1
    problem = epubcheck_problem()
    if problem:
        print(f"The EPUB edition is built: {book} ({book.stat().st_size} bytes); not checked: "
              f"{problem}")
        return 0
    report = epubcheck(book)
    print(report.stdout, report.stderr, sep="", end="")
    if report.returncode != 0 or "No errors or warnings detected" not in report.stdout:
        print(f"EPUBCheck found problems in {book}", file=sys.stderr)
        return 1
    print(f"The EPUB edition is built and checked: {book} ({book.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
