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
from sphinx.util.docutils import SphinxDirective

from ..core import contributed, datafile
from ..core.domain import build_state, reading_order, source_title
from ..core.ids import DATA_ID
from ..core.nodes import apparatus_placeholders
from ..core.text import foreign_characters, passage_sign
from ..core.warnings_ import EditionWarning

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
    "sort": "optional: the entry as filed in the index, with the same words as 'name' "
            "(a person's default is 'Surname, Forenames': the last word first)",
    "wikidata": "optional: the Wikidata item, e.g. Q19689",
    "viaf": "optional: the VIAF cluster id (digits)",
    "gnd": "optional: the GND id of the Deutsche Nationalbibliothek",
    "geonames": "optional, for a place: the GeoNames id (digits)",
    "coordinates": "optional, for a place: \"latitude, longitude\" in decimal degrees",
}


REQUIRED = ("id", "name", "kind", "description")


#: The longest name or variant (the longest in the edition's register has 72 characters).
MAX_FORM = 150


#: A BCP 47 language tag as the edition uses them: a language, then a script or region
#: (``sq``, ``ru``, ``ru-Latn``).
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
#: The authority files an entry may name: field, its label, the form of an id, what the form
#: is (for the message), and the address of the record (the id appended). The forms are those
#: Wikidata checks for its properties P214 (VIAF), P227 (GND) and P1566 (GeoNames).
AUTHORITIES: tuple[tuple[str, str, re.Pattern[str], str, str], ...] = (
    ("wikidata", "Wikidata", re.compile(r"Q[1-9][0-9]*"),
     "a Wikidata item id is Q and digits, as at the end of the item's address "
     "https://www.wikidata.org/wiki/Q…", "https://www.wikidata.org/wiki/"),
    ("viaf", "VIAF", re.compile(r"[1-9][0-9]{0,21}"),
     "a VIAF id is digits only, as at the end of the cluster's address https://viaf.org/viaf/…",
     "https://viaf.org/viaf/"),
    ("gnd", "GND", re.compile(r"1[0-3]?[0-9]{7}[0-9X]|[47][0-9]{6}-[0-9]|[1-9][0-9]{0,7}-[0-9X]"
                              r"|3[0-9]{7}[0-9X]"),
     "a GND id is as at the end of the record's address https://d-nb.info/gnd/…: digits ending "
     "in a check digit or X, for a corporate body often with a hyphen before it (e.g. "
     "118500000 or 1000000-0)", "https://d-nb.info/gnd/"),
    ("geonames", "GeoNames", re.compile(r"[1-9][0-9]{0,9}"),
     "a GeoNames id is digits only, as in the place's address https://www.geonames.org/…",
     "https://www.geonames.org/"),
)
#: Fields for places only.
PLACE_FIELDS = ("geonames", "coordinates")
COORDINATES = re.compile(r"\s*([+-]?[0-9]{1,3}(?:\.[0-9]+)?)\s*,\s*([+-]?[0-9]{1,3}(?:\.[0-9]+)?)\s*")
COORDINATES_FORM = ("coordinates are \"latitude, longitude\" in decimal degrees, south and west "
                    "negative (e.g. \"-33.9, 18.42\")")
#: A person's dates: a year, or two joined by an en dash, each perhaps "c."; or "b."/"d." a year.
_YEAR = r"(?:c\. ?)?[0-9]{3,4}"
PERSON_DATES = re.compile(rf"(?:{_YEAR}(?:–{_YEAR})?|[bd]\. [0-9]{{4}})")
DATES_FORM = ("dates are a year, or two years joined by an en dash (–), each perhaps after 'c.': "
              "\"1908–1985\", \"c. 1890–1961\", \"b. 1972\", \"d. 1961\"")


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
    sort: str = ""
    wikidata: str = ""
    viaf: str = ""
    gnd: str = ""
    geonames: str = ""
    coordinates: str = ""  #: "latitude, longitude", as written

    @property
    def authorities(self) -> list[tuple[str, str]]:
        """(label, address) of each authority record the entry names, e.g. ("Wikidata Q19689",
        "https://www.wikidata.org/wiki/Q19689"): built from checked ids only."""
        return [(f"{label} {getattr(self, field)}", base + getattr(self, field))
                for field, label, _, _, base in AUTHORITIES if getattr(self, field)]

    @property
    def forms(self) -> tuple[str, ...]:
        """The name and the variants: every form that links to the entry."""
        return (self.name, *[v for v in self.variants if v != self.name])

    @property
    def preview(self) -> str:
        """The short text shown when a reader hovers over a mention (plain text)."""
        dates = f" ({self.dates})" if self.dates else ""
        return f"{self.name}{dates}: {plain_markup(self.description)}"


@dataclasses.dataclass
class Register:
    """The register as read for this build: entries by id, and the pattern that finds mentions."""

    path: str
    entries: dict[str, Entry]
    by_form: dict[str, str]
    pattern: re.Pattern[str] | None

    def digests(self) -> dict[str, str]:
        # not the line: an entry moved in the file has not changed
        return {entry_id: datafile.digest(dataclasses.astuple(dataclasses.replace(entry, line=0)))
                for entry_id, entry in self.entries.items()}


def load(path: Path, shown_path: str) -> tuple[Register, list[datafile.Problem]]:
    """Read and check the register; an entry with a problem is left out (and reported)."""
    records, problems = (datafile.read_list(path, "register entries", shown_path)
                         if datafile.exists(path) else ([], []))
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
        if isinstance(entry_id, str) and not DATA_ID.match(entry_id):
            foreign = foreign_characters(entry_id)
            problem(record.line_of("id"), f"malformed register id '{entry_id}': "
                    + (f"it has a character that is not ASCII ({foreign}); " if foreign else "")
                    + FIELDS["id"])
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
        else:
            dates_problem = _dates_problem(dates.strip(), kind)
            if dates_problem:
                problem(record.line_of("dates"), f"malformed 'dates' of register entry "
                        f"{_which(record)}: '{dates.strip()}'{dates_problem}")
        authority = {field: _authority(record, field, kind, problem)
                     for field in (*(a[0] for a in AUTHORITIES), "coordinates")}
        variants = record.get("variants", [])
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip()
                                                     for v in variants):
            problem(record.line_of("variants"), f"'variants' of register entry {_which(record)} "
                    "must be a list of non-empty strings")
            variants = []
        too_long = [form for form in [record.get("name"), *variants]
                    if isinstance(form, str) and len(form) > MAX_FORM]
        if too_long:
            problem(record.line_of("variants" if too_long[0] != record.get("name") else "name"),
                    f"the form «{too_long[0][:40]}…» of register entry {_which(record)} is "
                    f"{len(too_long[0]):,} characters long: a name or variant is at most "
                    f"{MAX_FORM} (every form is searched for in every passage)")
        sort = record.get("sort", "")
        if not isinstance(sort, str):
            problem(record.line_of("sort"), "'sort' must be a string, e.g. \"Zhou Enlai\"")
        elif sort and isinstance(record.get("name"), str) and (
                sorted(sort.replace(",", " ").split()) != sorted(record["name"].split())):
            problem(record.line_of("sort"), f"'sort' of register entry {_which(record)} must have "
                    f"the words of its name ('{record['name'].strip()}') and no others, e.g. "
                    f"'{_surname_first(record['name'])}'")
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
                      line=record.line, sort=sort.strip() if isinstance(sort, str) else "",
                      **authority)
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
        surname = _person_id_problem(entry)
        if surname:  # reported, and the entry kept: its id is what refers to it
            problem(record.line_of("id"), surname)
    ids = [(record["id"], record.line_of("id")) for record in records
           if isinstance(record.get("id"), str)]
    for item in datafile.misplaced(ids):  # reported, and the entries kept
        (other, line), before = item.against, item.against_precedes
        problem(item.line, f"register id '{item.key}' is out of the order of ids: it comes "
                + (f"after '{other}' (line {line}), a later id" if before
                   else f"before '{other}' (line {line}), an earlier id")
                + f"; keep the register sorted by id: this entry belongs {item.place('entry')}")
    problems.sort(key=lambda found: found.line)
    return Register(shown_path, entries, by_form, _mention_pattern(by_form)), problems


#: Letters that Unicode does not decompose into a letter and a mark, as ASCII.
_ASCII_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                                "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"})


def ascii_id(words: str) -> str:
    """``Lüthi, Lorenz`` → ``luthi-lorenz``: words as an id's lowercase ASCII (apostrophes
    dropped: ``O'Donnell`` → ``odonnell``)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", words.translate(_ASCII_LETTERS))
    folded = folded.encode("ascii", "ignore").decode().lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _person_id_problem(entry: Entry) -> str:
    """A person's id begins with the family name the entry is filed under (``hoxha-enver``, for
    Enver Hoxha filed as "Hoxha, Enver"); "" when it does (a longer form counts: ``zogu-ahmet``
    for Zog I)."""
    if entry.kind != "person":
        return ""
    filed = sort_name(entry)
    surname = filed.split(",")[0].split()[0]
    if entry.id.startswith(ascii_id(surname)):
        return ""
    return (f"register id '{entry.id}' of a person does not begin with the family name the "
            f"entry is filed under, '{surname}': a person's id is the surname, then the given "
            f"names, e.g. '{ascii_id(filed)}'")


def _surname_first(name: str) -> str:
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name


def _dates_problem(dates: str, kind: Any) -> str:
    """What is wrong with an entry's dates ("" if nothing): two years joined by a hyphen (any
    kind), a person's dates not in the form of life dates, years in the wrong order."""
    hyphen = re.fullmatch(r"((?:c\. ?)?[0-9]{3,4})\s*[-‐‑‒—―]\s*((?:c\. ?)?[0-9]{3,4})", dates)
    if hyphen:
        return f"; {DATES_FORM}: '{hyphen[1]}–{hyphen[2]}'?"
    if kind == "person" and dates and not PERSON_DATES.fullmatch(dates):
        return f"; {DATES_FORM}"
    years = re.fullmatch(r"(?:c\. ?)?([0-9]{3,4})–(?:c\. ?)?([0-9]{3,4})", dates)
    if years and int(years[1]) > int(years[2]):
        return ": the first year is after the second"
    return ""


def _authority(record: datafile.Record, field: str, kind: Any, problem: Any) -> str:
    """An entry's identifier in an authority file (or its coordinates), checked: the value, or
    "" (none given, or reported at its line)."""
    if field not in record:
        return ""
    value = record[field]
    line = record.line_of(field)
    if field in PLACE_FIELDS and kind != "place":
        problem(line, f"'{field}' of register entry {_which(record)} "
                      f"{'are' if field == 'coordinates' else 'is'} for places only (its kind "
                      f"is {kind}): remove {'them' if field == 'coordinates' else 'it'}")
        return ""
    text = value.strip() if isinstance(value, str) else ""
    if field == "coordinates":
        match = COORDINATES.fullmatch(text)
        why = ""
        if match:
            latitude, longitude = float(match[1]), float(match[2])
            if not -90 <= latitude <= 90:
                why = f": the latitude {match[1]} is outside -90 to 90"
            elif not -180 <= longitude <= 180:
                why = f": the longitude {match[2]} is outside -180 to 180"
            else:
                return f"{match[1]}, {match[2]}"
        problem(line, f"malformed 'coordinates' of register entry {_which(record)}: "
                      f"'{_shown(value)}'{why}; {COORDINATES_FORM}")
        return ""
    _, _, form, what, base = next(a for a in AUTHORITIES if a[0] == field)
    if form.fullmatch(text):
        return text
    # what would be right: the id inside an address or after a label, where there is one
    found = [candidate for candidate in re.findall(r"[0-9A-Z-]+", text.removeprefix(base))
             if form.fullmatch(candidate)]
    if field == "wikidata" and not found and re.fullmatch(r"[1-9][0-9]*", text):
        found = [f"Q{text}"]
    suggest = found and (field == "wikidata" or text.startswith(("http://", "https://")))
    hint = f": '{found[-1]}'?" if suggest else ""
    problem(line, f"malformed '{field}' of register entry {_which(record)}: '{_shown(value)}'; "
                  f"{what}{hint}")
    return ""


def _shown(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def sort_name(entry: Entry) -> str:
    """The entry as filed in the index: its ``sort`` form, or for a person "Surname, Forenames"
    (the last word first), or its name."""
    if entry.sort:
        return entry.sort
    return _surname_first(entry.name) if entry.kind == "person" else entry.name


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


def plain_markup(text: str) -> str:
    """A MyST line as plain text for a tooltip: citations go, other roles and spans give their
    visible text, emphasis marks go."""
    text = _SPAN.sub(r"\1", _ROLE.sub(lambda m: m.group(1), _CITATION.sub("", text)))
    return " ".join(_EMPHASIS.sub("", text).split())


def form_key(form: str) -> str:
    """The key under which a mention is recorded: its form with whitespace collapsed."""
    return " ".join(form.split())


class register_mentions(nodes.General, nodes.Element):
    """Placeholder for an entry's list of mentions; filled in when the page is written."""


class RegisterDirective(SphinxDirective):
    """``{register}``: the register as a reader's index: one alphabetical list, persons by
    surname, under letter headings that an A–Z bar links; each entry a Sphinx glossary term
    (``term-<id>``, with an anchor for each variant form too) marked with its kind, which the
    page's script lets a reader filter by."""

    def run(self) -> list[nodes.Node]:
        register: Register | None = build_state(self.env).register
        domain = self.env.get_domain("edition")
        domain.data["register_pages"].add(self.env.docname)
        if register is None:
            return []
        self.env.note_dependency(str(Path(self.env.srcdir) / self.config.edition_register))
        std = self.env.domains.standard_domain
        letters: dict[str, list[Entry]] = {}
        for entry in sorted(register.entries.values(), key=lambda e: (_sort_key(sort_name(e)), e.id)):
            letters.setdefault(_letter(sort_name(entry)), []).append(entry)
        result: list[nodes.Node] = [nodes.raw("", _letter_bar(letters), format="html")]
        taken: set[str] = {f"term-{entry_id}" for entry_id in register.entries}
        for letter, entries in letters.items():
            heading = nodes.rubric(letter, letter, ids=[_letter_id(letter)],
                                   classes=["edition-register-letter"])
            heading["heading-level"] = 2
            result.append(heading)
            glossary = addnodes.glossary(sorted=False)
            items = nodes.definition_list(classes=["glossary", "edition-register"])
            glossary += items
            for entry in entries:
                items += self._entry(entry, std, taken)
            result.append(glossary)
        return result

    def _entry(self, entry: Entry, std: Any, taken: set[str]) -> nodes.definition_list_item:
        item = nodes.definition_list_item(classes=[f"edition-kind-{entry.kind}"])
        source = f"{self.config.edition_register}"
        shown = sort_name(entry)
        languages = dict(entry.languages)
        name = (nodes.inline(shown, shown, classes=[f"language-{languages[entry.name]}"])
                if entry.name in languages and shown == entry.name else nodes.Text(shown))
        term = make_glossary_term(self.env, [name], None, source, entry.line,
                                  f"term-{entry.id}", self.state.document)
        term["classes"].append(f"edition-kind-{entry.kind}")
        for index in term.findall(addnodes.index):  # the PDF's index files the entry by its name
            index["entries"] = [(kind, entry.name, *rest) for kind, _, *rest in index["entries"]]
        noted = {shown.lower()}
        for form in (entry.name, *entry.variants):
            if form.lower() not in noted and (("term", form) not in std.objects):
                std._note_term(form, f"term-{entry.id}", location=term)
                noted.add(form.lower())
            anchor = f"term-{nodes.make_id(form)}"
            if anchor != "term-" and anchor not in taken:  # a variant's own anchor
                taken.add(anchor)
                term["ids"].append(anchor)
        if entry.dates:
            term += nodes.inline(f" ({entry.dates})", f" ({entry.dates})",
                                 classes=["edition-register-dates"])
        label = f" {entry.kind}"
        term += nodes.inline(label, label, classes=["edition-register-kind-label"])
        item += term
        definition = nodes.definition()
        definition += contributed.parse(self, entry.description, contributed.Contribution(
            what=f"register entry '{entry.id}'", noun="a register description",
            the="the description", body="a register description",
            kind=EditionWarning.REGISTER, source=self.get_source_info()[0],
            location=f"{self.config.edition_register}:{entry.line}"))
        other = [v for v in entry.variants if v not in (entry.name, shown)]
        if shown != entry.name:
            other.insert(0, entry.name)
        if other:
            forms = nodes.paragraph(classes=["edition-register-forms"])
            forms += nodes.Text("Forms in the sources: ")
            for number, variant in enumerate(other):
                if number:
                    forms += nodes.Text(", ")
                forms += nodes.emphasis(variant, variant, classes=[
                    f"language-{languages[variant]}"] if variant in languages else [])
            definition += forms
        if entry.authorities or entry.coordinates:
            definition += _authorities_paragraph(entry)
        definition += register_mentions(entry_id=entry.id)
        item += definition
        return item


def _authorities_paragraph(entry: Entry) -> nodes.paragraph:
    """"Authority files: Wikidata Q19689 · GeoNames … · 41.3275, 19.8189": each identifier a
    link to its record (the addresses are built from ids of a checked form, and written by
    docutils, which escapes them), the coordinates as text."""
    line = nodes.paragraph(classes=["edition-register-authority"])
    line += nodes.Text("Authority files: " if entry.authorities else "")
    for number, (label, uri) in enumerate(entry.authorities):
        if number:
            line += nodes.Text(" · ")
        line += nodes.reference(label, label, refuri=uri, rel=contributed.EXTERNAL_LINK_REL)
    if entry.coordinates:
        shown = f"coordinates {entry.coordinates}"
        line += nodes.Text(f"; {shown}" if entry.authorities else shown[:1].upper() + shown[1:])
    return line


def _letter(name: str) -> str:
    first = _sort_key(name)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def _letter_id(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter != "#" else "letter-other"


def _letter_bar(letters: dict[str, list[Entry]]) -> str:
    """The A–Z bar: a link for every letter that has entries (HTML only)."""
    import html

    links = "".join(f'<li><a href="#{_letter_id(letter)}">{html.escape(letter)}</a></li>'
                    for letter in letters)
    return (f'<nav class="edition-register-az" aria-label="Register entries by letter">'
            f"<ul>{links}</ul></nav>\n")


def _sort_key(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def fill_mentions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: list, under each entry, every passage that mentions it, grouped by
    source in the edition's order; in HTML each with a few words of context around the mention."""
    placeholders = apparatus_placeholders(app.env, doctree, docname, register_mentions)
    if not placeholders:
        return
    domain = app.env.get_domain("edition")
    register: Register | None = build_state(app.env).register
    by_entry: dict[str, list[tuple[str, str]]] = {}
    texts: dict[str, tuple[str, list[tuple[int, int, str]]]] = {}
    for source_doc in reading_order(app.env):
        for entry_id, passages in domain.data["mentions"].get(source_doc, {}).items():
            by_entry.setdefault(entry_id, []).extend((source_doc, p) for p in passages)
        texts.update((passage_id, (text, languages)) for passage_id, text, languages
                     in domain.data["search"].get(source_doc, {}).get("passages", []))
    page_uris = {source_doc: app.builder.get_relative_uri(docname, source_doc)
                 for source_doc in domain.sources}
    titles = {source_doc: source_title(domain, source_doc) for source_doc in domain.sources}
    html = app.builder.format == "html"
    firsts: dict[str, dict[str, tuple[int, int]]] = {}  # passage -> entry -> first mention
    for placeholder in placeholders:
        entry_id = placeholder["entry_id"]
        groups: list[tuple[str, str, list[tuple[str, str, Any]]]] = []
        for source_doc, passage_id in by_entry.get(entry_id, []):
            if not groups or groups[-1][0] != domain.sources[source_doc]:
                groups.append((domain.sources[source_doc], titles[source_doc], []))
            number = domain.passages.get(passage_id, {}).get("number", "?")
            context = (_context(*texts.get(passage_id, ("", [])), entry_id, register,
                                firsts, passage_id)
                       if html and register is not None else None)
            groups[-1][2].append((f"{page_uris[source_doc]}#{passage_id}", passage_sign(number),
                                  context))
        if html:
            placeholder["groups"] = groups  # written by visit_register_mentions_html
        else:
            placeholder.replace_self(_mentions_paragraph(
                [(slug, [(uri, label) for uri, label, _ in links]) for slug, _, links in groups]))


#: Words of context shown on each side of a mention in the register's lists.
CONTEXT_WORDS = 5


def _context(text: str, languages: list[tuple[int, int, str]], entry_id: str,
             register: Register, firsts: dict[str, dict[str, tuple[int, int]]] | None = None,
             passage_id: str = "") -> tuple[str, int, int, int, int,
                                               list[tuple[int, int, str]]] | None:
    """A few words before the entry's first mention in a passage's text, the mention, and a
    few words after it: the text, where the context starts, the mention's start and end, where
    the context ends, and the stretches in another language (None where the text has the entry
    under no form, e.g. only in a heading).

    ``firsts`` keeps, by passage, where each entry is first mentioned, so that a passage that
    mentions many entries is read by the register's pattern once, not once for each entry."""
    if register.pattern is None:
        return None
    if firsts is None:
        firsts = {}
    if passage_id not in firsts or not passage_id:
        found: dict[str, tuple[int, int]] = {}
        for match in register.pattern.finditer(text):
            found.setdefault(register.by_form.get(form_key(match.group()), ""),
                             (match.start(), match.end()))
        firsts[passage_id] = found
    if entry_id not in firsts[passage_id]:
        return None
    start, end = firsts[passage_id][entry_id]
    before = _words_before(text[:start], CONTEXT_WORDS)
    after = re.match(rf"\S*(?:\s+\S+){{0,{CONTEXT_WORDS}}}", text[end:])
    return (text, before, start, end, end + after.end(), languages)


def _words_before(prefix: str, words: int) -> int:
    """Where the last ``words`` words of ``prefix`` start (with the word the prefix ends in):
    the start of the leftmost match of ``(?:\\S+\\s+){0,words}\\S*$`` in it, found by walking
    back from the end over at most ``words`` runs of white space (a regular-expression search
    tries every position of the prefix; ``\\s`` is ``str.isspace``)."""
    at, runs = len(prefix), 0
    while True:
        while at and not prefix[at - 1].isspace():
            at -= 1
        start = at  # a word starts here (or the prefix ends in white space)
        if not at or runs == words:
            return start
        while at and prefix[at - 1].isspace():
            at -= 1
        runs += 1
        if not at:  # the prefix starts with white space: no word before it
            return start


def _context_html(self: Any, context: tuple[str, int, int, int, int,
                                            list[tuple[int, int, str]]]) -> str:
    """A mention's context as HTML: the mention in bold, words in another language marked."""
    text, start, mention_start, mention_end, end, languages = context

    def piece(begin: int, stop: int) -> str:
        out, at = [], begin
        for run_start, run_end, language in languages:
            run_start, run_end = max(run_start, begin), min(run_end, stop)
            if run_start >= run_end:
                continue
            out.append(self.encode(text[at:run_start]))
            out.append(f'<span lang="{self.attval(language)}">'
                       f"{self.encode(text[run_start:run_end])}</span>")
            at = run_end
        out.append(self.encode(text[at:stop]))
        return "".join(out)

    return (("… " if start > 0 else "") + piece(start, mention_start)
            + f"<strong>{piece(mention_start, mention_end)}</strong>"
            + piece(mention_end, end) + (" …" if end < len(text) else ""))


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
    """Write an entry's list of mentions in one go: a disclosure ("Mentioned in: 12 passages of
    3 sources") opening on the list by source, each passage with its words around the mention.
    The register page links every passage that mentions an entry (thousands in a large
    edition), and one node each made the page the slowest to write."""
    if not node["groups"]:
        self.body.append('<p class="edition-register-mentions">'
                         "Mentioned in: none of the sources.</p>\n")
        raise nodes.SkipNode
    count = sum(len(links) for _, _, links in node["groups"])
    sources = len(node["groups"])
    summary = (f"Mentioned in: {count} passage{'s' if count != 1 else ''}"
               f" of {sources} source{'s' if sources != 1 else ''}")
    parts = [f'<details class="edition-register-mentions" '
             f'data-entry="{self.attval(node["entry_id"])}"><summary>{summary}</summary>']
    for slug, title, links in node["groups"]:
        parts.append(f'<div class="edition-mentions-source" data-source="{self.attval(slug)}">'
                     f'<p class="edition-mentions-title">{self.encode(title)}</p><ul>')
        for uri, label, context in links:
            context = (f' <span class="edition-mention-context">{_context_html(self, context)}'
                       "</span>" if context else "")
            parts.append(f'<li><a class="reference internal" href="{self.attval(uri)}">'
                         f"{self.encode(label)}</a>{context}</li>")
        parts.append("</ul></div>")
    self.body.append("".join(parts) + "</details>\n")
    raise nodes.SkipNode
