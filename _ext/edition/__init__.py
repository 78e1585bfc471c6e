"""The edition's Sphinx extension: source pages, permanent passages, editorial notes, apparatus.

The package has one room per concern; each registers itself (``setup(app)`` in its
``__init__``), and a room imports only the rooms below it (``ARCHITECTURE.md``):

- :mod:`edition.config`: the ``edition_*`` options, declared and validated once;
- :mod:`edition.core`: nodes and writers, the reading text, the id grammar, the domain (the one
  owner of cross-document state), source pages, data files, the safe renderer of contributed
  text, the passage registry;
- :mod:`edition.commentary`: the commentary files and their notes attached to exact words;
- :mod:`edition.apparatus.data`: the register and its mentions, the claims collation and the
  timeline, the sources' citations and the bibliography, the review log;
- :mod:`edition.reader`: what the HTML reader gets beyond the text: assets and search;
- :mod:`edition.exports`: citing (CSL, BibTeX, RIS, Web Annotations) and the PDF book;
- :mod:`edition.checks`: command-line tools (``python -m edition.checks.lint`` and so on),
  which import whatever they check and are imported by no room.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from . import apparatus, commentary, config, core, exports, reader

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    config.setup(app)
    core.setup(app)
    commentary.setup(app)
    apparatus.setup(app)
    reader.setup(app)
    exports.setup(app)
    return {"version": __version__, "env_version": 13,
            "parallel_read_safe": True, "parallel_write_safe": True}
