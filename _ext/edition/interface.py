"""The reading interface's share of each HTML page: only the assets the page uses, and no
markup that fails the accessibility audit.

Every source page must weigh at most 250 KB with its CSS and JS (see :mod:`edition.weight`), so a
page without highlighted code does not link the code-highlighting stylesheet Sphinx adds to all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: Stylesheets that only style code highlighted by Pygments.
CODE_STYLESHEETS = frozenset({"pygments.css", "pygments_dark.css"})


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: Any) -> None:
    """``html-page-context``: leave out the code stylesheets on a page without code."""
    if "css_files" not in context or 'class="highlight' in context.get("body", ""):
        return
    context["css_files"] = [css for css in context["css_files"]
                            if str(getattr(css, "filename", css)).rsplit("/", 1)[-1]
                            not in CODE_STYLESHEETS]


#: The extension's own assets (apparatus pages, search page): the folder joins html_static_path,
#: so that any project using the extension has them.
STATIC_DIR = Path(__file__).parent / "static"


def add_static_path(app: Sphinx, config: Any) -> None:
    """``config-inited``: the extension's own stylesheets and scripts go into ``_static``."""
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


#: Classes that mark an apparatus page's body (register, timeline, claims collation): such a page
#: links the apparatus stylesheet and script, which no source page needs.
APPARATUS_MARKS = ('class="glossary edition-register', 'class="edition-timeline', 'class="edition-claim')


def apparatus_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    """``html-page-context``: the apparatus pages' own CSS and script, on those pages only."""
    body = context.get("body", "")
    if any(mark in body for mark in APPARATUS_MARKS):
        app.add_css_file("apparatus.css")
        app.add_js_file("apparatus.js", defer="defer")


#: docutils writes a bibliography as ``role="list"`` around ``role="doc-biblioentry"`` items, which
#: ARIA does not allow in a list (axe: aria-required-children); without the role it is a plain
#: group of entries, each still announced as a bibliography entry.
_CITATION_LIST = '<div role="list" class="citation-list">'


def accessible_markup(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: Any) -> None:
    """``html-page-context``: mend the markup of others that fails the accessibility audit."""
    body = context.get("body")
    if body and _CITATION_LIST in body:
        context["body"] = body.replace(_CITATION_LIST, '<div class="citation-list">')
