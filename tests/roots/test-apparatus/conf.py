import os
import sys

sys.path.insert(0, os.path.abspath("../../../_ext"))
extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition"]
myst_enable_extensions = ["colon_fence"]
smartquotes = False
exclude_patterns = ["_build", "sources/originals", "commentary", "apparatus"]
bibtex_bibfiles = ["references.bib"]
# The edition reports unknown citation keys and terms itself, with the nearest key or term
# (edition.bibliography, edition.register); these two warnings of Sphinx and sphinxcontrib-bibtex
# would repeat them without that hint.
suppress_warnings = ["bibtex.key_not_found", "ref.term"]
bibtex_reference_style = "author_year"
bibtex_cite_id = "bib-{key}"
