"""The edition's options (``edition_*`` in ``conf.py``): declared once, validated once.

Each option is a field of :class:`Options`, with its default, what a change to it rebuilds and
what it is for; :func:`setup` declares them all to Sphinx, and :func:`validate` checks them when
the configuration is read, so that a wrong value is one clear error rather than a traceback deep
in a build. The rooms read them as Sphinx config values (``app.config.edition_register``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError


@dataclasses.dataclass(frozen=True)
class Options:
    """The options, without their ``edition_`` prefix. Paths are relative to the project."""

    #: the received texts, byte for byte (the witnesses of the fidelity check)
    originals_dir: str = "sources/originals"
    #: every published passage id with its fingerprint
    passage_registry: str = "sources/passages.json"
    #: stand-off notes, one file per source page, ``<slug>.md``
    commentary_dir: str = "commentary"
    register: str = "apparatus/register.yaml"
    claims: str = "apparatus/claims.yaml"
    timeline: str = "apparatus/timeline.yaml"
    #: how each source's in-text citations map to its reference list and references.bib
    citations: str = "sources/citations.yaml"
    #: the review log, one file per source
    review_dir: str = "apparatus/review"
    #: pages printed before the sources in the PDF
    pdf_front_matter: list[str] = dataclasses.field(
        default_factory=lambda: ["editorial-principles"])
    #: pages printed at the end of the PDF, after the sources and the apparatus, as appendices
    pdf_appendices: list[str] = dataclasses.field(default_factory=lambda: ["review"])
    #: files built alongside (the PDF, the EPUB) that the HTML build places at the top of its
    #: site and lists on the Data and downloads page; ``nox -s site`` sets it
    bundle: list[str] = dataclasses.field(default_factory=list)
    #: every published note id with its passage and a digest of its body, and withdrawn notes
    note_registry: str = "sources/notes.json"

    # The publication (imprint, rights, versions); these are texts, not paths.
    #: the editorial roles, in order, each with who holds it; "The editors" is the collective
    #: of the people who prepare the edition in its repository (the imprint says so); name a
    #: person only with their consent
    roles: dict[str, str] = dataclasses.field(default_factory=lambda: {
        "Editors (selection, transcription, commentary, apparatus)": "The editors",
        "Reading of each contribution against the editorial standards": "The editors",
        "Second reading of corrections and discrepancies": "The editors",
    })
    #: the repository's web address (e.g. https://github.com/OWNER/REPO), "" when not known;
    #: the issue tracker is its /issues
    repository: str = ""
    #: a public build withholds the full text of sources whose rights do not allow
    #: republication (front matter ``permission``): record, head-note, passage numbers and notes
    #: with their quoted words are published
    withhold_text: bool = False
    #: the DOI of this release, once Zenodo has minted it ("" until then)
    doi: str = ""
    #: the versions build (``nox -s versions``): the name of this version ("" outside it), the
    #: newest release's name, and every version built, newest first
    version_name: str = ""
    latest_version: str = ""
    versions: list[str] = dataclasses.field(default_factory=list)


#: options that are texts, flags or mappings, not paths
NOT_PATHS = frozenset({"roles", "repository", "withhold_text", "doi", "version_name",
                       "latest_version", "versions"})


#: every option is read when a page is read, so a change rebuilds the environment
REBUILD = "env"


def setup(app: Sphinx) -> None:
    for field in dataclasses.fields(Options):
        default = (field.default_factory() if field.default_factory is not dataclasses.MISSING
                   else field.default)
        app.add_config_value(f"edition_{field.name}", default, REBUILD, types=[type(default)])
    app.connect("config-inited", validate, priority=200)


def validate(app: Sphinx, config: Any) -> None:
    """``config-inited``: every path option a non-empty relative path, the PDF's front matter a
    list of page names."""
    for field in dataclasses.fields(Options):
        name, value = f"edition_{field.name}", getattr(config, f"edition_{field.name}")
        if field.name in NOT_PATHS:
            _validate_text(name, value)
        elif isinstance(value, list):
            if not all(isinstance(item, str) and item for item in value):
                example = ("paths relative to the project, e.g. ['_build/pdf/edition.pdf']"
                           if field.name == "bundle"
                           else "page names (docnames), e.g. ['editorial-principles']")
                raise ConfigError(f"{name} must be a list of {example}; it is {value!r}")
        elif not isinstance(value, str) or not value.strip() or value.startswith("/"):
            raise ConfigError(f"{name} must be a path relative to the project, e.g. "
                              f"{getattr(Options, field.name, field.name)!r}; it is {value!r}")


def _validate_text(name: str, value: Any) -> None:
    if name == "edition_roles":
        if not (isinstance(value, dict) and value and all(
                isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip()
                for k, v in value.items())):
            raise ConfigError(f"{name} must map each editorial role to who holds it, e.g. "
                              f"{{'Editors': 'The editors'}}; it is {value!r}")
    elif name == "edition_repository":
        if value and not (isinstance(value, str) and value.startswith("https://")
                          and " " not in value):
            raise ConfigError(f"{name} must be the repository's https:// address, e.g. "
                              f"'https://github.com/OWNER/REPO', or ''; it is {value!r}")
    elif name == "edition_versions":
        if not all(isinstance(item, str) and item for item in value):
            raise ConfigError(f"{name} must be a list of version names; it is {value!r}")


def options(config: Any) -> Options:
    """The options as one typed value."""
    return Options(**{field.name: getattr(config, f"edition_{field.name}")
                      for field in dataclasses.fields(Options)})
