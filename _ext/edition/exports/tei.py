"""The sources in TEI P5: one file per source (``sources/<slug>.tei.xml``), and one file of the
apparatus (``apparatus.tei.xml``: the register, the bibliography, the claims collation).

A source's file is made from its page's resolved doctree, so it holds exactly what the page
holds, in the same order:

- the ``teiHeader``: the edition's title, editors, version and licences (``publicationStmt``),
  the record of the received text from the front matter (``sourceDesc``), and the editorial
  declarations (``encodingDesc``): the omissions (``samplingDecl``), the normalisations, the
  passages (``segmentation``), the framing text (``interpretation``);
- the head-note in ``front``; the reading text in ``body``: sections as ``div`` with ``head``,
  every passage a ``p`` (or an ``ab`` for a block quotation or a table row) whose ``xml:id`` is
  the passage id and ``n`` its number; a declared omission a ``gap`` where it is declared;
  supplied words ``supplied``; framing text ``seg type="framing"``, or passages whose ``ana``
  points at the framing's ``category`` in the header;
  a mention of the register a ``persName``, ``placeName``, ``orgName`` (``name`` for an event,
  ``term`` for a concept) whose ``ref`` points at the entry in the apparatus file;
- the notes in a ``standOff``: each a ``note`` with its ``type``, ``n``, ``resp``, and
  ``target``/``targetEnd`` pointing at two ``anchor`` elements placed in the text before and
  after the words it comments on. Anchors are empty, so a note's words can overlap a mention,
  another note's words or the end of an element without breaking the nesting of XML (the notes
  of the edition do: a note on a table row's label, a note on words inside a name).

Made with the standard library's ElementTree; read back in the tests by jing against tei_all.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from typing import Any

from docutils import nodes

from ..core.nodes import (
    annotation_marker,
    annotation_note,
    editorial_note,
    framing,
    framing_inline,
    mention_text,
    passage_number,
    quote_mark,
    supplied,
)
from ..core.metadata import LABELS
from ..core.text import EDITORIAL_CLASSES

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", TEI_NS)

#: The suffix of a source's TEI file, next to its page.
SUFFIX = ".tei.xml"
#: The apparatus's TEI file, at the top of the site.
APPARATUS = "apparatus.tei.xml"
#: The licence of the editors' text (LICENSE-commentary.md).
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

#: A register entry's kind -> the TEI element of a mention, and the list of the entries.
NAME_ELEMENTS = {"person": "persName", "place": "placeName", "organisation": "orgName",
                 "event": "name", "concept": "term"}

_SPACE = re.compile(r"\s+")

#: Fields of the record given as notes of the source's ``bibl``, in the record's order.
_RECORD_NOTES = ("container", "date_basis", "revision", "original", "compared", "identified",
                 "missing", "retrieved", "language", "translation", "rights", "notes")


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


#: Characters that XML 1.0 does not allow (control characters): never in a file, whatever the
#: text they come from.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element of the TEI namespace (``xml_id`` for ``xml:id``), with text."""
    element = ET.SubElement(parent, tei(tag), {_attr(k): xml_text(v) for k, v in attrs.items()
                                               if v})
    if text:
        element.text = xml_text(text)
    return element


def _attr(name: str) -> str:
    return {"xml_id": XML_ID, "xml_lang": XML_LANG}.get(name, name)


def append_text(element: ET.Element, text: str) -> None:
    """Add text at the end of an element (after its last child, if any)."""
    if not text:
        return
    text = xml_text(text)
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def serialise(root: ET.Element) -> str:
    """The document as UTF-8 XML text (mixed content: never re-indented)."""
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + ET.tostring(
        root, encoding="unicode") + "\n"


def pointer(value: str) -> str:
    """An address as a TEI pointer (``teidata.pointer``, an anyURI): spaces escaped."""
    return value.strip().replace(" ", "%20")


# --- the doctree of a source page as TEI ----------------------------------------------------------

#: A link from a source page to a passage of a source page, or to an entry of the bibliography.
_PASSAGE_LINK = re.compile(
    r"^(?:\./)?(?P<page>[a-z][a-z0-9-]*)\.html#(?P<id>(?P=page)-p\d{3}[a-z]?)$")
_BIBLIOGRAPHY_LINK = re.compile(r"^\.\./bibliography\.html#(?P<id>bib-[A-Za-z0-9_.-]+)$")


class Links:
    """How an address of the page becomes an address from the TEI file, which is next to the
    page: ``page`` is the page's file name, for the fragments that the TEI file does not hold;
    ``apparatus`` the address of the apparatus's TEI file."""

    def __init__(self, page: str, apparatus: str = f"../{APPARATUS}") -> None:
        self.page, self.apparatus = page, apparatus
        self.ids: set[str] = set()  # the xml:ids of the file

    def target(self, node: nodes.Element) -> str | None:
        if node.get("refuri"):
            uri = node["refuri"]
            passage = _PASSAGE_LINK.match(uri)
            if passage:  # a passage of a source: in its TEI file
                return f"{passage['page']}{SUFFIX}#{passage['id']}"
            entry = _BIBLIOGRAPHY_LINK.match(uri)
            if entry:  # an entry of the bibliography: in the apparatus's file
                return f"{self.apparatus}#{entry['id']}"
            if re.match(r"^[a-z][a-z0-9+.-]*:", uri) or uri.startswith("/"):
                return pointer(uri)
            if uri.startswith("#"):
                return pointer(uri) if uri[1:] in self.ids else pointer(f"{self.page}{uri}")
            return pointer(uri)
        if node.get("refid"):
            refid = node["refid"]
            return f"#{refid}" if refid in self.ids else pointer(f"{self.page}#{refid}")
        return None


@dataclasses.dataclass
class Section:
    """A section of a source (a ``div`` of its body), a range of its passages."""

    id: str  #: its id on the page, and its ``xml:id``
    element: ET.Element
    parent: str | None  #: the section it is in (None at the top)
    title: str

    def passages(self) -> list[str]:
        return [e.get(XML_ID) or "" for e in self.element.iter() if e.get("n")
                and e.get(XML_ID)]


class SourceWriter:
    """One source page's resolved doctree as the ``text`` and ``standOff`` of a TEI file."""

    def __init__(self, doctree: nodes.document, passages: dict[str, dict[str, Any]],
                 register: Any, links: Links, apparatus: str) -> None:
        self.passages = passages  # passage id -> its record in the edition domain
        self.register = register
        self.links = links
        self.apparatus = apparatus  # the address of the apparatus file from this one
        self.headnote: list[nodes.Element] = []
        self.omissions: list[nodes.Element] = []
        self.normalisations: list[nodes.Element] = []
        self.framings: list[str] = []
        self.framing_ref: str | None = None  # while the passages of a framing block are written
        self.notes: list[annotation_note] = []
        self.passage_elements: dict[str, ET.Element] = {}
        self.sections: list[Section] = []  # the divs of the body's sections, in order
        self.open_sections: list[str] = []  # while a section is written: it and its parents
        # the pieces of each note's words, to anchor the first and the last
        self.marks: dict[str, list[quote_mark]] = {}
        for mark in doctree.findall(quote_mark):
            self.marks.setdefault(mark["annotation_id"], []).append(mark)
        links.ids |= set(passages) | {f"{aid}-{end}" for aid in self.marks
                                      for end in ("start", "end")}
        for note in doctree.findall(annotation_note):
            links.ids.add(note["annotation_id"])
        self.doctree = doctree

    # the reading text ---------------------------------------------------------------------
    def body(self) -> ET.Element:
        body = ET.Element(tei("body"))
        section = next(iter(self.doctree.findall(nodes.section)), None)
        self.block(body, section if section is not None else self.doctree)
        return body

    def block(self, parent: ET.Element, node: nodes.Element) -> None:
        """A block-level node into ``parent`` (a ``div``, ``body``, ``item``, ...)."""
        for child in node.children:
            self.block_node(parent, child)

    def block_node(self, parent: ET.Element, node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            if node.astext().strip():
                self.inline(sub(parent, "ab"), node)
            return
        if not isinstance(node, nodes.Element):
            return
        if isinstance(node, editorial_note):
            self.editorial(parent, node)
            return
        if isinstance(node, annotation_note):
            self.notes.append(node)
            return
        if isinstance(node, (nodes.target, nodes.comment, nodes.rubric, passage_number,
                             annotation_marker)):
            return
        if "edition-front" in node.get("classes", []) + node.get("container_classes", []):
            for note in node.findall(editorial_note):  # the fold of the front matter
                self.editorial(parent, note)
            return
        if set(node.get("classes", [])) & EDITORIAL_CLASSES:
            return
        passage_id = self.passage_id(node)
        if isinstance(node, nodes.section):
            section_id = next((i for i in node["ids"] if i not in self.links.ids), None)
            div = sub(parent, "div", type="section", xml_id=section_id or "")
            if section_id:
                self.links.ids.add(section_id)
                self.sections.append(Section(section_id, div, self.open_sections[-1]
                                             if self.open_sections else None,
                                             _SPACE.sub(" ", node[0].astext()).strip()
                                             if node.children else ""))
                self.open_sections.append(section_id)
            self.block(div, node)
            if section_id:
                self.open_sections.pop()
        elif isinstance(node, nodes.title):
            self.inline(sub(parent, "head"), node)
        elif isinstance(node, framing):
            # its passages point at the framing's category (a div would end the section's
            # paragraphs: in TEI, nothing but divs may follow a div)
            self.framings.append(node["by"])
            self.framing_ref = f"#framing-{len(self.framings)}"
            self.block(parent, node)
            self.framing_ref = None
        elif isinstance(node, nodes.paragraph):
            self.inline(self.passage(parent, "p", passage_id), node)
        elif isinstance(node, nodes.block_quote):
            if passage_id:
                quote = sub(self.passage(parent, "ab", passage_id, type="quotation"), "quote")
            else:
                quote = sub(parent, "quote")
            self.block(quote, node)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            rend = "numbered" if isinstance(node, nodes.enumerated_list) else "bulleted"
            self.block(sub(parent, "list", rend=rend), node)
        elif isinstance(node, nodes.list_item):
            self.block(sub(parent, "item"), node)
        elif isinstance(node, nodes.row):
            row = self.passage(parent, "ab", passage_id, type="row")
            for entry in node.children:
                cell = sub(row, "seg", type="cell")
                for child in entry.children:  # a cell's blocks, one after the other
                    if isinstance(child, annotation_note):
                        self.notes.append(child)
                    elif isinstance(child, nodes.Element) and not (
                            set(child.get("classes", [])) & EDITORIAL_CLASSES):
                        if len(cell) or cell.text:
                            append_text(cell, " ")
                        self.inline(cell, child)
        elif isinstance(node, (nodes.line_block, nodes.literal_block)):
            self.inline(self.passage(parent, "ab", passage_id), node)
        else:  # tables and other containers: their blocks
            self.block(parent, node)

    def passage_id(self, node: nodes.Element) -> str | None:
        return next((i for i in node.get("ids", []) if i in self.passages), None) or next(
            (i for i in node.get("names", []) if i in self.passages), None)

    def passage(self, parent: ET.Element, tag: str, passage_id: str | None,
                **attrs: str) -> ET.Element:
        if passage_id is None:
            return sub(parent, tag, **attrs)
        element = sub(parent, tag, xml_id=passage_id,
                      n=str(self.passages[passage_id]["number"]), ana=self.framing_ref or "",
                      **attrs)
        self.passage_elements[passage_id] = element
        return element

    def editorial(self, parent: ET.Element, node: editorial_note) -> None:
        kind = node["kind"]
        if kind == "headnote":
            self.headnote.append(node)
        elif kind == "normalisation":
            self.normalisations.append(node)
        elif kind == "omission":
            self.omissions.append(node)
            data = node.get("data", {})
            first, _, last = data.get("original-lines", "").partition("-")
            attrs = {"reason": "omitted", "unit": "line"}
            if "pattern" in data:
                attrs["extent"] = f"part of lines {first}-{last} of the received text"
            elif first and last:
                attrs["quantity"] = str(int(last) - int(first) + 1)
            gap = sub(parent, "gap", **attrs)
            self.editorial_paragraphs(sub(gap, "desc"), node, inline=True)

    def editorial_paragraphs(self, parent: ET.Element, node: nodes.Element,
                             inline: bool = False) -> None:
        """The editors' prose of a note (its label included, as its first words)."""
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            if inline:
                if len(parent) or parent.text:
                    append_text(parent, " ")
                self.inline(parent, child)
            elif isinstance(child, nodes.paragraph):
                self.inline(sub(parent, "p"), child)
            else:
                self.note_block(parent, child)

    # inline content -------------------------------------------------------------------------
    def inline(self, element: ET.Element, node: nodes.Node) -> None:
        """The inline content of ``node`` appended to ``element``."""
        for child in node.children if isinstance(node, nodes.Element) else [node]:
            self.inline_node(element, child)

    def inline_node(self, element: ET.Element, node: nodes.Node) -> None:
        if isinstance(node, mention_text) and node.mentions:
            self.mentions(element, node)
            return
        if isinstance(node, nodes.Text):
            append_text(element, _SPACE.sub(" ", node.astext()))
            return
        if isinstance(node, (passage_number, annotation_marker, nodes.target, nodes.comment,
                             nodes.system_message)):
            return
        if isinstance(node, annotation_note):
            self.notes.append(node)
            return
        if isinstance(node, quote_mark):
            pieces = self.marks.get(node["annotation_id"], [])
            if pieces and pieces[0] is node:
                sub(element, "anchor", xml_id=f"{node['annotation_id']}-start")
            self.inline(element, node)
            if pieces and pieces[-1] is node:
                sub(element, "anchor", xml_id=f"{node['annotation_id']}-end")
            return
        if isinstance(node, supplied):
            self.inline(sub(element, "supplied", reason="editorial"), node)
            return
        if isinstance(node, framing_inline):
            self.inline(sub(element, "seg", type="framing"), node)
            return
        if isinstance(node, editorial_note) or (
                isinstance(node, nodes.Element)
                and set(node.get("classes", [])) & EDITORIAL_CLASSES):
            return
        if isinstance(node, nodes.emphasis):
            self.inline(sub(element, "hi", rend="italic"), node)
        elif isinstance(node, nodes.strong):
            self.inline(sub(element, "hi", rend="bold"), node)
        elif isinstance(node, nodes.literal):
            self.inline(sub(element, "code"), node)
        elif isinstance(node, nodes.reference):
            target = self.links.target(node)
            self.inline(sub(element, "ref", target=target) if target else element, node)
        elif isinstance(node, nodes.inline) and _language(node):
            self.inline(sub(element, "foreign", xml_lang=_language(node)), node)
        elif isinstance(node, nodes.Element) and not isinstance(node, nodes.Inline) and (
                len(element) or (element.text or "").strip()):
            append_text(element, " ")  # a block inside a passage: its words stay apart
            self.inline(element, node)
        else:
            self.inline(element, node)

    def mentions(self, element: ET.Element, node: mention_text) -> None:
        text, position = str(node), 0
        for mention in sorted(node.mentions):
            if mention.start < position:
                continue  # overlapping (the build has chosen the longest)
            append_text(element, _SPACE.sub(" ", text[position:mention.start]))
            entry = self.register.entries.get(mention.entry_id) if self.register else None
            tag = NAME_ELEMENTS.get(entry.kind, "name") if entry else "name"
            name = sub(element, tag, ref=f"{self.apparatus}#{mention.entry_id}")
            if tag == "name" and entry is not None:
                name.set("type", entry.kind)
            name.text = _SPACE.sub(" ", text[mention.start:mention.end])
            position = mention.end
        append_text(element, _SPACE.sub(" ", text[position:]))

    # the notes --------------------------------------------------------------------------------
    def note_block(self, parent: ET.Element, node: nodes.Node) -> None:
        """A block of a note's body (or the head-note's): paragraphs, lists, quotations."""
        if not isinstance(node, nodes.Element) or (
                set(node.get("classes", [])) & {"edition-editorial-label"}):
            return
        if isinstance(node, nodes.paragraph):
            self.inline(sub(parent, "p"), node)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            rend = "numbered" if isinstance(node, nodes.enumerated_list) else "bulleted"
            items = sub(parent, "list", rend=rend)
            for item in node.children:
                self.note_blocks(sub(items, "item"), item)
        elif isinstance(node, nodes.block_quote):
            self.note_blocks(sub(parent, "quote"), node)
        else:
            self.inline(sub(parent, "p"), node)

    def note_blocks(self, parent: ET.Element, node: nodes.Element) -> None:
        for child in node.children:
            self.note_block(parent, child)

    def standoff(self, resp: dict[str, str]) -> ET.Element | None:
        if not self.notes:
            return None
        standoff = ET.Element(tei("standOff"))
        notes = sub(standoff, "listAnnotation")
        for node in sorted(self.notes, key=lambda n: int(n.get("number") or 0)):
            aid = node["annotation_id"]
            attrs = {"xml_id": aid, "type": node["type"], "n": str(node.get("number", "")),
                     "resp": " ".join(f"#{resp[a]}" for a in node["authors"] if a in resp)}
            if aid in self.marks:
                attrs |= {"target": f"#{aid}-start", "targetEnd": f"#{aid}-end"}
            note = sub(notes, "note", **attrs)
            # the note's words, as the commentary quotes them (its selector), and its date
            sub(note, "quote", _SPACE.sub(" ", node["quote"]).strip(), type="lemma")
            sub(note, "date", node["date"], when=node["date"])
            self.note_blocks(note, node)
        return standoff


def _language(node: nodes.Element) -> str:
    return next((c.removeprefix("language-") for c in node.get("classes", [])
                 if c.startswith("language-")), "")


def resp_ids(authors: list[str]) -> dict[str, str]:
    """An ``xml:id`` for each author of a note (``resp-the-editors``)."""
    ids: dict[str, str] = {}
    for author in authors:
        base = "resp-" + (re.sub(r"[^a-z0-9]+", "-", author.lower()).strip("-") or "author")
        ident, number = base, 1
        while ident in ids.values():
            number += 1
            ident = f"{base}-{number}"
        ids[author] = ident
    return ids


# --- the header -----------------------------------------------------------------------------------

def header(edition: dict[str, Any], record: dict[str, str], writer: SourceWriter | None,
           resp: dict[str, str], title: str) -> ET.Element:
    """The ``teiHeader`` of a source's file (``writer`` None for a passage's file: the record
    and the declarations are those of the whole source's file)."""
    head = ET.Element(tei("teiHeader"))
    file_desc = sub(head, "fileDesc")
    statement = sub(file_desc, "titleStmt")
    sub(statement, "title", title, type="main")
    sub(statement, "title", f"An electronic edition, in {edition['project']}", type="sub")
    editor = sub(statement, "editor", role="editor")
    sub(editor, "orgName", edition["author"])
    for author, ident in resp.items():
        stmt = sub(statement, "respStmt", xml_id=ident)
        sub(stmt, "resp", "annotation")
        sub(stmt, "name", author)
    sub(sub(file_desc, "editionStmt"), "edition", f"Version {edition['release']}",
        n=edition["release"])
    publication = sub(file_desc, "publicationStmt")
    sub(publication, "publisher", edition["author"])
    sub(publication, "date", edition["date"], when=edition["date"])
    if edition.get("url"):
        sub(publication, "idno", edition["url"], type="URI")
    availability = sub(publication, "availability")
    sub(availability, "licence",
        "The editors' text (head-note, declarations, notes, encoding): Creative Commons "
        "Attribution 4.0 International (CC BY 4.0).", target=CC_BY)
    sub(availability, "licence", "The source's text keeps its own rights: "
        + record.get("rights", "not stated") if record else "not stated")
    source_desc = sub(file_desc, "sourceDesc")
    if writer is None:
        sub(source_desc, "p", "A passage of the source whose full record is in "
            + edition["full"] + ".")
        return head
    source_desc.append(source_bibl(record))
    encoding = sub(head, "encodingDesc")
    sampling = sub(encoding, "samplingDecl")
    if writer.omissions:
        for omission in writer.omissions:
            writer.editorial_paragraphs(sub(sampling, "p"), omission, inline=True)
    else:
        sub(sampling, "p", "Nothing of the received text is omitted.")
    declarations = sub(encoding, "editorialDecl")
    sub(sub(declarations, "correction"), "p",
        "The words of the received text are kept as received, errors included; the editors "
        "comment on them in notes (standOff) and never correct them in the text.")
    normalisation = sub(declarations, "normalization")
    if writer.normalisations:
        for declared in writer.normalisations:
            writer.editorial_paragraphs(sub(normalisation, "p"), declared, inline=True)
    else:
        sub(normalisation, "p", "No markup of the received text is normalised.")
    sub(sub(declarations, "segmentation"), "p",
        "Every block of the reading text is a passage with a permanent identifier (its xml:id) "
        "and number (its n): a paragraph is a p; a block quotation or a table row an ab.")
    interpretation = sub(declarations, "interpretation")
    sub(interpretation, "p", "Names of the register are marked as persName, placeName and "
        "orgName (name for an event, term for a concept), with a ref to the entry in "
        f"{APPARATUS}. Words supplied by the editors are in supplied.")
    if writer.framings:
        sub(interpretation, "p", "Text that frames the work without being part of it (a "
            "portal's introduction or sign-off) stays reading text: a framing block's passages "
            "point at its category (ana), inline framing text is a seg of type framing.")
        taxonomy = sub(sub(encoding, "classDecl"), "taxonomy", xml_id="framing")
        for number, by in enumerate(writer.framings, start=1):
            category = sub(taxonomy, "category", xml_id=f"framing-{number}")
            sub(category, "catDesc", f"Framing text by {by}")
    return head


def source_bibl(record: dict[str, str]) -> ET.Element:
    """The record of the received text (the front matter) as a ``bibl``."""
    bibl = ET.Element(tei("bibl"), {"type": "received-text"})
    sub(bibl, "title", record.get("title"))
    sub(bibl, "author", record.get("author"))
    sub(bibl, "publisher", record.get("publisher"))
    sub(bibl, "date", record.get("date"))
    if record.get("pages"):
        sub(bibl, "biblScope", record["pages"], unit="page")
    if record.get("doi"):
        sub(bibl, "idno", record["doi"], type="DOI")
    if record.get("url"):
        sub(bibl, "ptr", target=pointer(record["url"]))
    for field in _RECORD_NOTES:
        if record.get(field):
            sub(bibl, "note", record[field], type=field.replace("_", "-"),
                n=LABELS.get(field, field))
    sub(bibl, "idno", record.get("original_file"), type="filename")
    sub(bibl, "idno", record.get("sha256"), type="sha256")
    return bibl


def document(head: ET.Element, front: ET.Element | None, body: ET.Element,
             standoff: ET.Element | None) -> ET.Element:
    root = ET.Element(tei("TEI"))
    root.append(head)
    text = sub(root, "text")
    if front is not None and len(front):
        text.append(front)
    text.append(body)
    if standoff is not None:
        root.append(standoff)
    return root


def source_document(doctree: nodes.document, passages: dict[str, dict[str, Any]],
                    register: Any, record: dict[str, str], edition: dict[str, Any],
                    page: str) -> tuple[ET.Element, SourceWriter]:
    """A source page's TEI document, and the writer that holds its passages' elements."""
    writer = SourceWriter(doctree, passages, register, Links(page), f"../{APPARATUS}")
    body = writer.body()
    front = ET.Element(tei("front"))
    if writer.headnote:
        div = sub(front, "div", type="headnote")
        sub(div, "head", "Head-note")
        for note in writer.headnote:
            writer.note_blocks(div, note)
    authors = [a for note in writer.notes for a in note["authors"]]
    resp = resp_ids(list(dict.fromkeys(authors)))
    standoff = writer.standoff(resp)
    head = header(edition, record, writer, resp, record.get("title", page))
    return document(head, front, body, standoff), writer
