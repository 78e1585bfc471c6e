"""Sphinx configuration of the edition. Options of the edition's own extension start ``edition_``."""

import json
import os
import sys
import time
import tomllib

sys.path.insert(0, os.path.abspath("_ext"))

project = "The Albanian–Soviet Split, 1956–1961: An Annotated Edition of Five Texts"
author = "The editors"
# The edition's version has one source, pyproject.toml ([project] version); CHANGELOG.md's
# latest entry names it, and the HTML title and the PDF title page show it.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyproject.toml"), "rb") as _f:
    version = release = tomllib.load(_f)["project"]["version"]
# No copyright line on the pages: the editors' text is CC BY 4.0 and each source keeps its own
# rights, both named at the foot of every page (_templates/layout.html). Sphinx's copyright is
# kept for the PDF and the metadata; a build's date comes from SOURCE_DATE_EPOCH when set.
copyright = f"{time.gmtime(int(os.environ.get('SOURCE_DATE_EPOCH', time.time()))).tm_year}, the editors"
html_show_copyright = False

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    # cards, dropdowns and badges; their CSS and JS reach only the pages that use them
    "sphinx_design",
    "edition",
]
# attrs_inline: words in another language are marked [Zëri i Popullit]{.language-sq}, which
# docutils writes as lang="sq" (docs/source-page-format.md §8).
myst_enable_extensions = ["attrs_inline", "colon_fence", "deflist"]
myst_heading_anchors = 3
# The reading text reproduces the sources' characters: no typographic quotes or dashes.
smartquotes = False

root_doc = "index"
exclude_patterns = [
    "_build", "commentary", ".nox", ".venv", "venv", ".pytest_cache", "**/.pytest_cache", "tests", "docs", "sources/originals",
    "apparatus", "README.md", "ARCHITECTURE.md", "CONTRIBUTING.md", "CHANGELOG.md", "SECURITY.md", "LICENSE*",
    ".github", ".ci", "benchmarks", "BENCHMARKS.md", "node_modules",
]

bibtex_bibfiles = ["references.bib"]
# The edition reports unknown citation keys and terms itself, with the nearest key or term
# (edition.bibliography, edition.register); these two warnings of Sphinx and sphinxcontrib-bibtex
# would repeat them without that hint.
suppress_warnings = ["bibtex.key_not_found", "ref.term"]
# Stable anchors for bibliography entries: links to them survive a re-sorted bibliography.
bibtex_cite_id = "bib-{key}"
# The bibliography labels its entries as the text cites them ("Hoxha, 1980"): edition.bibstyle
bibtex_default_style = "edition"
bibtex_reference_style = "author_year"

# Alabaster, Sphinx's own theme, is the lightest that reads well: a source page must weigh at most
# 250 KB with its CSS and JS (python -m edition.checks.weight), and furo's CSS alone is 51 KB. The edition's
# own CSS adds the dark mode (the reader's system setting), the sidenotes and the print layout.
html_theme = "alabaster"
html_theme_options = {
    "page_width": "60rem", "body_max_width": "none",  # the page's width: _static/edition.css
    "font_family": "'Edition Serif', serif", "head_font_family": "inherit",
    "font_size": "1.05rem", "show_relbars": True, "show_powered_by": False,
    "description": "An annotated edition of five texts",
}
# The search field is in every page's header, at every width (_templates/layout.html).
# No sidebar: the header's menu is the edition's navigation, at every width (_templates/layout.html).
html_sidebars = {"**": []}
# Permalinks in citations are absolute when the edition's public address is set, e.g.
# EDITION_BASEURL=https://example.org/albanian-soviet-split/ (README: "Reading and citing").
html_baseurl = os.environ.get("EDITION_BASEURL", "")
# The sitemap (sphinx-sitemap) needs the public address: it is made only when the address is set
# (the GitHub Pages workflow sets it), with the pages' absolute URLs.
if html_baseurl:
    extensions.append("sphinx_sitemap")
    sitemap_url_scheme = "{link}"
    sitemap_excludes = ["search.html", "genindex.html", "404.html"]

# The publication (exports/publication.py, the imprint page). The roles stay "The editors", a
# collective, until people agree to be named. The repository's address and the versions come from
# the publishing workflow and nox -s versions (EDITION_REPOSITORY, EDITION_VERSION_*).
edition_repository = os.environ.get("EDITION_REPOSITORY", "")
edition_withhold_text = os.environ.get("EDITION_WITHHOLD_TEXT", "") == "1"
# nox -s versions (tools/versions.py, sphinx-polyversion) builds each version with its name, the
# latest release's and every version's in POLYVERSION_DATA; each lives at <address>/<name>/.
_versions = json.loads(os.environ.get("POLYVERSION_DATA") or "{}")
edition_version_name = _versions.get("name", "")
edition_latest_version = _versions.get("latest", "")
edition_versions = _versions.get("versions", [])
if html_baseurl and edition_version_name:
    html_baseurl = f"{html_baseurl.rstrip('/')}/{edition_version_name}/"
# References in the commentary link to the bibliography; a tooltip with the full reference on
# each of them would weigh 10 KB on a source page.
bibtex_tooltips = False
html_title = f"The Albanian–Soviet Split, 1956–1961 (edition {release})"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["edition.css"]
html_favicon = "_static/favicon.svg"  # the passage mark, in the edition's blue
html_js_files = [("edition.js", {"defer": "defer"})]
html_copy_source = False
html_show_sourcelink = False

# The PDF edition (nox -s pdf): a book through XeLaTeX, whose default FreeSerif has every
# Albanian and Cyrillic glyph of the texts. edition.pdf arranges the chapters and parts.
# the front matter of the book, after the title page's own text: the introduction, the principles,
# the imprint (who is responsible, the licence and rights, how to report an error)
edition_pdf_front_matter = ["introduction", "editorial-principles", "imprint"]
latex_engine = "xelatex"
latex_documents = [(root_doc, "edition.tex", project, author, "manual")]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # one-sided, chapters on any page: a PDF read on screen has no blank versos
    "extraclassoptions": "openany,oneside",
    # wide enough a left margin for the passage numbers, a measure of about 80 characters
    "sphinxsetup": "hmargin={1.4in,1.2in}, vmargin={1in,1in}, marginpar=0.8in",
    "fncychap": "",
    # the book's chapters and parts are not numbered: sources keep only their own headings
    "preamble": r"\setcounter{secnumdepth}{-1}"
                r"\addto\captionsenglish{\renewcommand{\contentsname}{Contents}}"
                # the bibliography page's own title is its chapter: no second "Bibliography";
                # works are cited by author and year, so the list needs no labels: hanging indent
                r"\makeatletter\renewenvironment{sphinxthebibliography}[1]{\phantomsection"
                r"\renewcommand{\chapter}[2]{}\renewcommand{\@biblabel}[1]{}"
                r"\begin{thebibliography}{}\setlength{\leftmargin}{1.5em}"
                r"\setlength{\@totalleftmargin}{1.5em}\setlength{\linewidth}{\dimexpr\textwidth-1.5em}"
                r"\parshape1 1.5em\linewidth\setlength{\itemindent}{-1.5em}}"
                r"{\end{thebibliography}}\makeatother"
                # running heads in small type: the edition's short title, and the page number
                r"\makeatletter\fancypagestyle{normal}{\fancyhf{}"
                r"\fancyhead[L]{\small\py@HeaderFamily The Albanian–Soviet Split, 1956–1961}"
                r"\fancyhead[R]{\small\py@HeaderFamily\thepage}}"
                r"\fancypagestyle{plain}{\fancyhf{}\fancyfoot[C]{\small\py@HeaderFamily\thepage}"
                r"\renewcommand{\headrulewidth}{0pt}}"
                # the index of names in the text's type, not typewriter; xindy writes a page
                # range as two page numbers side by side: put the dash between them
                r"\def\sphinxstyleindexentry#1{#1}"
                r"\AtBeginDocument{\let\editionhyperpage\hyperpage"
                r"\def\hyperpage#1{\editionhyperpage{#1}\@ifnextchar\hyperpage{\textendash}{}}}"
                r"\makeatother"
                # long URLs (sources, bibliography) break anywhere rather than run off the page
                r"\usepackage{xurl}",
    "releasename": "Version",
    # hyperref names each link target after its label (a passage, note, entry, work), so the
    # tests can tell what a link points to
    "passoptionstopackages": r"\PassOptionsToPackage{destlabel=true}{hyperref}",
}
# the title page's date ("1 January 2026"): Sphinx takes it from SOURCE_DATE_EPOCH when set
today_fmt = "%-d %B %Y"
latex_domain_indices = False
latex_show_urls = "no"

# The EPUB edition (nox -s epub): Sphinx's epub builder as edition.exports.epub adapts it, with
# its own stylesheet (the edition's fonts embedded) instead of the HTML reader's.
epub_basename = "edition"
epub_title = project
epub_description = ("An annotated edition of five texts on the Albanian–Soviet split, "
                    "1956–1961, with the editors' notes, a register, a claims collation, a "
                    "timeline and a bibliography.")
epub_publisher = author
epub_contributor = author
# the book's identifier, its name and version (an XML name: the NCX repeats it as its uid)
epub_identifier = epub_uid = f"albanian-soviet-split-edition-{release}"
epub_scheme = "edition"
epub_css_files = []
# the links keep their addresses in the book; no URL is printed into the reading text
epub_show_urls = "no"
