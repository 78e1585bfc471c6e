"""The catalogue of the edition's exports: every file a build publishes for reuse, with its
format, what it holds and its licence, from which the Data and downloads page is made.

Each export is one line of :data:`EXPORTS`: a pattern of file names in the HTML output folder
(a ``glob`` pattern, relative to it), and the words the page shows. The page lists the files
that match each pattern when the build ends, with their sizes (a file goes to the first line
whose pattern it matches), so an export that a build did not write (the PDF without TeX) is
simply not listed. A module that writes a new export adds its
line here; nothing else has to change.
"""

from __future__ import annotations

import dataclasses

from .citing import ANNOTATIONS_SUFFIX, DOWNLOADS, ITEMS_DIR

#: The licence of the editors' own matter (LICENSE-commentary.md).
EDITORS_LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

#: The licence of a file that holds the sources' texts as well as the editors' matter.
MIXED_LICENCE = ("the editors' matter CC BY 4.0; each source's text under its own rights, "
                 "as its record states")


@dataclasses.dataclass(frozen=True)
class Export:
    pattern: str  #: file names in the HTML output folder, e.g. ``sources/*.tei.xml``
    format: str  #: e.g. "TEI P5 XML"
    holds: str  #: what the files hold, in a few words
    licence: str = EDITORS_LICENCE
    #: a heading of the page's table: exports of a kind are listed together
    group: str = "The apparatus as data"


_CITATION_FORMATS = ", ".join(DOWNLOADS.values())

#: Every export, in the order the Data and downloads page lists them.
EXPORTS: tuple[Export, ...] = (
    Export("edition.pdf", "PDF", "the whole edition as a book: the sources with the notes as "
           "footnotes, the apparatus, the review as an appendix", MIXED_LICENCE,
           "The whole edition"),
    Export("edition.epub", "EPUB 3", "the whole edition for e-readers: the sources with the "
           "notes as footnotes, the apparatus", MIXED_LICENCE, "The whole edition"),
    Export("sources/*.tei.xml", "TEI P5 XML", "each source: the record of the received text "
           "and the editorial declarations, every passage with its id and number, the notes "
           "stand-off and anchored to their words, the names linked to the register",
           MIXED_LICENCE, "The sources"),
    Export("sources/*.txt", "Plain text (UTF-8)", "each source's reading text, passage by "
           "passage with its id and number", MIXED_LICENCE, "The sources"),
    Export("dts/index.jsonld", "DTS 1.0 entry point (JSON-LD)", "the passage API as static "
           "files (Distributed Text Services): from here, the collection of the sources, each "
           "source's passages and sections, and each one's TEI", MIXED_LICENCE, "The sources"),
    Export("dts/**/*.jsonld", "DTS 1.0 collection and navigation (JSON-LD)", "the sources, "
           "their passages and sections", MIXED_LICENCE, "The sources"),
    Export("dts/document/**/*.xml", "DTS 1.0 documents (TEI P5 XML)", "each source, passage "
           "and section in TEI, with the notes on it", MIXED_LICENCE, "The sources"),
    Export("apparatus.tei.xml", "TEI P5 XML", "the register with its authority identifiers, "
           "the bibliography and the claims collation",
           "CC BY 4.0; the bibliographic data CC0"),
    Export("data/datapackage.json", "Frictionless Data Package (JSON)",
           "the description of the data files below: their tables, fields, keys and licence"),
    Export("data/*.schema.json", "JSON Schema (draft 7)",
           "the schema each JSON file validates against"),
    Export("data/*.json", "JSON", "register, claims, timeline, notes and review log, one "
           "file each"),
    Export("data/*.csv", "CSV (UTF-8)", "the same data as tables: one row per entry, claim "
           "reading, event, note, reviewed passage and statement"),
    Export(f"sources/*{ANNOTATIONS_SUFFIX}", "W3C Web Annotations (JSON-LD)",
           "each source's notes, anchored to their words on the page", group="The notes"),
    Export("edition.*", _CITATION_FORMATS, "the edition's bibliographic record",
           group="Citation records"),
    Export("sources/*.bib", "BibTeX, BibLaTeX", "each source's bibliographic record",
           group="Citation records"),
    Export("sources/*.ris", "RIS", "each source's bibliographic record", group="Citation records"),
    Export("sources/*.csl.json", "CSL-JSON", "each source's bibliographic record",
           group="Citation records"),
    Export(f"sources/{ITEMS_DIR}/*", _CITATION_FORMATS,
           "the record of every passage and note, for a reference manager",
           group="Citation records"),
)
