"""Citing the edition: a passage, a note, a whole source.

Every source page carries, once, the templates of its citations (Chicago and APA) as a JSON block;
the reading interface fills in the passage or note and the permalink when a reader asks to cite
one, so the page does not repeat a citation for each of its passages. Every source page also links
its source's record as BibTeX, RIS and CSL-JSON files, written next to the page.

The record of a source is its own entry in ``references.bib`` (named by the front matter's
``bibtex`` field), read through sphinxcontrib-bibtex's parsed data; without one, the front matter
gives the author, title and date. The edition is named by ``project`` and ``release`` in conf.py;
permalinks are absolute when ``html_baseurl`` is set, and otherwise the reader's own address.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import metadata
from .nodes import editorial_note

#: The download formats of a source's record: file suffix -> (label, MIME type).
DOWNLOADS: dict[str, tuple[str, str]] = {
    ".bib": ("BibTeX", "application/x-bibtex"),
    ".ris": ("RIS", "application/x-research-info-systems"),
    ".csl.json": ("CSL-JSON", "application/vnd.citationstyles.csl+json"),
}


@dataclasses.dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    literal: str = ""  # an organisation or a collective ("Wikipedia contributors")


@dataclasses.dataclass(frozen=True)
class Work:
    """A source as a bibliographic record, in plain text."""

    key: str
    kind: str  # "article" (in a journal) or "webpage"
    title: str
    authors: tuple[Name, ...] = ()
    container: str = ""  # the journal or the web site
    volume: str = ""
    issue: str = ""
    year: str = ""  # empty when undated
    month: str = ""
    url: str = ""
    doi: str = ""
    note: str = ""


def _text(latex: str) -> str:
    from pybtex.richtext import Text

    return " ".join(Text.from_latex(latex).render_as("text").split())


def work_from_entry(key: str, entry: Any) -> Work:
    """A ``references.bib`` entry (pybtex) as a :class:`Work`."""
    fields = {name.lower(): _text(value) for name, value in entry.fields.items()}
    authors = []
    for person in entry.persons.get("author", []):
        family = _text(" ".join(person.prelast_names + person.last_names))
        given = _text(" ".join(person.first_names + person.middle_names))
        if not given and " ".join(person.last_names).startswith("{"):  # {Braced Body}
            authors.append(Name(literal=family))
        else:
            authors.append(Name(family=family, given=given))
    year = fields.get("year", "")
    return Work(
        key=key, kind="article" if entry.type == "article" else "webpage",
        title=fields.get("title", ""), authors=tuple(authors),
        container=fields.get("journal") or fields.get("howpublished", ""),
        volume=fields.get("volume", ""), issue=fields.get("number", ""),
        year=year if re.fullmatch(r"\d{4}", year) else "", month=fields.get("month", ""),
        url=fields.get("url", ""), doi=fields.get("doi", ""), note=fields.get("note", ""))


def work_from_record(record: metadata.SourceRecord) -> Work:
    """A source without an entry in references.bib: its front matter as a :class:`Work`."""
    fields = record.fields
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", fields.get("date", ""))
    return Work(key=record.slug, kind="webpage", title=fields["title"],
                authors=(Name(literal=fields["author"]),), container=fields["publisher"],
                year=year.group(1) if year and fields["date"].strip() == year.group(1) else "",
                url=fields["url"], doi=fields.get("doi", ""))


# --- citations in Chicago and APA style ---------------------------------------------------------

def _chicago_names(names: tuple[Name, ...]) -> str:
    shown = [name.literal or (f"{name.family}, {name.given}" if number == 0 and name.given
                              else f"{name.given} {name.family}".strip())
             for number, name in enumerate(names)]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + ", and " + shown[-1]


def _apa_names(names: tuple[Name, ...]) -> str:
    def initials(given: str) -> str:
        return " ".join(f"{part[0]}." for part in re.split(r"[\s.]+", given) if part)

    shown = [name.literal or f"{name.family}, {initials(name.given)}".rstrip(", ")
             for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + ", & " + shown[-1]


def _stop(text: str) -> str:
    """End a citation element with a full stop, unless it already ends with a mark."""
    return text if text.endswith((".", "?", "!", "…", "”", "’")) else text + "."


def _chicago_source(work: Work) -> str:
    title = work.title.replace("“", "‘").replace("”", "’")  # quotes inside quotes
    title = f"“{title}.”" if not title.endswith(("?", "!", "…", "’")) else f"“{title}”"
    parts = [_stop(_chicago_names(work.authors))] if work.authors else []
    parts.append(title)
    date = work.year or "n.d."
    if work.kind == "article":
        volume = f" {work.volume}" + (f", no. {work.issue}" if work.issue else "")
        parts.append(f"{work.container}{volume if work.volume else ''} ({date}).")
    else:
        parts.append(_stop(", ".join(p for p in (work.container, date) if p)))
    return " ".join(parts)


def _apa_source(work: Work) -> str:
    date = f"({work.year or 'n.d.'})."
    head = f"{_apa_names(work.authors)} {date} {_stop(work.title)}" if work.authors \
        else f"{_stop(work.title)} {date}"
    if work.kind == "article" and work.container:
        volume = f", {work.volume}" + (f"({work.issue})" if work.issue else "") if work.volume else ""
        head += f" {work.container}{volume}."
    elif work.container:
        head += f" {_stop(work.container)}"
    return head


def citation_templates(work: Work, edition: str, version: str) -> dict[str, dict[str, str]]:
    """The citations of a passage and of a note of this source, per style, with the slots the
    reading interface fills in: ``{passage}`` (¶ number), ``{url}`` (permalink), and for a note
    ``{note}``, ``{id}``, ``{by}``, ``{date}`` and ``{year}``."""
    about = f"¶ {{passage}} of {work.title}"
    return {
        "chicago": {
            "passage": f"{_chicago_source(work)} ¶ {{passage}}. In {edition}, version {version}."
                       " {url}.",
            "note": f"{{by}}. “Note {{note}} ({{id}}) on {about.replace('“', '‘').replace('”', '’')}.”"
                    f" {{date}}. In {edition}, version {version}. {{url}}.",
        },
        "apa": {
            "passage": f"{_apa_source(work)} ¶ {{passage}}. In {edition} (Version {version})."
                       " {url}",
            "note": f"{{by}} ({{year}}). Note {{note}} ({{id}}) on {about} [Editorial note]. "
                    f"In {edition} (Version {version}). {{url}}",
        },
    }


def fill(template: str, **values: str) -> str:
    """Fill a template's slots, as the reading interface does (for tests and other writers)."""
    return re.sub(r"\{(\w+)\}", lambda match: values.get(match.group(1), match.group()),
                  template)


# --- the source's record as files ---------------------------------------------------------------

def as_bibtex(key: str, entry: Any) -> str:
    """The source's own entry, as pybtex writes it."""
    from pybtex.database import BibliographyData

    return _bibtex_writer().to_string(BibliographyData(entries={key: entry}))


@functools.cache
def _bibtex_writer() -> Any:
    """pybtex's BibTeX writer, looked up once: ``BibliographyData.to_string`` looks it up in
    every installed package's entry points on each call, and a build writes every source's."""
    from pybtex.plugin import find_plugin

    return find_plugin("pybtex.database.output", "bibtex")()


def as_ris(work: Work) -> str:
    lines = [("TY", "JOUR" if work.kind == "article" else "ELEC")]
    lines += [("AU", name.literal or f"{name.family}, {name.given}".rstrip(", "))
              for name in work.authors]
    lines += [("TI", work.title), ("T2" if work.kind == "article" else "PB", work.container),
              ("VL", work.volume), ("IS", work.issue), ("PY", work.year), ("DO", work.doi),
              ("UR", work.url), ("N1", work.note), ("ID", work.key)]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value) + "ER  - \r\n"


def as_csl(work: Work) -> list[dict[str, Any]]:
    item: dict[str, Any] = {"id": work.key,
                            "type": "article-journal" if work.kind == "article" else "webpage",
                            "title": work.title}
    if work.authors:
        item["author"] = [{"literal": n.literal} if n.literal else
                          {"family": n.family, "given": n.given} for n in work.authors]
    optional = {"container-title": work.container, "volume": work.volume, "issue": work.issue,
                "DOI": work.doi, "URL": work.url, "note": work.note}
    item.update({name: value for name, value in optional.items() if value})
    if work.year:
        item["issued"] = {"date-parts": [[int(work.year)]]}
    return [item]


# --- the build ----------------------------------------------------------------------------------

def source_work(env: Any, docname: str) -> tuple[Work, Any] | None:
    """The record of the source on page ``docname``, and its pybtex entry if it has one."""
    fields = env.get_domain("edition").data["records"].get(docname)
    if fields is None:
        return None  # the page's front matter is broken; its build warnings say where
    record = metadata.SourceRecord(fields, {})
    key = fields.get("bibtex")
    entries = env.get_domain("cite").bibdata.data.entries if "cite" in env.domains else {}
    if key and key in entries:
        return work_from_entry(key, entries[key]), entries[key]
    return work_from_record(record), None


def add_citation_data(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: Any) -> None:
    """``html-page-context``: put a source page's citation templates in the page, once.

    ``pageurl`` is the page's absolute address, which Sphinx gives when ``html_baseurl`` is set;
    without it the reading interface takes the reader's own address."""
    if pagename not in app.env.get_domain("edition").sources or "body" not in context:
        return
    found = source_work(app.env, pagename)
    if found is None:
        return
    work, _ = found
    data = {"url": context.get("pageurl") or None, "title": work.title,
            **citation_templates(work, app.config.project, app.config.release)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    context["body"] += f'<script type="application/json" id="edition-citation">{text}</script>\n'


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
        for number, (suffix, (label, _mime)) in enumerate(DOWNLOADS.items()):
            if number:
                line += nodes.Text(" · ")
            line += nodes.reference(label, label, refuri=f"{stem}{suffix}",
                                    classes=["edition-download"])
        record += line


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write each source's record as BibTeX, RIS and CSL-JSON next to its
    page (``sources/<slug>.bib`` ...)."""
    if exception is not None or app.builder.name != "html":
        return
    for docname in sorted(app.env.get_domain("edition").sources):
        found = source_work(app.env, docname)
        if found is None:
            continue
        work, entry = found
        target = Path(app.outdir) / docname
        target.parent.mkdir(parents=True, exist_ok=True)
        bibtex = as_bibtex(work.key, entry) if entry is not None else _bibtex_of(work)
        contents = {".bib": bibtex, ".ris": as_ris(work),
                    ".csl.json": json.dumps(as_csl(work), ensure_ascii=False, indent=2) + "\n"}
        for suffix, text in contents.items():
            (target.parent / f"{target.name}{suffix}").write_text(text, encoding="utf-8",
                                                                  newline="")


def _bibtex_of(work: Work) -> str:
    from pybtex.database import BibliographyData, Entry, Person

    fields = {"title": work.title, "howpublished": work.container, "year": work.year,
              "url": work.url, "doi": work.doi}
    entry = Entry("misc", fields={k: v for k, v in fields.items() if v})
    for name in work.authors:
        entry.add_person(Person(f"{{{name.literal}}}" if name.literal else
                                f"{name.family}, {name.given}"), "author")
    return _bibtex_writer().to_string(BibliographyData(entries={work.key: entry}))
