"""The sources' own citations, resolved, and the edition's bibliography file, checked.

``sources/citations.yaml`` says, for each source with in-text citations, what a citation looks
like (a pattern), which entry of the source's own reference list each one points to, and which
``references.bib`` entry each reference-list item is. While a source page is read, every in-text
citation becomes a link to its reference-list passage, and every reference-list passage gets a link
to the bibliography. A citation that is not in the mapping is an error; one that does not match
its entry (another year, another name, no entry at all) is reported, and must be explained by a
citation-check note.

``references.bib`` is checked with pybtex in strict mode, after a scan for keys that clash when
case is ignored (BibTeX keys are case-insensitive, and pybtex would keep only one of them).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..core import datafile
from ..core.domain import build_state
from ..core.nodes import cite_node
from ..core.text import note_name, passage_sign, passage_text, wrap_span
from ..core.warnings_ import EditionWarning, warn

_NUMBERED = re.compile(r"^\d+$")


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


#: The fields of a source's block, with what each holds (the schema's descriptions too).
BLOCK_FIELDS: dict[str, str] = {
    "pattern": "a regular expression that finds the source's in-text citations; group 1 "
               "captures the label",
    "separator": "optional: what separates two labels in one citation, e.g. '; '",
    "references": "each passage of the source's reference list -> its references.bib key",
    "citations": "each label found in the text -> the reference-list passage it points to; or "
                 "'entry:' (a passage id or null) and 'note:' (the citation-check note that "
                 "explains it)",
}


@dataclasses.dataclass(frozen=True)
class Target:
    entry: str | None  # the passage of the source's reference list, or None when there is none
    note: str  # the citation-check annotation that explains a mismatch ("" if none)
    line: int


@dataclasses.dataclass
class SourceCitations:
    slug: str
    pattern: re.Pattern[str] | None
    separator: str
    references: dict[str, str]  # reference-list passage -> references.bib key
    citations: dict[str, Target]  # label -> target
    line: int
    lines: dict[str, int]


def load_mapping(path: Path, shown: str, known: set[str]) -> tuple[dict[str, SourceCitations],
                                                                  list[datafile.Problem]]:
    """Read and check ``sources/citations.yaml`` against the registry of passages."""
    if not datafile.exists(path):
        return {}, []
    data, problems = datafile.read(path, shown)
    if problems:
        return {}, problems
    if data is None:
        return {}, [datafile.Problem(shown, 1, "the file is empty: it must map each source's "
                                               "slug to its 'pattern', 'references' and "
                                               "'citations'; for none, write '{}'")]
    if not isinstance(data, datafile.Record):
        return {}, [datafile.Problem(shown, 1, "the file must map each source's slug to its "
                                                "'pattern', 'references' and 'citations'")]

    def problem(line: int, message: str) -> None:
        problems.append(datafile.Problem(shown, line, message))

    slugs = sorted({p.rsplit("-p", 1)[0] for p in known})
    mapping: dict[str, SourceCitations] = {}
    for slug, block in data.items():
        if slug not in slugs:
            nearest = difflib.get_close_matches(str(slug), slugs, n=1)
            hint = f"did you mean '{nearest[0]}'? " if nearest else ""
            problem(data.line_of(slug), f"unknown source '{slug}': {hint}sources are: "
                    f"{', '.join(slugs)}")
            continue
        if not isinstance(block, datafile.Record):
            problem(data.line_of(slug), f"'{slug}' must be a mapping with {', '.join(BLOCK_FIELDS)}")
            continue
        for key in block:
            if key not in BLOCK_FIELDS:
                problem(block.line_of(key), f"unknown field '{key}' under '{slug}'; fields are: "
                        f"{', '.join(BLOCK_FIELDS)}")
        pattern = None
        if "pattern" in block:
            pattern, why = safe_pattern(block["pattern"])
            if why:
                problem(block.line_of("pattern"), f"the citation pattern of '{slug}' is not a "
                        f"usable regular expression ({why}); group 1 must capture the label")
        for key, kind in (("references", "a mapping of passage ids to references.bib keys"),
                          ("citations", "a mapping of citation labels to passage ids"),
                          ("separator", "a string")):
            value = block.get(key)
            if value is not None and not isinstance(value, dict if key != "separator" else str):
                problem(block.line_of(key), f"'{key}' of '{slug}' must be {kind}, not a "
                        f"{_yaml_kind(value)}")
        references: dict[str, str] = {}
        raw_references = block.get("references", {}) or {}
        for passage_id, key in raw_references.items() if isinstance(raw_references, dict) else []:
            if not isinstance(passage_id, str) or passage_id not in known or not \
                    passage_id.startswith(f"{slug}-p"):
                problem(raw_references.line_of(passage_id), f"'{passage_id}' is not a passage of "
                        f"'{slug}' (see sources/passages.json)")
            elif not isinstance(key, str) or not key:
                problem(raw_references.line_of(passage_id), f"reference-list passage "
                        f"'{passage_id}' must map to a references.bib key")
            else:
                references[passage_id] = key
        citations: dict[str, Target] = {}
        raw = block.get("citations", {}) or {}
        for label, value in raw.items() if isinstance(raw, dict) else []:
            line = raw.line_of(label)
            if isinstance(value, str) or value is None:
                entry, note = value, ""
            elif (isinstance(value, datafile.Record) and set(value) <= {"entry", "note"}
                  and isinstance(value.get("entry"), (str, type(None)))
                  and isinstance(value.get("note"), (str, type(None)))):
                entry, note = value.get("entry"), str(value.get("note") or "")
            else:
                problem(line, f"citation '{label}' must map to a reference-list passage id, or to "
                        "'entry:' (a passage id or null) and 'note:' (a citation-check annotation)")
                continue
            if entry is not None and entry not in references:
                problem(line, f"citation '{label}' points to '{entry}', which is not in the "
                        f"'references' of '{slug}'; list that passage there with its bib key")
                continue
            citations[" ".join(str(label).split())] = Target(entry, note, line)
        mapping[slug] = SourceCitations(slug, pattern, str(block.get("separator") or ""),
                                        references, citations, data.line_of(slug), {})
    return mapping, problems


#: The longest citation pattern accepted.
MAX_PATTERN = 200


def safe_pattern(value: Any) -> tuple[re.Pattern[str] | None, str]:
    """A citation pattern compiled, or why it is refused. A pattern runs over every passage of
    its source, so one that can take exponential time (catastrophic backtracking, e.g.
    ``((\\w+\\s?)+)\\d{13}``) would hang the build: a quantifier on a group that itself holds an
    unbounded quantifier or an alternation, and backreferences, are refused."""
    import re._constants as sre_constants
    import re._parser as sre_parse

    if not isinstance(value, str):
        return None, f"it must be a quoted string, not a {_yaml_kind(value)}"
    if len(value) > MAX_PATTERN:
        return None, f"it is {len(value)} characters long, more than {MAX_PATTERN}"
    try:
        parsed = sre_parse.parse(value)
    except re.error as error:
        return None, str(error)
    repeats = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
               getattr(sre_constants, "POSSESSIVE_REPEAT", sre_constants.MAX_REPEAT))

    def risky(items: Any, inside_repeat: bool) -> str:
        for op, argument in items:
            if op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
                return "backreferences are not allowed"
            if op in repeats:
                low, high, sub = argument
                unbounded = high == sre_constants.MAXREPEAT or high > 100
                if inside_repeat and unbounded:
                    return ("it nests one quantifier in another, which can take exponential "
                            "time: quantify a character class instead, e.g. [^()]*")
                found = risky(sub, inside_repeat or high > 1)
                if found:
                    return found
            elif op is sre_constants.BRANCH:
                if inside_repeat:
                    return ("it repeats an alternation, which can take exponential time: use a "
                            "character class, e.g. [;,]")
                for branch in argument[1]:
                    found = risky(branch, inside_repeat)
                    if found:
                        return found
            elif op is sre_constants.SUBPATTERN:
                found = risky(argument[-1], inside_repeat)
                if found:
                    return found
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                found = risky(argument[1], inside_repeat)
                if found:
                    return found
        return ""

    why = risky(parsed, False)
    if why:
        return None, why
    compiled = re.compile(value)
    if compiled.groups < 1:
        return None, "it has no group"
    return compiled, ""


def _yaml_kind(value: Any) -> str:
    return {list: "list", dict: "mapping", datafile.Record: "mapping", bool: "yes/no value",
            type(None): "empty value"}.get(type(value), type(value).__name__)


def _fold(text: str) -> str:
    """Lowercase, accents removed: "Lüthi" and "Luthi" compare equal."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def mismatch(label: str, entry_text: str | None) -> str:
    """Why a citation label does not match its reference-list entry ("" when it does)."""
    if entry_text is None:
        return "it has no entry in the source's reference list"
    if _NUMBERED.match(label):
        return ""
    words = re.findall(r"\w+", _fold(label))
    year = _YEAR.search(label)
    folded = _fold(entry_text)
    if words and not re.search(rf"\b{re.escape(words[0])}", folded):
        return f"its first word '{label.split()[0]}' is not in the entry"
    if year and year.group() not in entry_text:
        return f"its year {year.group()} is not in the entry"
    return ""


class LinkCitations(SphinxTransform):
    """Link a source page's in-text citations to its reference list, and that to the
    bibliography."""

    default_priority = 415  # after the annotations (410), whose notes explain mismatches

    def apply(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("edition")
        docname = self.env.docname
        slug = domain.sources.get(docname)
        mapping: dict[str, SourceCitations] = build_state(self.env).citations
        block = mapping.get(slug)
        if block is None:
            return
        passages = sorted(((pid, domain.passages[pid]) for pid in domain.passages_of(docname)),
                          key=lambda item: item[1]["line"])
        cited = {target.entry for target in block.citations.values()}
        entry_texts = {pid: passage_text(self.document.ids[pid])[0]
                       for pid, _ in passages if pid in cited and pid in self.document.ids}
        report = domain.data["citations"].setdefault(docname, [])
        for passage_id, record in passages:
            passage = self.document.ids.get(passage_id)
            if passage is None or block.pattern is None or passage_id in block.references:
                continue  # the reference list itself holds entries, not citations
            text, _ = passage_text(passage)
            found = list(self._labels(text, block))
            for start, end, label in reversed(found):
                target = block.citations.get(label)
                location = (docname, record["line"])
                if target is None:
                    known = list(block.citations)
                    nearest = difflib.get_close_matches(label, known, n=1, cutoff=0.5)
                    hint = f"; the nearest mapped label is '{nearest[0]}'" if nearest else ""
                    warn(EditionWarning.CITATION,
                         f"in-text citation «{label}» in passage '{passage_id}' is not in "
                         f"sources/citations.yaml: add it under '{slug}: citations:' with the "
                         f"reference-list passage it points to{hint}", location)
                    continue
                why = mismatch(label, entry_texts.get(target.entry) if target.entry else None)
                report.append({"label": label, "passage": passage_id, "entry": target.entry,
                               "mismatch": why, "note": target.note})
                if why:
                    self._check_note(label, why, target, passage_id, location)
                if target.entry is not None:
                    _, segments = passage_text(passage)  # fresh: earlier wraps split the nodes
                    title = " ".join(entry_texts.get(target.entry, "").split()[:14])
                    wrap_span(segments, start, end, lambda inside, t=target: nodes.reference(
                        inside, inside, internal=True, refid=t.entry, reftitle=title,
                        classes=["edition-citation"]))
        for passage_id, key in block.references.items():
            passage = self.document.ids.get(passage_id)
            if passage is None:
                continue
            paragraph = next(iter(passage.findall(nodes.paragraph)), passage)
            link = nodes.inline(classes=["edition-editorial", "edition-bibref"])
            link += nodes.Text(" → ")
            link += cite_node(self.document, self.env, key, domain.passages[passage_id]["line"])
            paragraph += link

    @staticmethod
    def _labels(text: str, block: SourceCitations):
        """Each label in the text, with the span to link: the whole citation when it holds one
        label, otherwise each label on its own."""
        for match in block.pattern.finditer(text):
            inner, offset = match.group(1), match.start(1)
            parts = inner.split(block.separator) if block.separator else [inner]
            if len(parts) == 1:
                yield match.start(), match.end(), " ".join(inner.split())
                continue
            position = offset
            for part in parts:
                stripped = part.strip()
                start = position + part.index(stripped[:1]) if stripped else position
                yield start, start + len(stripped), " ".join(stripped.split())
                position += len(part) + len(block.separator)

    def _check_note(self, label: str, why: str, target: Target, passage_id: str,
                    location: tuple[str, int]) -> None:
        annotations = self.env.get_domain("edition").data["annotations"]
        note = annotations.get(target.note)
        problem = ""
        if not target.note:
            problem = "name the citation-check note that explains it as 'note:'"
        elif note is None:
            problem = f"its note '{target.note}' does not exist (or could not be attached)"
        elif note["type"] != "citation-check":
            problem = f"its note '{target.note}' is a {note['type']} note, not a citation-check"
        elif note["passage"] not in (passage_id, target.entry):
            problem = (f"its note '{target.note}' is on passage '{note['passage']}', not on the "
                       f"citation ('{passage_id}') or its entry ('{target.entry}')")
        if problem:
            warn(EditionWarning.CITATION,
                 f"in-text citation «{label}» in passage '{passage_id}' does not match its "
                 f"reference-list entry ({why}); {problem} (sources/citations.yaml:{target.line})",
                 location)


def add_cited_in(app: Any, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: under every entry of a bibliography page, the places that cite it
    ("Cited in: lala-2014 ¶ 9, note 32; Commentary"), each a link."""
    domain = app.env.get_domain("edition")
    places: dict[str, list[tuple[str, str]]] = {}
    for citing_doc, pairs in sorted(domain.data["cited_in"].items()):
        for key, where in pairs:
            places.setdefault(key, []).append((citing_doc, where))
    for citation in doctree.findall(nodes.citation):
        key = next((i[len("bib-"):] for i in citation["ids"] if i.startswith("bib-")), None)
        if key is None or key not in places:
            continue
        line = nodes.paragraph(classes=["edition-cited-in"])
        line += nodes.Text("Cited in: ")
        for number, (citing_doc, where) in enumerate(places[key]):
            if number:
                line += nodes.Text("; ")
            label = _place_label(app.env, citing_doc, where)
            uri = app.builder.get_relative_uri(docname, citing_doc) + (f"#{where}" if where else "")
            line += nodes.reference(label, label, refuri=uri, internal=True)
        citation += line


def _place_label(env: Any, docname: str, where: str) -> str:
    domain = env.get_domain("edition")
    slug = domain.sources.get(docname)
    title = env.titles[docname].astext() if docname in env.titles else docname
    note = domain.data["annotations"].get(where)
    passage = domain.passages.get(note["passage"] if note else where)
    if passage is None:
        return title
    head = f"{slug or title} {passage_sign(passage.get('number', '?'))}"
    return f"{head}, {note_name(note.get('number', '?'))}" if note else head
