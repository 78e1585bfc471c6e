"""The edition's Sphinx extension: source pages, permanent passages, editorial notes.

``setup()`` only registers; the parts live in their own modules:

- :mod:`edition.contributed`: the one safe renderer of contributed text (notes, descriptions,
  claims, events), and the checks that pages are plain UTF-8 files;
- :mod:`edition.metadata`: a source page's front matter (the record of the received text);
- :mod:`edition.sources`: editorial directives, passage numbering, the domain;
- :mod:`edition.nodes`: the nodes and their HTML and LaTeX writers;
- :mod:`edition.register`: the register of names, mentions linked in the sources;
- :mod:`edition.collation`: the claims collation and the timeline;
- :mod:`edition.search`: the search index of passages, notes, register, claims and timeline;
- :mod:`edition.citations`: the sources' own citations resolved; references.bib checked;
- :mod:`edition.review`: the review log of every passage against the scholarship;
- :mod:`edition.apparatus`: reading those data files once per build;
- :mod:`edition.links`: the internal link check of a built site;
- :mod:`edition.pdf`: the PDF edition: the LaTeX document arranged as a book, its log checked;
- :mod:`edition.citing`: citing a passage, a note, a source, the edition (CSL-JSON records);
- :mod:`edition.csl`: citations from the records (citeproc-py), and BibTeX, BibLaTeX, RIS;
- :mod:`edition.bibstyle`: the bibliography page's style (author–year labels, one order);
- :mod:`edition.interface`: the assets each HTML page links; :mod:`edition.weight` weighs them;
- :mod:`edition.fidelity`: the fidelity check of built pages against the received texts;
- :mod:`edition.registry`: the registry of published passage ids;
- :mod:`edition.warnings_`: the kinds of warning, for ``suppress_warnings``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    # Imported here, not above, so that ``python -m edition.fidelity`` and the tests can load the
    # pure modules of the package without loading the whole extension first.
    from . import (apparatus, bibstyle, citations, citing, collation, commentary, contributed,
                   interface, languages, pdf, register, search)
    from . import nodes as edition_nodes
    from .sources import (
        EditionDomain,
        FramingDirective,
        FramingRole,
        HeadnoteDirective,
        NormalisationDirective,
        OmissionDirective,
        SourcePageTransform,
        SuppliedRole,
    )

    bibstyle.register()
    app.add_config_value("edition_originals_dir", "sources/originals", "env", types=[str])
    app.add_config_value("edition_passage_registry", "sources/passages.json", "env", types=[str])
    app.add_config_value("edition_commentary_dir", "commentary", "env", types=[str])
    app.add_config_value("edition_register", "apparatus/register.yaml", "env", types=[str])
    app.add_config_value("edition_claims", "apparatus/claims.yaml", "env", types=[str])
    app.add_config_value("edition_timeline", "apparatus/timeline.yaml", "env", types=[str])
    app.add_config_value("edition_citations", "sources/citations.yaml", "env", types=[str])
    app.add_config_value("edition_review_dir", "apparatus/review", "env", types=[str])
    app.add_config_value("edition_pdf_front_matter", ["editorial-principles"], "env",
                         types=[list])

    html_latex_skip = {"html": (edition_nodes.visit_passage_number_html, None),
                       "latex": (edition_nodes.visit_passage_number_latex, None),
                       "text": (edition_nodes.visit_skip, None),
                       "man": (edition_nodes.visit_skip, None),
                       "texinfo": (edition_nodes.visit_skip, None)}
    app.add_node(edition_nodes.passage_number, **html_latex_skip)
    app.add_node(edition_nodes.editorial_note,
                 html=(edition_nodes.visit_editorial_note_html,
                       edition_nodes.depart_editorial_note_html),
                 latex=(edition_nodes.visit_editorial_note_latex,
                        edition_nodes.depart_editorial_note_latex))
    app.add_node(edition_nodes.framing,
                 html=(edition_nodes.visit_framing_html, edition_nodes.depart_framing_html))
    app.add_node(edition_nodes.framing_inline)
    app.add_node(edition_nodes.supplied, latex=(edition_nodes.visit_supplied_latex,
                                                edition_nodes.depart_supplied_latex))
    app.add_node(edition_nodes.quote_mark, html=(edition_nodes.visit_quote_mark_html,
                                                 edition_nodes.depart_quote_mark_html))
    app.add_node(edition_nodes.mention_text, html=(register.visit_mention_text_html, None))
    app.add_node(edition_nodes.mention_reference)
    app.add_node(edition_nodes.annotation_marker,
                 html=(edition_nodes.visit_annotation_marker_html, None),
                 latex=(edition_nodes.visit_annotation_marker_latex,
                        edition_nodes.depart_annotation_marker_latex),
                 text=(edition_nodes.visit_annotation_marker_text, None),
                 man=(edition_nodes.visit_skip, None), texinfo=(edition_nodes.visit_skip, None))
    app.add_node(edition_nodes.annotation_note,
                 html=(edition_nodes.visit_annotation_note_html,
                       edition_nodes.depart_annotation_note_html),
                 latex=(edition_nodes.visit_annotation_note_latex,
                        edition_nodes.depart_annotation_note_latex))
    app.add_node(commentary.annotation_overview)
    app.add_node(commentary.note_count)
    app.add_node(register.register_mentions, html=(register.visit_register_mentions_html, None))
    app.add_node(register.mention_previews, html=(register.visit_mention_previews_html, None))
    app.add_node(collation.claim_notes)
    app.add_node(citing.how_to_cite)

    app.add_directive("headnote", HeadnoteDirective)
    app.add_directive("omission", OmissionDirective)
    app.add_directive("normalisation", NormalisationDirective)
    app.add_directive("framing", FramingDirective)
    app.add_directive("annotation", commentary.AnnotationDirective)
    app.add_directive("how-to-cite", citing.HowToCiteDirective)
    app.add_directive("edition-commentary", commentary.CommentaryDirective)
    app.add_directive("annotation-overview", commentary.AnnotationOverviewDirective)
    app.add_role("notes", commentary.NoteCountRole())
    app.add_directive("register", register.RegisterDirective)
    app.add_directive("claims", collation.ClaimsDirective)
    app.add_directive("timeline", collation.TimelineDirective)
    app.add_role("supplied", SuppliedRole())
    app.add_role("framing", FramingRole())
    app.add_domain(EditionDomain)
    app.add_transform(SourcePageTransform)
    app.add_transform(commentary.CommentaryHoldsOnlyNotes)
    app.add_transform(commentary.AttachAnnotations)
    app.add_transform(citations.LinkCitations)
    app.add_transform(register.LinkMentions)
    app.add_transform(citations.CheckCitationKeys)
    app.add_transform(search.CollectSearchText)
    app.add_post_transform(commentary.NotesIntoMarkers)
    app.add_post_transform(register.ExpandMentions)
    app.add_post_transform(register.CrossReferenceForms)
    app.add_post_transform(pdf.BookStructure)
    app.add_post_transform(pdf.LabelContainers)
    app.add_post_transform(pdf.EditorialParagraphs)
    app.add_post_transform(pdf.IndexKeys)
    app.add_post_transform(register.CollectPreviews)
    app.add_post_transform(citing.AddDownloadLinks)
    app.connect("source-read", contributed.check_page_file, priority=100)
    app.connect("env-before-read-docs", contributed.check_pages, priority=100)
    app.connect("source-read", commentary.include_commentary)
    app.connect("source-read", languages.check_source)
    app.connect("env-before-read-docs", commentary.remember_reread)
    app.connect("env-get-outdated", commentary.outdated_by_new_commentary)
    app.connect("env-get-outdated", apparatus.load)
    app.connect("env-check-consistency", apparatus.check_consistency)
    app.connect("missing-reference", register.unknown_term)
    app.connect("env-updated", _bibliography_pages)
    app.connect("env-updated", bibstyle.assign_suffixes, priority=400)
    app.connect("env-get-updated", commentary.overviews_to_rewrite)
    app.connect("doctree-resolved", commentary.fill_overviews)
    app.connect("doctree-resolved", register.resolve_mentions, priority=400)
    app.connect("doctree-resolved", register.fill_mentions)
    app.connect("doctree-resolved", collation.fill_claim_notes)
    app.connect("doctree-resolved", citing.fill_how_to_cite)
    app.connect("doctree-resolved", citations.add_cited_in)
    app.connect("html-page-context", interface.drop_unused_assets)
    app.connect("html-page-context", interface.accessible_markup)
    # before drop_unused_assets, which copies the page's list of stylesheets
    app.connect("html-page-context", interface.apparatus_assets, priority=400)
    app.connect("html-page-context", interface.navigation_context)
    app.connect("html-page-context", citing.add_citation_data)
    app.connect("html-page-context", citing.add_metadata)
    app.connect("html-page-context", citing.write_page_downloads)
    app.connect("doctree-resolved", citing.remember_written)
    app.connect("build-finished", citing.write_downloads)
    app.connect("build-finished", search.write_index)
    app.connect("html-page-context", search.search_page_context)
    app.add_latex_package("marginnote")
    app.connect("config-inited", _add_latex_preamble)
    app.connect("config-inited", interface.add_static_path)
    app.connect("config-inited", citations.guard_bibfiles, priority=300)
    app.connect("config-inited", citations.checked_cite_roles)
    return {"version": __version__, "env_version": 8,
            "parallel_read_safe": True, "parallel_write_safe": True}


def _add_latex_preamble(app: Sphinx, config: Any) -> None:
    from .nodes import LATEX_PREAMBLE

    elements = config.latex_elements
    elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE


def _bibliography_pages(app: Sphinx, env: Any) -> list[str]:
    """``env-updated``: rewrite the bibliography pages whenever a page was read again (its
    citations may have changed), since sphinxcontrib-bibtex does not, and an incremental build
    would otherwise leave the list out of step with the citations."""
    if "cite" not in env.domains or not getattr(app, "_edition_reread", None):
        return []
    return sorted({key.docname for key in env.get_domain("cite").bibliographies})
