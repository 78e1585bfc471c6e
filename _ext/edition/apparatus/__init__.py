"""The apparatus room: what the edition builds around the sources from its data files.

- :mod:`.data`: the data files read and checked once per build, and what a change to them makes
  outdated;
- :mod:`.register` (the register page and its entries) and :mod:`.mentions` (names in the
  reading text linked to the register);
- :mod:`.collation`: the claims collation and the timeline;
- :mod:`.citations`: the sources' own citations resolved to their reference lists;
- :mod:`.bibliography` and :mod:`.bibstyle`: ``references.bib`` checked, and its page's style;
- :mod:`.review`: the review log of every passage against the scholarship; each passage's
  statements in a fold after it (HTML), and the Review page (``{review}``).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..core.nodes import mention_text
from . import bibliography, bibstyle, citations, collation, data, mentions, register, review


def setup(app: Sphinx) -> None:
    bibstyle.register()
    app.add_node(mention_text, html=(mentions.visit_mention_text_html, None))
    app.add_node(register.register_mentions, html=(register.visit_register_mentions_html, None))
    app.add_node(mentions.mention_previews, html=(mentions.visit_mention_previews_html, None))
    app.add_node(collation.claim_notes)
    # the review's fold after a passage is HTML only: the PDF prints the review as an appendix
    skip = (review.skip_node, None)
    app.add_node(review.review_fold, html=(review.visit_review_fold_html, None), latex=skip,
                 text=skip, man=skip, texinfo=skip)
    app.add_node(review.review_overview)
    app.add_directive("register", register.RegisterDirective)
    app.add_directive("claims", collation.ClaimsDirective)
    app.add_directive("timeline", collation.TimelineDirective)
    app.add_directive("review", review.ReviewDirective)
    app.add_transform(citations.LinkCitations)
    app.add_transform(mentions.LinkMentions)
    app.add_transform(bibliography.CheckCitationKeys)
    app.add_post_transform(mentions.ExpandMentions)
    app.add_post_transform(mentions.CrossReferenceForms)
    app.add_post_transform(mentions.CollectPreviews)
    app.connect("config-inited", bibliography.checked_cite_roles)
    # before sphinxcontrib-bibtex's own builder-inited (500), which reads the .bib files
    app.connect("builder-inited", bibliography.guard_bibfiles, priority=300)
    app.connect("env-get-outdated", data.load)
    app.connect("env-check-consistency", data.check_consistency)
    app.connect("missing-reference", mentions.unknown_term)
    app.connect("missing-reference", collation.unread_claim)
    app.connect("env-updated", bibliography.bibliography_pages)
    app.connect("env-updated", bibstyle.assign_suffixes, priority=400)
    app.connect("edition-source-status", review.source_status)
    app.connect("doctree-resolved", mentions.resolve_mentions, priority=400)
    app.connect("doctree-resolved", register.fill_mentions)
    app.connect("doctree-resolved", collation.fill_claim_notes)
    app.connect("doctree-resolved", citations.add_cited_in)
    app.connect("doctree-resolved", review.fill_overview)
    # late: after every handler that reads a passage's text
    app.connect("doctree-resolved", review.add_folds, priority=900)
