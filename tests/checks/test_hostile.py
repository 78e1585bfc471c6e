"""Hostile contributions: what a pull request might send to read the build machine's files, put
script or TeX commands into the edition, hang the build, or slip something past the checks.

Each case breaks a copy of the small apparatus project (``tests/roots/test-apparatus``) one
way and asserts the exact located message and a non-zero exit of the lint (the build's own code,
in process: the cases stay fast). Groups of payloads are then built at once, as HTML and as
LaTeX, with the strict build's warnings asserted and the outputs searched for the payload: the
content of a secret file, script, TeX commands, images and downloads.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from edition.checks.build import build_project
from edition.checks.lint import EXIT_CLEAN, EXIT_PROBLEMS, lint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_contributions import (
    BIB,
    CITATIONS,
    CLAIMS,
    LOCATED,
    NEW_NOTE,
    NOTE_LINE,
    NOTES,
    REGISTER,
    SOURCE,
    SPHINX_UNLOCATED,
    TIMELINE,
    note,
)

#: The content of a file of the build machine that a contribution tries to publish.
SECRET = "SECRET-CONTENT-7f3a9"
BODY = NOTE_LINE + 7  # the line of the note's body
SYMLINK = "->"  # an edit (file, SYMLINK, target): the file becomes a symbolic link to target


def body(payload: str) -> tuple[tuple[str, str | None, str], ...]:
    """The contributor's note with ``payload`` as the first paragraph of its body."""
    return note("Hoxha came back", payload + "\n\nHoxha came back")


def register_description(payload: str) -> tuple[tuple[str, str | None, str], ...]:
    return ((REGISTER, "  description: The Albanian capital.",
             "  description: |-\n" + "\n".join("    " + line for line in payload.split("\n"))),)


def claims_assessment(payload: str) -> tuple[tuple[str, str | None, str], ...]:
    return ((CLAIMS, "  assessment: The base agreement dates from 1957 {cite:p}`zagoria1961`.",
             "  assessment: |-\n" + "\n".join("    " + line for line in payload.split("\n"))),)


def timeline_event(payload: str) -> tuple[tuple[str, str | None, str], ...]:
    return ((TIMELINE, "  event: Relations are broken.",
             "  event: |-\n" + "\n".join("    " + line for line in payload.split("\n"))),)


S = "{secret}"  # replaced by the path of a file outside the project

EDITS: dict[str, tuple[tuple[str, str | None, str | bytes | None], ...]] = {
    # --- commentary: files of the build machine ---
    "note-include-capitalised": body("```{Include} " + S + "\n```"),
    "note-include-in-a-list": body("- an item\n\n  ```{include} " + S + "\n  ```"),
    "note-csv-table-file-in-a-quote": body("> ```{csv-table}\n> :file: " + S + "\n> ```"),
    "note-literalinclude": body("```{literalinclude} " + S + "\n```"),
    "note-eval-rst-include": body("```{eval-rst}\n.. include:: " + S + "\n```"),
    "note-markdown-image-of-a-file": body("![x](" + S + ")"),
    "note-remote-image": body("![pixel](https://tracker.example/p.gif)"),
    "note-download-role": body("See {download}`" + S + "`."),
    "note-raw-latex": body("```{raw} latex\n\\input{" + S + "}\n```"),
    "note-math-role": body("A formula {math}`\\input{" + S + "}`."),
    "note-math-directive": body("```{math}\n\\immediate\\write18{touch /tmp/pwned}\n```"),
    "note-ftp-link": body("[a file](ftp://files.example/secret)"),
    "note-link-to-a-file-outside": body("[a file](../../secret.txt)"),
    "note-data-link": body("<data:text/html,<script>alert(1)</script>>"),
    "note-heading": body("## A heading"),
    "note-span-with-an-id": body("[Hoxha]{#hijack}"),
    "note-span-with-a-class": body("[Hoxha]{.edition-quote}"),
    "note-code-block": body("```python\nimport os\n```"),
    "note-table": body("| a | b |\n|---|---|\n| 1 | 2 |"),
    "note-footnote": body("Words[^1].\n\n[^1]: A footnote."),
    "note-label": body("(my-label)=\nA labelled paragraph."),
    "note-comment": body("% a comment"),
    "note-nested-note":
        body(":::{annotation} demo-a005\n:passage: demo-p001\n:quote: Moscow\n:type: context\n"
             ":author: X\n:date: 2026-11-21\n\nInner.\n:::"),
    "note-id-of-another-source": note("demo-a004", "lala-2014-a004"),
    "note-id-with-a-homoglyph": note("demo-a004", "dem\u043e-a004"),
    "note-too-long": note("Hoxha came back from Moscow on the same day.", "word " * 11000),
    "commentary-include-outside-a-note": ((NOTES, "", "\n```{include} " + S + "\n```\n"),),
    "commentary-image-outside-a-note": ((NOTES, "", "\n![x](" + S + ")\n"),),
    "commentary-symlink": ((NOTES, SYMLINK, S),),
    "commentary-not-utf8":
        ((NOTES, None, b":::{annotation} demo-a001\n:passage: demo-p002\n\xff\xfe\n:::\n"),),
    "commentary-bom": ((NOTES, None, "\ufeff" + NEW_NOTE),),
    "commentary-in-a-subfolder": (("commentary/more/demo.md", None, NEW_NOTE),),
    "commentary-other-extension": (("commentary/demo.txt", None, NEW_NOTE),),
    # --- source page ---
    "source-page-bom": ((SOURCE, "---\nsource:", "\ufeff---\nsource:"),),
    "source-page-symlink": ((SOURCE, SYMLINK, S),),
    "front-matter-alias":
        ((SOURCE, '  title: "Demo Article"', '  title: &t "Demo Article"\n  notes: *t'),),
    "front-matter-duplicate-key":
        ((SOURCE, '  title: "Demo Article"', '  title: "Demo Article"\n  title: "Other"'),),
    "front-matter-key-is-a-list":
        ((SOURCE, '  title: "Demo Article"', '  title: "Demo Article"\n  ? [a, b]\n  : "x"'),),
    # --- register ---
    "register-include": register_description("```{include} " + S + "\n```"),
    "register-script": register_description("The capital.<script>alert(1)</script>"),
    "register-img-onerror": register_description('<img src=x onerror="alert(1)">'),
    "register-math": register_description("{math}`\\input{" + S + "}`"),
    "register-ftp-link": register_description("[x](ftp://files.example/x)"),
    "register-duplicate-key": ((REGISTER, "  name: Tirana\n", "  name: Tirana\n  name: Tirane\n"),),
    "register-alias-bomb":
        ((REGISTER, "- id: tirana\n", "- id: tirana\n  x: &a [1, 1, 1]\n  y: &b [*a, *a, *a]\n"),),
    "register-id-with-a-homoglyph": ((REGISTER, "- id: tirana", "- id: tir\u0430na"),),
    "register-symlink": ((REGISTER, SYMLINK, S),),
    "register-not-utf8": ((REGISTER, None, b"- id: tirana\n  name: Tiran\xe0\n"),),
    "register-description-too-long": register_description("word " * 11000),
    "register-variant-too-long":
        ((REGISTER, "variants: [Vlora]", "variants: [Vlora, " + "Vlora " * 40 + "]"),),
    "register-empty": ((REGISTER, None, ""),),
    "register-key-is-a-list": ((REGISTER, "  name: Tirana\n", "  name: Tirana\n  [a]: b\n"),),
    # --- claims ---
    "claims-raw-latex":
        claims_assessment("```{raw} latex\n\\immediate\\write18{touch /tmp/pwned}\n```"),
    "claims-script-in-a-reading":
        ((CLAIMS, '      says: "1957"', '      says: "1957 <script>alert(1)</script>"'),),
    "claims-alias-in-a-reading":
        ((CLAIMS, '      says: "1957"',
          '      says: &s "1957"\n    - passage: demo-p001\n      says: *s'),),
    "claims-duplicate-key":
        ((CLAIMS, "  point: When was the base built?\n",
          "  point: When was the base built?\n  point: Again?\n"),),
    "claims-readings-not-a-list":
        ((CLAIMS, "  readings:\n    - passage: demo-p002\n      says: \"1957\"\n",
          "  readings: demo-p002\n"),),
    # --- timeline ---
    "timeline-impossible-date": ((TIMELINE, 'date: "1961-12-03"', 'date: "1961-13-40"'),),
    "timeline-30-february": ((TIMELINE, 'date: "1961-12-03"', 'date: "1961-02-30"'),),
    "timeline-math": timeline_event("Relations {math}`\\input{" + S + "}` are broken."),
    "timeline-script": timeline_event("Relations are broken.<img src=x onerror=alert(1)>"),
    "timeline-duplicate-key":
        ((TIMELINE, "  event: Relations are broken.\n",
          "  event: Relations are broken.\n  event: Again.\n"),),
    "timeline-empty": ((TIMELINE, None, "\n"),),
    "timeline-event-not-a-string":
        ((TIMELINE, "  event: Relations are broken.", "  event: [Relations, broken]"),),
    # --- citation mapping ---
    "citations-catastrophic-pattern":
        ((CITATIONS, "  pattern: '\\(([^()]*\\d{4}[^()]*)\\)'",
          "  pattern: '((\\w+\\s?)+)\\d{13}'"),),
    "citations-alias-bomb": ((CITATIONS, "demo:\n", "x: &a [1, 1]\ny: [*a, *a]\ndemo:\n"),),
    "citations-entry-is-a-list":
        ((CITATIONS, '    "Writer, 2001": demo-p004', '    "Writer, 2001": [demo-p004]'),),
    "citations-citations-is-a-list":
        ((CITATIONS, '  citations:\n    "Writer, 2001": demo-p004\n',
          '  citations:\n    - demo-p004\n  x:\n    "Writer, 2001": demo-p004\n'),),
    "citations-pattern-is-a-list":
        ((CITATIONS, "  pattern: '\\(([^()]*\\d{4}[^()]*)\\)'", "  pattern: ['(x)']"),),
    "citations-empty": ((CITATIONS, None, ""),),
    # --- bibliography ---
    "bib-javascript-url":
        ((BIB, "  publisher = {Demo Press},\n  year = {2001},",
          "  publisher = {Demo Press},\n  url = {javascript:alert(1)},\n  year = {2001},"),),
    "bib-file-url":
        ((BIB, "  publisher = {Demo Press},\n  year = {2001},",
          "  publisher = {Demo Press},\n  url = {file:///etc/passwd},\n  year = {2001},"),),
    "bib-doi-not-a-doi":
        ((BIB, "  publisher = {Demo Press},\n  year = {2001},",
          "  publisher = {Demo Press},\n  doi = {javascript:alert(1)},\n  year = {2001},"),),
    "bib-extra-closing-brace": ((BIB, "  title = {A Book},", "  title = {A Book}},"),),
    "bib-crossref-to-no-entry":
        ((BIB, "  title = {A Book},", "  title = {A Book},\n  crossref = {nosuch2000},"),),
    "bib-key-with-a-homoglyph": ((BIB, "@book{other1998,", "@book{z\u0430goria1961,"),),
    "bib-not-utf8": ((BIB, None, b"@book{a1,\n  title = {\xff},\n}\n"),),
    # --- received files, source pages, quotes ---
    "original-missing": (("sources/originals/demo.txt", None, None),),
    "original-symlink": (("sources/originals/demo.txt", SYMLINK, S),),
    # found by the property test: sphinxcontrib-bibtex crashed on what pybtex could not parse
    "bib-junk-before-the-first-entry":
        ((BIB, "@article{zagoria1961,", "@<script>alert(1)</script>zagoria1961,"),),
    "source-page-not-utf8": ((SOURCE, "Enver Hoxha met", b"Enver \xff met"),),
    "note-quote-decomposed": note(":passage: demo-p001\n:quote: returned to Tirana",
                                  ":passage: demo-p002\n:quote: base at Vlore\u0308"),
}

#: The first located problem each contribution gives ({secret}: the secret file's path).
EXPECTED: dict[str, str] = {
    'register-variant-too-long':
        "apparatus/register.yaml:28: WARNING: the form «Vlora Vlora Vlora Vlora Vlora Vlora "
        "Vlor…» of register entry 'vlore' is 239 characters long: a name or variant is at "
        "most 150 (every form is searched for in every passage) [edition.register]",
    'note-span-with-an-id':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' gives words an id («#hijack»): a "
        "note may not set ids (they would clash with the edition's anchors); remove it "
        "[edition.annotation]",
    'note-span-with-a-class':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' gives words the class "
        "«edition-quote»: the only class a note may give is a language, e.g. [Zëri i "
        "Popullit]{.language-sq} [edition.annotation]",
    'bib-junk-before-the-first-entry':
        "references.bib:1: WARNING: malformed BibTeX before the first entry: ')' expected; the "
        "file holds entries @type{key, field = {value}, ...}, @string{name = {value}} and "
        "@comment{...} [edition.bibliography]",
    'note-include-capitalised':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' uses the directive "
        "'{Include}', which a note may not use: it would put files, raw markup or remote "
        'content into the edition unchecked; write the note as MyST text with links and '
        '{cite}, {term} and {ref} roles [edition.annotation]',
    'note-include-in-a-list':
        "commentary/demo.md:41: WARNING: annotation 'demo-a004' uses the directive "
        "'{include}', which a note may not use: it would put files, raw markup or remote "
        'content into the edition unchecked; write the note as MyST text with links and '
        '{cite}, {term} and {ref} roles [edition.annotation]',
    'note-csv-table-file-in-a-quote':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' uses the directive "
        "'{csv-table}', which a note may not use: it would put files, raw markup or remote "
        'content into the edition unchecked; write the note as MyST text with links and '
        '{cite}, {term} and {ref} roles [edition.annotation]',
    'note-literalinclude':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' uses the directive "
        "'{literalinclude}', which a note may not use: it would put files, raw markup or "
        'remote content into the edition unchecked; write the note as MyST text with links and '
        '{cite}, {term} and {ref} roles [edition.annotation]',
    'note-eval-rst-include':
        "commentary/demo.md:40: WARNING: annotation 'demo-a004' uses the directive "
        "'{include}', which a note may not use: it would put files, raw markup or remote "
        'content into the edition unchecked; write the note as MyST text with links and '
        '{cite}, {term} and {ref} roles [edition.annotation]',
    'note-markdown-image-of-a-file':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains an image («x»): a "
        'note may contain only text with *emphasis*, **strong**, `literal`, lists, quotations, '
        'links to https:// or mailto: addresses or into the edition, and the roles {cite:p}, '
        '{cite:t}, {term} and {ref}; link to it instead: [what it shows](https://...) '
        '[edition.annotation]',
    'note-remote-image':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains an image («pixel»): a "
        'note may contain only text with *emphasis*, **strong**, `literal`, lists, quotations, '
        'links to https:// or mailto: addresses or into the edition, and the roles {cite:p}, '
        '{cite:t}, {term} and {ref}; link to it instead: [what it shows](https://...) '
        '[edition.annotation]',
    'note-download-role':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' uses the role '{download}', "
        'which a note may not use; a note may contain only text with *emphasis*, **strong**, '
        '`literal`, lists, quotations, links to https:// or mailto: addresses or into the '
        'edition, and the roles {cite:p}, {cite:t}, {term} and {ref} [edition.annotation]',
    'note-raw-latex':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' uses the directive '{raw}', "
        'which a note may not use: it would put files, raw markup or remote content into the '
        'edition unchecked; write the note as MyST text with links and {cite}, {term} and '
        '{ref} roles [edition.annotation]',
    'note-math-role':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' uses the role '{math}', which "
        'a note may not use; a note may contain only text with *emphasis*, **strong**, '
        '`literal`, lists, quotations, links to https:// or mailto: addresses or into the '
        'edition, and the roles {cite:p}, {cite:t}, {term} and {ref} [edition.annotation]',
    'note-math-directive':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' uses the directive '{math}', "
        'which a note may not use: it would put files, raw markup or remote content into the '
        'edition unchecked; write the note as MyST text with links and {cite}, {term} and '
        '{ref} roles [edition.annotation]',
    'note-ftp-link':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' links to "
        '«ftp://files.example/secret»: a link goes to an https:// or mailto: address, or into '
        'the edition with {ref}; write [text](https://...) [edition.annotation]',
    'note-link-to-a-file-outside':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains a download link («a "
        'file»): a note may contain only text with *emphasis*, **strong**, `literal`, lists, '
        'quotations, links to https:// or mailto: addresses or into the edition, and the roles '
        "{cite:p}, {cite:t}, {term} and {ref}; link to the file's public address instead: "
        '[title](https://...) [edition.annotation]',
    'note-data-link':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains raw HTML «<script>»: "
        "a note's body is MyST text, and markup or script would go into the edition unchecked; "
        "write it as MyST (*emphasis*, [link](https://...)), or escape the '<' as '\\<' "
        '[edition.annotation]',
    'note-heading':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains a heading («A "
        'heading»): a note may contain only text with *emphasis*, **strong**, `literal`, '
        'lists, quotations, links to https:// or mailto: addresses or into the edition, and '
        'the roles {cite:p}, {cite:t}, {term} and {ref}; use **strong** text at the start of a '
        'paragraph instead [edition.annotation]',
    'note-code-block':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains a code block («import "
        'os»): a note may contain only text with *emphasis*, **strong**, `literal`, lists, '
        'quotations, links to https:// or mailto: addresses or into the edition, and the roles '
        '{cite:p}, {cite:t}, {term} and {ref}; quote the words in the text, or as `literal` '
        '[edition.annotation]',
    'note-table':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains a table («a b 1 2»): "
        'a note may contain only text with *emphasis*, **strong**, `literal`, lists, '
        'quotations, links to https:// or mailto: addresses or into the edition, and the roles '
        '{cite:p}, {cite:t}, {term} and {ref}; give the figures in a sentence or a list '
        '[edition.annotation]',
    'note-footnote':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains a footnote («1»): a "
        'note may contain only text with *emphasis*, **strong**, `literal`, lists, quotations, '
        'links to https:// or mailto: addresses or into the edition, and the roles {cite:p}, '
        '{cite:t}, {term} and {ref}; put the words in the text (a note is itself a footnote) '
        '[edition.annotation]',
    'note-label':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains a label: a note may "
        'contain only text with *emphasis*, **strong**, `literal`, lists, quotations, links to '
        'https:// or mailto: addresses or into the edition, and the roles {cite:p}, {cite:t}, '
        '{term} and {ref}; remove it: notes and entries have their own ids [edition.annotation]',
    'note-comment':
        "commentary/demo.md:32: WARNING: annotation 'demo-a004' contains a comment («a "
        'comment»): a note may contain only text with *emphasis*, **strong**, `literal`, '
        'lists, quotations, links to https:// or mailto: addresses or into the edition, and '
        'the roles {cite:p}, {cite:t}, {term} and {ref}; remove it: a note for the editors '
        'goes in the pull request [edition.annotation]',
    'note-nested-note':
        "commentary/demo.md:39: WARNING: annotation 'demo-a004' contains another note "
        "(':::{annotation}'): a note cannot hold a note; close the first note with ':::' "
        'before the next one starts [edition.annotation]',
    'note-id-of-another-source':
        "commentary/demo.md:32: WARNING: annotation id 'lala-2014-a004' does not belong to "
        "this file: the notes of commentary/demo.md have ids 'demo-a' and a number, e.g. "
        "'demo-a001' [edition.annotation]",
    'note-id-with-a-homoglyph':
        "commentary/demo.md:32: WARNING: annotation id 'demо-a004' has a character that is not "
        'ASCII (U+043E CYRILLIC SMALL LETTER O at position 4): use lower-case ASCII letters, '
        "digits and hyphens, e.g. 'lala-2014-a001' [edition.annotation]",
    'note-too-long':
        "commentary/demo.md:32: WARNING: annotation 'demo-a004' is 55,001 characters long, "
        'more than the 50,000 a note may have; shorten it: a longer discussion belongs in a '
        'work it cites [edition.annotation]',
    'commentary-include-outside-a-note':
        "commentary/demo.md:32: WARNING: commentary/demo.md uses the directive '{include}', "
        'which a commentary file may not use: it would put files, raw markup or remote content '
        'into the edition unchecked; write each note as MyST text with links and {cite}, '
        '{term} and {ref} roles [edition.annotation]',
    'commentary-image-outside-a-note':
        'commentary/demo.md:32: WARNING: this paragraph («x») is outside any note: a '
        "commentary file holds only ':::{annotation}' blocks, and anything else would be added "
        'to the source page; put it inside a note, or remove it [edition.annotation]',
    'commentary-symlink':
        'commentary/demo.md:1: WARNING: commentary/demo.md is a symbolic link (to {secret}): a '
        'contributed file must be a plain file in the repository; replace the link by the file '
        'itself [edition.annotation]',
    'commentary-not-utf8':
        'commentary/demo.md:3: WARNING: the file is not UTF-8: byte 0xff at line 3 cannot be '
        'read; save the file as UTF-8 [edition.annotation]',
    'commentary-bom':
        'commentary/demo.md:1: WARNING: the file starts with a byte-order mark (U+FEFF): save '
        'it as UTF-8 without BOM [edition.annotation]',
    'commentary-in-a-subfolder':
        "commentary/more:1: WARNING: 'commentary/more/' is a folder: the notes in it would not "
        'be read; a commentary file is commentary/<slug>.md, named after its source (sources: '
        'demo) [edition.annotation]',
    'commentary-other-extension':
        "commentary/demo.txt:1: WARNING: 'commentary/demo.txt' is not a commentary file and "
        'would not be read: a commentary file is commentary/<slug>.md, named after its source '
        '(sources: demo) [edition.annotation]',
    'source-page-bom':
        'sources/demo.md:1: WARNING: the file starts with a byte-order mark (U+FEFF): save it '
        'as UTF-8 without BOM [edition.front_matter]',
    'source-page-symlink':
        'sources/demo.md:1: WARNING: sources/demo.md is a symbolic link (to {secret}): a '
        'contributed file must be a plain file in the repository; replace the link by the file '
        'itself [edition.front_matter]',
    'front-matter-alias':
        'sources/demo.md:4: WARNING: front matter is not valid YAML: YAML anchors and aliases '
        "('&t', '*t') are not allowed: write each value out in full [edition.front_matter]",
    'front-matter-duplicate-key':
        "sources/demo.md:5: WARNING: front matter is not valid YAML: the key 'title' is given "
        'twice in one mapping (first at line 3); YAML would keep only the last: keep one '
        '[edition.front_matter]',
    'front-matter-key-is-a-list':
        'sources/demo.md:5: WARNING: front matter is not valid YAML: a key must be a plain '
        'name, not a list or a mapping [edition.front_matter]',
    'register-include':
        "apparatus/register.yaml:21: WARNING: register entry 'tirana' uses the directive "
        "'{include}', which a register description may not use: it would put files, raw markup "
        'or remote content into the edition unchecked; write the description as MyST text with '
        'links and {cite}, {term} and {ref} roles [edition.register]',
    'register-script':
        "apparatus/register.yaml:21: WARNING: register entry 'tirana' contains raw HTML "
        '«<script>»: a register description is MyST text, and markup or script would go into '
        'the edition unchecked; write it as MyST (*emphasis*, [link](https://...)), or escape '
        "the '<' as '\\<' [edition.register]",
    'register-img-onerror':
        "apparatus/register.yaml:21: WARNING: register entry 'tirana' contains raw HTML «<img "
        'src=x onerror="alert(1)">»: a register description is MyST text, and markup or script '
        'would go into the edition unchecked; write it as MyST (*emphasis*, '
        "[link](https://...)), or escape the '<' as '\\<' [edition.register]",
    'register-math':
        "apparatus/register.yaml:21: WARNING: register entry 'tirana' uses the role '{math}', "
        'which a register description may not use; a register description may contain only '
        'text with *emphasis*, **strong**, `literal`, lists, quotations, links to https:// or '
        'mailto: addresses or into the edition, and the roles {cite:p}, {cite:t}, {term} and '
        '{ref} [edition.register]',
    'register-ftp-link':
        "apparatus/register.yaml:21: WARNING: register entry 'tirana' links to "
        '«ftp://files.example/x»: a link goes to an https:// or mailto: address, or into the '
        'edition with {ref}; write [text](https://...) [edition.register]',
    'register-duplicate-key':
        "apparatus/register.yaml:23: WARNING: the key 'name' is given twice in one mapping "
        '(first at line 22); YAML would keep only the last: keep one [edition.register]',
    'register-alias-bomb':
        "apparatus/register.yaml:22: WARNING: YAML anchors and aliases ('&a', '*a') are not "
        'allowed: write each value out in full [edition.register]',
    'register-id-with-a-homoglyph':
        "apparatus/register.yaml:21: WARNING: malformed register id 'tirаna': it has a "
        'character that is not ASCII (U+0430 CYRILLIC SMALL LETTER A at position 4); a stable '
        'id: lowercase letters, digits, hyphens (e.g. hoxha-enver) [edition.register]',
    'register-symlink':
        'apparatus/register.yaml:1: WARNING: apparatus/register.yaml is a symbolic link (to '
        '{secret}): a contributed file must be a plain file in the repository; replace the '
        'link by the file itself [edition.register]',
    'register-not-utf8':
        'apparatus/register.yaml:2: WARNING: the file is not UTF-8: byte 0xe0 at line 2 cannot '
        'be read; save the file as UTF-8 [edition.register]',
    'register-description-too-long':
        "apparatus/register.yaml:21: WARNING: register entry 'tirana' is 54,999 characters "
        'long, more than the 50,000 a register description may have; shorten it: a longer '
        'discussion belongs in a work it cites [edition.register]',
    'register-empty':
        'apparatus/register.yaml:1: WARNING: the file is empty: it must be a YAML list of '
        "register entries; for none, write '[]' [edition.register]",
    'register-key-is-a-list':
        'apparatus/register.yaml:23: WARNING: a key must be a plain name, not a list or a '
        'mapping [edition.register]',
    'claims-raw-latex':
        "apparatus/claims.yaml:1: WARNING: claims row 'base-built' uses the directive '{raw}', "
        'which a claims assessment may not use: it would put files, raw markup or remote '
        'content into the edition unchecked; write the text as MyST text with links and '
        '{cite}, {term} and {ref} roles [edition.collation]',
    'claims-script-in-a-reading':
        "apparatus/claims.yaml:1: WARNING: claims row 'base-built' contains raw HTML "
        '«<script>»: a claims reading is MyST text, and markup or script would go into the '
        'edition unchecked; write it as MyST (*emphasis*, [link](https://...)), or escape the '
        "'<' as '\\<' [edition.collation]",
    'claims-alias-in-a-reading':
        "apparatus/claims.yaml:5: WARNING: YAML anchors and aliases ('&s', '*s') are not "
        'allowed: write each value out in full [edition.collation]',
    'claims-duplicate-key':
        "apparatus/claims.yaml:3: WARNING: the key 'point' is given twice in one mapping "
        '(first at line 2); YAML would keep only the last: keep one [edition.collation]',
    'claims-readings-not-a-list':
        "apparatus/claims.yaml:3: WARNING: 'readings' of claims row 'base-built' must be a "
        "list of '- passage: ...' / 'says: ...' items [edition.collation]",
    'timeline-impossible-date':
        "apparatus/timeline.yaml:5: WARNING: malformed date '1961-13-40': an ISO date: "
        '1961-12-03, 1961-12 or 1961; there is no such day [edition.collation]',
    'timeline-30-february':
        "apparatus/timeline.yaml:5: WARNING: malformed date '1961-02-30': an ISO date: "
        '1961-12-03, 1961-12 or 1961; there is no such day [edition.collation]',
    'timeline-math':
        'apparatus/timeline.yaml:5: WARNING: the timeline event of 1961-12-03 uses the role '
        "'{math}', which a timeline event may not use; a timeline event may contain only text "
        'with *emphasis*, **strong**, `literal`, lists, quotations, links to https:// or '
        'mailto: addresses or into the edition, and the roles {cite:p}, {cite:t}, {term} and '
        '{ref} [edition.collation]',
    'timeline-script':
        'apparatus/timeline.yaml:5: WARNING: the timeline event of 1961-12-03 contains raw '
        'HTML «<img src=x onerror=alert(1)>»: a timeline event is MyST text, and markup or '
        'script would go into the edition unchecked; write it as MyST (*emphasis*, '
        "[link](https://...)), or escape the '<' as '\\<' [edition.collation]",
    'timeline-duplicate-key':
        "apparatus/timeline.yaml:7: WARNING: the key 'event' is given twice in one mapping "
        '(first at line 6); YAML would keep only the last: keep one [edition.collation]',
    'timeline-empty':
        'apparatus/timeline.yaml:1: WARNING: the file is empty: it must be a YAML list of '
        "events; for none, write '[]' [edition.collation]",
    'timeline-event-not-a-string':
        "apparatus/timeline.yaml:6: WARNING: the timeline event at line 5 needs 'event' as a "
        'non-empty string [edition.collation]',
    'citations-catastrophic-pattern':
        "sources/citations.yaml:2: WARNING: the citation pattern of 'demo' is not a usable "
        'regular expression (it nests one quantifier in another, which can take exponential '
        'time: quantify a character class instead, e.g. [^()]*); group 1 must capture the '
        'label [edition.citation]',
    'citations-alias-bomb':
        "sources/citations.yaml:1: WARNING: YAML anchors and aliases ('&a', '*a') are not "
        'allowed: write each value out in full [edition.citation]',
    'citations-entry-is-a-list':
        "sources/citations.yaml:8: WARNING: citation 'Writer, 2001' must map to a "
        "reference-list passage id, or to 'entry:' (a passage id or null) and 'note:' (a "
        'citation-check annotation) [edition.citation]',
    'citations-citations-is-a-list':
        "sources/citations.yaml:9: WARNING: unknown field 'x' under 'demo'; fields are: "
        'pattern, separator, references, citations [edition.citation]',
    'citations-pattern-is-a-list':
        "sources/citations.yaml:2: WARNING: the citation pattern of 'demo' is not a usable "
        'regular expression (it must be a quoted string, not a list); group 1 must capture the '
        'label [edition.citation]',
    'citations-empty':
        "sources/citations.yaml:1: WARNING: the file is empty: it must map each source's slug "
        "to its 'pattern', 'references' and 'citations'; for none, write '{}' "
        '[edition.citation]',
    'bib-javascript-url':
        "references.bib:8: WARNING: entry 'writer2001': its url «javascript:alert(1)» is not "
        'an http(s) address: the bibliography makes it a link, so only https:// (or http://) '
        'addresses are allowed [edition.bibliography]',
    'bib-file-url':
        "references.bib:8: WARNING: entry 'writer2001': its url «file:///etc/passwd» is not an "
        'http(s) address: the bibliography makes it a link, so only https:// (or http://) '
        'addresses are allowed [edition.bibliography]',
    'bib-doi-not-a-doi':
        "references.bib:8: WARNING: entry 'writer2001': its doi «javascript:alert(1)» is not a "
        'DOI: write the DOI alone, e.g. 10.1017/S0305741000021688, without https://doi.org/ '
        '[edition.bibliography]',
    'bib-extra-closing-brace':
        "references.bib:8: WARNING: entry 'writer2001' ends early: a closing brace too many "
        'ends it before «publisher = {Demo Press},», which BibTeX would drop silently; remove '
        "the extra '}' [edition.bibliography]",
    'bib-crossref-to-no-entry':
        "references.bib:8: WARNING: entry 'writer2001' has crossref = {nosuch2000}, which is "
        'no entry of references.bib: add that entry, or remove the crossref '
        '[edition.bibliography]',
    'bib-key-with-a-homoglyph':
        "references.bib:15: WARNING: the key 'zаgoria1961' has a character that is not ASCII "
        '(U+0430 CYRILLIC SMALL LETTER A at position 2): a key is ASCII letters, digits and '
        "'-', e.g. zagoria1961 [edition.bibliography]",
    'bib-not-utf8':
        'references.bib:2: WARNING: the file is not UTF-8: byte 0xff at line 2 cannot be read; '
        'save the file as UTF-8 [edition.bibliography]',
    'original-missing':
        "sources/demo.md:13: WARNING: received file 'demo.txt' not found in originals/; "
        'present: none [edition.front_matter]',
    'original-symlink':
        "sources/demo.md:13: WARNING: received file 'demo.txt' is a symbolic link: the "
        'received text must be a plain file in originals/, byte for byte as it came '
        '[edition.front_matter]',
    'source-page-not-utf8':
        'sources/demo.md:24: WARNING: the file is not UTF-8: byte 0xff at line 24 cannot be '
        'read; save the file as UTF-8 [edition.front_matter]',
    'note-quote-decomposed':
        "commentary/demo.md:34: WARNING: quote not found in passage 'demo-p002': «base at "
        'Vlorë»; the nearest text in the passage is «base at Vlora»; the quote spells letters '
        'as a letter and a combining mark (U+0308 COMBINING DIAERESIS): type the letters as '
        'single characters (Unicode NFC), as the text has them [edition.annotation]',
}


def _apply(srcdir: Path, edits, secret: Path) -> None:
    """Apply a case's edits (see :class:`test_contributions.Case`; bytes are written as they
    are, ``(file, SYMLINK, target)`` makes the file a symbolic link, ``(file, None, None)``
    deletes it)."""
    for name, old, new in edits:
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(new, str):
            new = new.replace(S, str(secret))
        if new is None:
            path.unlink()
        elif old == SYMLINK:
            path.unlink()
            os.symlink(new, path)
        elif old is None:
            path.write_bytes(new) if isinstance(new, bytes) else path.write_text(new, "utf-8")
        elif not old:
            path.write_text(path.read_text("utf-8") + new, "utf-8")
        elif isinstance(new, bytes):
            data = path.read_bytes()
            assert data.count(old.encode()) == 1, f"{name}: the edit's text must occur once"
            path.write_bytes(data.replace(old.encode(), new))
        else:
            text = path.read_text("utf-8")
            assert text.count(old) == 1, f"{name}: the edit's text must occur once: {old!r}"
            path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture()
def hostile(rootdir, tmp_path) -> tuple[Path, Path]:
    """A fresh copy of the apparatus project, and a secret file outside it."""
    srcdir = tmp_path / "edition"
    shutil.copytree(rootdir / "test-apparatus", srcdir)
    conf = srcdir / "conf.py"  # MyST's extensions as the edition enables them (conf.py)
    conf.write_text(conf.read_text("utf-8").replace('["colon_fence"]',
                                                    '["attrs_inline", "colon_fence", "deflist"]'),
                    "utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", "utf-8")
    return srcdir, secret


def test_the_hostile_catalogue_has_at_least_60_cases() -> None:
    assert set(EDITS) == set(EXPECTED)
    assert len(EDITS) >= 60
    assert len(set(EXPECTED.values())) == len(EXPECTED)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_hostile_contribution_is_refused_with_a_located_message(name, hostile) -> None:
    srcdir, secret = hostile
    _apply(srcdir, EDITS[name], secret)
    report = lint(srcdir)
    problems = [p.replace(str(secret), S) for p in report.problems]
    assert report.failure == ""  # no traceback, no crash of the check
    assert report.exit_status == EXIT_PROBLEMS
    assert EXPECTED[name] in problems, "\n".join(problems)
    assert all(LOCATED.match(problem) for problem in problems), problems
    assert not any(SECRET in problem for problem in problems)


# --- payloads built at once: nothing of them reaches the HTML, the .tex, _images or _downloads

#: Note bodies, each a payload, in one commentary file (one note each).
NOTE_PAYLOADS = [
    "```{Include} {secret}\n```", "- an item\n\n  ```{include} {secret}\n  ```",
    "> ```{csv-table}\n> :file: {secret}\n> ```", "```{literalinclude} {secret}\n```",
    "```{eval-rst}\n.. include:: {secret}\n```", "![x](../../secret.txt)",
    "![pixel](https://tracker.example/p.gif)", "See {download}`../../secret.txt`.",
    "[a file](../../secret.txt)", "```{raw} latex\n\\input{{secret}}\n```",
    "```{raw} html\n<script>alert(1)</script>\n```", "A formula {math}`\\input{{secret}}`.",
    "```{math}\n\\immediate\\write18{touch /tmp/pwned}\\openin5={secret}\n```",
    "<img src=x onerror=alert(1)>", "## A heading", "Words[^1].\n\n[^1]: A footnote.",
    '[a link](https://example.org){onclick="alert(4)"}', "[Hoxha]{#demo-p002 .edition-quote}",
]
DESCRIPTIONS = {  # register entry: a payload in its description
    "comecon": "```{include} {secret}\n```", "moscow": "The capital.<script>alert(1)</script>",
    "tirana": '<img src=x onerror="alert(1)">', "vlore": "{math}`\\input{{secret}}`",
    "hoxha-enver": "```{raw} latex\n\\immediate\\write18{touch /tmp/pwned}\n```",
    "khrushchev-nikita": "![x](../../secret.txt)",
}


def _payloads(srcdir: Path, secret: Path) -> None:
    notes = "".join(
        NEW_NOTE.replace("demo-a004", f"demo-a{100 + number}")
        .replace("Hoxha came back", payload.replace(S, str(secret)) + "\n\nHoxha came back")
        for number, payload in enumerate(NOTE_PAYLOADS))
    _apply(srcdir, ((NOTES, "", notes),), secret)
    register = (srcdir / REGISTER).read_text("utf-8")
    for entry, payload in DESCRIPTIONS.items():
        register = re.sub(rf"(- id: {entry}\n(?:  .*\n)*?)  description: .*\n",
                          lambda m, p=payload: m.group(1) + "  description: |-\n" + "".join(
                              f"    {line}\n" for line in p.replace(S, str(secret)).split("\n")),
                          register, count=1)
    (srcdir / REGISTER).write_text(register, "utf-8")
    _apply(srcdir, claims_assessment("```{raw} latex\n\\input{" + S + "}\n```")
           + ((CLAIMS, '      says: "1957"', '      says: "1957 <script>alert(2)</script>"'),)
           + timeline_event("Broken {math}`\\input{" + S + "}` <img src=x onerror=alert(3)>"),
           secret)


def _assert_nothing_published(outdir: Path) -> None:
    for path in outdir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".tex", ".txt", ".js", ".json", ".csv"):
            text = path.read_text("utf-8", errors="replace")
            assert SECRET not in text, path
            if path.suffix == ".html":
                page = BeautifulSoup(text, "html.parser")
                assert "<script>alert" not in text, path
                assert page.find(attrs={"onerror": True}) is None, path
                assert page.find(attrs={"onclick": True}) is None, path
                assert "mathjax" not in text.lower() and "tracker.example" not in text, path
            if path.suffix == ".tex":
                for command in ("\\input{/", "\\write18", "\\openin", "\\immediate"):
                    assert command not in text, (path, command)
    for folder in ("_images", "_downloads"):
        assert not any((outdir / folder).rglob("*.*")), folder


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_no_payload_reaches_the_outputs(builder, hostile, tmp_path) -> None:
    srcdir, secret = hostile
    _payloads(srcdir, secret)
    outdir = tmp_path / builder
    result = build_project(srcdir, outdir, builder, nitpicky=True)
    warnings = [w.replace(f"{srcdir.resolve()}/", "") for w in result.warnings]
    # the strict build fails: every payload is a located error
    assert len([w for w in warnings if w.startswith(NOTES)]) >= len(NOTE_PAYLOADS)
    assert all(LOCATED.match(w) for w in warnings), warnings
    for entry in DESCRIPTIONS:
        assert any(f"register entry '{entry}'" in w for w in warnings), entry
    _assert_nothing_published(outdir)


@pytest.mark.parametrize("name", ["commentary-symlink", "source-page-symlink",
                                  "commentary-include-outside-a-note",
                                  "commentary-image-outside-a-note", "register-symlink",
                                  "original-symlink"])
def test_a_file_that_is_not_what_it_claims_publishes_nothing(name, hostile, tmp_path) -> None:
    srcdir, secret = hostile
    _apply(srcdir, EDITS[name], secret)
    result = build_project(srcdir, tmp_path / "html", "html", nitpicky=True)
    assert EXPECTED[name].replace(S, str(secret)) in [
        w.replace(f"{srcdir.resolve()}/", "") for w in result.warnings]
    _assert_nothing_published(tmp_path / "html")


# --- valid input is accepted ------------------------------------------------------------------

def test_bibtex_macros_and_crossrefs_are_accepted(hostile) -> None:
    srcdir, secret = hostile
    _apply(srcdir, (
        (BIB, "@article{zagoria1961,", "@string{cq = {The China Quarterly}}\n\n"
                                       "@article{zagoria1961,"),
        (BIB, "  journal = {The China Quarterly},", "  journal = cq,"),
        (BIB, "@book{other1998,\n  author = {Other, B.},\n  title = {Another Book},\n"
              "  publisher = {Demo Press},",
         "@inbook{other1998,\n  author = {Other, B.},\n  title = {Another Book},\n"
         "  booktitle = {A Book},\n  publisher = {Demo Press},\n  crossref = {writer2001},\n"
         "  pages = {1--10},"),
    ), secret)
    report = lint(srcdir)
    assert (report.problems, report.exit_status) == ([], EXIT_CLEAN)


#: A two-word variant, and a note whose quote ends inside it: the quote's mark splits the name.
CUT_NAME = (
    (REGISTER, "variants: [Hoxha]", "variants: [Hoxha, Enver Hoxha]"),
    (NOTES, "", NEW_NOTE.replace(":quote: returned to Tirana", ":quote: Enver")),
)


def test_a_quote_that_cuts_a_name_hides_it_from_no_check(hostile, tmp_path) -> None:
    srcdir, secret = hostile
    _apply(srcdir, CUT_NAME, secret)
    report = lint(srcdir)
    assert (report.problems, report.exit_status) == ([], EXIT_CLEAN)
    build_project(srcdir, tmp_path / "html", "html", nitpicky=True)
    page = (tmp_path / "html" / "sources" / "demo.html").read_text("utf-8")
    # both parts of the cut name link to the entry
    assert re.search(r'<mark[^>]*><a class="edition-mention" href="[^"]*#term-hoxha-enver">'
                     r"Enver</a></mark>", page)
    assert re.search(r'<a class="edition-mention" href="[^"]*#term-hoxha-enver"> Hoxha</a>',
                     page)


# --- property: random and mutated data files and front matter never crash the check ------------

_DATA_FRAGMENTS = st.sampled_from([
    ":", ": ", "- ", "-", "&a ", "*a", "&b [*a, *a]", "[", "]", "{", "}", "'", '"', "\n", "  ",
    "\t", "? ", "!!python/object:os.system ", "!!binary ", "---\n", "...\n", "#", "|-\n", ">\n",
    "<script>alert(1)</script>", "```{include} /etc/passwd\n```", "{math}`\\input{/etc/passwd}`",
    "{download}`/etc/passwd`", "![x](/etc/passwd)", "1961-13-40", "1961-02-30", "~", "null",
    "- id: x\n", "id: ", "passage: demo-p00", "\u0430", "\ufeff", "((\\w+\\s?)+)\\d{13}", "%",
    "@", "\\", "[demo-p001]", "yes", "0x1F", "1e9",
])
_DATA_FILES = [REGISTER, CLAIMS, TIMELINE, CITATIONS, SOURCE]


@st.composite
def mutations(draw) -> list[tuple[int, int, str]]:
    """Cuts and insertions at relative places of a file: (where, how much to cut, what to
    insert), where is 0-1000 per mille of the file's length."""
    return draw(st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 40),
                                   st.one_of(_DATA_FRAGMENTS, st.text(max_size=8))),
                         min_size=1, max_size=6))


@pytest.fixture(scope="module")
def data_fuzz_project(rootdir, tmp_path_factory) -> Path:
    srcdir = tmp_path_factory.mktemp("data-fuzz") / "edition"
    shutil.copytree(rootdir / "test-apparatus", srcdir)
    return srcdir


#: How many examples ran, per file (for the report in the test's output).
FUZZ_EXAMPLES = 12


@pytest.mark.parametrize("name", _DATA_FILES)
def test_mutated_data_files_give_success_or_located_errors(name, data_fuzz_project,
                                                          rootdir) -> None:
    original = (rootdir / "test-apparatus" / name).read_text("utf-8")
    path = data_fuzz_project / name

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(changes=mutations())
    def check(changes: list[tuple[int, int, str]]) -> None:
        text = original
        for where, cut, insert in changes:
            at = len(text) * where // 1000
            text = text[:at] + insert + text[at + cut:]
        path.write_text(text, "utf-8")
        report = lint(data_fuzz_project)  # a fresh application each time
        assert report.failure == "", report.failure
        assert report.exit_status in (EXIT_CLEAN, EXIT_PROBLEMS)
        assert all(LOCATED.match(problem) or problem.startswith(SPHINX_UNLOCATED)
                   for problem in report.problems), report.problems

    try:
        check()
    finally:
        path.write_text(original, "utf-8")


# --- how pull requests are built ----------------------------------------------------------------

def test_ci_builds_pull_requests_without_secrets_and_keeps_only_passing_builds() -> None:
    import yaml
    from conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "edition.yml").read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    [checkout] = [step for step in steps if step.get("uses", "").startswith("actions/checkout")]
    assert checkout["with"]["persist-credentials"] is False
    uploads = [step for step in steps if "upload-artifact" in step.get("uses", "")]
    assert uploads and all(step["if"] == "${{ success() }}" for step in uploads)
    assert "secrets." not in (ROOT / ".github" / "workflows" / "edition.yml").read_text("utf-8")


#: The cases outside note bodies (whose payloads are built at once above): each is built too.
BUILT_ONE_BY_ONE = sorted(name for name in EDITS if not name.startswith("note-"))


@pytest.mark.parametrize("name", BUILT_ONE_BY_ONE)
def test_the_strict_build_refuses_it_with_the_same_message(name, hostile, tmp_path) -> None:
    srcdir, secret = hostile
    _apply(srcdir, EDITS[name], secret)
    result = build_project(srcdir, tmp_path / "html", "html", nitpicky=True)
    warnings = [w.replace(f"{srcdir.resolve()}/", "").replace(str(secret), S)
                for w in result.warnings]
    assert EXPECTED[name] in warnings, "\n".join(warnings)  # -W: the build fails
    assert not any(SECRET in path.read_text("utf-8", errors="replace")
                   for path in (tmp_path / "html").rglob("*.html"))
