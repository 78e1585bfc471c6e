"""The commentary room: stand-off notes in ``commentary/<slug>.md``, attached to exact words.

- :mod:`.files`: a source page's commentary file, read with the page (``source-read``), its
  dependency, and the folder's rules;
- :mod:`.annotations`: a note's directive, and the transform that marks its words and places it;
- :mod:`.published`: the registry of published notes checked; a notice of each withdrawn note
  at its anchor;
- :mod:`.overview`: the list of every note and the counts of notes, rewritten when notes change.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import annotations, files, overview, published


def setup(app: Sphinx) -> None:
    app.add_node(overview.annotation_overview)
    app.add_node(overview.note_count)
    app.add_node(overview.note_contributors)
    app.add_directive("note-contributors", overview.NoteContributorsDirective)
    app.add_directive("annotation", annotations.AnnotationDirective)
    app.add_directive("edition-commentary", files.CommentaryDirective)
    app.add_directive("annotation-overview", overview.AnnotationOverviewDirective)
    app.add_role("notes", overview.NoteCountRole())
    app.add_transform(files.CommentaryHoldsOnlyNotes)
    app.add_transform(annotations.AttachAnnotations)
    app.add_transform(published.PublishedNotes)
    app.add_post_transform(annotations.NotesIntoMarkers)
    app.connect("source-read", files.include_commentary)
    app.connect("env-before-read-docs", files.remember_reread)
    app.connect("env-get-outdated", files.outdated_by_new_commentary)
    app.connect("env-get-updated", overview.overviews_to_rewrite)
    app.connect("doctree-resolved", overview.fill_overviews)
