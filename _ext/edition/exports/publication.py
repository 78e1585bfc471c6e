"""The edition as a publication: who is responsible for it, its rights, its address, its versions.

- the **imprint** (``{imprint} roles``, ``repository``, ``versions``, ``rights``): the editorial
  roles and who holds them (``edition_roles``), where to report an error (``edition_repository``),
  this version and the others, the DOI once minted (``edition_doi``), and each source's rights;
- **rights on every page** (``html-page-context``): the footer links the licence of the editors'
  text (CC BY 4.0) and names the page's source rights, from its front matter;
- **withheld text** (``edition_withhold_text``): a public build leaves out the words of a source
  whose rights do not allow republication, and keeps its record, head-note, passage numbers and
  notes (:class:`WithholdText`);
- **versions** (``nox -s versions``): the switcher and, on an older version, the banner that
  links the same place in the latest one; the 404 page's base address.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from ..core import metadata
from ..core.nodes import apparatus_placeholders, editorial_note
from ..core.text import EDITORIAL_NODES

#: the licence of the editors' text (LICENSE-commentary.md)
EDITORS_LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
#: the collective name the edition's records use when no person is named
COLLECTIVE = "The editors"
#: the imprint's page
IMPRINT = "imprint"


class source_rights(nodes.General, nodes.Element):
    """Placeholder for the table of the sources' rights; filled when the page is written."""


class find_box(nodes.General, nodes.Element):
    """Placeholder for the search box and the "Go to ¶" box of any source (the 404 page)."""


class ImprintDirective(SphinxDirective):
    """``{imprint} roles|repository|versions|rights``: a part of the imprint, from the
    configuration (the sources' rights from their front matter)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0]
        parts = {"roles": self._roles, "repository": self._repository,
                 "versions": self._versions, "rights": self._rights,
                 "find": lambda: [find_box()]}
        if part not in parts:
            raise self.error(f"unknown part of the imprint '{part}'; parts: "
                             f"{', '.join(parts)}")
        return parts[part]()

    def _roles(self) -> list[nodes.Node]:
        roles = self.config.edition_roles
        listing = nodes.definition_list(classes=["edition-roles"])
        for role, holder in roles.items():
            item = nodes.definition_list_item()
            item += nodes.term(role, role)
            definition = nodes.definition()
            definition += nodes.paragraph(holder, holder)
            item += definition
            listing += item
        result: list[nodes.Node] = [listing]
        if COLLECTIVE in roles.values():
            text = (f"“{COLLECTIVE}” stands for the people who prepare and maintain this edition "
                    "in its repository, as a collective: no one is named here because no one has "
                    "been named in the edition's configuration (edition_roles in conf.py), and "
                    "the edition names no person without their consent. Who wrote each note is "
                    "said at the note (its author), and the contributors are listed below; who "
                    "changed what is recorded in the repository's history.")
            result.append(nodes.paragraph(text, text))
        return result

    def _repository(self) -> list[nodes.Node]:
        repository = self.config.edition_repository.rstrip("/")
        para = nodes.paragraph()
        if repository:
            para += nodes.Text("The edition's sources, data and history are kept in its "
                               "repository, ")
            para += nodes.reference(repository, repository, refuri=repository)
            para += nodes.Text(". Report an error, in the text, a note or the apparatus, in its ")
            para += nodes.reference("", "issue tracker", refuri=f"{repository}/issues")
            para += nodes.Text(", naming the passage or note by its permanent id (e.g. "
                               "lala-2014-p012, lala-2014-a016). Corrections are listed in the "
                               "Errata section of ")
            para += nodes.reference("", "CHANGELOG.md",
                                    refuri=f"{repository}/blob/main/CHANGELOG.md#errata")
            para += nodes.Text(".")
        else:
            para += nodes.Text(
                "This copy was built without the repository's address (edition_repository, "
                "set from EDITION_REPOSITORY by the publishing workflow), so it cannot link it "
                "here. Report an error in the repository's issue tracker, naming the passage or "
                "note by its permanent id (e.g. lala-2014-p012, lala-2014-a016); corrections are "
                "listed in the Errata section of CHANGELOG.md.")
        return [para]

    def _versions(self) -> list[nodes.Node]:
        config = self.config
        para = nodes.paragraph()
        para += nodes.Text(f"This is version {config.release} of the edition. ")
        if config.edition_versions:
            para += nodes.Text(f"Every version is kept online: {', '.join(config.edition_versions)}"
                               f" (the switcher at the foot of each page goes to the same page in "
                               f"another); the latest release is "
                               f"{config.edition_latest_version or 'not yet made'}. ")
        else:
            para += nodes.Text("Each release is kept online at its own address, /<version>/, "
                               "beside /latest/ (built by nox -s versions). ")
        if config.edition_doi:
            url = f"https://doi.org/{config.edition_doi}"
            para += nodes.Text("Its DOI is ")
            para += nodes.reference(url, url, refuri=url)
            para += nodes.Text(".")
        else:
            para += nodes.Text("No DOI has been minted for it yet: Zenodo mints one for each "
                               "release from .zenodo.json, and the DOI is then shown here.")
        return [para]

    def _rights(self) -> list[nodes.Node]:
        # read again when a source page (its front matter) changes; not one of the overviews,
        # whose pages the search leaves out
        for path in sorted((Path(self.env.srcdir) / "sources").glob("*.md")):
            self.env.note_dependency(str(path))
        return [source_rights()]


def fill_source_rights(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the table of every source's rights, from its front matter."""
    domain = app.env.get_domain("edition")
    for placeholder in apparatus_placeholders(app.env, doctree, docname, source_rights):
        items = nodes.bullet_list(classes=["edition-source-rights"])
        for source_doc in sorted(domain.sources):
            fields = domain.data["records"].get(source_doc, {})
            item = nodes.list_item()
            para = nodes.paragraph()
            title = fields.get("short_title") or domain.sources[source_doc]
            para += nodes.reference("", title, internal=True,
                                    refuri=app.builder.get_relative_uri(docname, source_doc))
            para += nodes.Text(": ")
            para += _licence_node(fields)
            holder = fields.get("rights_holder", "not recorded")
            permission = fields.get("permission", "unknown")
            para += nodes.Text(f"; rights holder: {holder}; republication: "
                               f"{metadata.PERMISSIONS.get(permission, permission)}.")
            item += para
            items += item
        placeholder.replace_self(items)


def fill_find_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a search box, and a box that goes to a passage of any source."""
    domain = app.env.get_domain("edition")
    for placeholder in apparatus_placeholders(app.env, doctree, docname, find_box):
        search = app.builder.get_relative_uri(docname, "search")
        options = "".join(
            f'<option value="{_attr(app.builder.get_relative_uri(docname, doc))}" '
            f'data-slug="{_attr(slug)}">'
            f'{_attr(domain.data["records"].get(doc, {}).get("short_title") or slug)}</option>'
            for doc, slug in sorted(domain.sources.items()))
        html = (f'<form class="edition-find" action="{_attr(search)}" method="get" role="search" '
                f'aria-label="Search the edition"><label for="edition-find-q">Search the edition'
                f'</label> <input id="edition-find-q" name="q" type="search"> '
                f'<button type="submit">Search</button></form>\n'
                f'<form class="edition-goto-any" aria-label="Go to a passage"><label '
                f'for="edition-goto-any-source">Go to ¶</label> <select '
                f'id="edition-goto-any-source" aria-label="Source">{options}</select> '
                f'<input name="passage" aria-label="Passage number" inputmode="numeric" '
                f'autocomplete="off" size="4" pattern="[0-9]{{1,3}}[a-z]?"> '
                f'<button type="submit">Go</button></form>\n')
        placeholder.replace_self(nodes.raw("", html, format="html"))


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _licence_node(fields: dict[str, str]) -> nodes.Node:
    name, url = metadata.licence_name(fields), metadata.licence_url(fields)
    return nodes.reference("", name, refuri=url) if url else nodes.Text(name)


# withheld text -------------------------------------------------------------------------------


class WithholdText(SphinxTransform):
    """With ``edition_withhold_text``, a source page whose rights do not allow republication
    keeps its record, head-note, passage numbers and notes (with the words they quote), and
    loses the words of its text; a note under the title says so. Runs after the notes, the
    citations and the mentions are checked against the full text (the same warnings in both
    builds), before the search text is collected."""

    default_priority = 425

    def apply(self, **kwargs: Any) -> None:
        if not self.config.edition_withhold_text:
            return
        domain = self.env.get_domain("edition")
        docname = self.env.docname
        fields = domain.data["records"].get(docname)
        if fields is None or metadata.is_republishable(fields):
            return
        passages = domain.passages_of(docname)
        for passage_id in passages:
            block = self.document.ids.get(passage_id)
            if block is not None:
                _withhold(block)
        notice = editorial_note(kind="withheld", classes=["edition-editorial",
                                                          "edition-withheld"])
        text = (f"The full text of this source is withheld from this copy of the edition: its "
                f"licence is {metadata.licence_name(fields)} and "
                f"{metadata.PERMISSIONS.get(fields.get('permission', 'unknown'))}. The record, "
                f"the head-note, the passage numbers and the notes, with the words they quote, "
                f"are published; the text can be read at its original address.")
        notice += nodes.paragraph(text, text)
        title = next(iter(self.document.findall(nodes.title)), None)
        if title is not None:
            title.parent.insert(title.parent.index(title) + 1, notice)


def _withhold(block: nodes.Element) -> None:
    """Empty every Text node of the block outside the editors' matter."""
    def walk(node: nodes.Node) -> None:
        if isinstance(node, EDITORIAL_NODES) or (
                isinstance(node, nodes.Element) and "edition-editorial" in node["classes"]):
            return
        if isinstance(node, nodes.Element):
            for child in list(node.children):
                if isinstance(child, nodes.Text):
                    node.replace(child, nodes.Text(""))
                else:
                    walk(child)
    walk(block)
    block["classes"].append("edition-withheld-text")


# every page: rights, versions ----------------------------------------------------------------


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    """``html-page-context``: the footer's licence and source rights, the version switcher and
    the banner of an older version, the 404 page's base address."""
    config = app.config
    context["edition_licence"] = {"name": EDITORS_LICENCE[0], "url": EDITORS_LICENCE[1]}
    fields = app.env.get_domain("edition").data["records"].get(pagename)
    context["edition_source_rights"] = None
    if fields is not None:
        context["edition_source_rights"] = {
            "licence": metadata.licence_name(fields), "url": metadata.licence_url(fields),
            "holder": fields.get("rights_holder", "not recorded"),
            "withheld": bool(config.edition_withhold_text
                             and not metadata.is_republishable(fields))}
    context["edition_imprint"] = (app.builder.get_relative_uri(pagename, IMPRINT)
                                  if IMPRINT in app.env.all_docs else "")
    # The versions build puts every version beside the others: /<version>/page.html
    up = "../" * (pagename.count("/") + 1)
    page = app.builder.get_target_uri(pagename)
    name, latest = config.edition_version_name, config.edition_latest_version
    context["edition_version_links"] = [
        {"name": version, "url": posixpath.join(up, version, page), "current": version == name}
        for version in config.edition_versions]
    context["edition_latest_link"] = (posixpath.join(up, "latest", page)
                                      if name and latest and name != latest else "")
    context["edition_version_name"] = name
    if pagename == "404" and config.html_baseurl and "metatags" in context:
        # served for a missing address at any depth: the page's relative links resolve from
        # the edition's own address
        context["metatags"] += f'<base href="{config.html_baseurl.rstrip("/")}/">\n'
    if config.edition_versions or pagename == "404":
        app.add_js_file("publication.js", defer="defer")  # this page only (Sphinx 7.1+)
