"""A passage API without a server: the Distributed Text Services (DTS 1.0) as static files under
``dts/``, written at build time, so that any static host serves them.

- ``dts/index.jsonld``: the entry point (``EntryPoint``), with the URI templates (RFC 6570) of the
  three endpoints;
- ``dts/collection.jsonld``: the collection of the sources (``Collection``), each source a
  ``Resource`` with its own templates, the source's id filled in (as DTS 1.0's examples do);
  ``dts/collection/<slug>.jsonld``: one source's ``Resource``;
- ``dts/navigation/<slug>.jsonld``: a source's citation tree, flat: every passage a
  ``CitableUnit`` of level 1 whose ``identifier`` is the passage id (the answer to
  ``down=1`` and ``down=-1``, which are the same for a flat tree);
- ``dts/document/<slug>.xml``: the source's whole TEI file; ``dts/document/<slug>/<passage
  id>.xml``: one passage, in TEI, inside DTS's ``<dts:wrapper>``, with the notes on it;
- a second citation tree, ``sections`` (``tree=sections``), of a source with sections: its
  sections, nested, each the range of its passages (``dts/navigation/<slug>;tree=sections.jsonld``,
  ``dts/document/<slug>;tree=sections/<section id>.xml``: the section's ``div``).

Static files answer only the requests a file can: the templates name the parameters served
(``id`` of the collection, ``tree`` and ``ref``), and arbitrary ranges (``start``/``end``) are not
served (a file for every range of passages would be quadratic in their number: the sections are
the ranges served); DTS calls a static implementation of this kind Level 0. Identifiers of collections and resources are plain strings
(the source slugs), as DTS 1.0 advises for static files; the templates are absolute when the
edition has its address (``html_baseurl``), else relative to the file they are in.
"""

from __future__ import annotations

import json
from typing import Any

CONTEXT = "https://dtsapi.org/context/v1.0.json"
VERSION = "1.0"
#: The namespace of DTS's wrapper element in a Document endpoint's answer.
WRAPPER_NS = "https://w3id.org/api/dts#"
ROOT = "dts"
ROOT_ID = "edition"


def _base(edition: dict[str, Any], depth: int) -> str:
    """The way to ``dts/`` from a file ``depth`` folders below it."""
    if edition.get("url"):
        return f"{edition['url'].rstrip('/')}/{ROOT}/"
    return "../" * depth


def templates(edition: dict[str, Any], depth: int, slug: str | None = None) -> dict[str, str]:
    """The endpoints' URI templates from a file ``depth`` folders below ``dts/``; a resource's
    own, its id filled in, with ``slug``."""
    base = _base(edition, depth)
    if slug is None:
        return {"collection": f"{base}collection{{/id}}.jsonld",
                "navigation": f"{base}navigation/{{resource}}{{;tree}}.jsonld",
                "document": f"{base}document/{{resource}}{{;tree}}{{/ref}}.xml"}
    return {"collection": f"{base}collection/{slug}.jsonld",
            "navigation": f"{base}navigation/{slug}{{;tree}}.jsonld",
            "document": f"{base}document/{slug}{{;tree}}{{/ref}}.xml"}


#: The identifier of the second citation tree: the source's sections, each a range of passages.
SECTIONS = "sections"


def entry_point(edition: dict[str, Any]) -> dict[str, Any]:
    return {"@context": CONTEXT, "dtsVersion": VERSION, "@id": "index.jsonld",
            "@type": "EntryPoint", **templates(edition, 0)}


def resource(edition: dict[str, Any], source: dict[str, Any], depth: int) -> dict[str, Any]:
    """A source as a DTS ``Resource`` (``source``: slug, title, description, language,
    creator, date, passages)."""
    slug = source["slug"]
    item: dict[str, Any] = {
        "@id": slug, "@type": "Resource", "title": source["title"], "totalParents": 1,
        "totalChildren": 0, **templates(edition, depth, slug),
        "mediaTypes": ["application/tei+xml"],
        "download": {"application/tei+xml": f"{_base(edition, depth)}../sources/{slug}.tei.xml",
                     "text/plain": f"{_base(edition, depth)}../sources/{slug}.txt"},
        "citationTrees": [{"@type": "CitationTree", "citeStructure": [
            {"@type": "CiteStructure", "citeType": "passage"}]}] + ([{
                "@type": "CitationTree", "identifier": SECTIONS,
                "description": "The source's sections, each the range of its passages.",
                "citeStructure": [{"@type": "CiteStructure", "citeType": "section",
                                   "citeStructure": [{"@type": "CiteStructure",
                                                      "citeType": "section"}]}]}]
                if source["sections"] else []),
        "description": source["description"],
        "dublinCore": {"title": [{"lang": "en", "value": source["title"]}],
                       "creator": [source["creator"]], "date": source["date"],
                       "rights": source["rights"]},
    }
    return item


def collection(edition: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": CONTEXT, "dtsVersion": VERSION, "@id": ROOT_ID, "@type": "Collection",
            "title": edition["project"], "totalParents": 0, "totalChildren": len(sources),
            "description": "The five sources of the edition, each readable passage by passage.",
            "collection": templates(edition, 0)["collection"],
            "member": [resource(edition, source, 0) for source in sources]}


def resource_document(edition: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    return {"@context": CONTEXT, "dtsVersion": VERSION, **resource(edition, source, 1)}


def navigation(edition: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The citation tree of a source: its passages, in order (``source["passages"]``:
    (id, number, first words))."""
    return {"@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation",
            "@id": f"{_base(edition, 1)}navigation/{source['slug']}.jsonld",
            "resource": resource(edition, source, 1),
            "member": [{"identifier": passage_id, "@type": "CitableUnit", "level": 1,
                        "parent": None, "citeType": "passage",
                        "dublinCore": {"title": [{"lang": "en",
                                                  "value": f"¶ {number}: {words}"}]}}
                       for passage_id, number, words in source["passages"]]}


def section_navigation(edition: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The second citation tree of a source: its sections (``source["sections"]``: id, level,
    parent, title, first and last passage), in order."""
    return {"@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation",
            "@id": f"{_base(edition, 1)}navigation/{source['slug']};tree={SECTIONS}.jsonld",
            "resource": resource(edition, source, 1),
            "member": [{"identifier": section_id, "@type": "CitableUnit", "level": level,
                        "parent": parent, "citeType": "section",
                        "dublinCore": {"title": [{"lang": "en", "value": title}],
                                       "description": [{"lang": "en", "value":
                                                        f"Passages {first} to {last}"}]}}
                       for section_id, level, parent, title, first, last
                       in source["sections"]]}


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
