"""Reading the apparatus data files once per build, and what a change to them makes outdated.

The register, the claims, the timeline, the citation mapping, the review logs and
``references.bib`` are read at
the start of every build (``env-get-outdated``, before any page is read), checked, and kept on the
environment for the directives and transforms. Their problems are reported on every build, since
they are not tied to any one page. Digests of the previous build's data tell which pages a change
affects, so that an edit to one register entry re-reads only the pages that mention it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.domain import build_state, published_passages
from ..core.registry import RegistryError
from ..core.warnings_ import EditionWarning, warn
from . import citations, collation, register, review


def _report(problems: list[Any], kind: EditionWarning) -> bool:
    """Report the problems of a data file; whether the file was read (else nothing that refers
    to its entries is checked: the file's one message says what to mend)."""
    for problem in problems:
        warn(kind, problem.message, problem.location)
    return not any(problem.whole_file for problem in problems)


def load(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
         removed: set[str]) -> list[str]:
    """``env-get-outdated``: read and check the data files; return the pages a change affects."""
    config, srcdir = app.config, Path(env.srcdir)
    state = build_state(env)
    state.new_build()  # this build reads every data file afresh
    registry = published_passages(env)
    if isinstance(registry, RegistryError):
        registry = {}  # the source pages report a broken registry, with its line
    known = {passage_id for passages in registry.values() for passage_id in passages}
    state.source_slugs = sorted(registry)

    the_register, problems = register.load(srcdir / config.edition_register,
                                           config.edition_register)
    if not _report(problems, EditionWarning.REGISTER):
        state.unread.add("register")
    claims, problems = collation.load_claims(srcdir / config.edition_claims,
                                             config.edition_claims, known)
    if not _report(problems, EditionWarning.COLLATION):
        state.unread.add("claims")
    timeline, problems = collation.load_timeline(
        srcdir / config.edition_timeline, config.edition_timeline, known,
        None if "claims" in state.unread else claims)
    if not _report(problems, EditionWarning.COLLATION):
        state.unread.add("timeline")
    mapping, problems = citations.load_mapping(srcdir / config.edition_citations,
                                               config.edition_citations, known)
    _report(problems, EditionWarning.CITATION)

    def ids(name: str, read: set[str]) -> set[str] | None:  # None: not read, not checked
        return None if name in state.unread else read

    known = review.Known(
        passages={slug: sorted(passages) for slug, passages in registry.items()},
        bib_keys={key.lower(): key for key in [*state.bib_keys, *state.bib_refused]},
        claims=ids("claims", set(claims)),
        timeline=ids("timeline", {event.date for event in timeline}),
        register=ids("register", set(the_register.entries)))
    state.reviews, problems = review.load(srcdir / config.edition_review_dir,
                                                config.edition_review_dir, known)
    _report(problems, EditionWarning.REVIEW)

    digests = env.get_domain("edition").digests
    previous_register, previous_citations = digests["register"], digests["citations"]
    state.register, state.claims, state.timeline = the_register, claims, timeline
    state.citations = mapping
    digests["register"] = the_register.digests()
    digests["citations"] = {slug: repr(block) for slug, block in mapping.items()}
    if not previous_register and not previous_citations:
        return []  # a fresh environment reads every page anyway
    return sorted(_affected_by_register(env, previous_register, the_register)
                  | _affected_by_citations(env, previous_citations))


def _affected_by_register(env: BuildEnvironment, previous: dict[str, str],
                          current: register.Register) -> set[str]:
    """Pages that mention a changed, added or removed entry, or contain one of its new forms."""
    now = current.digests()
    changed = {i for i in previous.keys() | now.keys() if previous.get(i) != now.get(i)}
    if not changed:
        return set()
    domain = env.get_domain("edition")
    pages = {docname for docname, mentions in domain.data["mentions"].items()
             if changed & set(mentions)}
    # a new form may occur in pages that mention none of the entries: look for it in the pages'
    # files (only when the register changed; keeping every page's words would cost every build)
    first_words = sorted({re.findall(r"\w+", form)[0] for entry_id in changed & now.keys()
                          for form in current.entries[entry_id].forms if re.findall(r"\w+", form)})
    if first_words:
        word = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, first_words))})(?!\w)")
        pages |= {docname for docname in domain.sources if docname in env.found_docs
                  and word.search(Path(env.doc2path(docname)).read_text(encoding="utf-8"))}
    return {docname for docname in pages if docname in env.found_docs}


def _affected_by_citations(env: BuildEnvironment, previous: dict[str, str]) -> set[str]:
    now = env.get_domain("edition").digests["citations"]
    slugs = {slug for slug in previous.keys() | now.keys() if previous.get(slug) != now.get(slug)}
    domain = env.get_domain("edition")
    return {docname for docname, slug in domain.sources.items() if slug in slugs}


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: rules that need every page read first."""
    domain = env.get_domain("edition")
    claims = build_state(env).claims
    if claims:
        for annotation_id, note in sorted(domain.data["annotations"].items()):
            if note["type"] == "discrepancy" and not note.get("claims"):
                warn(EditionWarning.ANNOTATION,
                     f"discrepancy note '{annotation_id}' does not link its row of the claims "
                     "collation: add a link such as {ref}`claims collation <claim-ID>` "
                     f"(rows: {', '.join(list(claims)[:6])}, ...)",
                     f"{note['source']}:{note['line']}")
    for problem in review.check_notes(build_state(env).reviews, domain.note_ids()):
        warn(EditionWarning.REVIEW, problem.message, problem.location)
    the_register = build_state(env).register
    if the_register is not None and the_register.entries and domain.data["register_pages"]:
        found = set().union(*domain.data["forms"].values()) if domain.data["forms"] else set()
        for entry in the_register.entries.values():
            for variant in entry.variants:
                if register.form_key(variant) not in found:
                    warn(EditionWarning.REGISTER,
                         f"variant '{variant}' of register entry '{entry.id}' occurs in no "
                         "source's reading text as a whole word; give the form exactly as "
                         "printed (case matters), or remove it",
                         f"{app.config.edition_register}:{entry.line}")
