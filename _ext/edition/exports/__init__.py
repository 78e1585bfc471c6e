"""The exports room: the edition in other forms than its HTML pages.

- :mod:`.citing`: citing a passage, a note, a source, the edition: CSL-JSON records, rendered
  citations, the downloads (BibTeX, BibLaTeX, RIS) and the embedded metadata;
- :mod:`.csl`: citations from the records (citeproc-py), and BibTeX, BibLaTeX, RIS;
- :mod:`.webanno`: the notes as W3C Web Annotations;
- :mod:`.pdf`: the PDF edition: the LaTeX document arranged as a book, its log checked;
- :mod:`.publication`: the edition as a publication: imprint, rights on every page, withheld
  text, versions;
- :mod:`.data`: the apparatus as data: JSON (with JSON Schemas) and CSV, and a Frictionless
  Data Package, in ``data/``;
- :mod:`.catalogue`: every export, with its format, contents and licence (one line each);
- :mod:`.downloads`: the Data and downloads page, listing the exports the build wrote;
- :mod:`.epub`: the EPUB 3 edition: Sphinx's epub builder with the edition's writers;
- :mod:`.tei`: each source in TEI P5 (``sources/<slug>.tei.xml``), from its page's doctree;
- :mod:`.tei_apparatus`: the register, the bibliography and the claims collation in TEI P5
  (``apparatus.tei.xml``);
- :mod:`.plaintext`: each source's reading text as plain text (``sources/<slug>.txt``);
- :mod:`.dts`: the Distributed Text Services (DTS 1.0) API as static JSON-LD and TEI files
  (``dts/``);
- :mod:`.textfiles`: writes those files into the HTML site at build time, each only when it
  changed.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import citing, data, downloads, epub, pdf, publication, textfiles


def setup(app: Sphinx) -> None:
    app.add_builder(epub.EditionEpubBuilder, override=True)
    app.add_node(epub.epub_noteref, html=(epub.visit_epub_noteref_html, None))
    app.add_node(epub.epub_footnote, html=(epub.visit_epub_footnote_html,
                                           epub.depart_epub_footnote_html))
    app.add_post_transform(epub.EpubFootnotes)
    # after exports.citing has added the HTML's metadata
    app.connect("html-page-context", epub.page_context, priority=900)
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
    app.connect("doctree-resolved", textfiles.remember_written)
    app.connect("html-page-context", textfiles.write_page_source)
    app.connect("build-finished", textfiles.write_indexes)
    app.add_node(downloads.exports_list, html=(downloads.visit_exports_list_html, None))
    app.add_directive("exports", downloads.ExportsDirective)
    app.connect("doctree-resolved", downloads.elsewhere)
    app.connect("build-finished", data.write_data)
    # last: after every export is written (a module that writes one at build-finished too
    # connects with a priority below 900)
    app.connect("build-finished", downloads.fill_pages, priority=900)
    app.add_node(publication.source_rights)
    app.add_node(publication.find_box)
    app.add_directive("imprint", publication.ImprintDirective)
    app.add_transform(publication.WithholdText)
    app.connect("doctree-resolved", publication.fill_source_rights)
    app.connect("doctree-resolved", publication.fill_find_box)
    # before reader.assets.drop_unused_assets, which copies the page's list of scripts
    app.connect("html-page-context", publication.page_context, priority=400)
