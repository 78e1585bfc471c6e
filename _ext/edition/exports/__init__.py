"""The exports room: the edition in other forms than its HTML pages.

- :mod:`.citing`: citing a passage, a note, a source, the edition: CSL-JSON records, rendered
  citations, the downloads (BibTeX, BibLaTeX, RIS) and the embedded metadata;
- :mod:`.csl`: citations from the records (citeproc-py), and BibTeX, BibLaTeX, RIS;
- :mod:`.webanno`: the notes as W3C Web Annotations;
- :mod:`.pdf`: the PDF edition: the LaTeX document arranged as a book, its log checked;
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

from . import citing, pdf, textfiles


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
    app.connect("doctree-resolved", textfiles.write_source)
    app.connect("build-finished", textfiles.write_indexes)
