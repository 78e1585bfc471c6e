"""Document nodes of the edition, neutral for every builder, with their HTML and LaTeX writers.

Editorial matter is kept apart from the reading text by node type, so the checks can tell the
two apart in the doctree and, through the CSS classes in :mod:`edition.text`, in the built HTML.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
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


# --- HTML -------------------------------------------------------------------------------------

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
    self.body.append(
        f'<a class="edition-marker edition-type-{node["type"]}" id="ref-{aid}" href="#{aid}" '
        f'role="doc-noteref" aria-label="Note {number}, {node["type"]}">'
        f'<sup>{number}</sup></a>')
    raise nodes.SkipNode


def visit_annotation_note_html(self: HTML5Translator, node: annotation_note) -> None:
    aid, number, kind = node["annotation_id"], node.get("number", "?"), node["type"]
    quote = self.encode(node["quote"] if len(node["quote"]) <= 60 else node["quote"][:59] + "…")
    self.body.append(self.starttag(node, "div", CLASS=f"edition-note edition-type-{kind}",
                                   ids=[aid], role="note", **{"data-type": kind,
                                                              "aria-label": f"Note {number}"}))
    self.body.append(
        f'<p class="edition-note-head"><a class="edition-note-back" href="#ref-{aid}" '
        f'title="Back to the text">{number}</a> <span class="edition-note-type">{kind}</span> '
        f'<span class="edition-note-quote">«{quote}»</span> '
        f'<a class="edition-note-permalink" href="#{aid}" title="Permanent link to this note">'
        f'#</a></p>\n')


def depart_annotation_note_html(self: HTML5Translator, node: annotation_note) -> None:
    who = self.encode("; ".join(node["authors"]))
    self.body.append(f'<p class="edition-note-meta">{who}, {node["date"]}</p>\n</div>\n')


# --- LaTeX ------------------------------------------------------------------------------------

def visit_editorial_note_latex(self: LaTeXTranslator, node: editorial_note) -> None:
    self.body.append("\n\\begin{editionnote}\n")


def depart_editorial_note_latex(self: LaTeXTranslator, node: editorial_note) -> None:
    self.body.append("\n\\end{editionnote}\n")


def visit_passage_number_latex(self: LaTeXTranslator, node: passage_number) -> None:
    self.body.append(r"\editionpassagenumber{%s}" % self.encode(node["number"]))
    raise nodes.SkipNode


def visit_annotation_marker_latex(self: LaTeXTranslator, node: annotation_marker) -> None:
    if not node.children:  # no note was attached (the build has warned)
        raise nodes.SkipNode
    # the label lets the overview and cross-references link to the note inside the footnote
    self.body.append(r"\footnote{%s\textsc{%s}: " % (
        self.hypertarget(node["annotation_id"]), self.encode(node["type"])))


def depart_annotation_marker_latex(self: LaTeXTranslator, node: annotation_marker) -> None:
    self.body.append("}")


def visit_annotation_note_latex(self: LaTeXTranslator, node: annotation_note) -> None:
    pass


def depart_annotation_note_latex(self: LaTeXTranslator, node: annotation_note) -> None:
    who = self.encode("; ".join(node["authors"]))
    self.body.append(r"\par\hfill\emph{%s, %s}" % (who, self.encode(node["date"])))


def visit_annotation_marker_text(self: Any, node: annotation_marker) -> None:
    self.add_text(f"[{node.get('number', '?')}]")
    raise nodes.SkipNode


def visit_skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


#: Preamble for the LaTeX writer: the commands the visitors above emit (marginnote is loaded
#: by ``setup()``).
LATEX_PREAMBLE = r"""
\newcommand{\editionpassagenumber}[1]{\marginnote{\footnotesize\P\,#1}}
\newenvironment{editionnote}{\begin{quote}\small}{\end{quote}}
"""
