"""Source pages: their editorial directives, metadata table and permanent passage numbers.

A page is a source page when its front matter has a ``source:`` mapping (see
``docs/source-page-format.md``). While it is read, :class:`SourcePageTransform` checks the record
and the received file, puts the metadata table under the title, checks that every paragraph-level
block carries a well-formed passage id, records the passages in the :class:`EditionDomain` and
shows each passage's number beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole

from . import metadata
from .domain import depend_on_file, published_passages
from .ids import display_number, next_free_id, passage_pattern
from .nodes import cite_node, editorial_note, framing, framing_inline, passage_number, supplied
from .registry import RegistryError
from .text import EDITORIAL_NODES, fingerprint, reading_text
from .warnings_ import EditionWarning, warn
from .witness import Normalisation, Omission, expected_words, parse_line_range

#: A label line in MyST: ``(id)=``, possibly after list markers or a block-quote marker.
_LABEL_LINE = re.compile(r"^(?:\s*(?:[-*+]|\d+[.)]|>))*\s*\((?P<label>[^()\s]*)\)=\s*$")


PASSAGE_NODES = (nodes.paragraph, nodes.block_quote, nodes.list_item, nodes.row,
                 nodes.line_block, nodes.literal_block)


def _label(text: str) -> nodes.paragraph:
    label = nodes.paragraph(classes=["edition-editorial-label"])
    label += nodes.strong(text, text)
    return label


class HeadnoteDirective(SphinxDirective):
    """The editors' head-note: what the text is, who wrote it, from what standpoint."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        note = editorial_note(kind="headnote", classes=[])
        self.set_source_info(note)
        note += _label("Head-note")
        note += self.parse_content_to_nodes()
        return [note]


class OmissionDirective(SphinxDirective):
    """A declared omission: which lines of the received text were left out, what and why."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "lines": directives.unchanged_required,
        "pattern": directives.unchanged_required,
        "count": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        problem = _declaration_problem(self.options, required=("lines",), has_content=bool(
            self.content), what="omission")
        if problem:
            warn(EditionWarning.DIRECTIVE, problem, self.get_location())
            return []
        first, last = parse_line_range(self.options["lines"])
        declaration = Omission(first, last, self.options.get("pattern"), self.options.get("count"))
        where = f"line {first}" if first == last else f"lines {first}–{last}"
        label = (f"Omitted from {where} of the received text"
                 + (" (partial: see below)" if declaration.pattern else "") + ":")
        note = editorial_note(kind="omission", data=declaration.as_data(),
                              declaration=declaration)
        self.set_source_info(note)
        note += _label(label)
        note += self.parse_content_to_nodes()
        return [note]


class NormalisationDirective(SphinxDirective):
    """A declared normalisation of markup in the received text (never of its words)."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "pattern": directives.unchanged_required,
        "replace": directives.unchanged,
        "lines": directives.unchanged_required,
        "count": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        problem = _declaration_problem(self.options, required=("pattern",), has_content=bool(
            self.content), what="normalisation")
        if problem:
            warn(EditionWarning.DIRECTIVE, problem, self.get_location())
            return []
        first = last = None
        if "lines" in self.options:
            first, last = parse_line_range(self.options["lines"])
        declaration = Normalisation(self.options["pattern"], self.options.get("replace") or "",
                                    first, last, self.options.get("count"))
        note = editorial_note(kind="normalisation", data=declaration.as_data(),
                              declaration=declaration)
        self.set_source_info(note)
        note += _label("Normalised:")
        note += self.parse_content_to_nodes()
        return [note]


def _declaration_problem(options: dict[str, Any], required: tuple[str, ...], has_content: bool,
                         what: str) -> str | None:
    for option in required:
        if not options.get(option):
            return f"{what} needs the option ':{option}:'"
    if "lines" in options:
        try:
            parse_line_range(options["lines"])
        except ValueError as error:
            return f"{what}: ':lines:' {error}"
    if "pattern" in options:
        try:
            re.compile(options["pattern"])
        except re.error as error:
            return f"{what}: ':pattern:' is not a valid regular expression ({error})"
    if not has_content:
        return f"{what} needs a body saying what was {'omitted' if what == 'omission' else 'normalised'} and why"
    return None


class FramingDirective(SphinxDirective):
    """Text that frames the work without being it; it stays reading text, with passage ids."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"by": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        if not self.options.get("by") or not self.content:
            warn(EditionWarning.DIRECTIVE, "framing needs ':by:' (who wrote the framing text) "
                 "and a body", self.get_location())
            return []
        block = framing(by=self.options["by"])
        self.set_source_info(block)
        block += nodes.paragraph("", "", nodes.Text(f"Framing text by {self.options['by']}:"),
                                 classes=["edition-editorial", "edition-editorial-label"])
        block += self.parse_content_to_nodes()
        return [block]


class SuppliedRole(SphinxRole):
    """``{supplied}`[words]``: words the editors supply inside the reading text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [supplied(self.rawtext, self.text, classes=["edition-supplied"])], []


class FramingRole(SphinxRole):
    """``{framing}`/ Memorie.al``: inline framing text (reading text, marked as framing)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [framing_inline(self.rawtext, self.text, classes=["edition-framing"])], []


class SourcePageTransform(SphinxTransform):
    """Check and number a source page while it is read (after labels reach their blocks)."""

    default_priority = 400  # after docutils' PropagateTargets (260)

    def apply(self, **kwargs: Any) -> None:
        path = Path(self.env.doc2path(self.env.docname))
        text = path.read_text(encoding="utf-8")
        if not metadata.has_source_record(text):
            return
        docname, slug = self.env.docname, path.stem
        config = self.config
        originals = Path(self.env.srcdir) / config.edition_originals_dir
        record, problems = metadata.read_source_record(text, slug, originals)
        for problem in problems:
            kind = (EditionWarning.ORIGINAL if "original_file" in problem.message
                    or "sha256" in problem.message else EditionWarning.FRONT_MATTER)
            warn(kind, problem.message, (docname, problem.line))
        domain = self.env.get_domain("edition")
        domain.sources[docname] = slug
        if record is not None:
            domain.data["records"][docname] = dict(record.fields)
            self._insert_metadata(record)
            self._check_declarations(originals / record.fields["original_file"])
        self._number_passages(text, slug)
        self._fold_front_matter()
        self._insert_source_status(slug)

    # the front matter, folded ------------------------------------------------------------------
    def _fold_front_matter(self) -> None:
        """Fold the editorial blocks that stand before the reading text (the record, the
        head-note, declarations) into one sphinx-design dropdown with a one-line summary, so
        that the text begins on the first screen. Every block stays in the page (and the PDF
        prints them in full: a dropdown is a plain container outside HTML)."""
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or "sphinx_design" not in self.config.extensions:
            return
        front = []
        for child in section.children[1:]:
            if not (isinstance(child, editorial_note) or "edition-editorial" in child.get("classes", [])):
                break
            front.append(child)
        if not front:
            return
        from sphinx_design.shared import create_component

        kinds = [note["kind"] for note in self.document.findall(editorial_note)]
        parts = [label for kind, label in (("headnote", "Head-note"),
                                          ("metadata", "Record of the received text"))
                 if kind in kinds]
        declared = [f"{count} {word}{'s' if count != 1 else ''}"
                    for word, count in (("omission", kinds.count("omission")),
                                        ("normalisation", kinds.count("normalisation"))) if count]
        if declared:
            parts.append(", ".join(declared) + " declared")
        summary = " · ".join(parts) or "About this text"
        fold = create_component("dropdown", opened=False, type="dropdown", has_title=True,
                                icon=None, chevron=None, container_classes=["edition-front"],
                                title_classes=[], body_classes=[])
        fold += nodes.rubric(summary, summary)
        for child in front:
            section.remove(child)
            fold += child
        section.insert(1, fold)

    # lines about the source from other rooms (the review status) ----------------------------
    def _insert_source_status(self, slug: str) -> None:
        """The paragraphs that the rooms give for this source through the event
        ``edition-source-status`` (``(app, env, slug)`` -> a paragraph or None; the review log's
        line, :func:`edition.apparatus.data.review.status_paragraph`), put after the front matter
        (folded or not) and before the reading text; editorial matter, so the fidelity check
        skips them."""
        for status in self.env.events.emit("edition-source-status", self.env, slug):
            if status is None:
                continue
            status["classes"].append("edition-editorial")
            section = next(iter(self.document.findall(nodes.section)), None)
            if section is None:
                self.document.insert(0, status)
                continue
            index = 1
            while index < len(section.children) and (
                    isinstance(section[index], editorial_note)
                    or "edition-front" in section[index].get("container_classes", [])
                    or "edition-editorial" in section[index].get("classes", [])):
                index += 1
            section.insert(index, status)

    # metadata ----------------------------------------------------------------------------------
    def _insert_metadata(self, record: metadata.SourceRecord) -> None:
        table = nodes.field_list()
        for label, value in record.items():
            body = nodes.paragraph()
            if value.startswith(("http://", "https://")):
                body += nodes.reference(value, value, refuri=value)
            elif label == "SHA-256":
                body += nodes.literal(value, value)
            elif label == metadata.LABELS["bibtex"] and "cite" in self.env.domains:
                body += cite_node(self.document, self.env, value, record.lines.get("bibtex", 1))
            elif label == metadata.LABELS["licence"]:
                name, url = metadata.licence_name(record.fields), metadata.licence_url(record.fields)
                body += nodes.reference(name, name, refuri=url) if url else nodes.Text(name)
            elif label == metadata.LABELS["permission"]:
                body += nodes.Text(f"{value}: {metadata.PERMISSIONS.get(value, '')}")
            else:
                body += _text_with_links(value)
            table += nodes.field("", nodes.field_name(label, label), nodes.field_body("", body))
        note = editorial_note(kind="metadata", data={
            "original-file": record.fields["original_file"], "sha256": record.fields["sha256"]})
        note += _label("The received text")
        note += table
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            section.insert(1, note)
        else:
            self.document.insert(0, note)

    # omissions and normalisations ------------------------------------------------------------
    def _check_declarations(self, original_path: Path) -> None:
        notes = {id(note["declaration"]): note for note in self.document.findall(editorial_note)
                 if "declaration" in note}
        declarations = [note["declaration"] for note in notes.values()]
        if not declarations or not original_path.is_file():
            return  # nothing to check against (a missing file is reported at its front matter)
        _, problems = expected_words(
            original_path.read_text(encoding="utf-8"),
            [d for d in declarations if isinstance(d, Omission)],
            [d for d in declarations if isinstance(d, Normalisation)])
        for declaration, problem in problems:
            warn(EditionWarning.DIRECTIVE, problem, notes[id(declaration)])
        for note in notes.values():
            del note["declaration"]  # the pickled doctree keeps only the data attributes

    # passages ----------------------------------------------------------------------------------
    def _number_passages(self, text: str, slug: str) -> None:
        docname = self.env.docname
        pattern = passage_pattern(slug)
        label_lines = self._check_labels(text, pattern, slug)
        domain = self.env.get_domain("edition")
        passages: list[nodes.Element] = []
        for node in list(self.document.findall(nodes.Element)):
            passage_id = next((i for i in node["ids"] if pattern.match(i)), None)
            if passage_id is None:
                continue
            node = self._lift_to_row(node, passage_id)
            line = label_lines.get(passage_id, node.line)
            if not isinstance(node, PASSAGE_NODES):
                warn(EditionWarning.PASSAGE_ID,
                     f"passage id '{passage_id}' labels a {_describe(node)}; a passage id goes "
                     f"on the line before a paragraph, block quote, list item's text or table "
                     f"row's first cell", (docname, line))
                continue
            passages.append(node)
            match = pattern.match(passage_id)
            number = display_number(match)
            first_paragraph = next(iter(node.findall(nodes.paragraph)), node)
            first_paragraph.insert(0, passage_number(passage_id=passage_id, number=number))
            text = reading_text(node)
            domain.add_passage(passage_id, {
                "docname": docname, "number": number, "line": line,
                "fingerprint": fingerprint(text), "first_words": " ".join(text.split()[:8]),
            })
        labelled = {id(passage) for passage in passages}
        for passage in passages:
            if any(id(ancestor) in labelled for ancestor in _ancestors(passage)):
                warn(EditionWarning.PASSAGE_ID,
                     f"passage '{_passage_id(passage, pattern)}' lies inside another passage; "
                     f"label either the enclosing block or the blocks inside it, not both",
                     (docname, label_lines.get(_passage_id(passage, pattern), passage.line)))
        for block in self._unlabelled_blocks(labelled):
            next_id = next_free_id(slug, domain.passages_of(docname))
            warn(EditionWarning.PASSAGE_MISSING,
                 f"this {_describe(block)} of the reading text has no passage id; put a label "
                 f"such as '({next_id})=' on the line before it, or mark it editorial",
                 (docname, block.line or _nearest_line(block)))
        self._check_registry(slug, pattern)

    def _check_labels(self, text: str, pattern: re.Pattern[str], slug: str) -> dict[str, int]:
        """Check every label line of the page file; return each passage id's line."""
        docname = self.env.docname
        seen: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            match = _LABEL_LINE.match(line)
            if not match:
                continue
            label = match["label"]
            if not pattern.match(label):
                warn(EditionWarning.PASSAGE_ID,
                     f"malformed passage id '{label}': on a source page every label is a "
                     f"passage id of the form '{slug}-pNNN' (three digits, optionally one "
                     f"letter for a passage inserted later), e.g. '{slug}-p001'",
                     (docname, number))
            elif label in seen:
                warn(EditionWarning.PASSAGE_ID,
                     f"duplicate passage id '{label}' (first used at line {seen[label]}); "
                     f"every passage needs its own id", (docname, number))
            else:
                seen[label] = number
        return seen

    def _lift_to_row(self, node: nodes.Element, passage_id: str) -> nodes.Element:
        """A label in a table row's first cell names the whole row."""
        entry = node.parent
        if (isinstance(node, nodes.paragraph) and isinstance(entry, nodes.entry)
                and _first_visible(entry) is node and _first_visible(entry.parent) is entry):
            row = entry.parent
            node["ids"].remove(passage_id)
            row["ids"].append(passage_id)
            self.document.ids[passage_id] = row  # notes and links look the passage up here
            return row
        return node

    def _unlabelled_blocks(self, labelled: set[int]) -> Iterator[nodes.Element]:
        """The blocks of reading text outside every passage: one walk of the page that does not
        enter the passages or the editors' matter."""
        # docinfo is MyST's copy of the front matter, which Sphinx removes after reading
        not_reading_text = (*EDITORIAL_NODES, nodes.docinfo)
        blocks = (nodes.paragraph, nodes.line_block, nodes.literal_block)

        def walk(node: nodes.Element) -> Iterator[nodes.Element]:
            for child in node.children:
                if (not isinstance(child, nodes.Element) or id(child) in labelled
                        or isinstance(child, not_reading_text)):
                    continue
                if isinstance(child, blocks):
                    yield child
                yield from walk(child)

        for block in walk(self.document):
            if "edition-editorial" in block.get("classes", []) or block.get("dupnames"):
                continue  # editorial, or labelled with a duplicate id (reported as such)
            if not reading_text(block).strip():
                continue
            yield block

    def _check_registry(self, slug: str, pattern: re.Pattern[str]) -> None:
        registry_path = Path(self.env.srcdir) / self.config.edition_passage_registry
        depend_on_file(self.env, registry_path)
        registry = published_passages(self.env)
        if isinstance(registry, RegistryError):
            warn(EditionWarning.REGISTRY, str(registry), (self.env.docname, 1))
            return
        docname = self.env.docname
        domain = self.env.get_domain("edition")
        passages = {pid: domain.passages[pid] for pid in domain.passages_of(docname)}
        registry = registry.get(slug, {})
        for passage_id, entry in registry.items():
            if not pattern.match(passage_id):
                continue
            passage = passages.get(passage_id)
            if passage is None:
                warn(EditionWarning.REGISTRY,
                     f"published passage '{passage_id}' has disappeared from the page; ids are "
                     f"frozen once published: restore its label (a correction changes the text, "
                     f"never the id)", (docname, 1))
            elif passage["fingerprint"] != entry["fingerprint"]:
                warn(EditionWarning.REGISTRY,
                     f"the text of published passage '{passage_id}' has changed, and "
                     f"{self.config.edition_passage_registry} records no reason; if this "
                     f"corrects the transcription, record it with: nox -s passages -- "
                     f"--reason \"...\"", (docname, passage["line"]))
        for passage_id, passage in passages.items():
            if passage_id not in registry:
                warn(EditionWarning.REGISTRY,
                     f"passage '{passage_id}' is not in {self.config.edition_passage_registry}; "
                     f"record new passages with: nox -s passages", (docname, passage["line"]))


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


def _first_visible(node: nodes.Element) -> nodes.Node | None:
    """The first child that is not an invisible target or comment."""
    return next((child for child in node.children if not isinstance(child, nodes.Invisible)), None)


def _passage_id(node: nodes.Element, pattern: re.Pattern[str]) -> str:
    return next(i for i in node["ids"] if pattern.match(i))


def _describe(node: nodes.Node) -> str:
    return {"section": "heading", "paragraph": "paragraph", "block_quote": "block quote",
            "bullet_list": "list (label its items instead)",
            "enumerated_list": "list (label its items instead)",
            "table": "table (label its rows instead)", "framing": "framing block (label the "
            "paragraphs inside it)"}.get(node.tagname, node.tagname.replace("_", " "))


def _nearest_line(node: nodes.Node) -> int:
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else 1


#: An address inside a record's text, without the punctuation that ends its sentence.
_ADDRESS_IN_TEXT = re.compile(r"https?://\S+?(?=[.,;:)\]\"'”’]*(?:\s|$))")


def _text_with_links(value: str) -> list[nodes.Node]:
    """A record field's text, each address in it a link (where the record says it was seen)."""
    parts: list[nodes.Node] = []
    position = 0
    for match in _ADDRESS_IN_TEXT.finditer(value):
        if match.start() > position:
            parts.append(nodes.Text(value[position:match.start()]))
        parts.append(nodes.reference(match.group(), match.group(), refuri=match.group()))
        position = match.end()
    if position < len(value):
        parts.append(nodes.Text(value[position:]))
    return parts
