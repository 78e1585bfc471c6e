"""The PDF edition: the LaTeX builder's one large document arranged as a book.

Sphinx's LaTeX builder inlines every toctree of the root page where the toctree stands. The root
page (``index.md``) keeps its toctrees, hidden, at the end of its last section, so without help
the sources would become sections of "How to cite". :class:`BookStructure` rearranges the
assembled document into the book the edition is:

1. a *Reading this edition* chapter: the root page's own text, its sections as sections;
2. the front matter (``edition_pdf_front_matter``: the introduction, the editorial principles,
   the imprint) as chapters;
3. one LaTeX part per captioned toctree of the root page (*Sources*, *Apparatus*), each of its
   pages a chapter;
4. the appendices (``edition_pdf_appendices``, e.g. the review of the statements), after
   ``\\appendix``, each a chapter titled "Appendix: …".

Nothing is added to or taken from the pages; only the order and the level of headings change,
and only for LaTeX.

:func:`check_latex_log` reads the log of a finished LaTeX run for the problems that make a PDF
wrong without failing its build: glyphs missing from the font, references left unresolved;
:func:`pdf_words` and :func:`reading_words` read a built PDF's text back, for the tests.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: The title of the chapter made of the root page's own text (what the edition is, how to read
#: and cite it); the editors' introduction is a page of its own, in the front matter, and so is
#: the imprint, whose title ("About the edition") this one must not repeat.
ROOT_CHAPTER_TITLE = "Reading this edition"


class BookStructure(SphinxPostTransform):
    """The root page's text (about the edition), the front matter (the introduction, the editorial
    principles), then a part per captioned toctree of the root page."""

    default_priority = 5  # before references are resolved: only moves nodes
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if self.document.get("docname") != self.config.root_doc:
            return  # a single page, not the assembled book
        root = next(iter(self.document.findall(nodes.section)), None)
        if root is None:
            return
        parts = self._toctree_parts(root)
        if not parts:
            return
        front = set(self.config.edition_pdf_front_matter)
        front_matter: list[addnodes.start_of_file] = []
        for _, pages in parts:
            for page in list(pages):
                if page["docname"] in front:
                    pages.remove(page)
                    front_matter.append(page)
        front_matter.sort(key=lambda page: self.config.edition_pdf_front_matter.index(
            page["docname"]))
        wanted = list(self.config.edition_pdf_appendices)
        appendices = [page for _, pages in parts for page in pages if page["docname"] in wanted]
        for _, pages in parts:
            pages[:] = [page for page in pages if page["docname"] not in wanted]
        appendices.sort(key=lambda page: wanted.index(page["docname"]))

        title = root.next_node(nodes.title)
        about = nodes.section("", nodes.title(ROOT_CHAPTER_TITLE, ROOT_CHAPTER_TITLE),
                              ids=["edition-about"])
        for child in list(root.children):
            if child is not title:
                root.remove(child)
                about += child
        root += about
        root.extend(front_matter)
        for caption, pages in parts:
            if caption:
                root += nodes.raw("", "\n\\part{" + _latex_text(caption) + "}\n", format="latex")
            root.extend(pages)
        if appendices:
            root += nodes.raw("", "\n\\appendix\n", format="latex")
            for page in appendices:
                title = page.next_node(nodes.title)
                if title is not None:
                    title.insert(0, nodes.Text("Appendix: "))
                root += page

    def _toctree_parts(self, root: nodes.section
                       ) -> list[tuple[str, list[addnodes.start_of_file]]]:
        """The root page's toctrees, as inlined by the builder (each a wrapper holding the
        pages it lists), with their captions; the wrappers are taken out of the tree."""
        doctree = self.env.get_doctree(self.config.root_doc)
        captions = [toctree.get("caption") or "" for toctree in doctree.findall(addnodes.toctree)]
        wrappers = [node for node in root.findall(nodes.compound)
                    if "toctree-wrapper" in node["classes"]
                    and self._page_of(node) == self.config.root_doc]
        if len(wrappers) != len(captions):
            return []  # not the layout this transform knows: leave the book as Sphinx made it
        parts = []
        for caption, wrapper in zip(captions, wrappers, strict=True):
            pages = [child for child in wrapper.children
                     if isinstance(child, addnodes.start_of_file)]
            wrapper.parent.remove(wrapper)
            parts.append((caption, pages))
        return parts

    def _page_of(self, node: nodes.Node) -> str:
        parent = node.parent
        while parent is not None:
            if isinstance(parent, addnodes.start_of_file):
                return parent["docname"]
            parent = parent.parent
        return self.config.root_doc


class LabelContainers(SphinxPostTransform):
    """Give LaTeX a label for each plain container that is a link target (a claims row): the
    LaTeX writer writes no label for a container's ids, so links to it would be left
    unresolved ("??")."""

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for container in list(self.document.findall(nodes.container)):
            if type(container) is nodes.container and container["ids"]:
                container.insert(0, nodes.target("", "", ids=container["ids"]))
                container["ids"] = []


class EditorialParagraphs(SphinxPostTransform):
    """For LaTeX, mark the text of each editorial paragraph (the label of a framing text) as
    editorial inline matter, which the PDF sets smaller than the source's text. The summary line
    of the folded front matter (which the PDF prints open) becomes such a paragraph too, instead
    of a heading at the size of the source's text."""

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for rubric in list(self.document.findall(nodes.rubric)):
            if "edition-front" in rubric.parent.get("container_classes", []):
                rubric.replace_self(nodes.paragraph("", "", *rubric.children,
                                                    classes=["edition-editorial"]))
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if "edition-editorial" in paragraph["classes"] and paragraph.children:
                inline = nodes.inline("", "", *paragraph.children, classes=["edition-editorial"])
                paragraph[:] = [inline]


class IndexKeys(SphinxPostTransform):
    """Write the hyphen of a name in the index as the Unicode hyphen (U+2010), which looks the
    same. LaTeX writes an ASCII hyphen as ``\\sphinxhyphen{}``, and as ``\\sphinxhyphen {}``
    where the entry sits inside a macro's argument (a glossary term, a marked quote): xindy
    would print two entries for one name."""

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(addnodes.index):
            node["entries"] = [(kind, name.replace("-", "\u2010"), *rest)
                               for kind, name, *rest in node["entries"]]


def _latex_text(text: str) -> str:
    """A caption as LaTeX text, escaped as Sphinx's LaTeX writer escapes text (a backslash
    becomes \\textbackslash{}, not a line break)."""
    from sphinx.util import texescape

    texescape.init()  # the LaTeX builder has done so; idempotent
    return texescape.escape(text, "xelatex")


_MISSING_CHARACTER = re.compile(r"^Missing character: .*$", re.MULTILINE)


_UNDEFINED = re.compile(r"^(?:LaTeX|Package \w+) Warning: .*undefined.*$", re.MULTILINE)


def check_latex_log(log: Path) -> list[str]:
    """Problems in a LaTeX log that leave a wrong PDF behind a successful build: each missing
    glyph ("Missing character: There is no ... in font ..."), each unresolved reference or
    citation. The log's long lines are wrapped at 79 characters; they are joined first."""
    text = log.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"(?m)^(.{79})\n", r"\1", text)
    return _MISSING_CHARACTER.findall(text) + _UNDEFINED.findall(text)


@dataclasses.dataclass(frozen=True)
class PdfWord:
    text: str
    page: int  #: 1-based
    size: float  #: height of the word's box, in points: the size of its type
    left: float  #: x of the word's left edge, in points
    right: float  #: x of its right edge


class _BoxReader(HTMLParser):
    """Words of ``pdftotext -raw -bbox`` output: in the order TeX set them (a table row by
    row, not column by column as a layout analysis would read it)."""

    def __init__(self, first_page: int) -> None:
        super().__init__(convert_charrefs=True)
        self.page = first_page - 1
        self.words: list[PdfWord] = []
        self._box: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "page":
            self.page += 1
        elif tag == "word":
            self._box = dict(attrs)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._box is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "word" and self._box is not None:
            box = {key: float(value or 0) for key, value in self._box.items()}
            self.words.append(PdfWord("".join(self._text), self.page,
                                      round(box["ymax"] - box["ymin"], 1),
                                      box["xmin"], box["xmax"]))
            self._box = None


def pdf_words(pdf: Path, first_page: int, last_page: int) -> list[PdfWord]:
    """Every word on pages ``first_page`` to ``last_page``, with the size of its type."""
    result = subprocess.run(["pdftotext", "-raw", "-bbox", "-f", str(first_page),
                             "-l", str(last_page), str(pdf), "-"],
                            capture_output=True, text=True, check=True)
    reader = _BoxReader(first_page)
    reader.feed(result.stdout)
    reader.close()
    return reader.words


def body_size(words: Sequence[PdfWord]) -> float:
    """The size of the text type: the commonest size."""
    return collections.Counter(word.size for word in words).most_common(1)[0][0]


_HYPHENS = ("-", "\u2010")


def reading_words(words: Sequence[PdfWord], size: float, vocabulary: set[str]) -> list[str]:
    """The words set at ``size`` or larger, with the words TeX hyphenated at a line end joined
    again. Whether the hyphen belongs to the word ("Albanian-" + "Soviet") or was TeX's own
    ("Sovi-" + "et"), or the original itself has a hyphen and a space ("understand- ing"), the
    PDF does not say: the form found in ``vocabulary`` (the words of the original) is taken,
    else the word without the hyphen."""
    kept = [word for word in words if word.size >= size - 0.5]
    result: list[str] = []
    index = 0
    while index < len(kept):
        word = kept[index]
        following_word = kept[index + 1] if index + 1 < len(kept) else None
        # a line ends where the next word starts further left (or on another page)
        if (following_word is not None and word.text.endswith(_HYPHENS) and len(word.text) > 1
                and (following_word.left < word.right or following_word.page != word.page)):
            following = following_word.text
            with_hyphen, without = word.text + following, word.text[:-1] + following
            if with_hyphen in vocabulary and without not in vocabulary:
                result.append(with_hyphen)
                index += 2
                continue
            if without in vocabulary or word.text not in vocabulary:
                result.append(without)
                index += 2
                continue
        result.append(word.text)
        index += 1
    return result


#: The programs the PDF needs beyond Python, and the line that installs them on Debian or Ubuntu
#: (the README gives the same line; .ci/run installs the same packages).
REQUIRED_PROGRAMS = ("xelatex", "latexmk", "xindy", "make")


INSTALL_COMMAND = ("sudo apt-get install latexmk texlive-xetex texlive-latex-recommended "
                   "texlive-latex-extra texlive-fonts-recommended tex-gyre fonts-freefont-otf "
                   "xindy texlive-lang-european texlive-lang-cyrillic poppler-utils make")


#: The PDF's file name (``latex_documents`` in conf.py names the .tex file after it).
PDF_NAME = "edition.pdf"


def missing_programs(programs: Sequence[str] = REQUIRED_PROGRAMS) -> list[str]:
    return [program for program in programs if shutil.which(program) is None]


def build_pdf(project: Path, outdir: Path, *, env: dict[str, str] | None = None
              ) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Build the PDF edition strictly (``-E -n -W``) into ``outdir/latex`` with Sphinx's
    ``-M latexpdf`` (its Makefile gives xindy the options that plain latexmk lacks); returns
    the PDF's path and the finished process (check its ``returncode``)."""
    process = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(project), str(outdir),
         "-E", "-n", "-W", "--keep-going", "-q"],
        env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False)
    return outdir / "latex" / PDF_NAME, process


def main(argv: Sequence[str] | None = None) -> int:
    """Build the PDF edition into OUTDIR/edition.pdf and check its LaTeX log."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m edition.exports.pdf", description=main.__doc__)
    parser.add_argument("project", type=Path, help="the edition's folder")
    parser.add_argument("outdir", type=Path, help="where the PDF goes, e.g. _build/pdf")
    args = parser.parse_args(argv)
    missing = missing_programs()
    if missing:
        print(f"The PDF edition needs {', '.join(missing)}, not found on this machine. "
              f"On Debian or Ubuntu, install what it needs with:\n\n    {INSTALL_COMMAND}\n\n"
              f"(see 'The PDF edition' in README.md)", file=sys.stderr)
        return 1
    # a failed build must not leave an earlier build's PDF looking like this one's
    (args.outdir.resolve() / PDF_NAME).unlink(missing_ok=True)
    (args.outdir.resolve() / "latex" / PDF_NAME).unlink(missing_ok=True)
    pdf, process = build_pdf(args.project.resolve(), args.outdir.resolve())
    if process.returncode != 0:
        print(process.stdout[-4000:], process.stderr[-4000:], sep="\n", file=sys.stderr)
        print(f"The PDF build failed; the LaTeX log is {pdf.with_suffix('.log')}",
              file=sys.stderr)
        return 1
    problems = check_latex_log(pdf.with_suffix(".log"))
    for problem in problems:
        print(f"{pdf.with_suffix('.log')}: {problem}", file=sys.stderr)
    if problems:
        return 1
    target = args.outdir.resolve() / PDF_NAME
    shutil.copyfile(pdf, target)
    print(f"The PDF edition is built: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
