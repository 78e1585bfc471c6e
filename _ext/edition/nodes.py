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


# --- LaTeX ------------------------------------------------------------------------------------

def visit_editorial_note_latex(self: LaTeXTranslator, node: editorial_note) -> None:
    self.body.append("\n\\begin{editionnote}\n")


def depart_editorial_note_latex(self: LaTeXTranslator, node: editorial_note) -> None:
    self.body.append("\n\\end{editionnote}\n")


def visit_passage_number_latex(self: LaTeXTranslator, node: passage_number) -> None:
    self.body.append(r"\editionpassagenumber{%s}" % self.encode(node["number"]))
    raise nodes.SkipNode


def visit_skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def visit_passthrough(self: Any, node: nodes.Element) -> None:
    pass


def depart_passthrough(self: Any, node: nodes.Element) -> None:
    pass


#: Preamble for the LaTeX writer: the commands the visitors above emit (marginnote is loaded
#: by ``setup()``).
LATEX_PREAMBLE = r"""
\newcommand{\editionpassagenumber}[1]{\marginnote{\footnotesize\P\,#1}}
\newenvironment{editionnote}{\begin{quote}\small}{\end{quote}}
"""
