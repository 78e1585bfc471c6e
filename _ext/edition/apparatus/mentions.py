"""Mentions of the register's names in the reading text, linked to their entries.

While a source page is read, :class:`LinkMentions` finds every form of every register entry in
the reading text (one pattern of all forms) and records the mentions in the domain; when the page
is written, each mention links to its entry, and a hover preview of the entry goes with the page.
An unknown ``{term}`` is reported with the nearest entry."""

from __future__ import annotations

import bisect
import difflib
import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.domain import build_state
from ..core.nodes import (
    Mention,
    mention_reference,
    mention_text,
    replace_child,
)
from ..core.text import EDITORIAL_NODES, passage_text
from ..core.warnings_ import EditionWarning, warn
from .register import Register, form_key


class LinkMentions(SphinxTransform):
    """Link every mention of a register entry in a source page's reading text to the entry."""

    default_priority = 420  # after the passages (400), annotations (410) and citations (415)

    def apply(self, **kwargs: Any) -> None:
        register: Register | None = build_state(self.env).register
        domain = self.env.get_domain("edition")
        docname = self.env.docname
        if docname not in domain.sources:
            return
        mentions: dict[str, list[str]] = {}
        forms: set[str] = set()
        for passage_id in sorted(domain.passages_of(docname),
                                 key=lambda pid: domain.passages[pid].get("line", 0)):
            passage = self.document.ids.get(passage_id)
            if passage is None or register is None or register.pattern is None:
                continue
            self._link(passage, passage_id, register, mentions, forms)
        domain.data["mentions"][docname] = mentions
        domain.data["forms"][docname] = forms

    def _link(self, passage: nodes.Element, passage_id: str, register: Register,
              mentions: dict[str, list[str]], forms: set[str]) -> None:
        """Find the mentions in the passage's text as a whole, not node by node: a note's
        quote may end inside a name (``close the Sazan`` of "Sazan Narrows"), and the name then
        runs over two Text nodes; each node gets its part of the mention, linked alike."""
        eligible = {id(node) for node in _reading_text_nodes(passage)}
        if not eligible:
            return
        text, segments = passage_text(passage)
        starts = [segment.start for segment in segments]
        spans: dict[int, tuple[nodes.Text, list[Mention]]] = {}
        for match in register.pattern.finditer(text):
            first = bisect.bisect_right(starts, match.start()) - 1
            pieces: dict[int, list[Any]] = {}  # id of a node: [node, start, end] in the node
            for segment in segments[max(first, 0):]:
                if segment.start >= match.end():
                    break
                if segment.node is None or id(segment.node) not in eligible:
                    pieces = {}
                    break
                low = segment.offset + max(match.start(), segment.start) - segment.start
                high = (segment.offset + min(match.end(), segment.start + segment.length)
                        - segment.start)
                piece = pieces.setdefault(id(segment.node), [segment.node, low, high])
                piece[1], piece[2] = min(piece[1], low), max(piece[2], high)
            if not pieces:
                continue
            form = form_key(match.group())
            forms.add(form)
            entry_id = register.by_form[form]
            passages = mentions.setdefault(entry_id, [])
            first_in_passage = passage_id not in passages
            if first_in_passage:
                passages.append(passage_id)
            for number, (node, low, high) in enumerate(pieces.values()):
                spans.setdefault(id(node), (node, []))[1].append(
                    Mention(low, high, entry_id, first_in_passage and number == 0))
        for node, found in spans.values():
            replace_child(node, [mention_text(node.astext(), tuple(found), passage_id)])


def _reading_text_nodes(passage: nodes.Element):
    """The Text nodes of a passage's reading text that may carry a link: not editorial matter,
    not already inside a link, not in a heading."""
    skip = (*EDITORIAL_NODES, nodes.reference,
            addnodes.pending_xref, nodes.title, nodes.literal, nodes.raw)

    def walk(node: nodes.Node):
        if isinstance(node, skip):
            return
        if isinstance(node, nodes.Text):
            yield node
            return
        for child in list(node.children):
            yield from walk(child)

    return walk(passage)


def mention_uri_prefix(env: BuildEnvironment, builder: Any, docname: str) -> str | None:
    """What an entry's id is appended to for a link from ``docname`` to the entry on the
    register page (``register.html#term-``, or ``#term-`` on the register page itself); None
    where the edition has no register page, and the mentions stay plain words.

    Worked out once per page: a page has hundreds of mentions, and each a pending
    cross-reference for Sphinx's resolver would cost a look-up of its own."""
    pages = env.get_domain("edition").data["register_pages"]
    if build_state(env).register is None or not pages:
        return None
    page = min(pages)
    uri = builder.get_relative_uri(docname, page) if page != docname else ""
    return f"{uri}#term-"


def visit_mention_text_html(self: Any, node: mention_text) -> None:
    """Write a run of reading text with each of its mentions as a link to its entry."""
    if not hasattr(self, "edition_mention_uri"):  # once per page: a translator writes one
        self.edition_mention_uri = mention_uri_prefix(self.builder.env, self.builder,
                                                      self.builder.current_docname)
    prefix, text, end = self.edition_mention_uri, str(node), 0
    entries = build_state(self.builder.env).register.entries if prefix is not None else {}
    for mention in node.mentions:
        if mention.entry_id not in entries:
            continue  # no register page, or an entry gone since the page was read
        self.body.append(self.encode(text[end:mention.start]))
        self.body.append(f'<a class="edition-mention" '
                         f'href="{self.attval(prefix + mention.entry_id)}">'
                         f'{self.encode(text[mention.start:mention.end])}</a>')
        end = mention.end
    self.body.append(self.encode(text[end:]))
    raise nodes.SkipNode


class CrossReferenceForms(SphinxPostTransform):
    """For the PDF: each register entry's other forms enter the index of names as
    cross-references ("Hrushov, see Nikita Khrushchev"); the mentions give the name its pages.
    (Not in the HTML's general index: the register page is its index, with a link for every
    form, and the search finds any of them.)"""

    default_priority = 1  # before pdf.IndexKeys (5) rewrites the index entries
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        register: Register | None = build_state(self.env).register
        if register is None:
            return
        for term in list(self.document.findall(nodes.term)):
            first_id = term["ids"][0] if term["ids"] else ""
            entry = register.entries.get(first_id.removeprefix("term-"))
            if entry is None or not first_id.startswith("term-"):
                continue
            see = [("see", f"{form}; {entry.name}", "", "", None)
                   for form in entry.variants if form != entry.name]
            if see:
                term.parent += addnodes.index(entries=see, inline=False)


class ExpandMentions(SphinxPostTransform):
    """For the builders other than HTML (the PDF above all): each mention becomes a link node
    to its entry (given its URI by :func:`resolve_mentions`), and the first mention of an entry
    in a passage an index entry, which gives the PDF its index of names. (The HTML's index of
    names is the register page, which lists every passage for each entry.)"""

    default_priority = 1  # before pdf.IndexKeys (5) rewrites the index entries

    def is_supported(self) -> bool:
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs: Any) -> None:
        register: Register | None = build_state(self.env).register
        for node in list(self.document.findall(mention_text)):
            pieces: list[nodes.Node] = []
            text, end = str(node), 0
            for mention in node.mentions:
                if register is None or mention.entry_id not in register.entries:
                    continue  # an entry gone since the page was read: the words stay plain
                if mention.start > end:
                    pieces.append(nodes.Text(text[end:mention.start]))
                if mention.first_in_passage:
                    name = register.entries[mention.entry_id].name
                    pieces.append(addnodes.index(entries=[("single", name, node.passage, "",
                                                           None)]))
                words = text[mention.start:mention.end]
                pieces.append(mention_reference(
                    "", "", nodes.inline(words, words, classes=["edition-mention"]),
                    internal=True, entry_id=mention.entry_id, classes=["edition-mention"]))
                end = mention.end
            if end < len(text):
                pieces.append(nodes.Text(text[end:]))
            replace_child(node, pieces)


def resolve_mentions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: point the mention links that :class:`ExpandMentions` made (for the
    builders other than HTML) at their entries, or leave the words plain where the edition has
    no register page."""
    if app.builder.format == "html":
        return  # the HTML writer links the mentions itself (visit_mention_text_html)
    prefix = mention_uri_prefix(app.env, app.builder, docname)
    for node in list(doctree.findall(mention_reference)):
        if prefix is None:
            node.replace_self(node.children)
        elif prefix.startswith("#"):
            node["refid"] = prefix[1:] + node["entry_id"]
        else:
            node["refuri"] = prefix + node["entry_id"]


class mention_previews(nodes.General, nodes.Element):
    """The previews of the register entries a page mentions, once per page (HTML only): the
    reading interface shows them on hover and focus, without a request, so offline too."""


class CollectPreviews(SphinxPostTransform):
    """Put each mentioned entry's preview in the page once, not in every link (page weight)."""

    default_priority = 900  # after the references are resolved
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        register: Register | None = build_state(self.env).register
        if register is None or not self.env.get_domain("edition").data["register_pages"]:
            return  # no register page: the mentions are not links (see mention_uri_prefix)
        used = sorted({mention.entry_id for node in self.document.findall(mention_text)
                       for mention in node.mentions if mention.entry_id in register.entries})
        if used:
            self.document += mention_previews(
                previews={entry_id: register.entries[entry_id].preview for entry_id in used},
                authorities={entry_id: register.entries[entry_id].authorities for entry_id in used
                             if register.entries[entry_id].authorities})


def visit_mention_previews_html(self: Any, node: mention_previews) -> None:
    import json

    def script(element_id: str, value: dict[str, Any]) -> str:
        data = json.dumps({f"term-{k}": v for k, v in value.items()}, ensure_ascii=False,
                          sort_keys=True).replace("<", "\\u003c")  # no "</script>", no "<!--"
        return f'<script type="application/json" id="{element_id}">{data}</script>\n'

    self.body.append(script("edition-previews", node["previews"]))
    if node.get("authorities"):  # [label, address] of each identifier, linked in the preview
        self.body.append(script("edition-preview-authorities", node["authorities"]))
    raise nodes.SkipNode


def unknown_term(app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref,
                 contnode: nodes.Element) -> None:
    """``missing-reference``: a ``{term}`` that names no entry, reported with the nearest one.

    Sphinx's own warning (``ref.term``, suppressed in conf.py) does not say what would be right."""
    if node.get("reftype") != "term" or node.get("refdomain") != "std":
        return None
    if "register" in build_state(env).unread:
        return None  # the register's own message says what to mend
    target = node["reftarget"]
    terms = {name.lower(): name for kind, name in env.domains.standard_domain.objects
             if kind == "term"}
    nearest = _nearest_term(target, terms)
    hint = f"did you mean '{nearest}'? " if nearest else ""
    warn(EditionWarning.REGISTER,
         f"unknown term '{target}': {hint}a term is the name or a variant of an entry of "
         f"{app.config.edition_register}", node)
    return None


def _nearest_term(target: str, terms: dict[str, str]) -> str | None:
    """The term meant by the unknown ``target`` (``terms``: each term by its lower case): first
    the shortest term that contains all of its words (``Fourth Congress`` → ``Fourth Congress of
    the Party of Labour``, not ``20th Congress``), then the term most alike in spelling."""
    words = set(re.findall(r"\w+", target.lower()))
    containing = sorted((term for term in terms
                         if words and words <= set(re.findall(r"\w+", term))),
                        key=lambda term: (len(term), term))
    if containing:
        return terms[containing[0]]
    nearest = difflib.get_close_matches(target.lower(), sorted(terms), n=1, cutoff=0.6)
    return terms[nearest[0]] if nearest else None
