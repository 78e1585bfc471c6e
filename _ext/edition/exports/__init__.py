"""The exports room: the edition in other forms than its HTML pages.

- :mod:`.citing`: citing a passage, a note, a source, the edition: CSL-JSON records, rendered
  citations, the downloads (BibTeX, BibLaTeX, RIS) and the embedded metadata;
- :mod:`.csl`: citations from the records (citeproc-py), and BibTeX, BibLaTeX, RIS;
- :mod:`.webanno`: the notes as W3C Web Annotations;
- :mod:`.publication`: the edition as a publication: imprint, rights on every page, withheld
  text, versions;
- :mod:`.pdf`: the PDF edition: the LaTeX document arranged as a book, its log checked.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import citing, pdf, publication


def setup(app: Sphinx) -> None:
    app.add_node(citing.how_to_cite)
    app.add_directive("how-to-cite", citing.HowToCiteDirective)
    app.add_post_transform(pdf.BookStructure)
    app.add_post_transform(pdf.LabelContainers)
    app.add_post_transform(pdf.EditorialParagraphs)
    app.add_post_transform(pdf.IndexKeys)
    app.add_post_transform(citing.AddDownloadLinks)
    app.connect("doctree-resolved", citing.fill_how_to_cite)
    app.connect("html-page-context", citing.add_citation_data)
    app.connect("html-page-context", citing.add_metadata)
    app.connect("html-page-context", citing.write_page_downloads)
    app.connect("doctree-resolved", citing.remember_written)
    app.connect("build-finished", citing.write_downloads)
    app.add_node(publication.source_rights)
    app.add_node(publication.find_box)
    app.add_directive("imprint", publication.ImprintDirective)
    app.add_transform(publication.WithholdText)
    app.connect("doctree-resolved", publication.fill_source_rights)
    app.connect("doctree-resolved", publication.fill_find_box)
    # before reader.assets.drop_unused_assets, which copies the page's list of scripts
    app.connect("html-page-context", publication.page_context, priority=400)
