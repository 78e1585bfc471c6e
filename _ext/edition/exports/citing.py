"""Citing the edition: a passage, a note, a source, the edition as a whole.

Everything a reader copies or downloads comes from CSL-JSON records built here, one per source,
per passage and per note, and from the edition's own record:

- a **source**: its entry in ``references.bib`` (named by the front matter's ``bibtex`` field),
  read from pybtex's parsed data with URLs and DOIs kept exactly as written (never through a
  LaTeX-to-text conversion, which reads ``%`` as a comment); without an entry, its front matter;
- the **edition**: ``project``, ``author`` (its editors), ``release``, the release date (the
  CHANGELOG's date of the release, else ``SOURCE_DATE_EPOCH``, else the day of the build) and
  ``html_baseurl``;
- a **passage**: its source, then the passage as part of the edition (its permanent link, and
  its paragraph as the part's ``number`` and ``section``, so that a citation processor given the
  record alone cites ¶ 12, not the whole edition);
- a **note**: the note as a part of the edition, by its authors, named by its permanent id and
  its passage's number ("Note a003 on ¶ 30 of …"; never by its number on the page, which
  changes when a note is added before it).

The citations are rendered by :mod:`edition.exports.csl` (citeproc-py, official CSL styles). A source
page carries them once, as templates with slots for the passage or note number and the link
(``{passage}``, ``{note}``, ``{url}``), in a JSON block the reading interface fills in;
without a public address (``html_baseurl``) they have no link, as the files have none: this
copy's address is of no use to a reader of the citation. The files (BibTeX, BibLaTeX, RIS,
CSL-JSON) are written next to the pages.
"""

from __future__ import annotations

import codecs
import functools
import html
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core import ids, metadata
from ..core.nodes import editorial_note
from ..core.warnings_ import EditionWarning, warn
from . import csl, webanno

logger = logging.getLogger(__name__)


#: The download formats of a record: file suffix -> label.
DOWNLOADS: dict[str, str] = {
    ".bib": "BibTeX",
    ".biblatex.bib": "BibLaTeX",
    ".ris": "RIS",
    ".csl.json": "CSL-JSON",
}


#: The suffix of a source's annotations, as a W3C Web Annotation collection (edition.annotations).
ANNOTATIONS_SUFFIX = ".annotations.jsonld"


#: Where the files of single passages and notes go, under the source pages' folder.
ITEMS_DIR = "cite"


#: Stand-ins for the slots while the processor renders a template (digits, an address and a day
#: that no style changes).
_SLOTS = {"900001": "{note}", "900002": "{passage}", "https://edition.invalid/permalink": "{url}",
          "November 28, 2999": "{accessed}"}
_ACCESSED = {"date-parts": [[2999, 11, 28]]}


def latex_text(value: str) -> str:
    """A BibTeX field's LaTeX as plain text: accents and dashes decoded (latexcodec), braces
    dropped, ``\\emph{x}`` as x, and straight single quotes as typographic ones, so that no
    citation processor reads an apostrophe as a quotation mark."""
    import latexcodec  # noqa: F401  (registers the codec)

    text = re.sub(r"\\(?:emph|textit|textbf|textsc)\s*\{", "{", value)
    text = codecs.decode(text, "ulatex")
    text = re.sub(r"(?<!\\)[{}]", "", text).replace("\\", "")
    # a straight quote opening a word is an opening single quotation mark ('thaw'), except
    # before a digit ('61); every other one is an apostrophe or a closing mark
    text = re.sub(r"(?:(?<=^)|(?<=[\s(\[“]))'(?=[^\W\d_])", "\u2018", text)
    return " ".join(text.replace("'", "\u2019").split())


def _person(person: Any) -> dict[str, str]:
    family = latex_text(" ".join(person.prelast_names + person.last_names))
    given = latex_text(" ".join(person.first_names + person.middle_names))
    suffix = latex_text(" ".join(person.lineage_names))
    if not given and " ".join(person.last_names).startswith("{"):  # {Braced Body}
        return {"literal": family}
    return {k: v for k, v in (("family", family), ("given", given), ("suffix", suffix)) if v}


def _issued(year: str, month: str = "", day: str = "") -> dict[str, Any] | None:
    if not re.fullmatch(r"\d{4}", year.strip()):
        return None
    parts = [int(year)]
    months = {name: number for number, name in enumerate(csl.MONTHS, start=1)}
    month = month.strip().lower()[:3]
    if month in months or month.isdigit():
        parts.append(months.get(month) or int(month))
        if day.strip().isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}


def source_record(key: str, entry: Any) -> dict[str, Any]:
    """A ``references.bib`` entry (pybtex) as a CSL-JSON record."""
    raw = {name.lower(): value for name, value in entry.fields.items()}
    text = {name: latex_text(value) for name, value in raw.items()
            if name not in ("url", "doi")}
    kind = {"article": "article-journal", "book": "book", "collection": "book",
            "incollection": "chapter", "online": "webpage"}.get(entry.type.lower())
    if kind is None:
        kind = "webpage" if "url" in raw else "document"
    record: dict[str, Any] = {"id": key, "type": kind, "title": text.get("title", "")}
    for role in ("author", "editor"):
        if entry.persons.get(role):
            record[role] = [_person(p) for p in entry.persons[role]]
    date = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", text.get("date", ""))
    issued = _issued(*date.groups("")) if date else \
        _issued(text.get("year", ""), text.get("month", ""))
    if issued:
        record["issued"] = issued
    container = text.get("journal") or text.get("journaltitle") or text.get("booktitle") \
        or text.get("howpublished") or text.get("organization")
    fields = {"container-title": container, "volume": text.get("volume"),
              "issue": text.get("number"), "page": text.get("pages"),
              "publisher": text.get("publisher"),
              "publisher-place": text.get("address") or text.get("location"),
              "edition": text.get("edition"), "collection-title": text.get("series"),
              "ISBN": text.get("isbn"), "ISSN": text.get("issn"),
              "DOI": raw.get("doi", "").strip(), "URL": raw.get("url", "").strip(),
              "note": text.get("note")}
    record.update({name: value for name, value in fields.items() if value})
    return record


def front_matter_record(fields: dict[str, str]) -> dict[str, Any]:
    """A source without an entry in references.bib: its front matter as a CSL-JSON record."""
    record: dict[str, Any] = {"id": fields["slug"], "type": "webpage",
                              "title": fields["title"]}
    if fields.get("author"):
        record["author"] = [{"literal": fields["author"]}]
    date = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", fields.get("date", "").strip())
    if date and _issued(*date.groups("")):
        record["issued"] = _issued(*date.groups(""))
    for csl_name, name in (("container-title", "publisher"), ("URL", "url"), ("DOI", "doi")):
        if fields.get(name):
            record[csl_name] = fields[name]
    return record


def source_record_of(env: Any, docname: str) -> dict[str, Any] | None:
    """The record of the source on page ``docname`` (None when its front matter is broken:
    its build warnings say where)."""
    fields = env.get_domain("edition").data["records"].get(docname)
    if fields is None:
        return None
    key = fields.get("bibtex")
    entries = env.get_domain("cite").bibdata.data.entries if "cite" in env.domains else {}
    if key and key in entries:
        return source_record(key, entries[key])
    return front_matter_record(fields)


def release_date(srcdir: str | Path, release: str) -> list[int]:
    """The date of the release: the CHANGELOG's (``## [0.1.0] – 2026-12-01``), else
    ``SOURCE_DATE_EPOCH``, else the day of the build."""
    changelog = Path(srcdir) / "CHANGELOG.md"
    if changelog.is_file():
        match = re.search(rf"^##\s*\[?{re.escape(release)}\]?\s*[–-]\s*(\d{{4}})-(\d\d)-(\d\d)",
                          changelog.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            return [int(part) for part in match.groups()]
    stamp = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))
    return [stamp.tm_year, stamp.tm_mon, stamp.tm_mday]


def edition_record(app: Sphinx) -> dict[str, Any]:
    config = app.config
    record = {"id": "edition", "type": "book", "title": config.project,
              "editor": [{"literal": config.author}], "version": config.release,
              "issued": {"date-parts": [release_date(app.srcdir, config.release)]}}
    if config.html_baseurl:
        record["URL"] = config.html_baseurl
    return record


def page_url(app: Sphinx, docname: str) -> str:
    """A page's permanent address ("" without ``html_baseurl``), whichever the builder."""
    base = app.config.html_baseurl
    if not base:
        return ""
    return f"{base.rstrip('/')}/{docname}{app.config.html_file_suffix or '.html'}"


def passage_part(edition: dict[str, Any], source: dict[str, Any], passage_id: str,
                 number: str, url: str) -> dict[str, Any]:
    """A passage as part of the edition (what follows its source in its citation)."""
    part = dict(edition, id=passage_id, number=f"¶ {number}", section=f"¶ {number}",
                note=f"¶ {number} of {_quoted(source)} ({source['id']}), in this edition")
    part.pop("URL", None)
    if url:
        part["URL"] = url
    return part


def unnumbered(part: dict[str, Any]) -> dict[str, Any]:
    """A passage's part as its citation renders it: after "¶ 12, in", which names the paragraph
    (see :func:`passage_citation`), and without its ``note``, which no style prints (a test
    checks it): so the part renders alike for every source, and is rendered once per style."""
    return {key: value for key, value in part.items() if key not in ("number", "note")}


def note_record(edition: dict[str, Any], source: dict[str, Any], note_id: str, label: str,
                passage: str, authors: list[str], url: str) -> dict[str, Any]:
    """A note as part of the edition, named by ``label``, its permanent name
    (:func:`edition.core.ids.note_label`)."""
    record = {"id": note_id, "type": "chapter",
              # nocase (CSL-JSON's markup): title case leaves the name as it is, not "A003"
              "title": f'Note <span class="nocase">{label}</span> on ¶ {passage} of '
                       f"{_quoted(source)}",
              "author": [{"literal": name} for name in authors],
              "container-title": edition["title"], "editor": edition["editor"],
              "version": edition["version"], "issued": edition["issued"],
              "section": f"¶ {passage}"}
    if url:
        record["URL"] = url
    return record


def _quoted(source: dict[str, Any]) -> str:
    return f"“{source.get('title', '')}”"


def passage_citation(source_html: str, part_html: str, number: str, note: bool = False) -> str:
    """A passage's citation: its source, then the passage in the edition (``part_html`` is the
    :func:`unnumbered` part's); with ``note``, the two notes joined as one (a footnote is one
    sentence: the source's full stop becomes a comma)."""
    if note:
        source_html = re.sub(r"\.(”?)$", r",\1", source_html)
    return f"{source_html} ¶ {html.escape(number)}, in {part_html}"


def fill(template: str, **values: str) -> str:
    """Fill a template's slots with (HTML-escaped) values, as the reading interface does."""
    return re.sub(r"\{(note|passage|url|accessed)\}",
                  lambda match: html.escape(values.get(match.group(1), match.group())), template)


@functools.lru_cache(maxsize=64)
def _render_cached(record_json: str, style: str, note: bool) -> str:
    return csl.render(json.loads(record_json), style, note)


def render(record: dict[str, Any], style: str, note: bool = False) -> str:
    return _render_cached(json.dumps(record, sort_keys=True, ensure_ascii=False), style, note)


def accessed(style: str, online: bool, day: dict[str, Any] = _ACCESSED
             ) -> tuple[str, dict[str, Any]]:
    """The style a part of the edition (a passage, a note) is cited in, and what its record
    gets for it: with a public address, the style's access-date variant and the day it was
    read (``day``: a stand-in the reading interface replaces with the day a citation is
    copied); else the style and nothing (a local copy's day says nothing to a reader)."""
    if online and style in csl.ACCESS_DATES:
        return csl.ACCESS_DATES[style], {"accessed": day}
    return style, {}


def forms() -> list[tuple[str, str, str, bool]]:
    """The citations the dialog offers, in order: (key, label, CSL style, whether the style's
    note form): each style's reference-list entry, and after it its footnote
    (:data:`edition.exports.csl.FOOTNOTES`)."""
    out = []
    for style, label in csl.STYLES.items():
        out.append((style, label, style, False))
        if style in csl.FOOTNOTES:
            out.append((*csl.FOOTNOTES[style], style, True))
    return out


def templates(app: Sphinx, source: dict[str, Any], authors: tuple[str, ...] = ("The editors",)
              ) -> dict[str, dict[str, str]]:
    """The citations of a passage and of a note of this source, per style, with slots (no
    ``{url}`` without a public address, and then no ``{accessed}``: the day a reader copied a
    citation, which the styles of :data:`edition.exports.csl.ACCESS_DATES` give)."""
    edition = edition_record(app)
    url = "https://edition.invalid/permalink" if app.config.html_baseurl else ""
    part = passage_part(edition, source, "passage", "900002", url)
    note = note_record(edition, source, "note", "900001", "900002", list(authors), url)
    out: dict[str, dict[str, str]] = {}
    for key, _, style, as_note in forms():
        read = accessed(style, bool(url))
        passage = passage_citation(render(source, style, as_note),
                                   render(dict(unnumbered(part), **read[1]), read[0], as_note),
                                   "900002", as_note)
        rendered = {"passage": passage, "note": render(dict(note, **read[1]), read[0], as_note)}
        for kind, text in rendered.items():
            for stand_in, slot in _SLOTS.items():
                text = text.replace(stand_in, slot)
            out.setdefault(kind, {})[key] = text
    return out


def item_records(app: Sphinx, docname: str) -> dict[str, list[dict[str, Any]]]:
    """Every passage's and note's records on a source page, by id (for the files)."""
    env = app.env
    domain = env.get_domain("edition")
    source = source_record_of(env, docname)
    if source is None:
        return {}
    edition = edition_record(app)
    base = page_url(app, docname)
    out: dict[str, list[dict[str, Any]]] = {}
    for passage_id in domain.passages_of(docname):
        number = str(domain.passages[passage_id].get("number", ""))
        out[passage_id] = [source, passage_part(edition, source, passage_id, number,
                                                f"{base}#{passage_id}" if base else "")]
    for note_id in domain.annotations_of(docname):
        note = domain.data["annotations"][note_id]
        passage = str(domain.passages.get(note["passage"], {}).get("number", "?"))
        out[note_id] = [note_record(edition, source, note_id, ids.note_label(note_id),
                                    passage, list(note["authors"]),
                                    f"{base}#{note_id}" if base else "")]
    return out


def add_citation_data(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: Any) -> None:
    """``html-page-context``: a source page's citation templates, once, as a JSON block."""
    if pagename not in app.env.get_domain("edition").sources or "body" not in context:
        return
    source = source_record_of(app.env, pagename)
    if source is None:
        return
    url = page_url(app, pagename)
    data = {"url": url or None, "title": source.get("title", ""),
            "styles": [[key, label] for key, label, _, _ in forms()],
            "items": ITEMS_DIR + "/", "formats": DOWNLOADS,
            **templates(app, source)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    context["body"] += f'<script type="application/json" id="edition-citation">{text}</script>\n'


class how_to_cite(nodes.General, nodes.Element):
    """Where the citations of the edition and of an example passage go (filled in when the
    page is resolved, for every builder: the PDF's title page has them too)."""


class HowToCiteDirective(SphinxDirective):
    """``{how-to-cite}`` with ``:passage: <id>``: the edition and that passage, cited in every
    style, from the same records as the dialog and the downloads."""

    option_spec = {"passage": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        node = how_to_cite(passage=self.options.get("passage", "").strip())
        self.set_source_info(node)
        return [node]


def _rich(rendered: str) -> list[nodes.Node]:
    """A rendered citation (HTML with ``<i>``) as docutils nodes."""
    out: list[nodes.Node] = []
    for part in re.split(r"(<i>.*?</i>)", rendered):
        if part.startswith("<i>"):
            out.append(nodes.emphasis("", html.unescape(part[3:-4])))
        elif part:
            out.append(nodes.Text(html.unescape(part)))
    return out


def fill_how_to_cite(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the citations of the title page's "How to cite"."""
    for node in list(doctree.findall(how_to_cite)):
        domain = app.env.get_domain("edition")
        passage = domain.passages.get(node["passage"])
        source = source_record_of(app.env, passage["docname"]) if passage else None
        if passage is None or source is None:
            warn(EditionWarning.CITATION, f"how-to-cite: unknown passage '{node['passage']}'; "
                 "name a passage id, e.g. :passage: lala-2014-p012", node)
            node.replace_self([])
            continue
        edition = edition_record(app)
        url = page_url(app, passage["docname"])
        url = f"{url}#{node['passage']}" if url else \
            f"{passage['docname']}.html#{node['passage']}"
        number = str(passage.get("number", ""))
        part = passage_part(edition, source, node["passage"], number, url)
        listing = nodes.definition_list(classes=["edition-how-to-cite"])
        for style, label in csl.STYLES.items():
            item = nodes.definition_list_item()
            item += nodes.term(label, label)
            definition = nodes.definition()
            whole = nodes.paragraph()
            whole += _rich(render(edition, style))
            example = nodes.paragraph()
            example += _rich(passage_citation(render(source, style),
                                              render(unnumbered(part), style), number))
            definition += [whole, example]
            item += definition
            listing += item
        node.replace_self(listing)


def _date_iso(record: dict[str, Any], sep: str = "-") -> str:
    parts = (record.get("issued") or {}).get("date-parts") or [[]]
    return sep.join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0]))


def _person_ld(name: dict[str, str]) -> dict[str, str]:
    if "literal" in name:
        return {"@type": "Organization", "name": name["literal"]}
    return {"@type": "Person", "familyName": name.get("family", ""),
            "givenName": name.get("given", ""),
            "name": " ".join(p for p in (name.get("given"), name.get("family")) if p)}


def edition_ld(app: Sphinx) -> dict[str, Any]:
    """The edition as schema.org data."""
    record = edition_record(app)
    data = {"@type": "Book", "name": record["title"], "version": record["version"],
            "editor": [_person_ld(n) for n in record["editor"]],
            "datePublished": _date_iso(record), "bookFormat": "https://schema.org/EBook",
            # the editors' text (LICENSE-commentary.md); each source's own is on its page
            "license": "https://creativecommons.org/licenses/by/4.0/"}
    if record.get("URL"):
        data["url"] = record["URL"]
    return data


def source_ld(source: dict[str, Any], url: str, edition: dict[str, Any]) -> dict[str, Any]:
    """A source page as schema.org data: the text as part of the edition, based on the
    original publication."""
    original: dict[str, Any] = {"@type": "ScholarlyArticle" if source["type"] ==
                                "article-journal" else "CreativeWork"}
    if source.get("container-title"):
        original["isPartOf"] = {"@type": "Periodical" if source["type"] == "article-journal"
                                else "WebSite", "name": source["container-title"]}
    for key, name in (("URL", "url"), ("DOI", "identifier")):
        if source.get(key):
            original[name] = (f"https://doi.org/{source[key]}" if key == "DOI" else source[key])
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ScholarlyArticle",
        "name": source.get("title", ""),
        "author": [_person_ld(n) for n in source.get("author", [])],
        "isPartOf": edition, "isBasedOn": original}
    if _date_iso(source):
        data["datePublished"] = _date_iso(source)
    if source.get("page"):
        original["pageStart"] = str(source["page"]).split("–")[0]
    if url:
        data["url"] = url
    return data


def source_licence_ld(fields: dict[str, str]) -> str | dict[str, str]:
    """A source's licence for schema.org: its address, or (all rights reserved, unknown) a
    CreativeWork naming it and who holds the rights."""
    if metadata.licence_url(fields):
        return metadata.licence_url(fields)
    return {"@type": "CreativeWork", "name": f"{metadata.licence_name(fields)}; rights holder: "
                                             f"{fields.get('rights_holder', 'unknown')}"}


def highwire_tags(source: dict[str, Any], edition: dict[str, Any], url: str) -> list[tuple[str, str]]:
    """Google Scholar's (Highwire Press) ``citation_*`` tags of a source page."""
    tags = [("citation_title", source.get("title", ""))]
    for name in source.get("author", []):
        tags.append(("citation_author", name.get("literal") or
                     ", ".join(p for p in (name.get("family"), name.get("given")) if p)))
    if _date_iso(source):
        tags.append(("citation_publication_date", _date_iso(source, "/")))
    if source["type"] == "article-journal":
        tags += [("citation_journal_title", source.get("container-title", "")),
                 ("citation_volume", str(source.get("volume", ""))),
                 ("citation_issue", str(source.get("issue", ""))),
                 ("citation_firstpage", str(source.get("page", "")).split("–")[0])]
    tags += [("citation_doi", source.get("DOI", "")),
             ("citation_inbook_title", edition["name"]),
             ("citation_publisher", source.get("publisher", "")),
             ("citation_public_url", url)]
    tags += [("citation_editor", n["name"]) for n in edition["editor"]]
    return [(name, value) for name, value in tags if value]


def add_metadata(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    """``html-page-context``: schema.org JSON-LD on every page; on a source page also the
    ``citation_*`` tags (the canonical link is Sphinx's own, from ``html_baseurl``)."""
    if "metatags" not in context:
        return
    edition = edition_ld(app)
    url = page_url(app, pagename)
    source = None
    if pagename in app.env.get_domain("edition").sources:
        source = source_record_of(app.env, pagename)
    if source is not None:
        data = source_ld(source, url, edition)
        data["license"] = source_licence_ld(app.env.get_domain("edition").data["records"]
                                            .get(pagename, {}))
        tags = "".join(f'<meta name="{name}" content="{html.escape(value)}">\n'
                       for name, value in highwire_tags(source, edition, url))
    else:
        data = {"@context": "https://schema.org", "@type": "WebPage",
                "name": _plain_title(context.get("title", "")), "isPartOf": edition}
        if url:
            data["url"] = url
        tags = ""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    context["metatags"] += tags + f'<script type="application/ld+json">{text}</script>\n'


def _plain_title(title: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", title))


class AddDownloadLinks(SphinxPostTransform):
    """On a source page, under the record of the received text: links to the record's files
    (written by :func:`write_downloads`)."""

    default_priority = 910
    builders = ("html",)

    def run(self, **kwargs: Any) -> None:
        if self.env.docname not in self.env.get_domain("edition").sources:
            return
        record = next((note for note in self.document.findall(editorial_note)
                       if note["kind"] == "metadata"), None)
        if record is None:
            return
        line = nodes.paragraph(classes=["edition-cite-downloads"])
        line += nodes.Text("Cite this source: ")
        stem = self.env.docname.rsplit("/", 1)[-1]
        for number, (suffix, label) in enumerate(DOWNLOADS.items()):
            if number:
                line += nodes.Text(" · ")
            line += nodes.reference(label, label, refuri=f"{stem}{suffix}",
                                    classes=["edition-download"])
        line += nodes.Text(" · ")
        line += nodes.reference("", "Notes as W3C Web Annotations",
                                refuri=f"{stem}{ANNOTATIONS_SUFFIX}",
                                classes=["edition-annotations"])
        record += line


def remember_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the pages this build writes (resolved in the main process, with
    ``-j`` too), whose files :func:`write_downloads` writes again."""
    if not hasattr(app, "_edition_written"):
        app._edition_written = set()  # type: ignore[attr-defined]
    app._edition_written.add(docname)  # type: ignore[attr-defined]


def write_page_downloads(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: a source page's records as files, as the page is written: its
    source's next to it (``sources/<slug>.bib`` ...), each passage's and note's under
    ``sources/cite/``. In the process that writes the page, so that ``-j`` writes them in
    parallel; each file only when its text changed."""
    if app.builder.name != "html" or pagename not in app.env.get_domain("edition").sources:
        return
    source = source_record_of(app.env, pagename)
    if source is not None:
        _write_records(app, pagename, source)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the edition's records as files at the top (``edition.bib`` ...),
    the notes of each source page written in this build as Web Annotations (from the page as
    written), and the records of a source whose page was not written when they changed all the
    same: the edition's record changed, or its own (an entry of references.bib edited).

    So a build writes only what it changed, and a no-op rebuild nothing: the records of a page
    written are written with it (:func:`write_page_downloads`), and every file only when its
    text differs from what is on disk."""
    written: set[str] = app.__dict__.pop("_edition_written", set())
    if exception is not None or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    if not app.config.html_baseurl:
        logger.info("edition: html_baseurl is not set (EDITION_BASEURL): citations carry the "
                    "reader's own address and the downloads no link; set it for a published "
                    "edition")
    edition_changed = _write(outdir / "edition", [edition_record(app)])
    for docname in sorted(app.env.get_domain("edition").sources):
        source = source_record_of(app.env, docname)
        if source is None:
            continue
        if docname in written or not (outdir / f"{docname}{ANNOTATIONS_SUFFIX}").is_file():
            _write_annotations(app, docname, source)
        if docname not in written and (edition_changed or _differs(outdir / docname, [source])):
            _write_records(app, docname, source)


def _write_records(app: Sphinx, docname: str, source: dict[str, Any]) -> None:
    """A source's files, and its passages' and notes'."""
    target = Path(app.outdir) / docname
    known: dict[str, dict[str, str]] = {}  # the source's record, formatted once for all
    for item_id, records in item_records(app, docname).items():
        _write(target.parent / ITEMS_DIR / item_id, records, known)
    _write(target, [source], known)  # last: a build stopped before it writes them all again


def _write_annotations(app: Sphinx, docname: str, source: dict[str, Any]) -> None:
    domain = app.env.get_domain("edition")
    page = Path(app.outdir) / app.builder.get_target_uri(docname)
    if not page.is_file():
        return
    notes = {aid: domain.data["annotations"][aid] for aid in domain.annotations_of(docname)}
    address = page_url(app, docname) or page.name
    label = (f"The editors' notes on “{source.get('title', '')}”, in {app.config.project}, "
             f"version {app.config.release}")
    data = webanno.collection(page.read_text(encoding="utf-8"), address, label, notes)
    _write_if_changed(Path(app.outdir) / f"{docname}{ANNOTATIONS_SUFFIX}",
                      json.dumps(data, ensure_ascii=False, indent=1) + "\n")


#: How the files of several records join each record's text (CSL-JSON: see :func:`_csl_json`).
_JOINS = {".bib": "\n", ".biblatex.bib": "\n", ".ris": "\r\n"}


def _record_contents(record: dict[str, Any]) -> dict[str, str]:
    """One record's text in each format (CSL-JSON: the record alone, not in its list)."""
    return {".bib": csl.as_bibtex([record]), ".biblatex.bib": csl.as_bibtex([record], True),
            ".ris": csl.as_ris([record]),
            ".csl.json": json.dumps(record, ensure_ascii=False, indent=1)}


def _contents(records: list[dict[str, Any]],
              known: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    """The files of some records: suffix -> text, each record formatted once (``known``: the
    texts of records formatted already, by id, e.g. a source's, the first record of every one
    of its passages' files). The same text as formatting the list whole: every format joins
    its records' texts, and an item of an indented JSON list is the item indented once more."""
    known = {} if known is None else known
    parts = []
    for record in records:
        if record["id"] not in known:
            known[record["id"]] = _record_contents(record)
        parts.append(known[record["id"]])
    out = {suffix: joint.join(part[suffix] for part in parts) for suffix, joint in _JOINS.items()}
    out[".csl.json"] = "[\n" + ",\n".join(
        " " + part[".csl.json"].replace("\n", "\n ") for part in parts) + "\n]\n"
    return out


def _csl_json(records: list[dict[str, Any]]) -> str:
    return _contents(records)[".csl.json"]


def _differs(stem: Path, records: list[dict[str, Any]]) -> bool:
    """Whether the records' CSL-JSON file (from which the other formats follow) is not theirs."""
    return _read(stem.parent / f"{stem.name}.csl.json") != _csl_json(records).encode("utf-8")


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:  # not there yet
        return None


def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8, line ends as they are) unless the file holds it already; whether
    it was written. (A file of another size is not read; a folder is made only when missing.)"""
    data = text.encode("utf-8")
    try:
        if os.stat(path).st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:  # not there yet
        pass
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return True


def _write(stem: Path, records: list[dict[str, Any]],
           known: dict[str, dict[str, str]] | None = None) -> bool:
    """Write the records' files (``<stem>.bib`` ...), each only when its text changed; whether
    any was written (``known``: see :func:`_contents`)."""
    changed = False
    for suffix, text in _contents(records, known).items():
        changed |= _write_if_changed(stem.parent / f"{stem.name}{suffix}", text)
    return changed
