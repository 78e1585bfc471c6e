"""The one owner of the edition's state: the domain for cross-document data, the build's state.

- :class:`EditionDomain` holds what pages contribute (sources, passages, notes, mentions, search
  text), with ``clear_doc`` and ``merge_domaindata`` so that incremental and parallel builds stay
  right, and what the previous build saw (``digests``);
- :class:`BuildState` holds what each build reads once (the data files), on the domain object:
  never pickled, read afresh by each build;
- the typed accessors: :func:`build_state`, :func:`published_passages`, :func:`source_title`,
  :func:`reading_order`."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, ClassVar

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .registry import RegistryError, load_note_registry, load_registry


def reading_order(env: BuildEnvironment) -> list[str]:
    """Source pages in the order of the table of contents (then by name)."""
    domain = env.get_domain("edition")
    order = {docname: number for number, docname in enumerate(toctree_order(env))}
    return sorted(domain.sources, key=lambda d: (order.get(d, len(order)), d))


def toctree_order(env: BuildEnvironment) -> list[str]:
    seen: list[str] = []

    def walk(docname: str) -> None:
        if docname in seen:
            return
        seen.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(env.config.root_doc)
    return seen


def source_title(domain: Any, docname: str) -> str:
    """A source's short title for results, lists and columns: its front matter's ``short_title``,
    else its title shortened."""
    record = domain.data["records"].get(docname, {})
    return str(record.get("short_title") or short_title(str(record.get("title",
                                                                       domain.sources[docname]))))


class EditionDomain(Domain):
    """The edition's cross-document data: sources and their passages."""

    name = "edition"
    label = "Edition"
    initial_data: ClassVar[dict[str, Any]] = {
        "sources": {},  # docname -> slug
        "records": {},  # docname -> the validated front matter (fields) of its source page
        "passages": {},  # passage id -> {"docname", "number", "line", "fingerprint", ...}
        "annotations": {},  # annotation id -> {"docname", "passage", "type", "quote", ...}
        "commentary": {},  # source docname -> commentary file included (None: none yet)
        "overviews": set(),  # docnames compiled from every source (rewritten when one changes)
        "mentions": {},  # source docname -> {register entry id -> [passage ids]}
        "forms": {},  # source docname -> register forms found in it
        "register_pages": set(),  # docnames that show the register
        "timeline_pages": set(),  # docnames that show the timeline
        "claims_pages": set(),  # docnames that show the claims collation
        "exports_pages": set(),  # docnames that list the exports (Data and downloads)
        "search": {},  # docname -> its passages' and notes' plain text, or its sections' (search)
        "citations": {},  # source docname -> its in-text citations as resolved
        "cited_in": {},  # docname -> [(references.bib key, passage or note id citing it)]
        # per page, so that reading or clearing one page never walks every page's records:
        "doc_passages": {},  # source docname -> its passage ids, in reading order
        "doc_annotations": {},  # source docname -> its annotation ids
        # source docname -> the ids of its notes reported and left out (a bad option, a quote
        # not found): they are still in the file, so what names them is not blamed too
        "refused_notes": {},
        # docname -> files it would read that did not exist when it was read (depend_on_file)
        "awaited": {},
        # what the previous build saw, to tell what a change makes outdated (edition.apparatus
        # and edition.commentary): "register" and "citations" digests of the data files'
        # entries, "pages" the digests of each source page's notes and mentions
        "digests": {"register": {}, "citations": {}, "pages": {}},
    }
    PER_DOC = ("records", "commentary", "mentions", "forms", "citations", "cited_in",
               "doc_passages", "doc_annotations", "refused_notes", "search", "awaited")
    DOC_SETS = ("overviews", "register_pages", "timeline_pages", "claims_pages",
                "exports_pages")

    @property
    def state(self) -> BuildState:
        """This build's state (see :class:`BuildState`): on the domain object, which the
        environment does not pickle."""
        if not hasattr(self, "_state"):
            self._state = BuildState()
        return self._state

    @property
    def digests(self) -> dict[str, dict[str, Any]]:
        return self.data["digests"]

    @property
    def passages(self) -> dict[str, dict[str, Any]]:
        return self.data["passages"]

    @property
    def sources(self) -> dict[str, str]:
        return self.data["sources"]

    def add_passage(self, passage_id: str, record: dict[str, Any]) -> None:
        self.passages[passage_id] = record
        self.data["doc_passages"].setdefault(record["docname"], []).append(passage_id)

    def add_annotation(self, annotation_id: str, record: dict[str, Any]) -> None:
        self.data["annotations"][annotation_id] = record
        self.data["doc_annotations"].setdefault(record["docname"], []).append(annotation_id)

    def passages_of(self, docname: str) -> list[str]:
        """The passage ids of one source page, in reading order."""
        return self.data["doc_passages"].get(docname, [])

    def annotations_of(self, docname: str) -> list[str]:
        return self.data["doc_annotations"].get(docname, [])

    def refuse_note(self, docname: str, annotation_id: str) -> None:
        """A note of the page that was reported and left out (see ``refused_notes``)."""
        self.data["refused_notes"].setdefault(docname, []).append(annotation_id)

    def note_ids(self, docname: str | None = None) -> set[str]:
        """The ids of the notes in the commentary files (of one page, or of all), those left
        out with a message among them."""
        if docname is not None:
            return {*self.annotations_of(docname), *self.data["refused_notes"].get(docname, [])}
        return {*self.data["annotations"], *(note_id for ids in
                                             self.data["refused_notes"].values()
                                             for note_id in ids)}

    def clear_doc(self, docname: str) -> None:
        self.sources.pop(docname, None)
        for key, index in (("passages", "doc_passages"), ("annotations", "doc_annotations")):
            records = self.data[key]
            for record_id in self.data[index].get(docname, []):
                if records.get(record_id, {}).get("docname") == docname:
                    del records[record_id]
        for key in self.PER_DOC:
            self.data[key].pop(docname, None)
        for key in self.DOC_SETS:
            self.data[key].discard(docname)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for docname, slug in otherdata["sources"].items():
            if docname in docnames:
                self.sources[docname] = slug
        for key in ("passages", "annotations"):
            for record_id, record in otherdata[key].items():
                if record["docname"] in docnames:
                    self.data[key][record_id] = record
        for key in self.PER_DOC:
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value
        for key in self.DOC_SETS:
            self.data[key] |= otherdata[key] & docnames

    def resolve_xref(self, env: Any, fromdocname: str, builder: Any, typ: str, target: str,
                     node: Any, contnode: Any) -> Any:
        return None  # the mentions are linked by edition.register, not as cross-references

    def resolve_any_xref(self, *args: Any) -> list[Any]:
        return []


@dataclasses.dataclass
class BuildState:
    """What a build reads once and every page uses: the apparatus data files, checked, and the
    pages this build reads. Held by the :class:`EditionDomain` and never pickled with the
    environment: each build reads its files afresh (:func:`edition.apparatus.data.data.load`).

    The typed fields are the one place for this state; rooms read it through
    :func:`build_state`, never through attributes of their own on ``env`` or ``app``."""

    #: published passages by source slug (``sources/passages.json``), or what is wrong with it
    registry: dict[str, dict[str, dict[str, Any]]] | RegistryError | None = None
    #: published notes (``sources/notes.json``) by note id, or what is wrong with it
    notes_registry: dict[str, dict[str, Any]] | RegistryError | None = None
    #: the source slugs of the registry, in order
    source_slugs: list[str] = dataclasses.field(default_factory=list)
    register: Any = None  #: :class:`edition.apparatus.data.register.Register`
    claims: dict[str, Any] = dataclasses.field(default_factory=dict)  #: claim id -> Claim
    timeline: list[Any] = dataclasses.field(default_factory=list)  #: the events, in date order
    citations: dict[str, Any] = dataclasses.field(default_factory=dict)  #: slug -> mapping
    reviews: dict[str, Any] = dataclasses.field(default_factory=dict)  #: slug -> review log
    #: the data files that could not be read at all ("register", "claims", "timeline"): their
    #: one message says what to mend, and what refers to their entries is not checked
    unread: set[str] = dataclasses.field(default_factory=set)
    #: the .bib files as configured, and every key in them with its line (checked when the
    #: builder starts, before sphinxcontrib-bibtex reads them: kept for the application)
    bibfiles: list[str] = dataclasses.field(default_factory=list)
    bib_keys: dict[str, int] = dataclasses.field(default_factory=dict)
    #: the keys (lower case) of the entries refused, each reported at its line: citing one is
    #: not reported again
    bib_refused: set[str] = dataclasses.field(default_factory=set)
    reread: set[str] = dataclasses.field(default_factory=set)  #: pages this build reads
    written: set[str] = dataclasses.field(default_factory=set)  #: pages it resolves to write
    refused_pages: set[str] = dataclasses.field(default_factory=set)  #: reported, not read

    def new_build(self) -> None:
        """Forget what the previous build of the same application read (the data files are
        read again); the checked .bib files stay, as they are checked once per application."""
        fresh = BuildState(bibfiles=self.bibfiles, bib_keys=self.bib_keys,
                           bib_refused=self.bib_refused)
        self.__dict__.update(fresh.__dict__)


def depend_on_file(env: BuildEnvironment, path: Path) -> None:
    """The page being read depends on ``path``, which may not exist yet (a registry before the
    first release). Sphinx rereads a page on every build while a dependency is missing; so a
    missing file is awaited instead, and the page is reread when it appears
    (:func:`outdated_by_new_files`)."""
    if path.exists():
        env.note_dependency(str(path))
    else:
        awaited = env.get_domain("edition").data["awaited"].setdefault(env.docname, [])
        if str(path) not in awaited:
            awaited.append(str(path))


def outdated_by_new_files(app: Any, env: BuildEnvironment, added: set[str], changed: set[str],
                          removed: set[str]) -> list[str]:
    """``env-get-outdated``: the pages that awaited a file (:func:`depend_on_file`) that now
    exists."""
    awaited = env.get_domain("edition").data["awaited"]
    return sorted(docname for docname, paths in awaited.items()
                  if docname in env.found_docs and any(Path(p).exists() for p in paths))


def build_state(env: Any) -> BuildState:
    """The build's state (see :class:`BuildState`)."""
    return env.get_domain("edition").state


def published_passages(env: Any) -> dict[str, dict[str, dict[str, Any]]] | RegistryError:
    """The registry of published passages by source slug (or what is wrong with it), read
    once per build rather than once per page."""
    state = build_state(env)
    if state.registry is None:
        try:
            registry = load_registry(Path(env.srcdir) / env.config.edition_passage_registry)
        except (RegistryError, OSError) as error:
            state.registry = RegistryError(str(error))
        else:
            by_slug: dict[str, dict[str, dict[str, Any]]] = {}
            for passage_id, entry in registry.items():
                by_slug.setdefault(passage_id.rsplit("-p", 1)[0], {})[passage_id] = entry
            state.registry = by_slug
    return state.registry


def published_notes(env: Any) -> dict[str, dict[str, Any]] | RegistryError:
    """The registry of published notes (or what is wrong with it), read once per build."""
    state = build_state(env)
    if state.notes_registry is None:
        try:
            state.notes_registry = load_note_registry(
                Path(env.srcdir) / env.config.edition_note_registry)
        except (RegistryError, OSError) as error:
            state.notes_registry = RegistryError(str(error))
    return state.notes_registry


def short_title(title: str, limit: int = 48) -> str:
    """A source's title short enough for a result line (cut at a word, with an ellipsis)."""
    title = " ".join(title.split())
    if "/" in title:  # a headline quotation, then the article's own title: keep the title
        title = title.rsplit("/", 1)[1].strip() or title
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"
