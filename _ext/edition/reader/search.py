"""The edition's search: an index of what a reader looks for, and the search page that reads it.

Sphinx's own search finds words in whole pages; a reader of the edition looks for a passage, a
person under any spelling, a note or a row of the collation. So the search page
(``_templates/search.html`` with ``_static/search.js``) reads the edition's own index instead:

- while a page is read, :class:`CollectSearchText` keeps the plain text of every passage of a
  source page (without its note markers, notes and passage number), of every note, and of every
  section of the other pages, in the domain (so ``-j`` and incremental builds stay right);
- when the build ends, :func:`write_index` writes ``_static/edition-search-index.js`` from it, with
  the register (every entry's forms, for the variants), the claims rows and the timeline, and the
  passages that mention each entry, as the register page lists them.

The index is a script that sets one global, loaded by the search page only, when a query is made:
it also works from a folder opened without a server, where ``fetch`` of a JSON file does not. No
source page loads it. Matching (case and diacritics folded, variants expanded) is in search.js.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ..apparatus.collation import display_date, event_anchor, numbered_events, passage_label
from ..apparatus.register import plain_markup, sort_name
from ..core.domain import build_state, reading_order, source_title
from ..core.languages import language_of
from ..core.nodes import annotation_marker, annotation_note, editorial_note, passage_number

#: The file the search page loads (relative to the output folder).
INDEX_FILE = "_static/edition-search-index.js"


#: Characters of a page section kept for search (the other pages are long essays).
SECTION_LIMIT = 6000


_SKIP = (annotation_note, annotation_marker, passage_number, editorial_note, nodes.system_message,
         nodes.raw, nodes.comment)


def plain_text(*roots: nodes.Node, citations: list[tuple[str, str]] | None = None) -> str:
    """The words a reader sees in a passage or note, without markers, notes and numbers (the
    nodes are only read: a container made of them would take them from their parent)."""
    return plain_text_with_languages(*roots, citations=citations)[0]


#: Where a citation of references.bib stands in a text kept for search, until the index is
#: written: its number in the page's list of citations (read before they are resolved, a
#: citation is only its key; :func:`cited_text` puts in what the page prints).
_CITATION = "\ue000{}\ue001"
_CITATION_MARK = re.compile("\ue000(\\d+)\ue001")


def plain_text_with_languages(*roots: nodes.Node, citations: list[tuple[str, str]] | None = None
                              ) -> tuple[str, list[tuple[int, int, str]]]:
    """:func:`plain_text`, and the stretches of it marked as another language (start, end, BCP 47
    tag), e.g. an Albanian title in an English passage: a page that quotes the words marks them.

    Every run of white space becomes one space (none at the end), a space between two stretches
    of the same language joins them. The text is taken a text node at a time (split on white
    space, not read a word at a time) and each node's language handed down from its parent, not
    asked of every character's ancestors: this runs on every passage and note of every page read.

    With ``citations``, each citation of references.bib (``{cite:p}``) is added to that list
    (its role and target) and stands in the text as its place-holder (see :func:`cited_text`)."""
    pieces: list[str] = []
    runs: list[tuple[int, int, str]] = []
    length = 0
    after_space = True  # at the start: no space before the first word

    def add(text: str, language: str) -> None:
        nonlocal length, after_space
        words = text.split()  # runs of white space, as ``str.isspace`` has them
        if text[:1].isspace() and pieces and not after_space:
            pieces.append(" ")
            length += 1
            after_space = True
        if not words:
            return
        joined = " ".join(words)
        if language:  # one stretch: words of one language a space apart are one stretch
            if runs and runs[-1][2] == language and runs[-1][1] >= length - 1:
                runs[-1] = (runs[-1][0], length + len(joined), language)
            else:
                runs.append((length, length + len(joined), language))
        pieces.append(joined)
        length += len(joined)
        after_space = False
        if text[-1].isspace():
            pieces.append(" ")
            length += 1
            after_space = True

    def walk(current: nodes.Node, language: str) -> None:
        if isinstance(current, _SKIP) or (isinstance(current, nodes.Element)
                                          and "edition-editorial" in current["classes"]):
            return  # the editors' additions (a "→ bibliography" link) are not the passage's words
        if isinstance(current, nodes.Text):
            add(str(current), language)
            return
        if citations is not None and isinstance(current, addnodes.pending_xref) and \
                current.get("refdomain") == "cite":
            citations.append((current.get("reftype", "p"), current.get("reftarget", "")))
            add(_CITATION.format(len(citations) - 1), "")
            return
        for child in current.children:
            walk(child, _own_language(child, language) if isinstance(child, nodes.Element)
                 else language)
        if isinstance(current, (nodes.paragraph, nodes.title, nodes.term, nodes.list_item)):
            add(" ", "")

    for root in roots:
        walk(root, language_of(root) if isinstance(root, nodes.Element)
             else language_of(root.parent))
    if pieces and pieces[-1] == " ":
        pieces.pop()
    return "".join(pieces), runs


def _own_language(node: nodes.Element, inherited: str) -> str:
    """The language of an element whose parent's is ``inherited`` (as ``language_of`` finds it:
    the first ``language-`` class of the element, else its parent's)."""
    for cls in node.get("classes", []):
        if cls.startswith("language-"):
            return cls.removeprefix("language-")
    return inherited


class CollectSearchText(SphinxTransform):
    """Keep the text of every passage and note (source pages) or section (other pages)."""

    default_priority = 430  # after the notes (410) are attached and the mentions (420) found

    def apply(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("edition")
        docname = self.env.docname
        if docname in domain.sources:
            domain.data["search"][docname] = self._source_page(domain, docname)
        elif not self._is_apparatus_page(domain, docname):
            domain.data["search"][docname] = {"sections": self._sections()}

    def _source_page(self, domain: Any, docname: str) -> dict[str, Any]:
        passages = []
        for passage_id in domain.passages_of(docname):
            node = self.document.ids.get(passage_id)
            if node is not None:
                passages.append((passage_id, *plain_text_with_languages(node)))
        notes: list[tuple[str, str, str, str]] = []
        citations: list[tuple[str, str]] = []  # of the notes, put in when the index is written
        for note in self.document.findall(annotation_note):
            notes.append((note["annotation_id"], note["passage"], note["type"], plain_text(
                *[c for c in note.children if not isinstance(c, nodes.title)],
                citations=citations)))
        return {"passages": passages, "notes": notes, "citations": citations}

    def _is_apparatus_page(self, domain: Any, docname: str) -> bool:
        """The register, collation, timeline and list of notes: their items are indexed from
        the data (each as its own kind of result), not as page text."""
        data = domain.data
        return any(docname in data[key] for key in ("register_pages", "overviews",
                                                     "timeline_pages", "claims_pages"))

    def _sections(self) -> list[tuple[str, str, str]]:
        sections = []
        for section in self.document.findall(nodes.section):
            title = section.next_node(nodes.title)
            text = plain_text(*[c for c in section.children
                                 if not isinstance(c, (nodes.section, nodes.title))])[:SECTION_LIMIT]
            if text and section["ids"]:
                sections.append((section["ids"][0], title.astext() if title else "", text))
        return sections


def index_data(app: Sphinx) -> dict[str, Any]:
    """The search index, as plain data (tested directly, and written by :func:`write_index`)."""
    env, builder = app.env, app.builder
    domain = env.get_domain("edition")
    search = domain.data["search"]
    register = build_state(env).register
    entries = list(register.entries.values()) if register is not None else []
    entry_index = {entry.id: number for number, entry in enumerate(entries)}
    register_page = min(domain.data["register_pages"]) if domain.data["register_pages"] else None

    def uri(docname: str) -> str:
        return builder.get_target_uri(docname)

    sources, passages, notes = [], [], []
    printed: dict[tuple[str, str], str] = {}  # a citation's text, by role and target
    for docname in reading_order(env):
        number = len(sources)
        sources.append({"slug": domain.sources[docname], "url": uri(docname),
                        "title": source_title(domain, docname)})
        mentioned: dict[str, list[int]] = {}
        for entry_id, passage_ids in domain.data["mentions"].get(docname, {}).items():
            for passage_id in passage_ids:
                if entry_id in entry_index:
                    mentioned.setdefault(passage_id, []).append(entry_index[entry_id])
        for passage_id, text, _ in search.get(docname, {}).get("passages", []):
            label = domain.passages.get(passage_id, {}).get("number", "?")
            passages.append([number, passage_id, str(label), text,
                             sorted(mentioned.get(passage_id, []))])
        citations = search.get(docname, {}).get("citations", [])
        for note_id, passage_id, kind, text in search.get(docname, {}).get("notes", []):
            record = domain.data["annotations"].get(note_id, {})
            label = domain.passages.get(passage_id, {}).get("number", "?")
            notes.append([number, note_id, str(label), str(record.get("number", "?")), kind,
                          cited_text(app, docname, text, citations, printed)])
    claims_page = min(domain.data["claims_pages"]) if domain.data["claims_pages"] else None
    claims = build_state(env).claims
    claim_rows = []
    for claim in claims.values():
        readings = " ".join(f"{passage_label(r.passage)}: {plain_markup(r.says)}" for r in claim.readings)
        claim_rows.append([claim.id, claim.point, f"{readings} Assessment: {plain_markup(claim.assessment)}"])
    events = [[event_anchor(events_before, event.date), display_date(event.date), plain_markup(event.event)]
              for events_before, event in numbered_events(build_state(env).timeline)]
    pages = []
    for docname in sorted(search):
        if docname in domain.sources:
            continue
        for anchor, title, text in search[docname].get("sections", []):
            pages.append([f"{uri(docname)}#{anchor}", title, text])
    return {
        "sources": sources,
        # the apparatus pages' addresses ("claims" and the rest are their items)
        "register_page": uri(register_page) if register_page else "",
        "claims_page": uri(claims_page) if claims_page else "",
        "timeline_page": uri(_timeline_page(env)) if _timeline_page(env) else "",
        "entries": [[entry.id, entry.name, sort_name(entry), entry.kind, list(entry.forms),
                     entry.dates, plain_markup(entry.description)] for entry in entries],
        "passages": passages, "notes": notes, "claims": claim_rows, "events": events,
        "pages": pages,
    }


def cited_text(app: Sphinx, docname: str, text: str, citations: list[tuple[str, str]],
               printed: dict[tuple[str, str], str]) -> str:
    """A text kept for search with its citations as the page prints them ("[Hoxha, 1980b]",
    "Mëhilli [2011]"): each resolved by sphinxcontrib-bibtex's own domain, as on the page, once
    per role and target in a build (``printed``: their texts so far; the text does not depend
    on the page, and the domain looks through every citation of the edition each time)."""
    if "\ue000" not in text or "cite" not in app.env.domains:
        return text
    domain = app.env.get_domain("cite")

    def resolved(match: re.Match[str]) -> str:
        role, target = citations[int(match.group(1))]
        if (role, target) not in printed:
            node = addnodes.pending_xref("", refdomain="cite", reftype=role, reftarget=target)
            node.source, node.line = str(app.env.doc2path(docname)), None
            printed[role, target] = domain.resolve_xref(
                app.env, docname, app.builder, role, target, node, nodes.inline()).astext()
        return printed[role, target]

    return _CITATION_MARK.sub(resolved, text)


def _timeline_page(env: Any) -> str | None:
    pages = env.get_domain("edition").data["timeline_pages"]
    return min(pages) if pages else None


def write_index(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the search index for the search page (HTML builders), when it
    changed: the index is assembled from the text the pages left in the domain as they were read,
    and none of it is read again here."""
    if exception is not None or app.builder.format != "html":
        return
    data = json.dumps(index_data(app), ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    target = Path(app.outdir) / INDEX_FILE
    # a script, not JSON: it loads from a folder opened without a server, where fetch() fails
    text = ("window.EditionSearchIndex=" + data.replace("</", "<\\/") + ";\n").encode("utf-8")
    if target.is_file() and target.read_bytes() == text:
        return  # unchanged (a no-op rebuild): the file and its date are left alone
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text)


def search_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: Any) -> None:
    """``html-page-context``: the search page's filter lists the sources, in reading order."""
    if templatename != "search.html":
        return
    domain = app.env.get_domain("edition")
    context["edition_search_sources"] = [(domain.sources[docname], source_title(domain, docname))
                                         for docname in reading_order(app.env)]
