"""The typography of the labels the edition writes, read in the built HTML.

"¶ 12" and "note 17" name a passage and a note: a line must never break between the sign or the
word and its number (a reader would find "¶" at the end of one line and "12" at the start of the
next). The edition writes them with a no-break space, wherever the editors' text is: every page
but the sources, and on a source's page its notes, the editors' matter and its internal links'
labels. The source's own words are not touched (the fidelity tests read them).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

#: "¶ 12", "note 17", "notes 3": the sign or word, an ordinary (breakable) space, a number
BREAKABLE = re.compile(r"(?:¶|\b[Nn]otes?) \d+")
#: where the editors write on a source's page
EDITORS_ON_A_SOURCE = ("a.edition-pnum, .edition-note, .edition-editorial, details.edition-review, "
                       "a.reference.internal:not(.edition-mention)")


def _breakable_labels(edition) -> dict[str, list[str]]:
    found = {}
    for page in edition.pages:
        soup = BeautifulSoup((edition.outdir / page).read_text("utf-8"), "html.parser")
        # not code, the source's words linked to the register, or the citations the processor
        # renders in each style (the exports' tests read them, as a reader copies them)
        for code in soup.select("code, pre, a.edition-mention, .edition-how-to-cite"):
            code.decompose()
        body = soup.select_one("div.body")
        parts = (body.select(EDITORS_ON_A_SOURCE) if page.startswith("sources/")
                 else [body, *soup.select("header.edition-header")])
        labels = sorted({label for part in parts for label in BREAKABLE.findall(part.get_text())})
        if labels:
            found[page] = labels[:6]
    return found


def test_no_line_breaks_between_note_or_pilcrow_and_its_number(edition) -> None:
    assert _breakable_labels(edition) == {}
    # the labels are there, with their no-break spaces
    bibliography = edition.html("bibliography")
    assert re.search(r"[a-z-]+ ¶\u00a0\d+, note\u00a0\d+", bibliography)
    review = edition.html("sources/lala-2014")
    assert "Review of ¶\u00a025" in review and "note\u00a019" in review
