"""A source page's commentary file: read with the page, a dependency of it, and the folder's rules.

``source-read``: the source page's text gets a :class:`CommentaryDirective` for its commentary
file appended, so MyST parses the notes with the page (warnings point at
``commentary/<slug>.md:LINE``) and the commentary file is a dependency of the page. Whatever a
commentary file holds outside its notes is refused (:class:`CommentaryHoldsOnlyNotes`), and a
file in the folder that is no source's commentary is reported."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from ..core import contributed, datafile, metadata
from ..core.domain import build_state
from ..core.languages import check_text as check_language_marks
from ..core.nodes import annotation_note
from ..core.text import normalise_space, shorten
from ..core.warnings_ import EditionWarning, warn


def commentary_path(env: BuildEnvironment, slug: str) -> Path:
    return Path(env.srcdir) / env.config.edition_commentary_dir / f"{slug}.md"


def include_commentary(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: append the page's commentary file, if it has one, to a source page (as
    a :class:`CommentaryDirective`). A commentary file that is a symbolic link, is too large, is
    not UTF-8 or starts with a byte-order mark is reported at its own line, and not read."""
    if not docname.startswith("sources/") or not metadata.has_source_record(source[0]):
        return
    slug = docname.rsplit("/", 1)[-1]
    path = commentary_path(app.env, slug)
    domain = app.env.get_domain("edition")
    present = datafile.exists(path)
    domain.data["commentary"][docname] = str(path) if present else None
    if not present:
        return
    app.env.note_dependency(str(path))
    shown = f"{app.config.edition_commentary_dir}/{path.name}"
    _, problems = datafile.read_text(path, shown, datafile.MAX_COMMENTARY_BYTES)
    for problem in problems:
        warn(EditionWarning.ANNOTATION, problem.message, f"{path}:{problem.line}")
    if not problems:
        source[0] += f"\n\n```{{edition-commentary}} {shown}\n```\n"


class CommentaryDirective(SphinxDirective):
    """``{edition-commentary} commentary/<slug>.md``, appended to a source page: parse the
    page's commentary file in place, its lines reported as the commentary file's own. Only
    ``{annotation}`` is looked up in it, and every note's body goes through
    :func:`edition.core.contributed.parse`: no other directive, no include, no raw markup."""

    required_arguments = 1
    final_argument_whitespace = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.arguments[0]
        text, _ = datafile.read_text(path, self.arguments[0], datafile.MAX_COMMENTARY_BYTES)
        renderer = getattr(self.state, "_renderer", None)  # MyST's, as its include uses it
        if text is None or renderer is None:  # changed since source-read; or not a MyST page
            return []
        check_language_marks(text, str(path))
        text = _mend_note_fences(text, str(path))
        document, reporter = renderer.document, renderer.reporter
        saved = (document["source"], reporter.source,
                 getattr(reporter, "get_source_and_line", None))
        contribution = contributed.Contribution(
            what=self.arguments[0], noun="a commentary file", the="each note",
            body="a commentary file", kind=EditionWarning.ANNOTATION, source=str(path))
        try:
            document["source"] = reporter.source = str(path)
            reporter.get_source_and_line = lambda line=None: (str(path), line)
            with contributed.refusing(document, contribution, allowed_directives=("annotation",)):
                renderer.nested_render_text(text, 0)
        finally:
            document["source"], reporter.source = saved[0], saved[1]
            if saved[2] is not None:
                reporter.get_source_and_line = saved[2]
            else:
                del reporter.get_source_and_line
        return []


#: A note opened with one or two colons instead of three: MyST reads it as a paragraph, and its
#: closing ':::' as the opening of a fence that swallows the next note.
_SHORT_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<colons>:{1,2})(?P<rest>\{annotation\}.*)$",
                          re.MULTILINE)


def _mend_note_fences(text: str, path: str) -> str:
    """Report each note opened with too few colons, at its line, and read it as the note it
    was meant to be (so that neither it nor the next note is reported again, as text outside any
    note or as a published note that disappeared)."""
    def mend(match: re.Match[str]) -> str:
        line = text.count("\n", 0, match.start()) + 1
        warn(EditionWarning.ANNOTATION,
             f"'{match['colons']}{{annotation}}' opens no note: a note opens with three colons, "
             f"':::{match['rest'].strip()}', and ends with ':::'", f"{path}:{line}")
        return f"{match['indent']}:::{match['rest']}"

    return _SHORT_FENCE.sub(mend, text)


def outdated_by_new_commentary(app: Sphinx, env: BuildEnvironment, added: set[str],
                               changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: a source page whose commentary file appeared since it was read."""
    domain = env.get_domain("edition")
    return [docname for docname, included in domain.data["commentary"].items()
            if included is None and docname in env.found_docs
            and commentary_path(env, docname.rsplit("/", 1)[-1]).is_file()]


def check_commentary_files(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: every file in the commentary folder must be the commentary of a
    source page, ``<slug>.md`` right in the folder; anything else would silently not be read."""
    folder = Path(env.srcdir) / app.config.edition_commentary_dir
    refused = build_state(app.env).refused_pages  # reported: not read
    sources = sorted(d.rsplit("/", 1)[-1] for d in env.found_docs | refused
                     if d.startswith("sources/"))
    shown_folder = app.config.edition_commentary_dir
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        shown = f"{shown_folder}/{path.name}"
        if path.name.startswith(".") and not path.is_symlink():
            continue  # .gitkeep and the like
        if path.is_dir() and not path.is_symlink():
            warn(EditionWarning.ANNOTATION,
                 f"'{shown}/' is a folder: the notes in it would not be read; a commentary file "
                 f"is {shown_folder}/<slug>.md, named after its source (sources: "
                 f"{', '.join(sources)})", f"{path}:1")
        elif path.suffix != ".md":
            warn(EditionWarning.ANNOTATION,
                 f"'{shown}' is not a commentary file and would not be read: a commentary file "
                 f"is {shown_folder}/<slug>.md, named after its source (sources: "
                 f"{', '.join(sources)})", f"{path}:1")
        elif path.stem not in sources:
            nearest = difflib.get_close_matches(path.stem, sources, n=1)
            hint = f"did you mean '{nearest[0]}.md'? " if nearest else ""
            warn(EditionWarning.ANNOTATION,
                 f"commentary file for unknown source '{path.stem}': {hint}a commentary file is "
                 f"named after the source it annotates; sources: {', '.join(sources)}",
                 f"{path}:1")


class CommentaryHoldsOnlyNotes(SphinxTransform):
    """Remove, with an error at its line, whatever a commentary file has outside its notes: it
    would otherwise be added to the source page (text, headings, raw HTML or script)."""

    default_priority = 399  # before SourcePageTransform (400) numbers the page's blocks

    def apply(self, **kwargs: Any) -> None:
        included = self.env.get_domain("edition").data["commentary"].get(self.env.docname)
        if not included:
            return
        path = os.path.normpath(included)
        shown = os.path.relpath(path, self.env.srcdir)
        strays: list[nodes.Element] = []
        from_commentary: dict[str, bool] = {}  # by a node's source: every node has one of two

        def visit(node: nodes.Element) -> None:
            for child in node.children:
                if not isinstance(child, nodes.Element) or isinstance(child, annotation_note):
                    continue
                source = child.source
                if source and source not in from_commentary:
                    from_commentary[source] = os.path.normpath(source) == path
                if source and from_commentary[source]:
                    if not isinstance(child, (nodes.comment, nodes.system_message)):
                        strays.append(child)
                else:
                    visit(child)

        visit(self.document)
        for stray in strays:
            what = {"paragraph": "this paragraph", "raw": "this raw HTML",
                    "section": "this heading"}.get(stray.tagname, f"this {stray.tagname}")
            warn(EditionWarning.ANNOTATION,
                 f"{what} («{shorten(normalise_space(stray.astext()), 60)}») is outside any "
                 "note: a commentary file holds only ':::{annotation}' blocks, and anything else "
                 "would be added to the source page; put it inside a note, or remove it",
                 f"{shown}:{stray.line or 1}")
            stray.parent.remove(stray)


def remember_reread(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: note which pages this build reads (for the overviews)."""
    build_state(env).reread = set(docnames)
    check_commentary_files(app, env, docnames)
