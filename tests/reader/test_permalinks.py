"""Permalinks land where they point, in Chromium: a scholar's link to ¶ 12 or to a note opens the
page with that passage or note on the screen and marked, at every width, however late the notes
are placed and the fonts arrive; a link to a passage or note the page does not have says so.
"""

from __future__ import annotations

import pytest
from conftest import PHONE

WIDE = {"width": 1440, "height": 900}

#: Where an element is on the screen, once the page has settled (fonts, notes placed).
SETTLED_BOX = """async id => {
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  await new Promise(done => setTimeout(done, 150));
  const element = document.getElementById(id);
  const box = element.getBoundingClientRect();
  const header = document.querySelector(".edition-header").getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, height: innerHeight, header: header.bottom,
          shown: element.checkVisibility(),
          atEnd: scrollY + innerHeight >= document.documentElement.scrollHeight - 2};
}"""


def note_ids(open_page, slug: str) -> list[str]:
    page = open_page(f"sources/{slug}.html")
    return page.evaluate("[...document.querySelectorAll('div.edition-note')].map(n => n.id)")


@pytest.mark.parametrize("slug", ["lala-2014", "wiki-expulsion"])
def test_every_note_permalink_lands_on_its_note_on_a_wide_screen(open_page, slug) -> None:
    missed = []
    for note_id in note_ids(open_page, slug):
        page = open_page(f"sources/{slug}.html#{note_id}", viewport=WIDE)
        box = page.evaluate(SETTLED_BOX, note_id)
        if not (box["shown"] and box["header"] - 1 <= box["top"] < box["height"] - 40):
            missed.append(f"{note_id}: top at {box['top']:.0f} px of {box['height']}")
        page.context.close()
    assert missed == [], "these note permalinks opened away from their note"


def test_every_passage_permalink_lands_on_its_passage(open_page) -> None:
    missed = []
    for viewport in (WIDE, PHONE):
        for number in range(1, 43, 4):
            passage = f"lala-2014-p{number:03d}"
            page = open_page(f"sources/lala-2014.html#{passage}", viewport=viewport)
            box = page.evaluate(SETTLED_BOX, passage)
            # at the top of the screen below the header (or as near as the page's end allows)
            if not box["header"] - 1 <= box["top"] <= (box["height"] if box["atEnd"] else
                                                       box["header"] + 80):
                missed.append(f"{passage} at {viewport['width']} px: top at {box['top']:.0f} px")
            page.context.close()
    assert missed == []


def test_a_note_permalink_on_a_phone_shows_its_passage_and_opens_the_note(open_page) -> None:
    for note_id in note_ids(open_page, "wiki-split")[::7]:
        page = open_page(f"sources/wiki-split.html#{note_id}", viewport=PHONE)
        note = page.evaluate(SETTLED_BOX, note_id)
        marker = page.evaluate(SETTLED_BOX, f"ref-{note_id}")
        assert note["shown"] and note["bottom"] <= note["height"] + 1, f"{note_id} is not open"
        assert page.locator(f'[id="{note_id}"]').get_attribute("class").count("edition-open") == 1
        assert marker["header"] - 1 <= marker["top"] and marker["bottom"] <= note["top"], (
            f"{note_id}: its marker is off the screen or under the note")
        page.context.close()


@pytest.mark.parametrize("fragment", ["lala-2014-p099", "lala-2014-a999"])
def test_a_permalink_to_what_the_page_does_not_have_says_so(open_page, fragment) -> None:
    page = open_page(f"sources/lala-2014.html#{fragment}")
    notice = page.get_by_role("alert")
    notice.wait_for()
    text = notice.inner_text().replace("\xa0", " ")
    assert fragment in text and "¶ 1–42" in text  # what the page has
    assert page.evaluate("document.activeElement.id") == "edition-goto-number"
    assert page.errors == []


def test_a_note_of_a_hidden_type_still_opens_from_its_permalink(open_page, site) -> None:
    page = open_page("sources/lala-2014.html", viewport=WIDE)
    page.locator("button.edition-notes-toggle").click()  # the reader hides all notes
    note_id = page.locator("div.edition-note").nth(3).get_attribute("id")
    page.goto(f"{site}/sources/lala-2014.html#{note_id}")
    box = page.evaluate(SETTLED_BOX, note_id)
    assert box["shown"] and 0 <= box["top"] < box["height"]
