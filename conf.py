"""Sphinx configuration of the edition. Options of the edition's own extension start ``edition_``."""

import os
import sys
import time

sys.path.insert(0, os.path.abspath("_ext"))

project = "The Albanian–Soviet Split, 1956–1961: An Annotated Edition of Five Texts"
author = "The editors"
version = release = "0.1.0"
# A build's date comes from SOURCE_DATE_EPOCH when set, so that two builds are byte-identical.
copyright = f"{time.gmtime(int(os.environ.get('SOURCE_DATE_EPOCH', time.time()))).tm_year}, the editors"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "edition",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# The reading text reproduces the sources' characters: no typographic quotes or dashes.
smartquotes = False

root_doc = "index"
exclude_patterns = [
    "_build", "commentary", ".nox", ".venv", "venv", ".pytest_cache", "**/.pytest_cache", "tests", "docs", "sources/originals",
    "apparatus", "README.md", "CONTRIBUTING.md", "CHANGELOG.md", "LICENSE*", ".github", ".ci",
]

bibtex_bibfiles = ["references.bib"]
# The edition reports unknown citation keys and terms itself, with the nearest key or term
# (edition.bibliography, edition.register); these two warnings of Sphinx and sphinxcontrib-bibtex
# would repeat them without that hint.
suppress_warnings = ["bibtex.key_not_found", "ref.term"]
# Stable anchors for bibliography entries: links to them survive a re-sorted bibliography.
bibtex_cite_id = "bib-{key}"
bibtex_default_style = "alpha"
bibtex_reference_style = "author_year"

html_theme = "furo"
html_title = f"The Albanian–Soviet Split, 1956–1961 (edition {release})"
html_static_path = ["_static"]
html_css_files = ["edition.css"]
html_js_files = [("edition.js", {"defer": "defer"})]
html_copy_source = False
html_show_sourcelink = False

latex_engine = "xelatex"
