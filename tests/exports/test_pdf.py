"""The PDF edition: built once per session through XeLaTeX, then read back with poppler and pypdf.

Needs TeX and poppler-utils (README, "The PDF edition"): without them these tests are skipped,
and with ``CI=true`` they fail.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from edition.apparatus.register import load as load_register
from edition.checks.fidelity import parse_html, read_source_page
from edition.core.ids import PASSAGE_ID
from edition.core.witness import Word, compare, expected_words
from edition.exports.pdf import (
    INSTALL_COMMAND,
    REQUIRED_PROGRAMS,
    PdfWord,
    body_size,
    build_pdf,
    check_latex_log,
    missing_programs,
    pdf_words,
    reading_words,
)
from pypdf import PdfReader

#: 2026-01-01T00:00:00Z: the build's date, so the title page can be checked.
SOURCE_DATE_EPOCH = "1767225600"
SOURCE_ORDER = ["sources/wiki-expulsion", "sources/lala-2014", "sources/edemskiy-2025",
                "sources/stalin-deed", "sources/wiki-split"]


@dataclasses.dataclass
class Outline:
    level: int
    title: str
    page: int  #: 1-based page of the PDF file


@dataclasses.dataclass
class PdfEdition:
    pdf: Path
    tex: str
    reader: PdfReader

    @property
    def log(self) -> Path:
        return self.pdf.with_suffix(".log")

    def outline(self) -> list[Outline]:
        def walk(items: list, level: int) -> list[Outline]:
            found = []
            for item in items:
                if isinstance(item, list):
                    found.extend(walk(item, level + 1))
                else:
                    found.append(Outline(level, item.title,
                                         self.reader.get_destination_page_number(item) + 1))
            return found
        return walk(self.reader.outline, 0)

    def chapter_pages(self, title: str) -> tuple[int, int]:
        """First and last page of the chapter with this title (supplied titles in brackets)."""
        outline = self.outline()
        index = next(i for i, item in enumerate(outline) if item.title.strip("[]") == title)
        after = next((item.page for item in outline[index + 1:]
                      if item.level <= outline[index].level), len(self.reader.pages) + 1)
        return outline[index].page, after - 1

    def text(self, first: int | None = None, last: int | None = None) -> str:
        command = ["pdftotext", "-layout"]
        if first:
            command += ["-f", str(first), "-l", str(last or first)]
        return subprocess.run([*command, str(self.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout


@pytest.fixture(scope="session")
def pdf_edition(tmp_path_factory: pytest.TempPathFactory) -> PdfEdition:
    missing = missing_programs((*REQUIRED_PROGRAMS, "pdftotext"))
    if missing:
        message = (f"the PDF edition needs {', '.join(missing)}, not installed; on Debian or "
                   f"Ubuntu: {INSTALL_COMMAND}")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    outdir = tmp_path_factory.mktemp("edition-pdf")
    pdf, process = build_pdf(ROOT, outdir, env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return PdfEdition(pdf, pdf.with_suffix(".tex").read_text(encoding="utf-8"),
                      PdfReader(pdf))


# --- the log and the text -------------------------------------------------------------------

def test_latex_log_has_no_missing_glyph_and_no_unresolved_reference(pdf_edition) -> None:
    assert check_latex_log(pdf_edition.log) == []
    # the check itself finds both kinds of line, also when the log wraps them
    log = pdf_edition.log.parent / "broken.log"
    log.write_text("Missing character: There is no \u0436 in font FreeSerif!\n"
                   "LaTeX Warning: Hyper reference `claims:claim-x' on page 61 undefined on i\n"
                   "nput line 12.\n", encoding="utf-8")
    assert len(check_latex_log(log)) == 2


def test_pdf_has_no_unresolved_reference_marks(pdf_edition) -> None:
    text = pdf_edition.text()
    assert "??" not in text
    assert len(pdf_edition.reader.pages) > 100


def test_title_page_gives_title_editors_version_and_date(pdf_edition) -> None:
    title_page = " ".join(pdf_edition.text(1).split())
    for words in ("The Albanian–Soviet Split, 1956–1961: An Annotated Edition of Five Texts",
                  "The editors", "Version 0.1.0", "1 January 2026"):
        assert words in title_page, words
    assert pdf_edition.reader.metadata.title.startswith("The Albanian–Soviet Split")
    assert pdf_edition.reader.metadata.creation_date.year == 2026  # SOURCE_DATE_EPOCH


# --- the book's structure ----------------------------------------------------------------------

def _source_titles(edition) -> list[str]:
    titles = []
    for docname in SOURCE_ORDER:
        heading = next(e for e in parse_html(edition.html(docname)).iter() if e.tag == "h1")
        heading.children = [c for c in heading.children
                            if isinstance(c, str) or "headerlink" not in c.classes]
        titles.append(" ".join(heading.text(reading=False).split()))
    return titles


def test_contents_list_the_five_sources_as_chapters_of_the_book(pdf_edition, edition) -> None:
    outline = pdf_edition.outline()

    def children(title: str) -> list[str]:
        index = next(i for i, item in enumerate(outline) if item.title == title)
        found = []
        for item in outline[index + 1:]:
            if item.level <= outline[index].level:
                break
            if item.level == outline[index].level + 1:
                found.append(item.title.strip("[]"))
        return found

    titles = _source_titles(edition)
    assert [item.title for item in outline if item.level == 0] == [
        "Reading this edition", "Introduction", "Editorial principles", "About the edition",
        "I Sources", "II Apparatus"]
    assert children("I Sources") == titles
    assert children("II Apparatus") == [
        "Commentary", "Collation of the sources' claims", "Timeline, 1939–1991",
        "Register of names and glossary", "Bibliography", "Appendix: The review of the statements",
        "Index"]
    # the printed table of contents, too
    contents = " ".join(pdf_edition.text(2, 3).split())
    assert contents.startswith("Contents")
    for title in titles:
        assert " ".join(title.split()[:6]) in contents, title


def test_passage_numbers_are_in_the_margin(pdf_edition) -> None:
    passages = re.findall(r"\\label\{\\detokenize\{sources/[^:]+:([a-z0-9-]+-p\d{3}[a-z]?)\}\}"
                          r"\s*\\sphinxAtStartPar\s*\\editionpassagenumber\{", pdf_edition.tex)
    registry = (ROOT / "sources" / "passages.json").read_text(encoding="utf-8")
    assert len(passages) >= 200
    assert all(f'"{passage}"' in registry for passage in passages)
    first, last = pdf_edition.chapter_pages("Disruption of Albanian-Soviet Relations")
    words = pdf_words(pdf_edition.pdf, first, last)
    text_left = min(word.left for word in words if word.size >= _body_size(pdf_edition) - 0.5)
    in_margin = [w for w in words if w.text == "¶" and w.right < text_left]
    # one number beside each passage of the source (¶ in the notes' references is in the text)
    assert len(in_margin) == len([p for p in passages if p.startswith("lala-2014-")])


# --- fidelity ------------------------------------------------------------------------------------

def _pdf_fidelity(pdf_edition, edition, docname: str
                  ) -> tuple[list[Word], list[str], Callable[[list[str]], list[str]]]:
    """The original's expected words, the PDF's reading words, and the check: the differences
    between the two that are not the editors' supplied words, in brackets."""
    html = edition.html(docname)
    page = read_source_page(html, PASSAGE_ID)
    original = (ROOT / "sources" / "originals" / page.original_file).read_text(encoding="utf-8")
    expected, problems = expected_words(original, page.omissions, page.normalisations)
    assert problems == []
    supplied = {"[" + " ".join(e.text(reading=False).split()) + "]"
                for e in parse_html(html).iter() if "edition-supplied" in e.classes}
    heading = _source_titles(edition)[SOURCE_ORDER.index(docname)]
    first, last = pdf_edition.chapter_pages(heading)
    words: list[PdfWord] = pdf_words(pdf_edition.pdf, first, last)
    reading = reading_words(words, _body_size(pdf_edition), {word.text for word in expected})

    def differences(reading: list[str]) -> list[str]:
        return [str(d) for d in compare(expected, reading)
                if d.original or d.reading not in supplied]

    return expected, reading, differences


_SIZE: dict[Path, float] = {}


def _body_size(pdf_edition) -> float:
    if pdf_edition.pdf not in _SIZE:
        _SIZE[pdf_edition.pdf] = body_size(pdf_words(pdf_edition.pdf, 1,
                                                     len(pdf_edition.reader.pages)))
    return _SIZE[pdf_edition.pdf]


@pytest.mark.parametrize("docname", SOURCE_ORDER)
def test_every_word_of_the_original_is_in_the_pdf(pdf_edition, edition, docname) -> None:
    expected, reading, differences = _pdf_fidelity(pdf_edition, edition, docname)
    assert differences(reading) == []
    assert len(expected) > 500


def test_pdf_fidelity_check_catches_a_dropped_word(pdf_edition, edition) -> None:
    """Mutation test: one word taken out of the PDF's text, anywhere (every 37th word after the title, so at
    page breaks and beside footnotes too), is reported, with the word."""
    _, reading, differences = _pdf_fidelity(pdf_edition, edition, "sources/wiki-split")
    for position in range(5, len(reading), 37):  # after the supplied title
        found = differences(reading[:position] + reading[position + 1:])
        assert len(found) == 1, (position, reading[position], found)
        assert reading[position] in found[0]


def test_hyphenation_at_line_ends_is_undone_by_the_original_words() -> None:
    def line(*texts: str) -> list[PdfWord]:  # each word a line of its own
        return [PdfWord(text, 1, 10.9, 72, 80) for text in texts]
    vocabulary = {"Soviet", "Albanian-Soviet", "understand-", "ing"}
    assert reading_words(line("Sovi-", "et"), 10.9, vocabulary) == ["Soviet"]
    assert reading_words(line("Albanian-", "Soviet"), 10.9, vocabulary) == ["Albanian-Soviet"]
    assert reading_words(line("understand-", "ing"), 10.9, vocabulary) == ["understand-", "ing"]
    # smaller type (a note, a passage number) is not reading text
    assert reading_words([PdfWord("¶", 1, 8.9, 40, 44)], 10.9, vocabulary) == []


# --- notes, links, index -------------------------------------------------------------------------

def _annotations() -> dict[str, str]:
    """Every note of the commentary files: id → type."""
    notes = {}
    for path in sorted((ROOT / "commentary").glob("*.md")):
        for block in re.split(r"^:::\{annotation\}", path.read_text(encoding="utf-8"),
                              flags=re.MULTILINE)[1:]:
            notes[block.split()[0]] = re.search(r"^:type:\s*(\S+)", block, re.MULTILINE)[1]
    return notes


def test_every_annotation_is_one_footnote_with_its_type(pdf_edition) -> None:
    footnotes = re.findall(r"\\footnote\[\d+\]\{\\phantomsection\\label\{\\detokenize\{sources/[^:]+:"
                           r"([a-z0-9-]+)\}\}\\textsc\{((?:[^{}]|\{\})+)\}", pdf_edition.tex)
    footnotes = [(aid, kind.replace(r"\sphinxhyphen{}", "-")) for aid, kind in footnotes]
    annotations = _annotations()
    assert len(annotations) > 100
    assert len(footnotes) == len(annotations)
    assert dict(footnotes) == annotations
    # in the PDF: one footnote (a link target Hfootnote.N) per annotation, and no other
    footnote_targets = [name for name in pdf_edition.reader.named_destinations
                        if name.startswith("Hfootnote.")]
    assert len(footnote_targets) == len(annotations)


def _internal_links(reader: PdfReader) -> list[str]:
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if "/Dest" in annotation:
                targets.append(str(annotation["/Dest"]))
            elif action is not None and action.get("/S") == "/GoTo":
                targets.append(str(action["/D"]))
    return targets


def test_cross_references_are_live_links(pdf_edition) -> None:
    targets = _internal_links(pdf_edition.reader)
    named = pdf_edition.reader.named_destinations
    assert [t for t in targets if t not in named] == []
    annotations = _annotations()
    kinds = {
        "passage": [t for t in targets if PASSAGE_ID.match(t.rsplit(":", 1)[-1])],
        "note (footnote)": [t for t in targets if t.startswith("Hfootnote.")],
        "note (from the commentary)": [t for t in targets
                                       if t.rsplit(":", 1)[-1] in annotations],
        "glossary": [t for t in targets if t.startswith("register:term-")],
        "bibliography": [t for t in targets if t.startswith("cite.bibliography:bib-")],
        "claims": [t for t in targets if t.startswith("claims:claim-")],
    }
    for kind, links in kinds.items():
        assert links, f"no link to a {kind}"
    assert len(kinds["note (footnote)"]) == len(annotations)


def test_index_lists_the_names_of_the_register_only(pdf_edition) -> None:
    register, problems = load_register(ROOT / "apparatus" / "register.yaml", "register.yaml")
    assert problems == []
    names = {entry.name for entry in register.entries.values()}
    variants = {form: entry.name for entry in register.entries.values()
                for form in entry.variants if form != entry.name}
    idx = pdf_edition.pdf.with_suffix(".idx").read_text(encoding="utf-8")
    entries = {m for m in re.findall(r"\\indexentry\{(.+?)@", idx)}
    entries = {e.replace("\u2010", "-").replace('""', '"') for e in entries}
    assert entries, "the index is empty"
    # the names, and the other forms as cross-references to them
    assert entries <= names | set(variants), sorted(entries - names - set(variants))[:10]
    assert len(entries & names) > 100
    # one line per name, however LaTeX wrote the name's key
    printed = re.findall(r"\\item \\spxentry\{(.+?)\}, ",
                         pdf_edition.pdf.with_suffix(".ind").read_text(encoding="utf-8"))
    assert len(printed) == len(set(printed)) == len(entries)
    assert "sphinxhyphen" not in "".join(printed)
    first, last = pdf_edition.chapter_pages("Index")
    index_text = " ".join(pdf_edition.text(first, last).split())
    assert "Enver Hoxha" in index_text and "Vlorë" in index_text
    assert re.search(r"Enver Hoxha, \d+–\d+,", index_text)  # a range of pages, with its dash
    assert "Hrushov, see Nikita Khrushchev" in index_text
    assert "Hrusshov, see Nikita Khrushchev" in index_text


def test_readme_and_ci_install_what_the_pdf_needs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert INSTALL_COMMAND in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r"APT_PACKAGES=\((.*?)\n\)", ci, re.DOTALL)[1]
    packages = set(re.sub(r"#.*", "", listed).split())
    assert set(INSTALL_COMMAND.split()[3:]) <= packages


def test_collation_is_a_table_per_point(pdf_edition) -> None:
    """Each point of the claims collation: a table with a row per source, silence shown."""
    import yaml

    claims = yaml.safe_load((ROOT / "apparatus" / "claims.yaml").read_text(encoding="utf-8"))
    assert pdf_edition.tex.count("What it says") == len(claims)
    first, last = pdf_edition.chapter_pages("Collation of the sources' claims")
    text = " ".join(pdf_edition.text(first, last).split())
    assert "Silent on this point." in text
    assert "Wikipedia: Expulsion of Soviets" in text  # the source's short title


def _review_logs() -> dict[str, list[dict]]:
    import yaml

    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]
            for path in sorted((ROOT / "apparatus" / "review").glob("*.yaml"))}


def test_the_review_is_an_appendix_after_the_sources_and_the_apparatus(pdf_edition) -> None:
    """The PDF has no folds under the passages: the review of the statements is an appendix,
    after the sources and the apparatus, listing every unverifiable statement with why and then
    every statement passage by passage."""
    tex = pdf_edition.tex
    appendix = tex.index("\\appendix")
    assert tex.index("\\part{Sources}") < tex.index("\\part{Apparatus}") < appendix
    assert tex.index("\\chapter{Appendix: The review of the statements}") > appendix
    assert all(tex.index(f"\\label{{\\detokenize{{{doc}::doc}}}}") < appendix
               for doc in SOURCE_ORDER)
    statements = [s for passages in _review_logs().values() for p in passages
                  for s in p.get("statements") or []]
    unverifiable = [s for s in statements if s["finding"] == "unverifiable"]
    assert (len(statements), len(unverifiable)) == (620, 173)  # 525 and 156 of the sources
    first, last = pdf_edition.chapter_pages("Appendix: The review of the statements")
    text = " ".join(pdf_edition.text(first, last).split())
    assert text.count("Why: ") == len(unverifiable)  # the list of unverifiable statements
    for statement in unverifiable:
        why = " ".join(re.sub(r"\[([^\[\]]+)\]\{\.language-[A-Za-z0-9-]+\}", r"\1",
                              statement["why"]).split())  # a language mark's words, as printed
        assert " ".join(why.split()[:6]) in text.replace("- ", "-"), why
    assert "Every statement, passage by passage" in text
    # every statement once more, with its finding, in the listing by passage
    findings = re.findall(r"\\sphinxstyleemphasis\{(confirmed|annotated|unverifiable)\}",
                          tex[tex.index("Every statement, passage by passage"):])
    assert len(findings) == len(statements)


def _footnote_numbers(text: str) -> list[int]:
    """The numbers of the footnotes on pages of ``pdftotext -layout`` text: a footnote's number
    stands on a line of its own (a superscript), above its type ("PERSPECTIVE: ...")."""
    lines = text.splitlines()
    return [int(line) for line, after in zip(lines, lines[1:])
            if line.strip().isdigit() and re.match(r"\s*[A-Z][A-Z-]+:", after)]


@pytest.mark.parametrize("docname", SOURCE_ORDER)
def test_each_sources_notes_are_one_series_of_footnotes(pdf_edition, edition, docname) -> None:
    """A source's notes are footnotes 1, 2, 3 ... in one series, as its page numbers them, in
    tables too (wiki-expulsion's infobox numbered its six notes 1, 1, 2, 1, 1, 1 on one page:
    each cell restarted the count), so that a reader can tell which note belongs to which mark."""
    title = _source_titles(edition)[SOURCE_ORDER.index(docname)]
    first, last = pdf_edition.chapter_pages(title)
    numbers = _footnote_numbers(pdf_edition.text(first, last))
    notes = len(re.findall(r'<a class="edition-marker[ "]', edition.html(docname)))
    assert numbers == list(range(1, notes + 1))


def test_no_line_breaks_between_note_or_pilcrow_and_its_number(pdf_edition) -> None:
    """"¶ 12" and "note 17" stay on one line in the PDF too (it broke 87 times between them,
    "wiki-split ¶" at a line's end and "70)" at the next's)."""
    lines = pdf_edition.text().splitlines()
    # (not in the citations the processor renders, "… ¶ 12, in The editors …": the exports'
    # tests read them as a reader copies them)
    broken = [f"{line.strip()[-30:]} / {after.strip()[:12]}"
              for line, after in zip(lines, lines[1:])
              if re.search(r"(?:¶|\b[Nn]otes?)\s*$", line) and re.match(r"\s*\d", after)
              and not re.match(r"\s*\d+, in ", after)]
    assert broken == []
