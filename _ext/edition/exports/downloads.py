"""The Data and downloads page: every export of the edition (:mod:`.catalogue`) with its format,
what it holds, its licence and its size, as the build wrote it.

The page's ``{exports}`` directive leaves a placeholder; when an HTML build ends (after every
export is written: this handler runs last), the files that match each line of the catalogue are
found in the output folder and the placeholder of the written page is filled with their list, so
that the sizes are the files' own. The page is rewritten only when the table changed. The PDF
and the EPUB are listed when they are built alongside and placed in the site: ``nox -s site``
gives their paths to the HTML build (``edition_bundle``), which copies them to the top of the
site before listing. In the PDF and the EPUB the page says where the files are published.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.warnings_ import EditionWarning, warn
from .catalogue import EXPORTS, LICENCE_URL, Export

logger = logging.getLogger(__name__)


class exports_list(nodes.General, nodes.Element):
    """Where the list of exports goes (filled in the written HTML page when the build ends)."""


#: The placeholder in the written page, and the table that replaces its content.
_OPEN = '<div class="edition-exports" id="edition-exports">'
_CLOSE = "</div><!-- /edition-exports -->"
_PLACEHOLDER = re.compile(re.escape(_OPEN) + r".*?" + re.escape(_CLOSE), re.S)


class ExportsDirective(SphinxDirective):
    """``{exports}``: the list of the edition's exports."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("edition").data["exports_pages"].add(self.env.docname)
        node = exports_list()
        self.set_source_info(node)
        return [node]


def visit_exports_list_html(self: Any, node: exports_list) -> None:
    self.body.append(f"{_OPEN}<p>The list of files is made when the build ends.</p>{_CLOSE}")
    raise nodes.SkipNode


def elsewhere(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: in a book (PDF, EPUB), the files are not in it: say where they are."""
    if app.builder.name in ("html", "dirhtml"):
        return
    for node in list(doctree.findall(exports_list)):
        paragraph = nodes.paragraph()
        paragraph += nodes.Text("The files listed here are published with the HTML edition")
        if app.config.html_baseurl:
            paragraph += nodes.Text(", at ")
            paragraph += nodes.reference(app.config.html_baseurl, app.config.html_baseurl,
                                         refuri=app.config.html_baseurl)
        paragraph += nodes.Text(", on its Data and downloads page.")
        node.replace_self(paragraph)


def size_text(size: int) -> str:
    """A file's size as a reader reads it: 912 bytes, 14 KB, 2.3 MB (decimal units)."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def found_exports(outdir: Path) -> list[tuple[Export, list[tuple[str, int]]]]:
    """Each export of the catalogue with its files in ``outdir`` (path relative to it, size),
    leaving out those with none; a file goes to the first line whose pattern it matches."""
    claimed: set[str] = set()
    found = []
    for export in EXPORTS:
        paths = []
        for path in sorted(outdir.glob(export.pattern)):
            name = path.relative_to(outdir).as_posix()
            if path.is_file() and name not in claimed and not name.endswith(".html"):
                claimed.add(name)
                paths.append((name, path.stat().st_size))
        if paths:
            found.append((export, paths))
    return found


#: At most this many files of one export are listed one by one; more are counted.
LISTED = 12


def _breakable(name: str) -> str:
    """A file's name, escaped, that may break after a slash, dot or hyphen (on a phone)."""
    return re.sub(r"([/.\-])", r"\1<wbr/>", html.escape(name))


def table_html(found: list[tuple[Export, list[tuple[str, int]]]], page_dir: str) -> str:
    """The list of exports, a heading per group and an entry per export (its format, what it
    holds, its licence, its files with their sizes), the links relative to the page's folder.
    A list rather than a table: it reads on a phone as on a wide screen."""
    def link(name: str) -> str:
        return html.escape(os.path.relpath(name, page_dir or ".").replace(os.sep, "/"))

    parts = [_OPEN]
    group = None
    for export, paths in found:
        if export.group != group:
            if group is not None:
                parts.append("</dl>")
            group = export.group
            parts.append(f'<h2 class="edition-exports-group">{html.escape(group)}</h2>'
                         '<dl class="edition-exports-list">')
        licence = html.escape(export.licence).replace(
            "CC BY 4.0", f'<a href="{LICENCE_URL}">CC BY 4.0</a>', 1)
        holds = html.escape(export.holds[:1].upper() + export.holds[1:])
        parts.append(f"<dt>{html.escape(export.format)}</dt><dd><p>{holds}. "
                     f"Licence: {licence}.</p>")
        if len(paths) <= LISTED:
            parts.append('<ul class="edition-exports-files">' + "".join(
                f'<li><a href="{link(name)}">{_breakable(name)}</a> '
                f'<span class="edition-exports-size">{size_text(size)}</span></li>'
                for name, size in paths) + "</ul>")
        else:
            total = sum(size for _, size in paths)
            parts.append(f'<p>{len(paths)} files, <span class="edition-exports-size">'
                         f'{size_text(total)}</span> in all: <code>'
                         f'{_breakable(export.pattern)}</code></p>')
        parts.append("</dd>")
    if group is not None:
        parts.append("</dl>")
    else:
        parts.append("<p>This build wrote no export.</p>")
    parts.append(_CLOSE)
    return "".join(parts)


def place_bundle(app: Sphinx) -> None:
    """Copy the files built alongside (``edition_bundle``: the PDF, the EPUB) to the top of the
    site, under their own names, when they exist and differ from the copy there."""
    outdir = Path(app.outdir)
    for entry in app.config.edition_bundle:
        source = Path(app.srcdir) / entry
        if not source.is_file():
            warn(EditionWarning.EXPORT, f"edition_bundle names '{entry}', which is not built: "
                 f"build it first (nox -s site builds the PDF and the EPUB before the HTML)",
                 "conf.py:edition_bundle")  # the option, in conf.py or given with -D
            continue
        target = outdir / source.name
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)


def fill_pages(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (last): the bundle placed, each page of exports filled with the files
    the build wrote, and rewritten only when its list changed."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    place_bundle(app)
    outdir = Path(app.outdir)
    found = None
    for docname in sorted(app.env.get_domain("edition").data["exports_pages"]):
        page = outdir / app.builder.get_target_uri(docname)
        if page.is_dir() or not page.suffix:
            page = page / "index.html"
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        if found is None:
            found = found_exports(outdir)
        table = table_html(found, page.parent.relative_to(outdir).as_posix())
        filled = _PLACEHOLDER.sub(lambda _: table, text, count=1)
        if filled != text:
            page.write_text(filled, encoding="utf-8")
