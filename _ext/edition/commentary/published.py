"""Published notes: their ids never break (``sources/notes.json``, :mod:`edition.core.registry`).

While a source page is read, :class:`PublishedNotes` compares its notes with the registry: a
published note that has disappeared without a withdrawal record is a located warning (the strict
build fails), and so is a withdrawn id used again; a withdrawn note leaves a notice at its anchor,
after its passage ("Note lala-2014-a016, withdrawn in 0.2.0: reason"), so that an old link lands
somewhere true. ``nox -s passages`` records new notes and, with ``--withdraw``, withdrawals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..core.domain import depend_on_file, published_notes
from ..core.nodes import editorial_note
from ..core.registry import RegistryError
from ..core.warnings_ import EditionWarning, warn
from .files import commentary_path


class PublishedNotes(SphinxTransform):
    """Check the page's notes against the registry of published notes; put a notice of each
    withdrawn note at its anchor."""

    default_priority = 411  # after AttachAnnotations (410) has recorded the notes

    def apply(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("edition")
        docname = self.env.docname
        slug = domain.sources.get(docname)
        if slug is None:
            return
        path = commentary_path(self.env, slug)
        registry_file = Path(self.env.srcdir) / self.config.edition_note_registry
        depend_on_file(self.env, registry_file)
        registry = published_notes(self.env)
        location = f"{path}:1"
        if isinstance(registry, RegistryError):
            warn(EditionWarning.REGISTRY, str(registry), f"{registry_file}:1")
            return
        present = domain.note_ids(docname)  # a note left out was reported at its own line
        for note_id, entry in sorted(registry.items()):
            if note_id.rsplit("-a", 1)[0] != slug:
                continue
            withdrawn = entry.get("withdrawn")
            if withdrawn is None and note_id not in present:
                warn(EditionWarning.REGISTRY,
                     f"published note '{note_id}' (on {entry['passage']}) has disappeared "
                     f"without a withdrawal record; note ids are permanent: restore it, or "
                     f"withdraw it with: nox -s passages -- --withdraw {note_id} --reason "
                     f"\"...\"", location)
            elif withdrawn is not None and note_id in present:
                note = domain.data["annotations"][note_id]
                warn(EditionWarning.REGISTRY,
                     f"note id '{note_id}' was withdrawn in {withdrawn.get('version', '?')} and "
                     f"cannot be used again: give the note the next free id",
                     (note["source"], note["line"]))
            elif withdrawn is not None:
                self._tombstone(note_id, entry, withdrawn)

    def _tombstone(self, note_id: str, entry: dict[str, Any], withdrawn: dict[str, Any]) -> None:
        text = (f"Note {note_id} was withdrawn in {withdrawn.get('version', '?')}: "
                f"{withdrawn.get('reason', 'no reason recorded')}")
        notice = editorial_note(kind="withdrawn", ids=[note_id],
                                classes=["edition-editorial", "edition-withdrawn"])
        notice += nodes.paragraph(text, text)
        block = self.document.ids.get(entry["passage"])
        if block is None or block.parent is None:
            section = next(iter(self.document.findall(nodes.section)), self.document)
            section += notice
        else:
            block.parent.insert(block.parent.index(block) + 1, notice)
