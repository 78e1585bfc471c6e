"""The bibliography page's style (a pybtex style for sphinxcontrib-bibtex): entries labelled by
author and year exactly as the text cites them ("Hoxha, 1980"; two works of one author and year
are "1980a" and "1980b" in the text and in the list alike), in one alphabetical order, with
titles as written (no change of case, so proper nouns keep their capitals), and the BibLaTeX
types ``@collection`` (a book by its editors) and ``@online`` that references.bib uses so that
biber's data-model validation passes.
"""

from __future__ import annotations

import functools
import types
import unicodedata
from typing import Any

import pybtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import (
    field,
    first_of,
    join,
    node,
    optional,
    optional_field,
    sentence,
)

NAME = "edition"


#: references.bib key -> the letter after its year, for works of one author and year
_SUFFIXES: dict[str, str] = {}


@node
def year(children: Any, data: dict[str, Any]) -> Text:
    """sphinxcontrib-bibtex's ``year`` node, with the entry's letter ("1980a")."""
    assert not children
    base = first_of[optional[field("year")], "n.d."].format_data(data)
    return Text(base, _SUFFIXES.get(data["entry"].key, ""))


def label(entry: Any, suffix: bool = True) -> str:
    """An entry's label: sphinxcontrib-bibtex's own author–year template (the one
    ``bibtex_reference_style = "author_year"`` cites with), as plain text."""
    person = _person_style()
    template = join(sep=", ")[person.author_or_editor_or_title(full=False),
                              year if suffix else first_of[optional[field("year")], "n.d."]]
    style = types.SimpleNamespace(person=person)
    return template.format_data({"entry": entry, "style": style}).render(_text_backend())


def assign_suffixes(app: Any, env: Any) -> None:
    """``env-updated`` (before sphinxcontrib-bibtex's labels): letter the works that share an
    author and a year, in the order of their titles, over the whole of references.bib (so that
    a letter does not change when a citation is added)."""
    if "cite" not in env.domains:
        return
    groups: dict[str, list[Any]] = {}
    for entry in env.get_domain("cite").bibdata.data.entries.values():
        groups.setdefault(label(entry, suffix=False), []).append(entry)
    _SUFFIXES.clear()
    for entries in groups.values():
        if len(entries) > 1:
            entries.sort(key=lambda e: _fold(e.fields.get("title", "").strip("{}")))
            _SUFFIXES.update({e.key: "abcdefghijklmnopqrstuvwxyz"[n % 26]
                              for n, e in enumerate(entries)})


@functools.cache
def _text_backend() -> Any:
    """pybtex's plain-text backend, looked up once: ``render_as("text")`` looks the plugin up
    among every installed package's entry points on each call, and a label is made for every
    entry of references.bib on every build."""
    return pybtex.plugin.find_plugin("pybtex.backends", "text")()


@functools.cache
def _person_style() -> Any:
    from sphinxcontrib.bibtex.style.referencing import PersonStyle

    return PersonStyle()


class LabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries: Any) -> Any:
        for entry in sorted_entries:
            yield label(entry)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class SortingStyle(BaseSortingStyle):
    """Alphabetical by label (author or editor, else title; then year), then title."""

    def sorting_key(self, entry: Any) -> tuple[str, str]:
        title = entry.fields.get("title", "")
        return _fold(label(entry).lstrip("“\"'")), _fold(title.strip("{}"))


class Style(UnsrtStyle):
    default_label_style = NAME
    default_sorting_style = NAME

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        """The title as written: pybtex would lower-case all but its first letter."""
        return sentence[field(which_field)] if as_sentence else field(which_field)

    def get_collection_template(self, e: Any) -> Any:
        return self.get_book_template(e)

    def get_misc_template(self, e: Any) -> Any:
        """pybtex's ``misc``, with its title in italics, as Chicago sets every work that stands
        alone: a web page, a report, an archive's file (pybtex set them upright)."""
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_btitle(e, "title")],
            sentence[optional[field("howpublished")], optional[date]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_online_template(self, e: Any) -> Any:
        return self.get_misc_template(e)


def register() -> None:
    """Make the style known to pybtex (``bibtex_default_style = "edition"`` in conf.py), and
    the lettered year the one sphinxcontrib-bibtex's author–year citations use."""
    from sphinxcontrib.bibtex.style import template
    from sphinxcontrib.bibtex.style.referencing import basic_author_year, extra_year

    for module in (template, basic_author_year, extra_year):
        module.year = year
    for group, plugin in (("pybtex.style.formatting", Style),
                          ("pybtex.style.labels", LabelStyle),
                          ("pybtex.style.sorting", SortingStyle)):
        try:
            pybtex.plugin.find_plugin(group, NAME)
        except pybtex.plugin.PluginNotFound:
            pybtex.plugin.register_plugin(group, NAME, plugin)
