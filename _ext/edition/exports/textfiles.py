"""Writing the sources' open text files into the HTML site at build time: the TEI files
(:mod:`.tei`, :mod:`.tei_apparatus`), the plain texts (:mod:`.plaintext`) and the DTS static API
(:mod:`.dts`).

- ``html-page-context``: a source page that this build writes gives, from its resolved doctree,
  its TEI file, its plain text, its DTS navigation and its passages' DTS documents (in the
  process that writes the page: with ``-j``, in parallel);
- ``build-finished``: the apparatus's TEI file, the DTS entry point and collection, and the files
  of a source whose page was not written but which are missing.

Every file is written only when its text changed, so a build writes only what it changed; a
no-op rebuild (no page read or written) neither makes nor writes any of them.
"""

from __future__ import annotations

import copy
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.domain import build_state, reading_order, source_title
from . import dts, plaintext, tei, tei_apparatus
from .citing import _write_if_changed, page_url, release_date

logger = logging.getLogger(__name__)

ET.register_namespace("dts", dts.WRAPPER_NS)

_POINTING = ("target", "targetEnd", "ref", "ana", "resp")


def _edition(app: Sphinx) -> dict[str, Any]:
    config = app.config
    year, month, day = release_date(app.srcdir, config.release)
    return {"project": config.project, "author": config.author, "release": config.release,
            "date": f"{year:04d}-{month:02d}-{day:02d}", "url": config.html_baseurl}


def _passages(app: Sphinx, docname: str) -> dict[str, dict[str, Any]]:
    domain = app.env.get_domain("edition")
    return {pid: domain.passages[pid] for pid in domain.passages_of(docname)
            if pid in domain.passages}


def _source_summary(app: Sphinx, docname: str,
                    sections: list[tuple[str, int, str | None, str, str, str]] | None = None
                    ) -> dict[str, Any]:
    """What the DTS files say of a source (``sections``: its sections' id, level, parent,
    title, first and last passage, when its page was written; else read back from its
    sections' navigation file)."""
    domain = app.env.get_domain("edition")
    record = domain.data["records"].get(docname, {})
    registry = build_state(app.env).registry
    slug = domain.sources[docname]
    first_words = registry.get(slug, {}) if isinstance(registry, dict) else {}
    passages = [(pid, str(record_["number"]), first_words.get(pid, {}).get("first_words", ""))
                for pid, record_ in _passages(app, docname).items()]
    return {"slug": slug, "title": str(record.get("title", source_title(domain, docname))),
            "sections": sections or [],
            "description": str(record.get("container") or record.get("publisher", "")),
            "creator": str(record.get("author", "")), "date": str(record.get("date", "")),
            "rights": str(record.get("rights", "")), "passages": passages}


def remember_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the pages this build writes (resolved in the main process, with
    ``-j`` too), whose files :func:`write_indexes` leaves alone."""
    build_state(app.env).written.add(docname)


def write_page_source(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: nodes.document | None) -> None:
    """``html-page-context``: a source page's TEI file, plain text and DTS files, from its
    resolved doctree, as the page is written: in the process that writes it, so that ``-j``
    writes them in parallel."""
    if doctree is not None:
        write_source(app, doctree, pagename)


def write_source(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A source page's TEI file, plain text and DTS files."""
    domain = app.env.get_domain("edition")
    if app.builder.name != "html" or docname not in domain.sources:
        return
    record = domain.data["records"].get(docname)
    if record is None:
        return  # the page's record is broken (the build has warned)
    outdir, slug = Path(app.outdir), domain.sources[docname]
    edition = _edition(app)
    passages = _passages(app, docname)
    page = Path(app.builder.get_target_uri(docname)).name
    root, writer = tei.source_document(doctree, passages, build_state(app.env).register,
                                       record, edition, page)
    text = tei.serialise(root)
    _write_if_changed(outdir / f"{docname}{tei.SUFFIX}", text)
    header = [f"{record.get('title', slug)}: the reading text, from {edition['project']}, "
              f"version {edition['release']}" + (f" ({page_url(app, docname)})"
                                                  if page_url(app, docname) else "") + ".",
              f"Rights of the source's text: {record.get('rights', 'not stated')}",
              "The editors' lines, labels and marks: CC BY 4.0 "
              "(https://creativecommons.org/licenses/by/4.0/)."]
    _write_if_changed(outdir / f"{docname}.txt",
                      plaintext.source_text(doctree, passages, header))
    _write_dts_source(app, docname, root, text, writer, record, edition)


def _write_dts_source(app: Sphinx, docname: str, root: ET.Element, text: str,
                      writer: tei.SourceWriter, record: dict[str, str],
                      edition: dict[str, Any]) -> None:
    """A source's DTS files: its navigation, its collection record, and its documents: the
    whole source (``text``, the TEI file's text) and each passage and section."""
    outdir = Path(app.outdir) / dts.ROOT
    levels: dict[str, int] = {}
    sections = []
    for section in writer.sections:
        passages = section.passages()
        levels[section.id] = levels.get(section.parent or "", 0) + 1
        if passages:
            sections.append((section.id, levels[section.id], section.parent, section.title,
                             passages[0], passages[-1]))
    summary = _source_summary(app, docname, sections)
    slug = summary["slug"]
    _write_if_changed(outdir / "navigation" / f"{slug}.jsonld",
                      dts.as_json(dts.navigation(edition, summary)))
    if sections:
        _write_if_changed(outdir / "navigation" / f"{slug};tree={dts.SECTIONS}.jsonld",
                          dts.as_json(dts.section_navigation(edition, summary)))
    _write_if_changed(outdir / "collection" / f"{slug}.jsonld",
                      dts.as_json(dts.resource_document(edition, summary)))
    _write_if_changed(outdir / "document" / f"{slug}.xml", text)
    standoff = root.find(tei.tei("standOff"))
    notes = {} if standoff is None else {
        note.get(tei.XML_ID): note for note in standoff.iter(tei.tei("note"))}
    by_passage: dict[str, list[str]] = {}
    for note in writer.notes:
        by_passage.setdefault(note["passage"], []).append(note["annotation_id"])
    resp = {stmt.findtext(tei.tei("name")) or "": stmt.get(tei.XML_ID) or ""
            for stmt in root.iter(tei.tei("respStmt"))}
    full = f"../../../sources/{slug}{tei.SUFFIX}"
    # one header for every part, but for its title (an element may sit in several documents)
    head = tei.header(edition | {"full": full}, record, None, resp, "")
    main_title = next(head.iter(tei.tei("title")))  # the first: type="main"

    def part(ref: str, element: ET.Element, passages: list[str], title: str) -> str:
        """The TEI document of a part of the source: a passage or a section."""
        main_title.text = f"{record.get('title', slug)}, {title}"
        body = ET.Element(tei.tei("body"))
        wrapper = ET.SubElement(body, f"{{{dts.WRAPPER_NS}}}wrapper", {"ref": ref})
        wrapper.append(copy.deepcopy(element))
        on_it = [aid for pid in passages for aid in by_passage.get(pid, []) if aid in notes]
        standoff = None
        if on_it:
            standoff = ET.Element(tei.tei("standOff"))
            listing = tei.sub(standoff, "listAnnotation")
            listing.extend(copy.deepcopy(notes[aid]) for aid in on_it)
        document = tei.document(head, None, body, standoff)
        _relink(document, full)
        return tei.serialise(document)

    for passage_id, element in writer.passage_elements.items():
        number = writer.passages[passage_id]["number"]
        _write_if_changed(outdir / "document" / slug / f"{passage_id}.xml",
                          part(passage_id, element, [passage_id], f"¶ {number}"))
    for section in writer.sections:
        if section.passages():
            _write_if_changed(
                outdir / "document" / f"{slug};tree={dts.SECTIONS}" / f"{section.id}.xml",
                part(section.id, section.element, section.passages(), section.title))


def _relink(document: ET.Element, full: str) -> None:
    """Pointers of a passage's document: its own ids stay; the rest point into the source's
    file (``full``), or from the source's folder, as they did in that file."""
    ids = {element.get(tei.XML_ID) for element in document.iter()} - {None}
    folder = full.rsplit("/", 1)[0] + "/"
    for element in document.iter():
        if element.tag == f"{{{dts.WRAPPER_NS}}}wrapper":
            continue  # its ref is the part's identifier, not a pointer
        for name in _POINTING:
            value = element.get(name)
            if not value:
                continue
            pointers = []
            for one in value.split():
                if one.startswith("#"):
                    pointers.append(one if one[1:] in ids else f"{full}{one}")
                elif re.match(r"^[a-z][a-z0-9+.-]*:", one) or one.startswith("/"):
                    pointers.append(one)
                else:
                    pointers.append(posixpath.normpath(folder + one))
            element.set(name, " ".join(pointers))


def write_indexes(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the apparatus's TEI file, the DTS entry point and collection, and the
    files of a source that are missing (its page not written in this build)."""
    if exception is not None or app.builder.name != "html":
        return
    env, outdir = app.env, Path(app.outdir)
    domain = env.get_domain("edition")
    state = build_state(env)
    indexes = [outdir / tei.APPARATUS, outdir / dts.ROOT / "index.jsonld",
               outdir / dts.ROOT / "collection.jsonld"]
    sources = [d for d in reading_order(env) if d in domain.data["records"]]
    missing = [d for d in sources if not (outdir / f"{d}{tei.SUFFIX}").is_file()]
    if not (state.reread or state.written or missing) and all(p.is_file() for p in indexes):
        return  # nothing they are made of has changed: a no-op rebuild does no work here
    for docname in missing:
        write_source(app, env.get_and_resolve_doctree(docname, app.builder,
                                                      tags=app.builder.tags), docname)
    edition = _edition(app)
    entries = env.get_domain("cite").bibdata.data.entries if "cite" in env.domains else {}
    titles = {domain.sources[d]: source_title(domain, d) for d in sources}
    apparatus = tei_apparatus.apparatus_document(edition, state.register, entries,
                                                 state.claims, domain.passages, titles)
    _write_if_changed(outdir / tei.APPARATUS, tei.serialise(apparatus))
    summaries = [_source_summary(app, docname, _sections_of(outdir, domain.sources[docname]))
                 for docname in sources]
    _write_if_changed(outdir / dts.ROOT / "index.jsonld",
                      dts.as_json(dts.entry_point(edition)))
    _write_if_changed(outdir / dts.ROOT / "collection.jsonld",
                      dts.as_json(dts.collection(edition, summaries)))


def _sections_of(outdir: Path, slug: str) -> list[tuple[Any, ...]]:
    """A source's sections as its sections' navigation file (written with its page) lists
    them: what the collection says of the source's citation trees."""
    path = outdir / dts.ROOT / "navigation" / f"{slug};tree={dts.SECTIONS}.jsonld"
    if not path.is_file():
        return []
    members = json.loads(path.read_text(encoding="utf-8"))["member"]
    return [(m["identifier"], m["level"], m["parent"], "", "", "") for m in members]

