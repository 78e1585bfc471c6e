"""Contributed text: one renderer for everything a contributor writes in MyST.

A note's body, a register entry's description, a claims row's readings and assessment and a
timeline event come from pull requests: untrusted text. Each is parsed by :func:`parse`, which

1. parses it with every directive and every role refused but an allow-list (the refusal is
   looked up by the name lowercased, as docutils does, so ``{Include}`` is refused too), and with
   docutils' file insertion and raw passthrough switched off (defence in depth: a directive that
   got round the list still reads no file);
2. walks the parsed tree and keeps only the nodes of an allow-list (:data:`ALLOWED`): text,
   emphasis, strong, literal, lists, quotations, links to http(s) and mailto addresses or into
   the edition, and the cross-references of ``{cite:p}``, ``{cite:t}``, ``{term}`` and ``{ref}``.
   Anything else (raw HTML, images, mathematics, tables, code blocks, headings, comments,
   targets, footnotes, substitutions, a download link, text from another file, a link with
   another scheme) is removed and reported at its line, with what would be right. Raw HTML is
   shown as text.

The tree is checked, not the text, so no spelling, nesting or container gets round the list.
The build and the lint use this one function: the lint is a build that writes nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives as docutils_directives
from docutils.parsers.rst import roles as docutils_roles
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes

from . import datafile
from .domain import build_state
from .text import normalise_space, shorten
from .warnings_ import EditionWarning, warn

#: Node types contributed text may contain (a node of a subclass does not count: a ``rubric`` is
#: no ``paragraph``).
ALLOWED: frozenset[type[nodes.Node]] = frozenset({
    nodes.Text, nodes.paragraph, nodes.emphasis, nodes.strong, nodes.literal, nodes.inline,
    nodes.subscript, nodes.superscript, nodes.bullet_list, nodes.enumerated_list,
    nodes.list_item, nodes.block_quote, nodes.attribution, nodes.reference,
    addnodes.pending_xref, nodes.problematic, nodes.system_message,
})


#: Roles contributed text may use; every ``cite:`` role of sphinxcontrib-bibtex is allowed too.
ALLOWED_ROLES = frozenset({"term", "ref", "doc", "emphasis", "strong", "literal", "code",
                           "sub", "sup", "subscript", "superscript"})


#: Cross-references contributed text may make: ``{term}``, ``{ref}``, ``{doc}``, MyST's links
#: into the edition (``[text](#id)``) and the citations.
ALLOWED_XREFS = frozenset({"term", "ref", "doc", "myst"})


#: Schemes of the links contributed text may make (besides links into the edition).
LINK_SCHEMES = ("http", "https", "mailto")


#: The longest contributed text (a note's body, a description), about 8,000 words: the
#: edition's notes have at most about 1,000 characters (the layout is tested with one of 5,000
#: words); a note of hundreds of kilobytes is refused.
MAX_CHARACTERS = 50_000


#: The class of words in another language (MyST ``[Zëri i Popullit]{.language-sq}``).
LANGUAGE_CLASS = re.compile(r"^language-[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


#: rel of the external links in contributed text: the linked page gets no handle on the
#: edition's window and learns nothing of where the reader came from.
EXTERNAL_LINK_REL = "noopener noreferrer"


WHAT_IS_ALLOWED = ("text with *emphasis*, **strong**, `literal`, lists, quotations, links to "
                   "https:// or mailto: addresses or into the edition, and the roles {cite:p}, "
                   "{cite:t}, {term} and {ref}")


#: What a refused node is, for the message, and what to write instead.
_REFUSED: dict[str, tuple[str, str]] = {
    "image": ("an image", "link to it instead: [what it shows](https://...)"),
    "figure": ("a figure", "link to it instead: [what it shows](https://...)"),
    "math": ("mathematics", "write the formula in words or plain characters"),
    "math_block": ("mathematics", "write the formula in words or plain characters"),
    "download_reference": ("a download link", "link to the file's public address instead: "
                                              "[title](https://...)"),
    "table": ("a table", "give the figures in a sentence or a list"),
    "literal_block": ("a code block", "quote the words in the text, or as `literal`"),
    "doctest_block": ("a code block", "quote the words in the text, or as `literal`"),
    "comment": ("a comment", "remove it: a note for the editors goes in the pull request"),
    "rubric": ("a heading", "use **strong** text at the start of a paragraph instead"),
    "section": ("a heading", "use **strong** text at the start of a paragraph instead"),
    "title": ("a heading", "use **strong** text at the start of a paragraph instead"),
    "target": ("a label", "remove it: notes and entries have their own ids"),
    "footnote": ("a footnote", "put the words in the text (a note is itself a footnote)"),
    "footnote_reference": ("a footnote", "put the words in the text (a note is itself a "
                                         "footnote)"),
    "substitution_reference": ("a substitution", "write the words out"),
    "substitution_definition": ("a substitution", "write the words out"),
    "transition": ("a horizontal rule", "remove it"),
    "annotation_note": ("a note inside a note", "close the first note with ':::' before the "
                                                "next one starts"),
}


@dataclasses.dataclass
class Contribution:
    """Where a piece of contributed text comes from, for the messages."""

    what: str  #: "annotation 'lala-2014-a001'", "register entry 'tirana'"
    noun: str  #: "a note", "a register description"
    the: str  #: "the note", "the description"
    body: str  #: "a note's body", "a register description"
    kind: EditionWarning
    #: the contributed file (a path): nodes read from any other file are refused
    source: str | None = None
    #: a fixed location for every problem (a data file's ``path:line``); else each node's own
    location: Any = None

    def report(self, message: str, fallback: Any) -> None:
        warn(self.kind, message, self.location or fallback)


def parse(directive: SphinxDirective, text: str | StringList, contribution: Contribution,
          *, offset: int = 0, inline: bool = False) -> list[nodes.Node]:
    """Parse contributed MyST text in ``directive``'s context, safely (see the module's doc);
    with ``inline``, the children of a text that is one paragraph."""
    size = len(text) if isinstance(text, str) else sum(len(line) + 1 for line in text)
    if size > MAX_CHARACTERS:
        contribution.report(
            f"{contribution.what} is {size:,} characters long, more than the "
            f"{MAX_CHARACTERS:,} {contribution.noun} may have; shorten it: a longer discussion "
            "belongs in a work it cites", directive.get_location())
        return []
    with refusing(directive.state.document, contribution, allowed_directives=()):
        parsed = nested_parse_to_nodes(directive.state, text, offset=offset,
                                       allow_section_headings=False)
    container = nodes.Element()
    container.extend(parsed)
    page = str(directive.env.doc2path(directive.env.docname))
    clean(container, contribution, directive.get_location(), also_from=page)
    parsed = list(container.children)
    if inline and len(parsed) == 1 and isinstance(parsed[0], nodes.paragraph):
        return list(parsed[0].children)
    return parsed


@contextlib.contextmanager
def refusing(document: nodes.document, contribution: Contribution,
             allowed_directives: tuple[str, ...]) -> Iterator[None]:
    """While contributed text is parsed: only ``allowed_directives`` and :data:`ALLOWED_ROLES`
    are looked up, every other directive and role reports itself and yields nothing; docutils
    reads no file and passes no raw markup through."""
    settings = document.settings
    saved = (docutils_directives.directive, docutils_roles.role,
             getattr(settings, "file_insertion_enabled", True),
             getattr(settings, "raw_enabled", True))
    lookup_directive, lookup_role = saved[0], saved[1]

    def directive(name: str, language: Any, doc: Any) -> tuple[Any, list[Any]]:
        if name.lower() in allowed_directives:
            return lookup_directive(name, language, doc)
        return _refused_directive(name, contribution), []

    def role(name: str, language: Any, lineno: int, reporter: Any) -> tuple[Any, list[Any]]:
        lowered = name.lower()
        if lowered in ALLOWED_ROLES or lowered.startswith("cite:"):
            return lookup_role(name, language, lineno, reporter)
        return _refused_role(contribution), []

    docutils_directives.directive, docutils_roles.role = directive, role
    settings.file_insertion_enabled = settings.raw_enabled = False
    try:
        yield
    finally:
        docutils_directives.directive, docutils_roles.role = saved[0], saved[1]
        settings.file_insertion_enabled, settings.raw_enabled = saved[2], saved[3]


class _AnyOptions(dict):
    """An option spec that takes any option (so that ``:file:`` gets our message, not MyST's)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return docutils_directives.unchanged

    def get(self, key: str, default: Any = None) -> Any:
        return docutils_directives.unchanged


def _refused_directive(name: str, contribution: Contribution) -> type[SphinxDirective]:
    class Refused(SphinxDirective):
        required_arguments = 0
        optional_arguments = 1
        final_argument_whitespace = True
        has_content = True
        option_spec = _AnyOptions()

        def run(self) -> list[nodes.Node]:
            if name.lower() == "annotation":
                message = (f"{contribution.what} contains another note (':::{{annotation}}'): "
                           "a note cannot hold a note; close the first note with ':::' before "
                           "the next one starts")
            else:
                message = (f"{contribution.what} uses the directive '{{{name}}}', which "
                           f"{contribution.noun} may not use: it would put files, raw markup or "
                           "remote content into the edition unchecked; write "
                           f"{contribution.the} as MyST text with links and {{cite}}, {{term}} "
                           "and {ref} roles")
            contribution.report(message, self.get_location())
            return []

    return Refused


def _refused_role(contribution: Contribution) -> Any:
    def role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
             options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[Any]]:
        source, line = inliner.reporter.get_source_and_line(lineno)
        contribution.report(
            f"{contribution.what} uses the role '{{{name}}}', which {contribution.noun} may not "
            f"use; {contribution.noun} may contain only {WHAT_IS_ALLOWED}",
            f"{source}:{line}" if source else None)
        return [], []

    return role


def clean(root: nodes.Element, contribution: Contribution, fallback: Any,
          also_from: str | None = None) -> None:
    """Remove from ``root``, with a located error each, every node not in the allow-list, and
    every node read from a file other than the contribution's (or ``also_from``, the page that
    shows it)."""
    source = os.path.normpath(contribution.source) if contribution.source else None
    own = {source, os.path.normpath(also_from) if also_from else None}
    reported_raw: set[int | None] = set()  # one error per line: "<b>x</b>" is two raw nodes

    def location(node: nodes.Node) -> Any:
        """The node's own line, where it has one in the contributed file (MyST gives some
        nodes, comments for one, the page's path)."""
        known = getattr(node, "line", None) and node.source
        if known and (source is None or os.path.normpath(node.source) == source):
            return node
        return fallback

    def visit(node: nodes.Element) -> None:
        for child in list(node.children):
            if isinstance(child, nodes.Text):
                continue
            foreign = child.get("source") or child.source
            if (source and foreign and not foreign.startswith("<")
                    and os.path.normpath(foreign) not in own):
                contribution.report(
                    f"{contribution.what} contains text read from another file "
                    f"({os.path.basename(foreign)}): {contribution.noun} may contain only "
                    f"{WHAT_IS_ALLOWED}", fallback)
                node.remove(child)
                continue
            if isinstance(child, nodes.raw):
                markup = child.astext()
                if child.line not in reported_raw:
                    reported_raw.add(child.line)
                    contribution.report(
                        f"{contribution.what} contains raw HTML "
                        f"«{shorten(normalise_space(markup), 60)}»: "
                        f"{contribution.body} is MyST text, and markup or script would go into the "
                        "edition unchecked; write it as MyST (*emphasis*, [link](https://...)), or "
                        "escape the '<' as '\\<'", location(child))
                text = nodes.Text(markup)
                node.replace(child, text if isinstance(node, nodes.TextElement)
                             else nodes.paragraph(markup, "", text))
                continue
            problem = _problem(child, contribution)
            if problem:
                contribution.report(problem, location(child))
                node.remove(child)
                _forget(child)
                continue
            if isinstance(child, nodes.reference) and child.get("refuri"):
                child["rel"] = EXTERNAL_LINK_REL
            visit(child)
            if isinstance(child, addnodes.pending_xref) and not child.children:
                node.remove(child)  # its text was refused: a reference needs one

    visit(root)


def _forget(node: nodes.Element) -> None:
    """Take a removed node, and the nodes in it, out of the document's lists of footnotes and
    footnote references, which later transforms walk (and would fail on a node gone)."""
    document = node.document
    if document is None:
        return
    gone = {id(n) for n in node.findall(nodes.Element)}
    for name in ("footnotes", "autofootnotes", "symbol_footnotes", "autofootnote_refs",
                 "symbol_footnote_refs", "citations"):
        items = getattr(document, name, None)
        if isinstance(items, list):
            items[:] = [item for item in items if id(item) not in gone]
    for name in ("footnote_refs", "citation_refs"):
        refs = getattr(document, name, None)
        if isinstance(refs, dict):
            for key in list(refs):
                refs[key] = [item for item in refs[key] if id(item) not in gone]


def _problem(node: nodes.Element, contribution: Contribution) -> str | None:
    if isinstance(node, nodes.reference) and node.get("refuri"):
        uri = node["refuri"]
        scheme = urllib.parse.urlsplit(uri).scheme.lower()
        if scheme not in LINK_SCHEMES:
            return (f"{contribution.what} links to «{shorten(uri, 60)}»: a link goes to an "
                    "https:// or mailto: address, or into the edition with {ref}; write "
                    "[text](https://...)")
        return None
    if isinstance(node, nodes.inline) and not isinstance(node.parent, addnodes.pending_xref):
        # MyST's [words]{.language-sq}: a language class, and nothing else (an id would take
        # the place of a passage's or a note's anchor; a class, the edition's own look)
        if node["ids"] or node["names"]:
            given = (node["names"] or node["ids"])[0]
            return (f"{contribution.what} gives words an id («#{given}»): "
                    f"{contribution.noun} may not set ids (they would clash with the "
                    "edition's anchors); remove it")
        other = [c for c in node["classes"] if not LANGUAGE_CLASS.match(c)]
        if other:
            return (f"{contribution.what} gives words the class «{other[0]}»: the only class "
                    f"{contribution.noun} may give is a language, e.g. "
                    "[Zëri i Popullit]{.language-sq}")
        return None
    if isinstance(node, addnodes.pending_xref):
        target = node.get("reftarget", "")
        scheme = urllib.parse.urlsplit(target).scheme.lower() if ":" in target else ""
        if node.get("reftype") == "myst" and scheme and scheme not in LINK_SCHEMES:
            return (f"{contribution.what} links to «{shorten(target, 60)}»: a link goes to an "
                    "https:// or mailto: address, or into the edition with {ref}; write "
                    "[text](https://...)")
        if node.get("refdomain") == "cite" or node.get("reftype") in ALLOWED_XREFS:
            return None
    elif type(node) in ALLOWED:
        return None
    what, remedy = _REFUSED.get(node.tagname, (f"a {node.tagname} element", "remove it"))
    excerpt = shorten(normalise_space(node.astext()), 40)
    return (f"{contribution.what} contains {what}" + (f" («{excerpt}»)" if excerpt else "")
            + f": {contribution.noun} may contain only {WHAT_IS_ALLOWED}; {remedy}")


#: The largest page read (bytes): the edition's longest source page is about 60 KB.
MAX_PAGE_BYTES = 5_000_000


def check_pages(app: Any, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: a page that is a symbolic link (it could point anywhere on the
    build machine, ``/proc/self/environ`` included), is too large or is not UTF-8 is reported
    at its line, and neither read nor copied into the output (Sphinx would copy a page's file
    to ``_sources/``, and stops with a traceback on a byte that is not UTF-8); a page that
    starts with a byte-order mark is reported (the front matter check would not find the
    front matter behind it)."""
    for docname in list(docnames):
        path = env.doc2path(docname)
        shown = os.path.relpath(path, app.srcdir)
        text, problems = datafile.read_text(Path(path), shown, MAX_PAGE_BYTES)
        for problem in problems:
            warn(EditionWarning.FRONT_MATTER, problem.message, f"{path}:{problem.line}")
        if text is None:
            docnames.remove(docname)
            env.found_docs.discard(docname)
            refused = build_state(app.env).refused_pages
            build_state(app.env).refused_pages = refused | {docname}


def check_page_file(app: Any, docname: str, source: list[str]) -> None:
    """``source-read`` (before the edition's other handlers): a page whose front matter the
    edition refuses (YAML anchors or aliases, which MyST would expand: a "billion laughs" hangs
    the build; a duplicate key; a key that is a list) is not given to MyST, which would expand
    or stumble on it (the front matter check reports it at its line)."""
    match = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", source[0], re.DOTALL)
    if match is None:
        return
    try:
        datafile.compose(match.group(1))
    except datafile.DataError:
        # reported by the front matter check (edition.metadata), which reads the file itself
        lines = match.group(1).count("\n")
        source[0] = "---\n{}\n" + "\n" * (lines - 1) + source[0][match.end(1):]
    except Exception:  # noqa: BLE001 - a syntax error: the front matter check reports it
        pass
