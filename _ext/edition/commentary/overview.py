"""The overview of every note, the counts of notes and their contributors, filled when their pages are written.

The pages compiled from every source page (the list of notes, the title page's counts) are
rewritten only when what they show of a page read again has changed (``env-get-updated``)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..core import datafile
from ..core.domain import build_state
from ..core.nodes import apparatus_placeholders
from ..core.text import note_name, passage_sign, shorten
from ..core.warnings_ import EditionWarning, warn
from .annotations import TYPES


class annotation_overview(nodes.General, nodes.Element):
    """Placeholder for the list of every note; filled in when the page is written."""


class AnnotationOverviewDirective(SphinxDirective):
    """``{annotation-overview}``: every note of the edition, grouped by source."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("edition").data["overviews"].add(self.env.docname)
        return [annotation_overview()]


class note_count(nodes.Inline, nodes.TextElement):
    """Placeholder for the number of notes on one source ("33 notes"); filled when written."""


class NoteCountRole(SphinxRole):
    """``{notes}`lala-2014```: how many notes the edition has on a source (the title page's
    cards); the page is rewritten, like the overview, when the notes change."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.env.get_domain("edition").data["overviews"].add(self.env.docname)
        node = note_count(self.rawtext, "", slug=self.text.strip())
        self.set_source_info(node)
        return [node], []


class note_contributors(nodes.General, nodes.Element):
    """Placeholder for the list of the notes' authors; filled when the page is written."""


class NoteContributorsDirective(SphinxDirective):
    """``{note-contributors}``: every author named in a note's ``:author:``, with how many
    notes each wrote or shares (the imprint); rewritten, like the overview, when notes change."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("edition").data["overviews"].add(self.env.docname)
        return [note_contributors()]


def _fill_contributors(domain: Any, doctree: nodes.document, docname: str, env: Any) -> None:
    for placeholder in apparatus_placeholders(env, doctree, docname, note_contributors):
        counts: dict[str, int] = {}
        for note in domain.data["annotations"].values():
            for author in note.get("authors", []):
                counts[author] = counts.get(author, 0) + 1
        items = nodes.bullet_list(classes=["edition-contributors"])
        for author in sorted(counts, key=lambda name: (-counts[name], name)):
            text = f"{author}: {counts[author]} note{'s' if counts[author] != 1 else ''}"
            items += nodes.list_item("", nodes.paragraph(text, text))
        placeholder.replace_self(items if counts else nodes.paragraph("No notes yet.",
                                                                       "No notes yet."))


def _fill_note_counts(domain: Any, doctree: nodes.document, docname: str, env: Any) -> None:
    slugs = {slug: docname for docname, slug in domain.sources.items()}
    for placeholder in apparatus_placeholders(env, doctree, docname, note_count):
        placeholder["ids"] = []  # the count is text, not a target
        source_doc = slugs.get(placeholder["slug"])
        if source_doc is None:
            warn(EditionWarning.ANNOTATION, f"{{notes}} names no source: '{placeholder['slug']}'"
                 f"; the sources are {', '.join(sorted(slugs))}", placeholder)
            placeholder.replace_self(nodes.Text(""))
            continue
        count = len(domain.annotations_of(source_doc))
        placeholder.replace_self(nodes.Text(f"{count} note{'s' if count != 1 else ''}"))


def fill_overviews(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace each overview placeholder with the notes, by source, and
    each count of notes with its number."""
    domain = app.env.get_domain("edition")
    _fill_note_counts(domain, doctree, docname, app.env)
    _fill_contributors(domain, doctree, docname, app.env)
    annotations = domain.data["annotations"]
    for placeholder in apparatus_placeholders(app.env, doctree, docname, annotation_overview):
        content: list[nodes.Node] = []
        counts = {kind: 0 for kind in TYPES}
        for source_doc in sorted(domain.sources):
            notes = sorted(((aid, annotations[aid]) for aid in domain.annotations_of(source_doc)),
                           key=lambda item: item[1].get("number", 0))
            if not notes:
                continue
            title = app.env.titles[source_doc].astext()
            section = nodes.container(classes=["edition-overview-source"])
            heading = nodes.paragraph(classes=["edition-overview-heading"])
            heading += nodes.strong(title, title)
            heading += nodes.Text(f" ({len(notes)} notes)")
            section += heading
            items = nodes.bullet_list(classes=["edition-overview"])
            for annotation_id, note in notes:
                counts[note["type"]] += 1
                passage = domain.passages.get(note["passage"], {})
                uri = app.builder.get_relative_uri(docname, source_doc) + "#" + annotation_id
                item = nodes.list_item(classes=["edition-overview-item",
                                                f"edition-type-{note['type']}"])
                line = nodes.paragraph()
                line += nodes.inline(note["type"], note["type"], classes=["edition-note-type"])
                line += nodes.Text(f" {passage_sign(passage.get('number', '?'))}, "
                                   f"{note_name(note.get('number', '?'))}: ")
                link = nodes.reference("", "", internal=True, refuri=uri)
                quoted = f"«{shorten(note['quote'], 100)}»"
                link += (nodes.inline(quoted, quoted, classes=[f"language-{note['lang']}"])
                         if note.get("lang") else nodes.Text(quoted))
                line += link
                item += line
                items += item
            section += items
            content.append(section)
        summary = nodes.paragraph(classes=["edition-overview-summary"])
        total = sum(counts.values())
        summary += nodes.Text(f"{total} notes: " + ", ".join(
            f"{count} {kind}" for kind, count in counts.items() if count) if total
            else "No notes yet.")
        placeholder.replace_self([summary, *content])


def overviews_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages compiled from every source page, when what they show of a
    page read again has changed: the overviews and claims pages list the notes, the register
    pages the mentions. A page read again for a register edit leaves the overviews alone, and a
    commentary edit the register; neither rewrites a page for each source page."""
    domain = env.get_domain("edition")
    previous: dict[str, tuple[str, str]] = domain.digests["pages"]
    current = {docname: digests for docname, digests in previous.items()
               if docname in domain.sources}
    for docname in build_state(env).reread & set(domain.sources):
        notes = [domain.data["annotations"][aid] for aid in domain.annotations_of(docname)]
        current[docname] = (datafile.digest(notes),
                            datafile.digest(domain.data["mentions"].get(docname, {})))
    domain.digests["pages"] = current
    changed = [(previous.get(docname, ("", "")), current.get(docname, ("", "")))
               for docname in previous.keys() | current.keys()]
    pages: set[str] = set()
    if any(before[0] != after[0] for before, after in changed):
        pages |= domain.data["overviews"]
    if any(before[1] != after[1] for before, after in changed):
        pages |= domain.data["register_pages"]
    return sorted(pages)
