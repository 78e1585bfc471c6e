"""The register of names: persons, places, organisations, events and concepts.

The register lives in a data file (``apparatus/register.yaml``, rules in ``apparatus/README.md``)
and is used three ways:

- the ``{register}`` directive renders it as the edition's glossary: every entry is a Sphinx
  glossary term, so ``{term}`` works for its name and variants, and the LaTeX index gets its name;
- while a source page is read, every mention of an entry (under any variant) in the reading text
  is found; it is written as a link to the entry, without changing a character of the text, and
  in the PDF also as an entry in the index of names;
- when the register page is written, each entry lists every passage that mentions it.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from . import datafile
from .nodes import (Mention, apparatus_placeholders, mention_reference, mention_text,
                    replace_child)
from .warnings_ import EditionWarning, warn

KINDS: dict[str, str] = {
    "person": "Persons",
    "place": "Places",
    "organisation": "Organisations",
    "event": "Events",
    "concept": "Concepts and terms",
}
FIELDS: dict[str, str] = {
    "id": "a stable id: lowercase letters, digits, hyphens (e.g. hoxha-enver)",
    "name": "the normalised name, shown as the heading",
    "kind": "one of: " + ", ".join(KINDS),
    "dates": "optional dates, as a quoted string",
    "variants": "the forms that occur in the sources, exactly as printed",
    "languages": "optional: the language of each form not in English, as 'form: BCP 47 tag' "
                 "(e.g. 'Ndarja shqiptaro-sovjetike: sq')",
    "description": "one neutral line (MyST)",
}
REQUIRED = ("id", "name", "kind", "description")
#: A BCP 47 language tag as the edition uses them: a language, then a script or region
#: (``sq``, ``ru``, ``ru-Latn``).
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@dataclasses.dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str
    dates: str
    variants: tuple[str, ...]
    description: str
    languages: tuple[tuple[str, str], ...]  #: (form, BCP 47 tag) for forms not in English
    line: int

    @property
    def forms(self) -> tuple[str, ...]:
        """The name and the variants: every form that links to the entry."""
        return (self.name, *[v for v in self.variants if v != self.name])

    @property
    def preview(self) -> str:
        """The short text shown when a reader hovers over a mention (plain text)."""
        dates = f" ({self.dates})" if self.dates else ""
        return f"{self.name}{dates}: {_plain(self.description)}"


@dataclasses.dataclass
class Register:
    """The register as read for this build: entries by id, and the pattern that finds mentions."""

    path: str
    entries: dict[str, Entry]
    by_form: dict[str, str]
    pattern: re.Pattern[str] | None

    def digests(self) -> dict[str, str]:
        return {entry_id: datafile.digest(dataclasses.astuple(entry)[:-1])
                for entry_id, entry in self.entries.items()}


def load(path: Path, shown_path: str) -> tuple[Register, list[datafile.Problem]]:
    """Read and check the register; an entry with a problem is left out (and reported)."""
    records, problems = datafile.read_list(path, "register entries") if path.is_file() else ([], [])
    entries: dict[str, Entry] = {}
    first_line: dict[str, int] = {}
    by_form: dict[str, str] = {}

    def problem(line: int, message: str) -> None:
        problems.append(datafile.Problem(shown_path, line, message))

    for record in records:
        entry_problems = len(problems)
        for key in record:
            if key not in FIELDS:
                nearest = difflib.get_close_matches(str(key), FIELDS, n=1)
                hint = f"did you mean '{nearest[0]}'? " if nearest else ""
                problem(record.line_of(key), f"unknown field '{key}' in a register entry; {hint}"
                        f"fields are: {', '.join(FIELDS)}")
        for key in REQUIRED:
            if not isinstance(record.get(key), str) or not record.get(key).strip():
                problem(record.line_of(key), f"register entry {_which(record)} needs '{key}' "
                        f"({FIELDS[key]}), as a non-empty string")
        entry_id = record.get("id")
        if isinstance(entry_id, str) and not datafile.DATA_ID.match(entry_id):
            problem(record.line_of("id"), f"malformed register id '{entry_id}': {FIELDS['id']}")
        elif isinstance(entry_id, str) and entry_id in first_line:
            problem(record.line_of("id"), f"duplicate register id '{entry_id}' (first used at "
                    f"line {first_line[entry_id]}); every entry needs its own id")
        kind = record.get("kind")
        if isinstance(kind, str) and kind not in KINDS:
            nearest = difflib.get_close_matches(kind, KINDS, n=1)
            hint = f"did you mean '{nearest[0]}'? " if nearest else ""
            problem(record.line_of("kind"), f"unknown kind '{kind}' of register entry "
                    f"{_which(record)}; {hint}kinds are: {', '.join(KINDS)}")
        dates = record.get("dates", "")
        if not isinstance(dates, str):
            problem(record.line_of("dates"), "'dates' must be a quoted string, e.g. \"1908–1985\"")
        variants = record.get("variants", [])
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip()
                                                     for v in variants):
            problem(record.line_of("variants"), f"'variants' of register entry {_which(record)} "
                    "must be a list of non-empty strings")
            variants = []
        languages = record.get("languages", {})
        if not isinstance(languages, dict) or not all(
                isinstance(form, str) and isinstance(tag, str) and LANGUAGE_TAG.fullmatch(tag)
                for form, tag in languages.items()):
            problem(record.line_of("languages"), f"'languages' of register entry "
                    f"{_which(record)} must map forms to language tags, e.g. "
                    "'Ndarja shqiptaro-sovjetike: sq' or 'Албано-советский раскол: ru'")
            languages = {}
        forms = {*(v.strip() for v in variants), str(record.get("name", "")).strip()}
        for form in languages:
            if form.strip() not in forms:
                problem(record.line_of("languages"), f"'languages' of register entry "
                        f"{_which(record)} names '{form}', which is not one of its variants")
        if len(problems) > entry_problems:
            continue
        entry = Entry(id=entry_id, name=record["name"].strip(), kind=kind, dates=dates.strip(),
                      variants=tuple(v.strip() for v in variants),
                      description=record["description"].strip(),
                      languages=tuple((form.strip(), tag) for form, tag in languages.items()),
                      line=record.line)
        clash = False
        for form in entry.forms:
            owner = by_form.get(form)
            if owner is not None and owner != entry.id:
                other = entries[owner]
                problem(record.line_of("variants") if form != entry.name else record.line_of("name"),
                        f"the form '{form}' is claimed by two register entries: '{owner}' (line "
                        f"{other.line}) and '{entry.id}'; a form must name one entry, so remove "
                        "it from one of them (or from both, if it is ambiguous)")
                clash = True
        if clash:
            continue
        first_line[entry.id] = record.line
        entries[entry.id] = entry
        for form in entry.forms:
            by_form[form] = entry.id
    return Register(shown_path, entries, by_form, _mention_pattern(by_form)), problems


def _which(record: datafile.Record) -> str:
    return f"'{record['id']}'" if isinstance(record.get("id"), str) else f"at line {record.line}"


def _mention_pattern(by_form: dict[str, str]) -> re.Pattern[str] | None:
    """One pattern for every form, as whole words, the longest form that fits; spaces match any
    whitespace.

    The forms go into the pattern as a trie (``Ho(?:dja|xha)``), not as a list of alternatives
    (``Hodja|Hoxha``): with a list, the matcher tries every form at every position of the text,
    and a register of hundreds of forms made the search ten times slower. Along the trie a
    longer form is tried before its prefix, so the match is the same as with a list of
    alternatives ordered longest first."""
    if not by_form:
        return None
    trie: dict[str, dict] = {}
    for form in by_form:
        node = trie
        for number, word in enumerate(form.split()):
            for token in ([" "] if number else []) + list(word):
                node = node.setdefault(token, {})
        node[""] = {}  # a form ends here
    return re.compile(rf"(?<!\w)(?:{_trie_alternatives(trie)})(?!\w)")


def _trie_alternatives(node: dict[str, dict]) -> str:
    branches = [(r"\s+" if token == " " else re.escape(token)) + _trie_alternatives(child)
                for token, child in sorted(node.items()) if token]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) == 1 else f"{body}?"  # greedy: the longer form first


_CITATION = re.compile(r"\s*\{(?:cite|footcite)(?::\w+)?\}`[^`]*`")
_ROLE = re.compile(r"\{[a-z:]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")
_EMPHASIS = re.compile(r"[*_]{1,2}")
_SPAN = re.compile(r"\[([^\]]*)\]\{[^}]*\}")  # [Zëri i Popullit]{.language-sq}


def _plain(text: str) -> str:
    """A MyST line as plain text for a tooltip: citations go, other roles and spans give their
    visible text, emphasis marks go."""
    text = _SPAN.sub(r"\1", _ROLE.sub(lambda m: m.group(1), _CITATION.sub("", text)))
    return " ".join(_EMPHASIS.sub("", text).split())


def form_key(form: str) -> str:
    """The key under which a mention is recorded: its form with whitespace collapsed."""
    return " ".join(form.split())


# --- reading a source page: mentions ------------------------------------------------------------

class LinkMentions(SphinxTransform):
    """Link every mention of a register entry in a source page's reading text to the entry."""

    default_priority = 420  # after the passages (400), annotations (410) and citations (415)

    def apply(self, **kwargs: Any) -> None:
        register: Register | None = getattr(self.env, "edition_register", None)
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
            for text in list(_reading_text_nodes(passage)):
                self._link(text, passage_id, register, mentions, forms)
        domain.data["mentions"][docname] = mentions
        domain.data["forms"][docname] = forms

    def _link(self, text: nodes.Text, passage_id: str, register: Register,
              mentions: dict[str, list[str]], forms: set[str]) -> None:
        value = text.astext()
        spans: list[Mention] = []
        for match in register.pattern.finditer(value):
            form = form_key(match.group())
            forms.add(form)
            entry_id = register.by_form[form]
            passages = mentions.setdefault(entry_id, [])
            first_in_passage = passage_id not in passages
            if first_in_passage:
                passages.append(passage_id)
            spans.append(Mention(match.start(), match.end(), entry_id, first_in_passage))
        if spans:
            replace_child(text, [mention_text(value, tuple(spans), passage_id)])


def _reading_text_nodes(passage: nodes.Element):
    """The Text nodes of a passage's reading text that may carry a link: not editorial matter,
    not already inside a link, not in a heading."""
    from .commentary import annotation_marker, annotation_note
    from .sources import EDITORIAL_NODES

    skip = (*EDITORIAL_NODES, annotation_note, annotation_marker, nodes.reference,
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
    if getattr(env, "edition_register", None) is None or not pages:
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
    entries = self.builder.env.edition_register.entries if prefix is not None else {}
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


class ExpandMentions(SphinxPostTransform):
    """For the builders other than HTML (the PDF above all): each mention becomes a link node
    to its entry (given its URI by :func:`resolve_mentions`), and the first mention of an entry
    in a passage an index entry, which gives the PDF its index of names. (The HTML's index of
    names is the register page, which lists every passage for each entry.)"""

    default_priority = 1  # before pdf.IndexKeys (5) rewrites the index entries

    def is_supported(self) -> bool:
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs: Any) -> None:
        register: Register | None = getattr(self.env, "edition_register", None)
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
        register: Register | None = getattr(self.env, "edition_register", None)
        if register is None or not self.env.get_domain("edition").data["register_pages"]:
            return  # no register page: the mentions are not links (see mention_uri_prefix)
        used = sorted({mention.entry_id for node in self.document.findall(mention_text)
                       for mention in node.mentions if mention.entry_id in register.entries})
        if used:
            self.document += mention_previews(
                previews={entry_id: register.entries[entry_id].preview for entry_id in used})


def visit_mention_previews_html(self: Any, node: mention_previews) -> None:
    import json

    data = json.dumps({f"term-{k}": v for k, v in node["previews"].items()}, ensure_ascii=False,
                      sort_keys=True).replace("</", "<\\/")
    self.body.append(f'<script type="application/json" id="edition-previews">{data}</script>\n')
    raise nodes.SkipNode


def unknown_term(app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref,
                 contnode: nodes.Element) -> None:
    """``missing-reference``: a ``{term}`` that names no entry, reported with the nearest one.

    Sphinx's own warning (``ref.term``, suppressed in conf.py) does not say what would be right."""
    if node.get("reftype") != "term" or node.get("refdomain") != "std":
        return None
    target = node["reftarget"]
    terms = {name.lower(): name for kind, name in env.domains.standard_domain.objects
             if kind == "term"}
    nearest = difflib.get_close_matches(target.lower(), sorted(terms), n=1, cutoff=0.6)
    hint = f"did you mean '{terms[nearest[0]]}'? " if nearest else ""
    warn(EditionWarning.REGISTER,
         f"unknown term '{target}': {hint}a term is the name or a variant of an entry of "
         f"{app.config.edition_register}", node)
    return None


# --- the register page --------------------------------------------------------------------------

class register_mentions(nodes.General, nodes.Element):
    """Placeholder for an entry's list of mentions; filled in when the page is written."""


class RegisterDirective(SphinxDirective):
    """``{register}``: the register, grouped by kind, as a Sphinx glossary."""

    def run(self) -> list[nodes.Node]:
        register: Register | None = getattr(self.env, "edition_register", None)
        domain = self.env.get_domain("edition")
        domain.data["register_pages"].add(self.env.docname)
        if register is None:
            return []
        self.env.note_dependency(str(Path(self.env.srcdir) / self.config.edition_register))
        std = self.env.domains.standard_domain
        result: list[nodes.Node] = []
        for kind, heading in KINDS.items():
            entries = sorted((e for e in register.entries.values() if e.kind == kind),
                             key=lambda e: _sort_key(e.name))
            if not entries:
                continue
            result.append(nodes.rubric(heading, heading, classes=["edition-register-kind"]))
            glossary = addnodes.glossary(sorted=False)
            items = nodes.definition_list(classes=["glossary", "edition-register"])
            glossary += items
            for entry in entries:
                items += self._entry(entry, std)
            result.append(glossary)
        return result

    def _entry(self, entry: Entry, std: Any) -> nodes.definition_list_item:
        item = nodes.definition_list_item()
        source = f"{self.config.edition_register}"
        languages = dict(entry.languages)
        name = (nodes.inline(entry.name, entry.name, classes=[f"language-{languages[entry.name]}"])
                if entry.name in languages else nodes.Text(entry.name))
        term = make_glossary_term(self.env, [name], None, source, entry.line,
                                  f"term-{entry.id}", self.state.document)
        noted = {entry.name.lower()}
        for variant in entry.variants:
            if variant.lower() not in noted and (("term", variant) not in std.objects):
                std._note_term(variant, f"term-{entry.id}", location=term)
                noted.add(variant.lower())
        if entry.dates:
            term += nodes.inline(f" ({entry.dates})", f" ({entry.dates})",
                                 classes=["edition-register-dates"])
        item += term
        definition = nodes.definition()
        definition += self.parse_text_to_nodes(entry.description)
        other = [v for v in entry.variants if v != entry.name]
        if other:
            forms = nodes.paragraph(classes=["edition-register-forms"])
            forms += nodes.Text("Forms in the sources: ")
            for number, variant in enumerate(other):
                if number:
                    forms += nodes.Text(", ")
                forms += nodes.emphasis(variant, variant, classes=[
                    f"language-{languages[variant]}"] if variant in languages else [])
            definition += forms
        definition += register_mentions(entry_id=entry.id)
        item += definition
        return item


def _sort_key(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def fill_mentions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: list, under each entry, every passage that mentions it."""
    placeholders = apparatus_placeholders(app.env, doctree, docname, register_mentions)
    if not placeholders:
        return
    domain = app.env.get_domain("edition")
    by_entry: dict[str, list[tuple[str, str]]] = {}
    for source_doc in _reading_order(app.env):
        for entry_id, passages in domain.data["mentions"].get(source_doc, {}).items():
            by_entry.setdefault(entry_id, []).extend((source_doc, p) for p in passages)
    page_uris = {source_doc: app.builder.get_relative_uri(docname, source_doc)
                 for source_doc in domain.sources}
    for placeholder in placeholders:
        groups: list[tuple[str, list[tuple[str, str]]]] = []  # (slug, [(uri, "¶ n"), ...])
        for source_doc, passage_id in by_entry.get(placeholder["entry_id"], []):
            if not groups or groups[-1][0] != domain.sources[source_doc]:
                groups.append((domain.sources[source_doc], []))
            number = domain.passages.get(passage_id, {}).get("number", "?")
            groups[-1][1].append((f"{page_uris[source_doc]}#{passage_id}", f"¶ {number}"))
        if app.builder.format == "html":
            placeholder["groups"] = groups  # written by visit_register_mentions_html
        else:
            placeholder.replace_self(_mentions_paragraph(groups))


def _mentions_paragraph(groups: list[tuple[str, list[tuple[str, str]]]]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["edition-register-mentions"])
    if not groups:
        line += nodes.Text("Mentioned in: none of the sources.")
        return line
    line += nodes.Text("Mentioned in: ")
    for number, (slug, links) in enumerate(groups):
        line += nodes.Text(f"{'; ' if number else ''}{slug} ")
        for place, (uri, label) in enumerate(links):
            if place:
                line += nodes.Text(", ")
            line += nodes.reference(label, label, internal=True, refuri=uri)
    return line


def visit_register_mentions_html(self: Any, node: register_mentions) -> None:
    """Write an entry's list of mentions in one go, as the paragraph :func:`_mentions_paragraph`
    would be written: the register page has a link for every passage that mentions an entry
    (thousands in a large edition), and one node each made the page the slowest to write."""
    if not node["groups"]:
        self.body.append('<p class="edition-register-mentions">'
                         "Mentioned in: none of the sources.</p>\n")
        raise nodes.SkipNode
    parts = []
    for number, (slug, links) in enumerate(node["groups"]):
        anchors = ", ".join(f'<a class="reference internal" href="{self.attval(uri)}">'
                            f"{self.encode(label)}</a>" for uri, label in links)
        parts.append(f"{'; ' if number else ''}{self.encode(slug)} {anchors}")
    self.body.append(f'<p class="edition-register-mentions">Mentioned in: {"".join(parts)}'
                     "</p>\n")
    raise nodes.SkipNode


def _reading_order(env: BuildEnvironment) -> list[str]:
    """Source pages in the order of the table of contents (then by name)."""
    domain = env.get_domain("edition")
    order = {docname: number for number, docname in enumerate(_toctree_order(env))}
    return sorted(domain.sources, key=lambda d: (order.get(d, len(order)), d))


def _toctree_order(env: BuildEnvironment) -> list[str]:
    seen: list[str] = []

    def walk(docname: str) -> None:
        if docname in seen:
            return
        seen.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(env.config.root_doc)
    return seen
