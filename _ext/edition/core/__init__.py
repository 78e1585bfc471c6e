"""The core room: what every other room builds on, and imports nothing of theirs.

- :mod:`.nodes`: the edition's nodes and their HTML and LaTeX writers;
- :mod:`.text`: the reading text of a passage (what the editors added is not part of it);
- :mod:`.ids`: the grammar of source slugs, passage ids, note ids and data ids;
- :mod:`.domain`: the one owner of cross-document state (:class:`~.domain.EditionDomain`) and of
  the build's state (:class:`~.domain.BuildState`);
- :mod:`.sources`: source pages, their editorial directives, passage numbers;
- :mod:`.metadata`: a source page's front matter; :mod:`.witness`: the received text and its
  declared omissions and normalisations;
- :mod:`.datafile`: reading YAML data files with lines; :mod:`.contributed`: the one safe
  renderer of contributed text; :mod:`.languages`: language marks;
- :mod:`.registry`: the registry of published passage ids; :mod:`.warnings_`: the kinds of
  warning.

Events this room defines, for the rooms above it:

- ``edition-source-status(env, slug)``: a paragraph to show under a source page's front matter
  (or ``None``); the review log gives its line through it.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import contributed, languages, nodes
from .text import UnbreakableLabels
from .domain import EditionDomain, outdated_by_new_files
from .sources import (
    FramingDirective,
    FramingRole,
    HeadnoteDirective,
    NormalisationDirective,
    OmissionDirective,
    SourcePageTransform,
    SuppliedRole,
)


def setup(app: Sphinx) -> None:
    app.add_event("edition-source-status")
    app.add_post_transform(UnbreakableLabels)
    app.add_node(nodes.passage_number,
                 html=(nodes.visit_passage_number_html, None),
                 latex=(nodes.visit_passage_number_latex, None),
                 text=(nodes.visit_skip, None), man=(nodes.visit_skip, None),
                 texinfo=(nodes.visit_skip, None))
    app.add_node(nodes.editorial_note,
                 html=(nodes.visit_editorial_note_html, nodes.depart_editorial_note_html),
                 latex=(nodes.visit_editorial_note_latex, nodes.depart_editorial_note_latex))
    app.add_node(nodes.framing, html=(nodes.visit_framing_html, nodes.depart_framing_html))
    app.add_node(nodes.framing_inline)
    app.add_node(nodes.supplied,
                 latex=(nodes.visit_supplied_latex, nodes.depart_supplied_latex))
    app.add_node(nodes.quote_mark,
                 html=(nodes.visit_quote_mark_html, nodes.depart_quote_mark_html))
    app.add_node(nodes.mention_reference)
    app.add_node(nodes.annotation_marker,
                 html=(nodes.visit_annotation_marker_html, None),
                 latex=(nodes.visit_annotation_marker_latex,
                        nodes.depart_annotation_marker_latex),
                 text=(nodes.visit_annotation_marker_text, None),
                 man=(nodes.visit_skip, None), texinfo=(nodes.visit_skip, None))
    app.add_node(nodes.annotation_note,
                 html=(nodes.visit_annotation_note_html, nodes.depart_annotation_note_html),
                 latex=(nodes.visit_annotation_note_latex, nodes.depart_annotation_note_latex))
    app.add_latex_package("marginnote")
    app.connect("config-inited", nodes.add_latex_preamble)

    app.add_directive("headnote", HeadnoteDirective)
    app.add_directive("omission", OmissionDirective)
    app.add_directive("normalisation", NormalisationDirective)
    app.add_directive("framing", FramingDirective)
    app.add_role("supplied", SuppliedRole())
    app.add_role("framing", FramingRole())
    app.add_domain(EditionDomain)
    app.connect("env-get-outdated", outdated_by_new_files)
    app.add_transform(SourcePageTransform)
    app.connect("source-read", contributed.check_page_file, priority=100)
    app.connect("env-before-read-docs", contributed.check_pages, priority=100)
    app.connect("source-read", languages.check_source)
