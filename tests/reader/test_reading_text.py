"""No reader control changes a word of the reading text, in Chromium, on every source page.

The reader's controls (all notes shown or hidden, each combination of note types, the names
shown, dark mode, print, a note opened on a phone, a followed search or register link) change
what surrounds the source's words, never the words: each passage's visible words are compared
with the received text, as the edition's plain-text export gives it (``sources/<slug>.txt``,
itself checked against the witness by the fidelity tests), after every change of every control.

"Visible" is what a reader sees: every text node of the passage outside the editors' additions
(passage number, markers, notes, supplied words, editorial notes) whose element the browser
renders (``checkVisibility``: not ``display: none``, not hidden, not transparent).
"""

from __future__ import annotations

import re

import pytest
from conftest import PHONE

SOURCES = ["edemskiy-2025", "lala-2014", "stalin-deed", "wiki-expulsion", "wiki-split"]

#: The passages' visible words, id → text with whitespace collapsed (run in the page).
VISIBLE_WORDS = r"""() => {
  const editors = ".edition-pnum, .edition-note, .edition-marker, .edition-editorial, " +
    ".edition-supplied, .edition-review, .headerlink";
  const words = {};
  for (const pnum of document.querySelectorAll("a.edition-pnum")) {
    const passage = document.getElementById(pnum.getAttribute("href").slice(1));
    const walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT, {acceptNode: node =>
      node.parentElement.closest(editors) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.checkVisibility({visibilityProperty: true, opacityProperty: true}))
        text += node.textContent;
    }
    words[passage.id] = text.replace(/\s+/g, " ").trim();
  }
  return words;
}"""

#: Every combination of the note types, set with the page's own check boxes: the passages that
#: differ from ``wanted`` under each, as {"hidden types": [passage ids]} (run in the page).
EVERY_COMBINATION = r"""([wanted, visibleWords]) => {
  const read = eval(visibleWords);
  const boxes = [...document.querySelectorAll("input.edition-type-filter")];
  const wrong = {};
  for (let hidden = 0; hidden < 2 ** boxes.length; hidden++) {
    boxes.forEach((box, i) => { if (box.checked === Boolean(hidden & (1 << i))) box.click(); });
    const words = read();
    const differ = Object.keys(wanted).filter(id => words[id] !== wanted[id]);
    if (differ.length)
      wrong[boxes.filter(box => !box.checked).map(box => box.value).join("+")] = differ;
  }
  return {combinations: 2 ** boxes.length, wrong};
}"""


def received_words(outdir, slug: str) -> dict[str, str]:
    """Each passage's words in the plain-text export: the lines after its "[id] ¶ N" line."""
    passages: dict[str, list[str]] = {}
    current = None
    for line in (outdir / "sources" / f"{slug}.txt").read_text(encoding="utf-8").splitlines():
        if match := re.fullmatch(r"\[([\w-]+)\] ¶ \d+", line):
            current = match.group(1)
            passages[current] = []
        elif line.startswith("#"):
            current = None  # a heading of the source ends the passage before it
        elif current and line.strip() and not line.startswith("%"):
            passages[current].append(line)
    return {key: " ".join(" ".join(lines).split()) for key, lines in passages.items()}


def differences(page, wanted: dict[str, str]) -> list[str]:
    """The passages whose visible words differ from the received text, each with where."""
    seen = page.evaluate(VISIBLE_WORDS)
    found = []
    for key, words in wanted.items():
        shown = seen.get(key)
        if shown != words:
            shown = shown or ""
            at = next((i for i, (a, b) in enumerate(zip(shown, words)) if a != b),
                      min(len(shown), len(words)))
            found.append(f"{key}: shows …{shown[max(0, at - 30):at + 30]!r}…, "
                         f"received …{words[max(0, at - 30):at + 30]!r}…")
    return found


@pytest.mark.parametrize("slug", SOURCES)
def test_every_combination_of_note_types_keeps_every_word(open_page, edition, slug) -> None:
    wanted = received_words(edition.outdir, slug)
    page = open_page(f"sources/{slug}.html")
    assert len(wanted) == page.locator("a.edition-pnum").count() > 0
    assert differences(page, wanted) == []
    result = page.evaluate(EVERY_COMBINATION, [wanted, VISIBLE_WORDS])
    assert result["combinations"] >= 2 ** 6  # six or seven note types on every source page
    assert result["wrong"] == {}, (
        f"hiding these note types changed the words of these passages: {result['wrong']}")
    assert page.errors == []


@pytest.mark.parametrize("slug", SOURCES)
def test_the_other_controls_keep_every_word(open_page, edition, site, slug) -> None:
    wanted = received_words(edition.outdir, slug)
    for viewport, scheme in ((None, "light"), (PHONE, "dark")):
        page = open_page(f"sources/{slug}.html", viewport=viewport, color_scheme=scheme)
        assert differences(page, wanted) == [], f"on opening, {viewport or 'wide'}, {scheme}"
        for control in ("button.edition-notes-toggle", "button.edition-names-toggle"):
            page.locator(control).click()  # on ...
            assert differences(page, wanted) == [], f"{control} pressed, {viewport or 'wide'}"
            page.locator(control).click()  # ... and off again
            assert differences(page, wanted) == [], f"{control} released, {viewport or 'wide'}"
        page.emulate_media(media="print")
        assert differences(page, wanted) == [], f"printed, {viewport or 'wide'}"
        page.emulate_media(media="screen")
        marker = page.locator("a.edition-marker").nth(2)
        marker.scroll_into_view_if_needed()
        marker.click()  # a note opened (over the foot of a phone's screen; in full on a wide one)
        assert differences(page, wanted) == [], f"a note opened, {viewport or 'wide'}"
        page.keyboard.press("Escape")
    # a followed search link marks the words searched for, and a register link the mentions
    passage, words = next((key, text) for key, text in wanted.items() if len(text) > 80)
    word = next(w for w in re.findall(r"[^\W\d_]{5,}", words))
    for query in (f"?words={word.lower()}", "?entry=soviet-union"):
        page = open_page(f"sources/{slug}.html{query}#{passage}")
        assert differences(page, wanted) == [], f"reached by {query}"
