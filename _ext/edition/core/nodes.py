"""Document nodes of the edition, neutral for every builder, with their HTML and LaTeX writers.

Editorial matter is kept apart from the reading text by node type, so the checks can tell the
two apart in the doctree and, through the CSS classes in :mod:`edition.core.text`, in the built HTML.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.latex import LaTeXTranslator


class editorial_note(nodes.container):
    """Editors' matter beside the reading text: head-note, metadata, omission, normalisation.

    ``kind`` names which; ``data`` holds the machine-readable declaration (for omissions and
    normalisations) that the HTML carries as ``data-*`` attributes for the fidelity check.
    """


class framing(nodes.container):
    """Text that frames the work without being it (a portal's introduction); reading text."""


class framing_inline(nodes.inline):
    """Inline framing text, such as a web site's sign-off at the end of a paragraph."""


class supplied(nodes.inline):
    """Words supplied by the editors inside the reading text (a missing title); not the work's."""


class passage_number(nodes.Inline, nodes.Element):
    """The visible, linked number of a passage (¶ 12). It has no text children, so it never
    enters the passage's text, the search index or the fidelity check."""


class annotation_note(nodes.container):
    """An editors' note on exact words of a passage: placed after its passage (a sidenote in
    HTML), or inside its marker for LaTeX (a footnote). Attributes: ``annotation_id``,
    ``passage``, ``quote``, ``prefix``, ``suffix``, ``type``, ``authors``, ``date``, ``number``."""


class annotation_marker(nodes.Inline, nodes.Element):
    """The numbered marker after the quoted words; links to its note and back."""


class quote_mark(nodes.inline):
    """The source's own words that a note comments on, marked in place (text unchanged)."""


class Mention(NamedTuple):
    """A mention of a register entry in a run of reading text, as a stand-off span."""

    start: int
    end: int
    entry_id: str
    first_in_passage: bool  # the passage's index entry for the entry goes here (LaTeX)


class mention_text(nodes.Text):
    """A run of reading text that mentions register entries: the text unchanged, and its
    mentions as spans over it (``mentions``), in the passage ``passage``.

    One node, however many mentions. A source page has a mention every hundred characters or
    so; as link nodes, each would add three nodes and a split of the text that every later
    transform, the pickled environment, the writer and the search indexer walk, which nearly
    doubled the build time. The HTML writer writes each span as a link; for the other builders
    :class:`edition.apparatus.data.register.ExpandMentions` turns the spans into link and index nodes. A
    builder that knows neither writes the text plain, as a :class:`~docutils.nodes.Text`."""

    mentions: tuple[Mention, ...] = ()
    passage: str = ""

    def __new__(cls, data: str, mentions: tuple[Mention, ...] = (), passage: str = "") -> Any:
        self = super().__new__(cls, data)
        self.mentions, self.passage = tuple(mentions), passage
        return self

    def copy(self) -> mention_text:
        return self.__class__(str(self), self.mentions, self.passage)

    def deepcopy(self) -> mention_text:
        return self.copy()


class mention_reference(nodes.reference):
    """A mention of a register entry linked to the entry, as the builders other than HTML get
    it (see :class:`mention_text`)."""


def replace_child(node: nodes.Node, replacement: list[nodes.Node]) -> None:
    """Put ``replacement`` where ``node`` is in its parent. The node is found by identity: Text
    nodes are strings, and an equal string earlier in the parent would match in list.index."""
    parent = node.parent
    index = next(i for i, child in enumerate(parent.children) if child is node)
    parent[index:index + 1] = replacement


def apparatus_placeholders(env: Any, doctree: nodes.document, docname: str,
                           node_class: type[nodes.Element]) -> list[nodes.Element]:
    """The placeholders of ``node_class`` that a page of the apparatus (register, claims, list of
    notes) fills when it is written. A source page has none, and is not walked for them: there
    are hundreds of source pages, and a handful of apparatus pages."""
    if docname in env.get_domain("edition").sources:
        return []
    return list(doctree.findall(node_class))


def _data_attributes(node: nodes.Element) -> dict[str, str]:
    return {f"data-{key}": str(value) for key, value in node.get("data", {}).items()}


def visit_editorial_note_html(self: HTML5Translator, node: editorial_note) -> None:
    classes = f"edition-editorial edition-{node['kind']}"
    self.body.append(self.starttag(node, "div", CLASS=classes, role="note",
                                   **_data_attributes(node)))


def depart_editorial_note_html(self: HTML5Translator, node: editorial_note) -> None:
    self.body.append("</div>\n")


def visit_framing_html(self: HTML5Translator, node: framing) -> None:
    self.body.append(self.starttag(node, "div", CLASS="edition-framing", role="group",
                                   **{"aria-label": f"Framing text by {node['by']}"}))


def depart_framing_html(self: HTML5Translator, node: framing) -> None:
    self.body.append("</div>\n")


def visit_passage_number_html(self: HTML5Translator, node: passage_number) -> None:
    self.body.append(
        f'<a class="edition-pnum" href="#{node["passage_id"]}" '
        f'title="Passage {node["number"]}: permanent link">¶\u00a0{node["number"]}</a>'
    )
    raise nodes.SkipNode


def visit_quote_mark_html(self: HTML5Translator, node: quote_mark) -> None:
    self.body.append(self.starttag(node, "mark", "", CLASS="edition-quote",
                                   **{"data-annotation": node["annotation_id"]}))


def depart_quote_mark_html(self: HTML5Translator, node: quote_mark) -> None:
    self.body.append("</mark>")


def visit_annotation_marker_html(self: HTML5Translator, node: annotation_marker) -> None:
    aid, number = node["annotation_id"], node.get("number", "?")
    # the second of two markers on one word: the stylesheet puts a comma before its number, so
    # that 4 and 5 do not read as 45 (the comma is not part of the text a reader copies)
    follows = " edition-marker-next" if isinstance(node.previous_sibling(), annotation_marker) \
        else ""
    self.body.append(
        f'<a class="edition-marker edition-type-{node["type"]}{follows}" id="ref-{aid}" '
        f'href="#{aid}" '
        f'role="doc-noteref" aria-label="Note {number}, {node["type"]}">'
        f'<sup>{number}</sup></a>')
    raise nodes.SkipNode


def visit_annotation_note_html(self: HTML5Translator, node: annotation_note) -> None:
    aid, number, kind = node["annotation_id"], node.get("number", "?"), node["type"]
    quote = self.encode(node["quote"] if len(node["quote"]) <= 60 else node["quote"][:59] + "…")
    lang = f' lang="{self.attval(node["lang"])}"' if node.get("lang") else ""
    self.body.append(self.starttag(node, "div", CLASS=f"edition-note edition-type-{kind}",
                                   ids=[aid], role="note", **{"data-type": kind,
                                                              "data-passage": node["passage"],
                                                              "aria-label": f"Note {number}"}))
    self.body.append(
        f'<p class="edition-note-head"><a class="edition-note-back" href="#ref-{aid}" '
        f'title="Back to the text">{number}</a> <span class="edition-note-type">{kind}</span> '
        f'<span class="edition-note-quote"{lang}>«{quote}»</span> '
        f'<a class="edition-note-permalink" href="#{aid}" title="Permanent link to this note">'
        f'#</a></p>\n')


def depart_annotation_note_html(self: HTML5Translator, node: annotation_note) -> None:
    who = self.encode("; ".join(node["authors"]))
    # the reading interface cites the note from these two elements
    self.body.append(f'<p class="edition-note-meta"><span class="edition-note-by">{who}</span>, '
                     f'<time datetime="{node["date"]}">{node["date"]}</time></p>\n</div>\n')


def visit_editorial_note_latex(self: LaTeXTranslator, node: editorial_note) -> None:
    self.body.append("\n\\begin{editionnote}\n")


def depart_editorial_note_latex(self: LaTeXTranslator, node: editorial_note) -> None:
    self.body.append("\n\\end{editionnote}\n")


def visit_passage_number_latex(self: LaTeXTranslator, node: passage_number) -> None:
    self.body.append(r"\editionpassagenumber{" + self.encode(node["number"]) + "}")
    raise nodes.SkipNode


def visit_annotation_marker_latex(self: LaTeXTranslator, node: annotation_marker) -> None:
    if not node.children:  # no note was attached (the build has warned)
        raise nodes.SkipNode
    # the label lets the overview and cross-references link to the note inside the footnote.
    # The footnote is numbered as the page numbers the note: a table's cell is a minipage,
    # whose footnotes LaTeX counts from 1 in each cell (the infobox's notes read 1, 1, 2, 1, 1)
    # and which leaves the count outside the table behind.
    number = f"[{node['number']}]" if node.get("number") else ""
    index = node.parent.index(node)
    if index and isinstance(node.parent[index - 1], annotation_marker):
        self.body.append(r"\textsuperscript{,}")  # two marks on one word: 4,5 and not 45
    self.body.append(r"\footnote" + number + "{" + self.hypertarget(node["annotation_id"])
                     + r"\textsc{" + self.encode(node["type"]) + "}: ")


def depart_annotation_marker_latex(self: LaTeXTranslator, node: annotation_marker) -> None:
    self.body.append("}")


def visit_annotation_note_latex(self: LaTeXTranslator, node: annotation_note) -> None:
    pass


def depart_annotation_note_latex(self: LaTeXTranslator, node: annotation_note) -> None:
    who = self.encode("; ".join(node["authors"]))
    self.body.append(r"\editionnotesigned{" + f"{who}, {self.encode(node['date'])}" + "}")


def visit_supplied_latex(self: LaTeXTranslator, node: supplied) -> None:
    # square brackets: the printed editions' sign for words the editors supply
    self.body.append(r"\editionsupplied{")


def depart_supplied_latex(self: LaTeXTranslator, node: supplied) -> None:
    self.body.append("}")


def visit_annotation_marker_text(self: Any, node: annotation_marker) -> None:
    self.add_text(f"[{node.get('number', '?')}]")
    raise nodes.SkipNode


def visit_skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


#: Preamble for the LaTeX writer: the commands the visitors above emit (marginnote is loaded
#: by ``setup()``).
LATEX_PREAMBLE = r"""
% passage numbers in the left margin, beside the first line of their passage
\newcommand{\editionpassagenumber}[1]{\marginnote{\footnotesize\P\,#1}}
\reversemarginpar
% editors' matter beside the text (head-note, record, omissions): smaller, indented at the left
% only, so that a long unbreakable value (a SHA-256 digest) keeps inside the measure
\newenvironment{editionnote}{\begin{list}{}{\leftmargin=1.5em\rightmargin=0pt}\item\relax\small
  \let\editioncode\sphinxcode\def\sphinxcode##1{{\footnotesize\editioncode{##1}}}}
  {\end{list}}
% a note's authors and date: at the end of its last line if they fit, else flush right below
\newcommand{\editionnotesigned}[1]{{\unskip\nobreak\hfil\penalty50\hskip1em\null
  \nobreak\hfil\emph{#1}\parfillskip=0pt\finalhyphendemerits=0\par}}
\newcommand{\editionsupplied}[1]{[#1]}
% links keep the upright type of the text they are in (Sphinx sets them in italics): in a
% source, italics would look like the source's own emphasis
\protected\def\sphinxcrossref#1{#1}
% Everything the editors add inside a source is set smaller than the source's text: editorial
% inline matter (class edition-editorial), and list labels, which stand for the source's own
% numbers and bullets as a declared normalisation; the PDF's fidelity test reads the text
% type's size as the source's own words.
\expandafter\def\csname DUroleedition-editorial\endcsname#1{{\small#1}}
% a citation ("[Mastny and Byrne, 2005]") is not broken across lines: a link broken across a
% page inside a footnote is carried by xdvipdfmx over the next page's first line, where it swallows
% the link of a footnote mark standing there
\expandafter\def\csname DUrolebibtex-citation\endcsname#1{\mbox{#1}}
\renewcommand{\labelitemi}{{\small\textbullet}}
\let\editionsetlistlabels\sphinxsetlistlabels
\def\sphinxsetlistlabels#1#2#3#4#5{\editionsetlistlabels{#1}{#2}{#3}{#4}{#5}%
  \expandafter\def\csname label#2\endcsname{{\small#4\csname the#2\endcsname#5}}}
% report every glyph the font lacks (edition.pdf.check_latex_log fails the build on them)
\tracinglostchars=2
"""


def add_latex_preamble(app: Sphinx, config: Any) -> None:
    elements = config.latex_elements
    elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE


def cite_node(document: nodes.document, env: Any, key: str, line: int) -> addnodes.pending_xref:
    """A citation of a ``references.bib`` entry, as sphinxcontrib-bibtex's ``{cite:p}`` makes it
    (so that the entry counts as cited and appears in the bibliography)."""
    from sphinxcontrib.bibtex.citation_target import CitationTarget
    from sphinxcontrib.bibtex.roles import CitationRef

    xref = addnodes.pending_xref("", refdomain="cite", reftype="p", reftarget=key,
                                 refexplicit=False, refwarn=True, refdoc=env.docname)
    xref += nodes.inline(key, key, classes=["xref", "cite", "cite-p"])
    document.note_explicit_target(xref, xref)
    env.get_domain("cite").citation_refs.append(CitationRef(
        citation_ref_id=xref["ids"][0], docname=env.docname, line=line,
        targets=[CitationTarget(key=key, pre="", post="")]))
    return xref
