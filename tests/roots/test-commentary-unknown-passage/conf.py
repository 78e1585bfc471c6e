import os
import sys

sys.path.insert(0, os.path.abspath("../../../_ext"))
extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition"]
myst_enable_extensions = ["colon_fence"]
smartquotes = False
exclude_patterns = ["_build", "sources/originals", "commentary"]
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
