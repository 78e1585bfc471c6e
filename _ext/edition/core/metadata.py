"""A source page's front matter: the bibliographic record of the received text.

The front matter is read from the page file itself, with the line of every field, so that an error
can point at the line to fix. MyST's own copy in ``env.metadata`` flattens nested mappings and
types, which loses both.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from pathlib import Path

import yaml

from . import datafile

#: Fields every source page declares under ``source:``, with what each must say (shown in errors
#: and in the metadata table, in this order).
REQUIRED_FIELDS: dict[str, str] = {
    "slug": "the page's slug, e.g. lala-2014",
    "title": "the work's title",
    "author": "its author(s), or who is responsible for it",
    "publisher": "the publisher or web site",
    "date": "its date of publication",
    "date_basis": "how that date was established",
    "url": "the address where the received text was published",
    "language": "the language of the received text",
    "translation": "whether the text is a translation, and by whom",
    "rights": "its licence or rights statement",
    "original_file": "the file name of the received text in sources/originals/",
    "sha256": "the sha256 digest of that file (64 hex digits)",
}


#: The source's rights, as structured fields (every source of the edition gives them; a test of
#: the edition checks it): optional for the parser, so that older test pages stay valid.
OPTIONAL_FIELDS: dict[str, str] = {
    "licence": "its licence, one of: " + ", ".join(["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-SA-3.0",
                                                  "CC-BY-SA", "CC-BY-NC-4.0",
                                                  "all-rights-reserved", "unknown"]),
    "rights_holder": "who holds the rights, as the source says, or unknown",
    "permission": "whether the edition may republish it: open-licence, granted, not-granted "
                  "or unknown",
    "short_title": "the short title readers see in menus and keys, e.g. Lala 2014",
    "container": "journal, volume, issue, pages",
    "pages": "the printed page range, e.g. 375-396, or the first page alone when the last was "
             "not seen",
    "doi": "DOI, e.g. 10.5901/ajis.2014.v3n3p340, only as seen in the work or its record",
    "revision": "the revision of the text as received (for a wiki: its revision id and date), "
                "with where it was seen, or how far it could be narrowed",
    "original": "the original publication of a text received in translation, through a mirror "
                "or a portal: site or journal, date, author, as far as they were seen",
    "compared": "whether the received text was compared with that original, and how far",
    "identified": "what was identified about the published work, each with the address where it "
                  "was seen",
    "missing": "what could not be identified (revision id, pages, DOI, original), said exactly",
    "retrieved": "when the received text was retrieved",
    "notes": "anything else a reader of the record needs",
    "bibtex": "the key of the source's own entry in references.bib",
}


LABELS: dict[str, str] = {
    "title": "Title",
    "short_title": "Short title",
    "author": "Author",
    "publisher": "Publisher or site",
    "container": "Published in",
    "pages": "Pages",
    "date": "Date",
    "date_basis": "Date established by",
    "url": "Original URL",
    "doi": "DOI",
    "revision": "Revision",
    "original": "Original publication",
    "compared": "Compared with the original",
    "identified": "Identified",
    "missing": "Not identified",
    "retrieved": "Retrieved",
    "language": "Language",
    "translation": "Translation",
    "rights": "Rights",
    "licence": "Licence",
    "rights_holder": "Rights holder",
    "permission": "Permission to republish",
    "original_file": "Received file",
    "sha256": "SHA-256",
    "notes": "Notes",
    "bibtex": "In the bibliography",
}


RIGHTS_FIELDS = ("licence", "rights_holder", "permission")
#: licences a source may have: its id (as SPDX names it, where SPDX has it) → the name readers
#: see and the licence's address ("" when there is none)
LICENCES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-SA-3.0": ("CC BY-SA 3.0", "https://creativecommons.org/licenses/by-sa/3.0/"),
    "CC-BY-SA": ("CC BY-SA (version not determined)", ""),
    "CC-BY-NC-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "all-rights-reserved": ("all rights reserved", ""),
    "unknown": ("unknown", ""),
}
#: what the edition may do with a source's text, by its ``permission``
PERMISSIONS: dict[str, str] = {
    "open-licence": "its licence allows republication, with attribution",
    "granted": "the rights holder has given written permission (say where in 'notes')",
    "not-granted": "republication needs the rights holder's consent, which the editors do not "
                   "have",
    "unknown": "the rights holder is not known, and no permission was given",
}
#: the permissions under which the full text may be published in a public build
REPUBLISHABLE = frozenset({"open-licence", "granted"})

SHA256 = re.compile(r"^[0-9a-f]{64}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PAGES = re.compile(r"^(\d+)(?:\s*[-–]\s*(\d+))?$")
ADDRESS = re.compile(r"https?://\S+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with a page, at a line of its file."""

    line: int
    message: str


@dataclasses.dataclass(frozen=True)
class SourceRecord:
    """The validated front matter of a source page."""

    fields: dict[str, str]
    lines: dict[str, int]  #: file line of each field

    @property
    def slug(self) -> str:
        return self.fields["slug"]

    def items(self) -> list[tuple[str, str]]:
        """(label, value) pairs in display order."""
        return [(LABELS[key], self.fields[key]) for key in LABELS if self.fields.get(key)]


def has_source_record(text: str) -> bool:
    """Whether a page's front matter declares a source (``source:`` at top level)."""
    match = _FRONT_MATTER.match(text)
    return bool(match and re.search(r"^source:", match.group(1), re.MULTILINE))


def read_source_record(
    text: str, page_slug: str, originals_dir: Path
) -> tuple[SourceRecord | None, list[Problem]]:
    """Parse and check the ``source:`` front matter of a page's text.

    Returns the record (``None`` when it cannot be used at all) and every problem found, each at
    the line of the page file it concerns.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, [Problem(1, "source page has no front matter; start the file with '---', "
                                 "a 'source:' mapping and '---'")]
    try:
        root = datafile.compose(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 0-based, +1 for the opening '---'
        problem = getattr(error, "problem", None) or str(error)
        return None, [Problem(line, f"front matter is not valid YAML: {problem}")]
    source = _mapping_value(root, "source")
    if source is None:
        return None, [Problem(1, "front matter has no 'source:' mapping")]
    if not isinstance(source, yaml.MappingNode):
        return None, [Problem(source.start_mark.line + 2, "'source:' must be a mapping of fields")]

    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    known = REQUIRED_FIELDS | OPTIONAL_FIELDS
    for key_node, value_node in source.value:
        key, line = key_node.value, key_node.start_mark.line + 2
        if key not in known:
            problems.append(Problem(line, f"unknown field 'source.{key}'; known fields: "
                                          f"{', '.join(known)}"))
            continue
        if key in fields:
            problems.append(Problem(line, f"field 'source.{key}' is given twice "
                                          f"(first at line {lines[key]})"))
            continue
        lines[key] = line
        if not (isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":str")):
            problems.append(Problem(line, f"field 'source.{key}' must be a quoted string "
                                          f"({known[key]})"))
            continue
        fields[key] = value_node.value.strip()

    source_line = source.start_mark.line + 1
    for key, meaning in REQUIRED_FIELDS.items():
        if key in lines:
            if not fields.get(key, "x"):
                problems.append(Problem(lines[key], f"field 'source.{key}' is empty; "
                                                    f"it should give {meaning}"))
        else:
            problems.append(Problem(source_line, f"front matter is missing the required field "
                                                 f"'source.{key}' ({meaning})"))

    slug = fields.get("slug")
    if slug and slug != page_slug:
        problems.append(Problem(lines["slug"], f"slug '{slug}' does not match the file name; "
                                               f"expected '{page_slug}'"))
    problems.extend(_check_identification(fields, lines))
    problems.extend(_check_rights(fields, lines))
    problems.extend(_check_original(fields, lines, originals_dir))
    usable = all(fields.get(key) for key in ("slug", "original_file")) and slug == page_slug
    return (SourceRecord(fields, lines) if usable else None), problems


def _mapping_value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key:
                return value_node
    return None


def _check_identification(fields: dict[str, str], lines: dict[str, int]) -> list[Problem]:
    """The fields that identify the published work: a DOI and a page range of the right form,
    and every identification said with the address where it was seen."""
    problems: list[Problem] = []
    doi = fields.get("doi")
    if doi and not DOI.match(doi):
        hint = " (give the DOI itself, without https://doi.org/)" if doi.startswith(
            ("http", "doi:")) else ""
        problems.append(Problem(lines["doi"], f"DOI '{doi}' is not of the form 10.NNNN/suffix"
                                              f"{hint}; give only a DOI seen in the work or its "
                                              f"record, and say in 'missing' when none was"))
    pages = fields.get("pages")
    match = PAGES.match(pages) if pages else None
    if pages and not match:
        problems.append(Problem(lines["pages"], f"pages '{pages}' is not a page or a page range "
                                                f"such as 375-396; say in 'missing' what was not "
                                                f"seen"))
    elif match and match.group(2) and int(match.group(2)) < int(match.group(1)):
        problems.append(Problem(lines["pages"], f"pages '{pages}' ends before it begins"))
    identified = fields.get("identified")
    if identified and not ADDRESS.search(identified):
        problems.append(Problem(lines["identified"], "field 'source.identified' names no address "
                                                     "(http:// or https://): say where each "
                                                     "identification was seen"))
    return problems


def _check_rights(fields: dict[str, str], lines: dict[str, int]) -> list[Problem]:
    """The licence and the permission, each one of its known values; an open licence is one
    that allows republication."""
    problems: list[Problem] = []
    licence, permission = fields.get("licence"), fields.get("permission")
    given = [key for key in RIGHTS_FIELDS if key in lines]
    if given:
        for key in RIGHTS_FIELDS:
            if key not in lines:
                problems.append(Problem(lines[given[0]], f"the rights of a source are three "
                                                         f"fields: 'source.{key}' is missing "
                                                         f"({OPTIONAL_FIELDS[key]})"))
    if licence and licence not in LICENCES:
        near = [known for known in LICENCES if known.lower() == licence.lower().replace(" ", "-")]
        hint = f"; did you mean '{near[0]}'?" if near else ""
        problems.append(Problem(lines["licence"], f"unknown licence '{licence}'{hint} licences: "
                                                  f"{', '.join(LICENCES)} (say 'unknown' when "
                                                  f"it was not established)"))
    if permission and permission not in PERMISSIONS:
        problems.append(Problem(lines["permission"], f"unknown permission '{permission}'; "
                                                     f"permissions: {', '.join(PERMISSIONS)}"))
    elif permission == "open-licence" and licence in ("all-rights-reserved", "unknown"):
        problems.append(Problem(lines["permission"], f"permission 'open-licence' but the licence "
                                                     f"is '{licence}': an open licence must be "
                                                     f"named in 'licence'"))
    return problems


def licence_name(fields: dict[str, str]) -> str:
    """The licence as readers read it ("CC BY-SA 4.0", "all rights reserved", "unknown")."""
    return LICENCES.get(fields.get("licence", "unknown"), LICENCES["unknown"])[0]


def licence_url(fields: dict[str, str]) -> str:
    """The licence's address, or "" when it has none (all rights reserved, unknown)."""
    return LICENCES.get(fields.get("licence", "unknown"), LICENCES["unknown"])[1]


def is_republishable(fields: dict[str, str]) -> bool:
    """Whether the source's rights allow its full text in a public build."""
    return fields.get("permission") in REPUBLISHABLE


def _check_original(fields: dict[str, str], lines: dict[str, int],
                    originals_dir: Path) -> list[Problem]:
    name, digest = fields.get("original_file"), fields.get("sha256")
    if not name:
        return []
    path = originals_dir / name
    if "/" not in name and path.is_symlink():  # it could point anywhere on the build machine
        return [Problem(lines["original_file"], f"received file '{name}' is a symbolic link: "
                                                "the received text must be a plain file in "
                                                f"{originals_dir.name}/, byte for byte as it came")]
    if "/" in name or not path.is_file():
        present = sorted(p.name for p in originals_dir.glob("*") if p.is_file())
        same = [p for p in present if digest
                and hashlib.sha256((originals_dir / p).read_bytes()).hexdigest() == digest]
        nearest = difflib.get_close_matches(name, present, n=1)
        hint = (f"did you mean '{same[0]}' (the file whose SHA-256 the page gives)? " if same else
                f"did you mean '{nearest[0]}'? " if nearest else "")
        return [Problem(lines["original_file"], f"received file '{name}' not found in "
                                                f"{originals_dir.name}/; {hint}present: "
                                                f"{', '.join(present) or 'none'}")]
    if digest is None:
        return []
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if not SHA256.match(digest):
        return [Problem(lines["sha256"], f"sha256 '{digest}' is not 64 lower-case hex digits; "
                                         f"the file's digest is {actual}")]
    if digest != actual:
        return [Problem(lines["sha256"], f"sha256 of {name} does not match: the page says "
                                         f"{digest}, the file is {actual}. The received text "
                                         f"must stay byte for byte as it came")]
    return []
