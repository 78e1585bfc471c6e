"""Synthetic editions for the benchmark and the incremental-build tests.

``generate(folder, Size(200))`` writes a complete edition project of the real edition's shape:
source pages of the real pages' size (30–80 KB of reading text each) with a passage label on
every block, their received texts (``sources/originals/``, with matching sha256), the registry of
passages, a commentary file per page (50 notes each, attached to exact words), a register whose
every form occurs in the pages (a few entries on most pages, most on a few), a claims collation, a timeline, the sources' own citations (every
fifth page has a reference list) and a ``references.bib``. The same seed gives the same edition,
byte for byte.

The edition's ``conf.py`` is the real edition's configuration, read from the repository, so that
the benchmark follows it. With ``plain_folder``, the same edition is also written as a plain Sphinx
project for the baseline (see BENCHMARKS.md): the same source pages and commentary files, with
their commentary included as the edition includes it; the edition's directives and roles
registered in its ``conf.py`` as plain containers and text, so that MyST parses, and Sphinx
writes, the same text; and the pages the edition generates from its data (register, claims,
timeline, the list of notes) written out as ordinary MyST, as a project without the extension
would write them by hand.

Run ``python benchmarks/synthetic.py FOLDER --pages 50`` to write one for a look.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import random
import re
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SEED = 1956
NOTE_TYPES = ("correction", "discrepancy", "context", "terminology", "translation",
              "citation-check", "perspective")
KINDS = ("person", "place", "organisation", "event", "concept")
_SYLLABLES = ("ka", "re", "vo", "dim", "sko", "la", "tu", "bre", "mi", "zan", "ol", "pe", "qui",
              "ra", "dor", "vel", "ny", "ost", "gri", "mar", "te", "lu", "xa", "bon", "fer",
              "ul", "ze", "kro", "ha", "sin")


@dataclasses.dataclass(frozen=True)
class Size:
    """How big a synthetic edition is."""

    pages: int
    notes_per_page: int = 50
    register_entries: int = 500
    page_bytes: tuple[int, int] = (30_000, 80_000)  # reading text per page, smallest and largest


@dataclasses.dataclass
class Entry:
    id: str
    name: str
    kind: str
    variants: list[str]
    description: str = ""

    @property
    def forms(self) -> list[str]:
        return [self.name, *[v for v in self.variants if v != self.name]]


@dataclasses.dataclass
class Block:
    """One block of a page's reading text: a passage (``kind`` paragraph, quote or item) or a
    heading (no passage id)."""

    kind: str
    text: str
    passage_id: str = ""


@dataclasses.dataclass
class Page:
    slug: str
    title: str
    blocks: list[Block]
    references: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    #: label of an in-text citation -> its reference-list passage id
    citations: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def passages(self) -> list[Block]:
        return [block for block in self.blocks if block.passage_id]


@dataclasses.dataclass
class Edition:
    """What was generated: enough for the benchmark and the tests to pick what to edit."""

    folder: Path
    pages: list[Page]
    entries: list[Entry]
    #: register entry id -> docnames of the pages whose reading text mentions it
    mentioned_in: dict[str, set[str]]

    @property
    def docnames(self) -> list[str]:
        return [f"sources/{page.slug}" for page in self.pages]

    def text_bytes(self) -> int:
        return sum(len(block.text.encode()) for page in self.pages for block in page.blocks)


def vocabulary() -> list[str]:
    """Lower-case words of the five received texts: the synthetic text reads like the real one
    in word length, and none of its words is a register form (those are capitalised)."""
    words: set[str] = set()
    for path in sorted((REPOSITORY / "sources" / "originals").glob("*.txt")):
        words.update(re.findall(r"\b[a-z]{2,14}\b", path.read_text(encoding="utf-8")))
    return sorted(words)


def generate(folder: Path, size: Size, seed: int = SEED,
             plain_folder: Path | None = None) -> Edition:
    """Write a synthetic edition of ``size`` into ``folder`` (which must not exist yet), and
    its plain-Sphinx twin into ``plain_folder`` when one is given."""
    rng = random.Random(seed)
    words = vocabulary_cache()
    entries = _register(rng, size.register_entries, {w.capitalize() for w in words})
    pages = [_page(rng, number, size, words, entries) for number in range(1, size.pages + 1)]
    mentioned_in = _cover_every_form(rng, pages, entries, words)
    folder.mkdir(parents=True)
    for sub in ("sources/originals", "commentary", "apparatus"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    claims = _claims(rng, pages)
    bib_keys = _write_bibliography(folder, pages)
    notes = {}
    for page in pages:
        _write_page(folder, page)
        notes[page.slug] = _write_commentary(folder, rng, page, size.notes_per_page, entries,
                                             claims, bib_keys)
    _write_registry(folder, pages)
    _write_register(folder, rng, entries)
    events = _write_claims_and_timeline(folder, rng, pages, claims)
    _write_citations(folder, pages)
    _write_front_pages(folder, pages)
    (folder / "conf.py").write_text(_EDITION_CONF.format(repository=str(REPOSITORY),
                                                         read_real_conf=_READ_REAL_CONF),
                                    encoding="utf-8")
    if plain_folder is not None:
        _write_plain(folder, plain_folder, pages, entries, claims, events, notes)
    return Edition(folder, pages, entries, mentioned_in)


# --- the register -------------------------------------------------------------------------------

def _name_word(rng: random.Random, taken: set[str]) -> str:
    while True:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if word not in taken:
            taken.add(word)
            return word


def _register(rng: random.Random, count: int, vocabulary_words: set[str]) -> list[Entry]:
    taken = set(vocabulary_words)
    entries = []
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        first, second = _name_word(rng, taken), _name_word(rng, taken)
        name = f"{first} {second}" if kind in ("person", "organisation") else first
        variants = [name]
        if kind == "person":
            variants.append(second)  # the surname alone, as the sources often print it
        elif rng.random() < 0.3:
            variants.append(_name_word(rng, taken))  # another spelling
        words = name.lower().split()
        # a person's id is the surname, then the given name (the register's rule)
        entry_id = "-".join(words[::-1] if kind == "person" else words)
        entries.append(Entry(entry_id, name, kind, variants))
    return entries


# --- the pages ----------------------------------------------------------------------------------

def _sentence(rng: random.Random, words: list[str], entries: list[Entry],
              mentions: bool = True) -> str:
    length = rng.randint(8, 24)
    sentence = [rng.choice(words) for _ in range(length)]
    if mentions:
        # about one mention per 110 characters, as in the real pages; a form never stands next
        # to another form, so each is one whole mention
        for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
            position = rng.randrange(1, length, 2)
            sentence[position] = rng.choice(_mentioned(rng, entries).forms)
    text = " ".join(sentence)
    if rng.random() < 0.2:
        text = text.replace(" ", ", ", 1)
    return text[0].upper() + text[1:] + "."


def _mentioned(rng: random.Random, entries: list[Entry]) -> Entry:
    """An entry, as often as a name is in a real edition: a few names on every page, most on a
    few pages only (a Zipf distribution, exponent 1.5, over the register's order)."""
    weights = _ZIPF_WEIGHTS.get(len(entries))
    if weights is None:
        weights = _ZIPF_WEIGHTS[len(entries)] = list(itertools.accumulate(
            1 / rank ** 1.5 for rank in range(1, len(entries) + 1)))
    return rng.choices(entries, cum_weights=weights)[0]


_ZIPF_WEIGHTS: dict[int, list[float]] = {}


def _paragraph(rng: random.Random, words: list[str], entries: list[Entry]) -> str:
    return " ".join(_sentence(rng, words, entries) for _ in range(rng.randint(3, 7)))


def _page(rng: random.Random, number: int, size: Size, words: list[str],
          entries: list[Entry]) -> Page:
    slug = f"synth-{number:04d}"
    title = f"Synthetic source {number}: " + " ".join(rng.choice(words) for _ in range(4))
    target = rng.randint(*size.page_bytes)
    blocks: list[Block] = []
    written = 0
    while written < target:
        if blocks and rng.random() < 0.06:
            blocks.append(Block("heading", " ".join(rng.choice(words) for _ in range(3))
                                .capitalize()))
            continue
        kind = rng.choices(("paragraph", "quote", "item"), (0.86, 0.06, 0.08))[0]
        text = (_paragraph(rng, words, entries) if kind != "item"
                else _sentence(rng, words, entries))
        blocks.append(Block(kind, text))
        written += len(text.encode())
    if blocks[0].kind == "heading":
        blocks.pop(0)
    page = Page(slug, title, blocks)
    if number % 5 == 0:
        _add_citations(rng, page, words)
    passage = 0
    for block in page.blocks:
        if block.kind != "heading":
            passage += 1
            block.passage_id = f"{slug}-p{passage:03d}"
    return page


def _add_citations(rng: random.Random, page: Page, words: list[str]) -> None:
    """A reference list at the end, and author–year citations of it in the text."""
    authors = []
    for _ in range(6):
        author = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize() + "ov"
        year = str(rng.randint(1950, 2020))
        authors.append((author, year))
    paragraphs = [block for block in page.blocks if block.kind == "paragraph"]
    for author, year in authors:
        block = rng.choice(paragraphs)
        label = f"{author}, {year}"
        block.text = block.text[:-1] + f" ({label})."
        page.citations[label] = ""
    page.blocks.append(Block("heading", "References"))
    for author, year in authors:
        text = (f"{author}, {rng.choice('ABDEK')}. ({year}). "
                + " ".join(rng.choice(words) for _ in range(6)).capitalize() + ". Tirana.")
        page.blocks.append(Block("item", text))
        page.references[f"{author}, {year}"] = (author, year)


def _cover_every_form(rng: random.Random, pages: list[Page], entries: list[Entry],
                      words: list[str]) -> dict[str, set[str]]:
    """Every form of every entry occurs in some page (the build checks it), and return which
    pages mention each entry."""
    for number, entry in enumerate(entries):
        page = pages[number % len(pages)]
        paragraphs = [block for block in page.blocks if block.kind == "paragraph"]
        block = paragraphs[(number // len(pages)) % len(paragraphs)]
        for form in entry.forms:
            block.text += f" {rng.choice(words).capitalize()} {form} {rng.choice(words)}."
    by_form = {form: entry.id for entry in entries for form in entry.forms}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(form) for form in sorted(by_form, key=lambda f: (-len(f), f))) + r")(?!\w)")
    mentioned_in: dict[str, set[str]] = {entry.id: set() for entry in entries}
    for page in pages:
        for block in page.blocks:
            if block.kind == "heading":
                continue
            for match in pattern.finditer(block.text):
                mentioned_in[by_form[match.group()]].add(f"sources/{page.slug}")
    return mentioned_in


def original_text(page: Page) -> str:
    """The received text: the title, then every block as one line, blank lines between."""
    return "\n\n".join([page.title, *[block.text for block in page.blocks]]) + "\n"


def _write_page(folder: Path, page: Page) -> None:
    original = original_text(page).encode()
    (folder / "sources" / "originals" / f"{page.slug}.txt").write_bytes(original)
    lines = [
        "---", "source:", f'  slug: "{page.slug}"', f'  title: "{page.title}"',
        '  author: "A. Synthetic"', '  publisher: "The benchmark"', '  date: "2026"',
        '  date_basis: "Generated."', f'  url: "https://example.org/{page.slug}"',
        '  language: "English"', '  translation: "Not a translation."', '  rights: "CC0"',
        f'  original_file: "{page.slug}.txt"',
        f'  sha256: "{hashlib.sha256(original).hexdigest()}"', "---", "", f"# {page.title}", "",
        ":::{headnote}", f"A synthetic source of the benchmark, page {page.slug}.", ":::", "",
    ]
    for block in page.blocks:
        if block.kind == "heading":
            lines += [f"## {block.text}", ""]
        elif block.kind == "paragraph":
            lines += [f"({block.passage_id})=", block.text, ""]
        elif block.kind == "quote":
            lines += [f"({block.passage_id})=", f"> {block.text}", ""]
        else:
            lines += [f"- ({block.passage_id})=", f"  {block.text}", ""]
    (folder / "sources" / f"{page.slug}.md").write_text("\n".join(lines), encoding="utf-8")


def _write_registry(folder: Path, pages: list[Page]) -> None:
    import sys

    sys.path.insert(0, str(REPOSITORY / "_ext"))
    from edition.core.text import fingerprint  # the registry's own rule

    passages = {block.passage_id: {"fingerprint": fingerprint(block.text),
                                   "first_words": " ".join(block.text.split()[:8]),
                                   "since": "0.1.0"}
                for page in pages for block in page.passages}
    data = {"about": "A synthetic edition's registry of passages (benchmarks/synthetic.py).",
            "passages": dict(sorted(passages.items()))}
    (folder / "sources" / "passages.json").write_text(
        json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# --- commentary ---------------------------------------------------------------------------------

def _quote(rng: random.Random, text: str) -> str:
    """A run of two to five words that occurs once in the passage. It holds no capital, so that
    it never ends inside a name: the edition finds a mention within one run of text, and a note's
    mark that cut a name in two would leave the name unlinked."""
    words = text.split()
    for _ in range(200):
        size = rng.randint(2, 5)
        start = rng.randrange(0, max(1, len(words) - size))
        quote = " ".join(words[start:start + size])
        if text.count(quote) == 1 and quote.islower() and quote.replace(" ", "").isalpha():
            return quote
    raise ValueError(f"no quotable words in «{text[:60]}…»")


def _write_commentary(folder: Path, rng: random.Random, page: Page, count: int,
                      entries: list[Entry], claims: list[dict],
                      bib_keys: list[str]) -> list[tuple[str, str, str]]:
    """The page's commentary file; returns each note's passage, type and quote."""
    words = vocabulary_cache()
    passages = [block for block in page.passages if block.kind != "item"]
    notes: list[str] = []
    records: list[tuple[str, str, str]] = []
    for number in range(1, count + 1):
        passage = rng.choice(passages)
        kind = NOTE_TYPES[number % len(NOTE_TYPES)]
        body = " ".join(_sentence(rng, words, entries, mentions=False)
                        for _ in range(rng.randint(1, 4)))
        extras = []
        if rng.random() < 0.4:
            extras.append(f"See {{term}}`{rng.choice(entries).name}`.")
        if rng.random() < 0.3:
            extras.append(f"Compare {{cite:p}}`{rng.choice(bib_keys)}`.")
        if rng.random() < 0.3:
            other = rng.choice(page.passages)
            number_shown = int(other.passage_id.rsplit("-p", 1)[1])
            extras.append(f"See {{ref}}`¶ {number_shown} <{other.passage_id}>`.")
        if kind == "discrepancy":
            extras.append(f"See the {{ref}}`claims collation <claim-{rng.choice(claims)['id']}>`.")
        quote = _quote(rng, passage.text)
        records.append((passage.passage_id, kind, quote))
        notes.append("\n".join([
            f":::{{annotation}} {page.slug}-a{number:03d}", f":passage: {passage.passage_id}",
            f":quote: {quote}", f":type: {kind}", ":author: The editors",
            f":date: 2026-{1 + number % 12:02d}-{1 + number % 28:02d}", "",
            body + (" " + " ".join(extras) if extras else ""), ":::", ""]))
    (folder / "commentary" / f"{page.slug}.md").write_text("\n".join(notes), encoding="utf-8")
    return records


_VOCABULARY: list[str] = []


def vocabulary_cache() -> list[str]:
    if not _VOCABULARY:
        _VOCABULARY.extend(vocabulary())
    return _VOCABULARY


# --- the apparatus ------------------------------------------------------------------------------

def _write_register(folder: Path, rng: random.Random, entries: list[Entry]) -> None:
    words = vocabulary_cache()
    lines = []
    for entry in sorted(entries, key=lambda e: e.id):
        lines += [f"- id: {entry.id}", f"  name: {entry.name}", f"  kind: {entry.kind}"]
        if entry.kind == "person":
            lines.append(f'  dates: "{rng.randint(1890, 1930)}–{rng.randint(1960, 2000)}"')
        lines.append("  variants:")
        lines += [f"    - {variant}" for variant in entry.variants]
        entry.description = " ".join(rng.choice(words)
                                     for _ in range(rng.randint(6, 14))).capitalize() + "."
        lines.append(f"  description: {entry.description}")
    (folder / "apparatus" / "register.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _claims(rng: random.Random, pages: list[Page]) -> list[dict]:
    claims = []
    for number in range(1, max(2, len(pages) // 2) + 1):
        chosen = rng.sample(pages, min(2, len(pages)))
        readings = [rng.choice([b for b in page.passages if b.kind == "paragraph"]).passage_id
                    for page in chosen]
        claims.append({"id": f"point-{number:04d}", "readings": readings})
    return claims


def _write_claims_and_timeline(folder: Path, rng: random.Random, pages: list[Page],
                               claims: list[dict]) -> list[dict]:
    words = vocabulary_cache()
    lines = []
    for claim in claims:
        claim["point"] = " ".join(rng.choice(words) for _ in range(6)).capitalize() + "?"
        claim["says"] = [" ".join(rng.choice(words) for _ in range(5)) for _ in claim["readings"]]
        claim["assessment"] = " ".join(rng.choice(words) for _ in range(12)) + "."
        lines += [f"- id: {claim['id']}", f"  point: {claim['point']}", "  readings:"]
        for passage_id, says in zip(claim["readings"], claim["says"]):
            lines += [f"    - passage: {passage_id}", f"      says: {says}"]
        if len(set(claim["readings"])) < 2:
            lines.append("  why-single: Only one source speaks to the point.")
        lines.append(f"  assessment: {claim['assessment']}")
    (folder / "apparatus" / "claims.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    events, lines = [], []
    for number in range(len(pages)):
        month = (52 * 12 * number) // len(pages)  # in date order, 1939 to 1990
        event = {"date": f"{1939 + month // 12}-{1 + month % 12:02d}",
                 "event": " ".join(rng.choice(words) for _ in range(8)).capitalize() + ".",
                 "passages": sorted({rng.choice(rng.choice(pages).passages).passage_id
                                     for _ in range(rng.randint(1, 3))})}
        lines += [f'- date: "{event["date"]}"', f"  event: {event['event']}",
                  f"  passages: [{', '.join(event['passages'])}]"]
        if number % 7 == 0:
            event["disputed"] = rng.choice(claims)["id"]
            lines.append(f"  disputed: {event['disputed']}")
        events.append(event)
    (folder / "apparatus" / "timeline.yaml").write_text("\n".join(lines) + "\n",
                                                         encoding="utf-8")
    return events


def _write_bibliography(folder: Path, pages: list[Page]) -> list[str]:
    """references.bib: sixty works the notes cite, and every reference-list item's work."""
    entries = [(f"work{number:03d}", f"Author{number}, A.", f"A study number {number}",
                str(1950 + number % 70)) for number in range(1, 61)]
    for page in pages:
        for author, year in page.references.values():
            entries.append((_bib_key(page, author, year), author,
                            f"A work cited by {page.slug}", year))
    text = "\n".join(f"@book{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
                     f"  publisher = {{Synthetic Press}},\n  year = {{{year}}},\n}}\n"
                     for key, author, title, year in entries)
    (folder / "references.bib").write_text(text, encoding="utf-8")
    return [key for key, *_ in entries[:60]]


def _write_citations(folder: Path, pages: list[Page]) -> None:
    lines = []
    for page in pages:
        if not page.references:
            continue
        lines += [f"{page.slug}:", r"  pattern: '\(([^()]*\d{4}[^()]*)\)'", "  references:"]
        by_label = {}
        for label, (author, year) in page.references.items():
            block = next(b for b in page.passages if b.kind == "item"
                         and b.text.startswith(f"{author},") and f"({year})" in b.text)
            lines.append(f"    {block.passage_id}: {_bib_key(page, author, year)}")
            by_label[label] = block.passage_id
        lines.append("  citations:")
        lines += [f'    "{label}": {passage_id}' for label, passage_id in by_label.items()]
    # no source with citations: an empty mapping, not an empty file (which the edition refuses)
    (folder / "sources" / "citations.yaml").write_text("\n".join(lines or ["{}"]) + "\n",
                                                       encoding="utf-8")


def _bib_key(page: Page, author: str, year: str) -> str:
    return f"{author.lower()}{year}{page.slug.replace('-', '')}"


def _write_front_pages(folder: Path, pages: list[Page]) -> None:
    toctree = "\n".join(f"sources/{page.slug}" for page in pages)
    (folder / "index.md").write_text(
        "# A synthetic edition\n\nGenerated by benchmarks/synthetic.py.\n\n"
        f"```{{toctree}}\n:maxdepth: 1\n\n{toctree}\ncommentary\nregister\nclaims\ntimeline\n"
        "bibliography\n```\n", encoding="utf-8")
    for name, title, directive in (("commentary", "Commentary", "annotation-overview"),
                                   ("register", "Register", "register"),
                                   ("claims", "Claims", "claims"),
                                   ("timeline", "Timeline", "timeline"),
                                   ("bibliography", "Bibliography", "bibliography")):
        (folder / f"{name}.md").write_text(f"# {title}\n\n```{{{directive}}}\n```\n",
                                           encoding="utf-8")


# --- configurations -----------------------------------------------------------------------------

_EDITION_CONF = '''\
"""A synthetic edition (benchmarks/synthetic.py): the real edition's configuration."""
import os
import sys

REPOSITORY = {repository!r}
sys.path.insert(0, os.path.join(REPOSITORY, "_ext"))
{read_real_conf}
'''

# Runs the repository's conf.py as if from its own folder: its paths stay the repository's.
_READ_REAL_CONF = '''\
_here, __file__ = __file__, os.path.join(REPOSITORY, "conf.py")
with open(__file__, encoding="utf-8") as _conf:
    exec(compile(_conf.read(), __file__, "exec"))
__file__ = _here
for _name in ("templates_path", "html_static_path", "html_extra_path"):
    if _name in globals():
        globals()[_name] = [os.path.join(REPOSITORY, _path) for _path in globals()[_name]]
if globals().get("html_favicon"):
    html_favicon = os.path.join(REPOSITORY, html_favicon)'''

_PLAIN_CONF = '''\
"""The plain-Sphinx baseline of a synthetic edition: the real edition's configuration without
its extension (benchmarks/synthetic.py, BENCHMARKS.md)."""
import os

REPOSITORY = {repository!r}
{read_real_conf}
extensions = [name for name in extensions if name != "edition"]
# the edition's bibliography style is a pybtex plugin of its extension: plain Sphinx has alpha
bibtex_default_style = "alpha"


def setup(app):
    from docutils import nodes
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import SphinxDirective, SphinxRole

    class AnyOption(dict):
        def __missing__(self, key):
            return directives.unchanged

    class Container(SphinxDirective):
        """The edition's block directives, as containers of their MyST body."""

        optional_arguments = 1
        has_content = True
        option_spec = AnyOption(x=directives.unchanged)

        def run(self):
            node = nodes.container()
            node += self.parse_content_to_nodes()
            return [node]

    class Text(SphinxRole):
        def run(self):
            return [nodes.inline(self.rawtext, self.text)], []

    for name in ("headnote", "omission", "normalisation", "framing", "annotation"):
        app.add_directive(name, Container)
    for name in ("supplied", "framing"):
        app.add_role(name, Text())
'''


def _write_plain(folder: Path, plain: Path, pages: list[Page], entries: list[Entry],
                 claims: list[dict], events: list[dict],
                 notes: dict[str, list[tuple[str, str, str]]]) -> None:
    import shutil

    shutil.copytree(folder, plain, ignore=shutil.ignore_patterns("conf.py"))
    (plain / "conf.py").write_text(_PLAIN_CONF.format(repository=str(REPOSITORY),
                                                     read_real_conf=_READ_REAL_CONF),
                                   encoding="utf-8")
    for page in pages:  # the commentary, included as the edition includes it
        with (plain / "sources" / f"{page.slug}.md").open("a", encoding="utf-8") as file:
            file.write(f"\n\n```{{include}} ../commentary/{page.slug}.md\n```\n")
    register = ["# Register", ""]
    for kind in KINDS:
        register += [f"## {kind.capitalize()}s", "", "```{glossary}"]
        for entry in sorted((e for e in entries if e.kind == kind), key=lambda e: e.name):
            register += [*entry.forms, f"  {entry.description}", ""]
        register += ["```", ""]
    (plain / "register.md").write_text("\n".join(register), encoding="utf-8")
    lines = ["# Claims", ""]
    for number, claim in enumerate(claims, start=1):
        lines += [f"(claim-{claim['id']})=", f"## {number}. {claim['point']}", ""]
        lines += [f"- {{ref}}`{_label(p)} <{p}>`: {says}"
                  for p, says in zip(claim["readings"], claim["says"])]
        lines += ["", f"**Assessment.** {claim['assessment']}", ""]
    (plain / "claims.md").write_text("\n".join(lines), encoding="utf-8")
    lines = ["# Timeline", ""]
    for event in events:
        where = ", ".join(f"{{ref}}`{_label(p)} <{p}>`" for p in event["passages"])
        lines.append(f"- {event['date']}: {event['event']} Mentioned in {where}.")
    (plain / "timeline.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["# Commentary", ""]
    for page in pages:
        lines += [f"## {page.title} ({len(notes[page.slug])} notes)", ""]
        lines += [f"- {kind} {{ref}}`{_label(passage)} <{passage}>`, note {number}: «{quote}»"
                  for number, (passage, kind, quote) in enumerate(notes[page.slug], start=1)]
        lines.append("")
    (plain / "commentary.md").write_text("\n".join(lines), encoding="utf-8")


def _label(passage_id: str) -> str:
    slug, number = passage_id.rsplit("-p", 1)
    return f"{slug} ¶ {int(number)}"


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--notes", type=int, default=50, help="notes per page")
    parser.add_argument("--entries", type=int, default=500, help="register entries")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--plain", type=Path, help="also write the plain-Sphinx twin here")
    args = parser.parse_args()
    edition = generate(args.folder, Size(args.pages, args.notes, args.entries), args.seed,
                       args.plain)
    print(f"{args.folder}: {len(edition.pages)} source pages, "
          f"{edition.text_bytes() / 1e6:.1f} MB of reading text, "
          f"{sum(len(p.passages) for p in edition.pages)} passages, "
          f"{len(edition.entries)} register entries")


if __name__ == "__main__":
    main()
