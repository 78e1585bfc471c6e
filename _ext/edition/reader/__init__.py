"""The reader room: what a reader of the HTML edition gets beyond the text.

- :mod:`.assets`: the stylesheets and scripts each page links (and only those it uses), the
  header's navigation, accessible markup;
- :mod:`.search`: the search index of passages, notes, register, claims and timeline;
- ``static/``: the reading interface's own CSS and JS (small, no framework).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import assets, search


def setup(app: Sphinx) -> None:
    app.add_transform(search.CollectSearchText)
    app.connect("config-inited", assets.add_static_path)
    app.connect("html-page-context", assets.drop_unused_assets)
    app.connect("html-page-context", assets.accessible_markup)
    # before drop_unused_assets, which copies the page's list of stylesheets
    app.connect("html-page-context", assets.apparatus_assets, priority=400)
    app.connect("html-page-context", assets.navigation_context)
    app.connect("html-page-context", search.search_page_context)
    app.connect("build-finished", search.write_index)
