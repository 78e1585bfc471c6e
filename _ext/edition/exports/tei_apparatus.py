"""The apparatus in TEI P5 (``apparatus.tei.xml``, at the top of the site): the register
(``listPerson``, ``listPlace``, ``listOrg``, ``listEvent``, and the concepts as a glossary
``list``), each entry with its ``xml:id`` (the register's id, which the mentions in the sources'
TEI files point at) and its authority identifiers (``idno`` of type wikidata, viaf, gnd,
geonames; a place's coordinates as ``geo``); the bibliography (``listBibl``, from
``references.bib``: one ``bibl`` per entry, ``xml:id`` ``bib-<key>``); the claims collation (a
``div`` per claim, ``xml:id`` ``claim-<id>``, its readings pointing at the passages in the
sources' TEI files).

The register's and the collation's text is contributed MyST, checked by the build; here its
roles become TEI: a citation a ``ref`` to its ``bibl``, a reference to a passage a ``ref`` to
the passage in its source's file, emphasis ``hi``, a word in another language ``foreign``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from .citing import latex_text
from .tei import CC_BY, SUFFIX, append_text, pointer, sub, tei

#: ``{cite:p}`key{p. 12}```, ``{ref}`text <target>```, ``{term}`words```, ``{doc}`...```
_ROLE = re.compile(r"\{(?P<role>[a-z:]+)\}`(?P<body>[^`]*)`")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_SPAN = re.compile(r"\[(?P<words>[^\]]*)\]\{\.language-(?P<lang>[A-Za-z0-9-]+)\}")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?P<emphasised>[^*\n]+?)\*(?![\w*])")
_PASSAGE = re.compile(r"^(?P<slug>[a-z][a-z0-9-]*)-p\d{3}[a-z]?$")
_MARKUP = re.compile("|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in (
    ("role_", _ROLE), ("span_", _SPAN), ("emphasis_", _EMPHASIS))))


def bib_id(key: str) -> str:
    return "bib-" + re.sub(r"[^A-Za-z0-9_.-]", "_", key)


def myst(parent: ET.Element, text: str, passages: dict[str, Any]) -> None:
    """A line of contributed MyST appended to ``parent`` as TEI (see the module's docstring)."""
    text = " ".join(text.split())
    position = 0
    for match in _MARKUP.finditer(text):
        append_text(parent, text[position:match.start()])
        position = match.end()
        if match.group("role_"):
            role, body = match.group("role"), match.group("body")
            explicit = _EXPLICIT.match(body)
            shown, target = (explicit["text"], explicit["target"]) if explicit else (body, body)
            if role.startswith("cite"):
                for key in [k.strip() for k in body.split(",")]:
                    key, _, page = key.partition("{")
                    ref = sub(parent, "ref", key, type="bibl", target=f"#{bib_id(key)}")
                    if page:
                        ref.text = f"{key}, {page.rstrip('}')}"
            elif role == "ref" and _PASSAGE.match(target) and target in passages:
                slug = _PASSAGE.match(target)["slug"]
                sub(parent, "ref", shown, target=f"sources/{slug}{SUFFIX}#{target}")
            elif role == "ref" and target.startswith("claim-"):
                sub(parent, "ref", shown, target=f"#{target}")
            elif role == "term":
                sub(parent, "term", shown)
            else:
                append_text(parent, shown)
        elif match.group("span_"):
            sub(parent, "foreign", match.group("words"), xml_lang=match.group("lang"))
        else:
            sub(parent, "hi", match.group("emphasised"), rend="italic")
    append_text(parent, text[position:])


# --- the register ---------------------------------------------------------------------------------

def register_div(body: ET.Element, register: Any, passages: dict[str, Any]) -> None:
    div = sub(body, "div", type="register")
    sub(div, "head", "Register of names and glossary")
    entries = sorted(register.entries.values(), key=lambda e: e.id) if register else []
    lists = {kind: None for kind in ("person", "place", "organisation", "event", "concept")}
    containers = {"person": "listPerson", "place": "listPlace", "organisation": "listOrg",
                  "event": "listEvent"}
    for kind in lists:
        of_kind = [entry for entry in entries if entry.kind == kind]
        if not of_kind:
            continue
        if kind == "concept":
            glossary = sub(div, "list", type="gloss")
            for entry in of_kind:
                sub(glossary, "label", entry.name, xml_id=entry.id)
                item = sub(glossary, "item")
                myst(item, entry.description, passages)
                for authority, value in _authorities(entry):
                    append_text(item, " ")
                    sub(item, "idno", value, type=authority)
            continue
        container = sub(div, containers[kind])
        for entry in of_kind:
            _entry(container, entry, passages)


def _authorities(entry: Any) -> list[tuple[str, str]]:
    return [(field, getattr(entry, field)) for field in ("wikidata", "viaf", "gnd", "geonames")
            if getattr(entry, field, "")]


def _entry(container: ET.Element, entry: Any, passages: dict[str, Any]) -> None:
    tag, name_tag = {"person": ("person", "persName"), "place": ("place", "placeName"),
                     "organisation": ("org", "orgName"), "event": ("event", None)}[entry.kind]
    element = sub(container, tag, xml_id=entry.id)
    if entry.kind == "event":
        for authority, value in _authorities(entry):
            sub(element, "idno", value, type=authority)
        sub(element, "label", entry.name)
        for variant in entry.variants:
            if variant != entry.name:
                sub(element, "label", variant, type="variant")
        if entry.dates:
            sub(element, "desc", entry.dates, type="dates")
        myst(sub(element, "desc"), entry.description, passages)
        return
    sub(element, name_tag, entry.name, type="main")
    for variant in entry.variants:
        if variant != entry.name:
            sub(element, name_tag, variant, type="variant")
    if entry.kind == "place" and entry.coordinates:  # a place's traits come before its idno
        latitude, _, longitude = entry.coordinates.partition(",")
        sub(sub(element, "location"), "geo", f"{latitude.strip()} {longitude.strip()}")
    for authority, value in _authorities(entry):
        sub(element, "idno", value, type=authority)
    if entry.dates:
        sub(element, "note", entry.dates, type="dates")
    myst(sub(element, "note", type="description"), entry.description, passages)


# --- the bibliography -----------------------------------------------------------------------------

_TITLE_LEVEL = {"article": "a", "incollection": "a", "inproceedings": "a"}


def bibliography_div(body: ET.Element, entries: dict[str, Any]) -> None:
    div = sub(body, "div", type="bibliography")
    sub(div, "head", "Bibliography")
    listing = sub(div, "listBibl")
    for key, entry in sorted(entries.items(), key=lambda item: item[0].lower()):
        bibl_entry(listing, key, entry)


def bibl_entry(listing: ET.Element, key: str, entry: Any) -> None:
    fields = {name.lower(): value for name, value in entry.fields.items()}
    kind = entry.type.lower()
    bibl = sub(listing, "bibl", xml_id=bib_id(key), type=kind)
    for role in ("author", "editor"):
        for person in entry.persons.get(role, []):
            sub(bibl, role, latex_text(str(person)))
    if "title" in fields:
        sub(bibl, "title", latex_text(fields["title"]), level=_TITLE_LEVEL.get(kind, "m"))
    for field, level in (("journal", "j"), ("journaltitle", "j"), ("booktitle", "m"),
                         ("series", "s")):
        if field in fields:
            sub(bibl, "title", latex_text(fields[field]), level=level)
    for field, unit in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
        if field in fields:
            sub(bibl, "biblScope", latex_text(fields[field]), unit=unit)
    for field in ("publisher", "institution", "organization", "howpublished"):
        if field in fields:
            sub(bibl, "publisher", latex_text(fields[field]))
    for field in ("address", "location"):
        if field in fields:
            sub(bibl, "pubPlace", latex_text(fields[field]))
    date = fields.get("date") or fields.get("year")
    if date:
        sub(bibl, "date", latex_text(date))
    for field, kind_of in (("doi", "DOI"), ("isbn", "ISBN"), ("issn", "ISSN")):
        if field in fields:
            sub(bibl, "idno", fields[field].strip(), type=kind_of)
    if "url" in fields:
        sub(bibl, "ptr", target=pointer(fields["url"]))
    if "note" in fields:
        sub(bibl, "note", latex_text(fields["note"]))


# --- the claims collation -------------------------------------------------------------------------

def claims_div(body: ET.Element, claims: dict[str, Any], passages: dict[str, Any],
               titles: dict[str, str]) -> None:
    div = sub(body, "div", type="claims")
    sub(div, "head", "Claims collation")
    for claim in claims.values():
        row = sub(div, "div", type="claim", xml_id=f"claim-{claim.id}",
                  subtype="disagree" if claim.disagree else "agree")
        myst(sub(row, "head"), claim.point, passages)
        readings = sub(row, "list", type="readings")
        for reading in claim.readings:
            item = sub(readings, "item")
            match = _PASSAGE.match(reading.passage)
            record = passages.get(reading.passage, {})
            if match:
                slug = match["slug"]
                shown = f"{titles.get(slug, slug)} ¶ {record.get('number', '?')}"
                sub(item, "ref", shown, target=f"sources/{slug}{SUFFIX}#{reading.passage}")
                append_text(item, ": ")
            myst(item, reading.says, passages)
        if claim.assessment:
            myst(sub(row, "ab", type="assessment"), claim.assessment, passages)
        if claim.why_single:
            myst(sub(row, "ab", type="single-source"), claim.why_single, passages)


# --- the file -------------------------------------------------------------------------------------

def apparatus_document(edition: dict[str, Any], register: Any, entries: dict[str, Any],
                       claims: dict[str, Any], passages: dict[str, Any],
                       titles: dict[str, str]) -> ET.Element:
    root = ET.Element(tei("TEI"))
    head = sub(root, "teiHeader")
    file_desc = sub(head, "fileDesc")
    statement = sub(file_desc, "titleStmt")
    sub(statement, "title", "Register, bibliography and claims collation", type="main")
    sub(statement, "title", f"The apparatus of {edition['project']}", type="sub")
    sub(sub(statement, "editor", role="editor"), "orgName", edition["author"])
    sub(sub(file_desc, "editionStmt"), "edition", f"Version {edition['release']}",
        n=edition["release"])
    publication = sub(file_desc, "publicationStmt")
    sub(publication, "publisher", edition["author"])
    sub(publication, "date", edition["date"], when=edition["date"])
    if edition.get("url"):
        sub(publication, "idno", edition["url"], type="URI")
    availability = sub(publication, "availability")
    sub(availability, "licence", "The register's descriptions and the claims collation: "
        "Creative Commons Attribution 4.0 International (CC BY 4.0).", target=CC_BY)
    sub(availability, "licence", "The bibliographic data: facts about publications, offered "
        "without restriction (CC0 where any right subsists).",
        target="https://creativecommons.org/publicdomain/zero/1.0/")
    sub(sub(file_desc, "sourceDesc"), "p", "Born digital: compiled by the editors from the "
        "edition's data files (the register, references.bib, the claims collation).")
    text = sub(root, "text")
    body = sub(text, "body")
    register_div(body, register, passages)
    bibliography_div(body, entries)
    claims_div(body, claims, passages, titles)
    return root


