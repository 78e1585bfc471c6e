"""The reading interface's share of each HTML page: only the assets the page uses, and no
markup that fails the accessibility audit.

Every source page must weigh at most 90 KB transferred with its CSS and JS (see
:mod:`edition.checks.weight`), so a page without highlighted code does not link the code-highlighting
stylesheet Sphinx adds to all, nor a page without a card or dropdown sphinx-design's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: Stylesheets that only style code highlighted by Pygments.
CODE_STYLESHEETS = frozenset({"pygments.css", "pygments_dark.css"})


def _name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset)).rsplit("/", 1)[-1]


#: Sphinx's scripts for its own search (the words of ``?highlight=`` marked, and what that needs):
#: the edition's search is its own (:mod:`edition.reader.search`), so no page links them.
SPHINX_SEARCH_SCRIPTS = frozenset({"documentation_options.js", "doctools.js", "sphinx_highlight.js"})


def _is_design_asset(asset: Any) -> bool:
    """sphinx-design's stylesheet (``sphinx-design.<hash>.min.css``) and tabs script."""
    name = _name(asset)
    return name.startswith("sphinx-design.") or name == "design-tabs.js"


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: Any) -> None:
    """``html-page-context``: leave out Sphinx's search scripts, the code stylesheets on a page
    without code, sphinx-design's tabs script on a page without tabs, and its CSS and JS on a
    page without a card, dropdown, tab or badge."""
    body = context.get("body", "")
    if "script_files" in context:
        tabs = "sd-tab-set" in body
        context["script_files"] = [js for js in context["script_files"]
                                   if _name(js) not in SPHINX_SEARCH_SCRIPTS
                                   and (tabs or _name(js) != "design-tabs.js")]
    if "css_files" in context and 'class="highlight' not in body:
        context["css_files"] = [css for css in context["css_files"]
                                if _name(css) not in CODE_STYLESHEETS]
    if 'class="sd-' not in body and " sd-" not in body:
        if "css_files" in context:
            context["css_files"] = [css for css in context["css_files"]
                                    if not _is_design_asset(css)]
        if "script_files" in context:
            context["script_files"] = [js for js in context["script_files"]
                                       if not _is_design_asset(js)]


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


#: docutils' HTML5 writer adds its own viewport meta to a page's meta tags, and Sphinx's layout
#: has one already: two on every page.
_DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


def accessible_markup(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: Any) -> None:
    """``html-page-context``: mend the markup of others that fails the accessibility audit."""
    body = context.get("body")
    if body and _CITATION_LIST in body:
        context["body"] = body.replace(_CITATION_LIST, '<div class="citation-list">')
    metatags = context.get("metatags")
    if metatags and _DOCUTILS_VIEWPORT in metatags:
        context["metatags"] = metatags.replace(_DOCUTILS_VIEWPORT, "").lstrip("\n")


def navigation_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: Any) -> None:
    """``html-page-context``: what the header's menu needs on every page: the sources in the
    edition's order, each with its siglum (the slug the notes and the apparatus cite it by) and
    short title, the apparatus pages, and, on a source page, its slug for the "Go to ¶" box."""
    env = app.env
    records = env.get_domain("edition").data["records"]
    order = env.toctree_includes.get(app.config.root_doc, [])
    sources, apparatus, front = [], [], []
    for docname in order:
        link = app.builder.get_relative_uri(pagename, docname)
        if docname in records:
            fields = records[docname]
            sources.append({"link": link, "slug": fields["slug"],
                            "short": fields.get("short_title") or fields["title"],
                            "title": fields["title"], "current": docname == pagename})
        else:
            title = env.titles.get(docname)
            # a page before the first source (the introduction) follows the title page
            (apparatus if sources else front).append(
                {"link": link, "title": title.astext() if title else docname,
                 "current": docname == pagename})
    context["edition_front"] = front
    context["edition_sources"] = sources
    context["edition_apparatus"] = apparatus
    context["edition_slug"] = records.get(pagename, {}).get("slug")
