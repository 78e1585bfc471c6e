"""What a reader sees of the layout, measured in Chromium on every source page at every width.

A scholar cites "¶ 21" from what the screen shows, so every passage number must stand level with
the first line of its own passage; a sidenote beside the text must start level with its marker's
line (or as close below it as the note before allows), keep the order of the markers and never
overlap another; no page may be wider than the screen; and the reading text must begin on the
first screen of a desktop (at most one screen down on a phone).

The measurements are taken by one script in the page (``MEASURE``) after the fonts have loaded;
the tests compare its figures with the rules, and name every passage and note that breaks one.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import serve

#: Phone, phone, tablet, small laptop, laptop, desktop, wide desktop: (width, height).
VIEWPORTS = [(320, 640), (360, 740), (390, 844), (768, 1024), (1024, 768), (1280, 800),
             (1440, 900), (1920, 1080), (2560, 1440)]

#: The box of the first character of an element's own text (not a passage number, not a note or
#: its marker inside it), as a script's function ``firstLine``.
FIRST_LINE = """const firstLine = passage => {
    const walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT, {acceptNode: node =>
      node.parentElement.closest(".edition-pnum, .edition-note, .edition-marker")
        || !node.textContent.trim() ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    const text = walker.nextNode();
    if (!text) return null;
    const at = text.textContent.search(/\\S/);
    const range = document.createRange();
    range.setStart(text, at); range.setEnd(text, at + 1);
    return range.getClientRects()[0] || null;
  };"""

MEASURE = """async () => {
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const visible = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  FIRST_LINE
  const y = window.scrollY;
  const numbers = [...document.querySelectorAll(".edition-pnum")].map(pnum => {
    const passage = document.getElementById(pnum.getAttribute("href").slice(1));
    const line = firstLine(passage);
    const box = pnum.getBoundingClientRect();
    const style = getComputedStyle(passage);
    return {id: passage.id, label: pnum.textContent, shown: visible(pnum),
            numberMid: box.top + box.height / 2 + y,
            lineMid: line ? line.top + line.height / 2 + y : null,
            passageTop: passage.getBoundingClientRect().top + y,
            lineHeight: parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2};
  });
  const notes = [...document.querySelectorAll(".edition-marker")].map(marker => {
    const note = document.getElementById(marker.getAttribute("href").slice(1));
    const mark = marker.getBoundingClientRect(), box = note.getBoundingClientRect();
    const position = getComputedStyle(note).position;
    return {id: note.id, label: marker.textContent,
            beside: visible(note) && (position === "absolute" || getComputedStyle(note).float !== "none")
                    && !note.classList.contains("edition-open"),
            markerTop: mark.top + y, top: box.top + y, bottom: box.bottom + y,
            left: box.left, height: box.height};
  });
  return {width: document.documentElement.scrollWidth, viewport: innerWidth,
          height: innerHeight, numbers, notes};
}""".replace("FIRST_LINE", FIRST_LINE)


def _measure(open_page, path: str, width: int, height: int) -> dict:
    page = open_page(path, viewport={"width": width, "height": height})
    figures = page.evaluate(MEASURE)
    assert page.errors == []
    return figures


def _source_pages(edition) -> list[str]:
    return [f"{docname}.html" for docname in edition.source_docnames]


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=[f"{w}px" for w, _ in VIEWPORTS])
def test_numbers_and_notes_stay_with_their_text(open_page, edition, width, height) -> None:
    """Every ¶ number level with its passage's first line; every sidenote in marker order, clear
    of the others, and starting no more than one note-height below its marker's line."""
    problems: list[str] = []
    for path in _source_pages(edition):
        figures = _measure(open_page, path, width, height)
        if figures["width"] > width:
            problems.append(f"{path}: the page is {figures['width']} px wide in a {width} px screen")
        for number in figures["numbers"]:
            if not number["shown"] or number["lineMid"] is None:
                problems.append(f"{path} {number['label']}: the number is not shown")
                continue
            off = number["numberMid"] - number["lineMid"]
            if abs(off) > number["lineHeight"] / 2:
                problems.append(f"{path} {number['label']}: the number is {off:+.0f} px from its "
                                f"passage's first line")
        beside = [note for note in figures["notes"] if note["beside"]]
        for before, note in zip(beside, beside[1:]):
            if note["top"] < before["bottom"] - 0.5:
                problems.append(f"{path} note {note['label']}: overlaps note {before['label']}")
        labels = [int(note["label"]) for note in beside]
        if labels != sorted(labels):
            problems.append(f"{path}: sidenotes out of marker order: {labels}")
        tops = [note["top"] for note in beside]
        if tops != sorted(tops):
            problems.append(f"{path}: sidenotes drawn out of order")
        for note in beside:
            below = note["top"] - note["markerTop"]
            if below > note["height"] + 1 or below < -note["height"]:
                problems.append(f"{path} note {note['label']}: starts {below:+.0f} px from its "
                                f"marker (the note is {note['height']:.0f} px high)")
    assert problems == []


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=[f"{w}px" for w, _ in VIEWPORTS])
def test_the_text_begins_on_the_first_screen(open_page, edition, width, height) -> None:
    """¶ 1 begins on the first screen at desktop widths, within two screens on a phone."""
    screens = 1 if width >= 1024 else 2
    late = {}
    for path in _source_pages(edition):
        figures = _measure(open_page, path, width, height)
        first = figures["numbers"][0]["passageTop"]
        if first > screens * height:
            late[path] = f"{first / height:.1f} screens down"
    assert late == {}


# --- bad input: where notes crowd, a very long note, a passage of one word ----------------------

ROOT = Path(__file__).resolve().parents[2]
CROWDED_WORDS = ["Hoxha", "met", "Khrushchev", "in", "Moscow"]


def _note(number: int, passage: str, quote: str, body: str, prefix: str = "") -> str:
    extra = f":prefix: {prefix}\n" if prefix else ""
    return (f":::{{annotation}} demo-a{number:03d}\n:passage: {passage}\n:quote: {quote}\n{extra}"
            f":type: context\n:author: A. Editor\n:date: 2026-11-29\n\n{body}\n:::\n\n")


@pytest.fixture(scope="module")
def crowded_site(tmp_path_factory):
    """The commentary test project with the edition's own theme, CSS and script, and notes that
    crowd: 20 notes on one short passage, a note of 5,000 words, notes on consecutive passages,
    and a note on a passage of one word."""
    from edition.checks.build import build_project

    project = tmp_path_factory.mktemp("crowded") / "project"
    shutil.copytree(ROOT / "tests" / "roots" / "test-commentary", project)
    # a passage of one word, in the received text and on the page
    original = project / "sources" / "originals" / "demo.txt"
    original.write_text(original.read_text(encoding="utf-8").rstrip("\n") + "\n\nTirana.\n",
                        encoding="utf-8")
    page = project / "sources" / "demo.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n(demo-p008)=\nTirana.\n"
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    page.write_text(re.sub(r'sha256: "[0-9a-f]{64}"', f'sha256: "{digest}"', text),
                    encoding="utf-8")
    registry = project / "sources" / "passages.json"
    data = json.loads(registry.read_text(encoding="utf-8"))
    data["passages"]["demo-p008"] = {"fingerprint": hashlib.sha256(b"Tirana.").hexdigest(),
                                     "first_words": "Tirana.", "since": "0.1.0"}
    registry.write_text(json.dumps(data, indent=1), encoding="utf-8")
    notes = [_note(100 + i, "demo-p002", CROWDED_WORDS[i % 5], f"Crowded note {i + 1}.")
             for i in range(20)]
    notes.append(_note(130, "demo-p003", "Warsaw Pact", " ".join(["word"] * 5000)))
    notes += [_note(131 + i, f"demo-p00{4 + i}", word, f"A note on the next passage, {word}.")
              for i, word in enumerate(["fleet", "Comecon", "Stalin", "sailors"])]
    notes.append(_note(140, "demo-p008", "Tirana", "The one word of its passage."))
    commentary = project / "commentary" / "demo.md"
    commentary.write_text(commentary.read_text(encoding="utf-8") + "".join(notes),
                          encoding="utf-8")
    conf = project / "conf.py"
    conf.write_text(
        f"__file__ = {str(ROOT / 'conf.py')!r}\n"
        f"exec(compile(open(__file__, encoding='utf-8').read(), __file__, 'exec'))\n"
        f"exclude_patterns = ['_build', 'sources/originals', 'commentary']\n"
        f"html_static_path = [{str(ROOT / '_static')!r}]\n"
        f"templates_path = [{str(ROOT / '_templates')!r}]\n"
        f"bibtex_bibfiles = ['references.bib']\n", encoding="utf-8")
    outdir = project / "_build" / "html"
    result = build_project(project, outdir, "html")
    problems = [w for w in result.warnings if "demo-a1" in w or "demo-p008" in w]
    assert problems == []
    return outdir


@pytest.mark.parametrize("width, height", [(390, 844), (1440, 900), (1920, 1080)],
                         ids=["390px", "1440px", "1920px"])
def test_crowded_notes_keep_the_layout_rules(browser, crowded_site, width, height) -> None:
    """20 notes on a short passage, a 5,000-word note, a passage of one word: every number level
    with its line, notes in order, clear of each other and near their markers, no overflow."""
    context = browser.new_context(viewport={"width": width, "height": height})
    errors: list[str] = []
    try:
        with serve(crowded_site) as url:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{url}/sources/demo.html")
            figures = page.evaluate(MEASURE)
    finally:
        context.close()
    assert errors == []
    assert figures["width"] <= width
    assert len(figures["notes"]) >= 26
    assert [n["label"] for n in figures["numbers"] if n["lineMid"] is None
            or abs(n["numberMid"] - n["lineMid"]) > n["lineHeight"] / 2] == []
    beside = [note for note in figures["notes"] if note["beside"]]
    if width >= 1312:
        assert len(beside) >= 8  # the notes that can stand near their words do
    for before, note in zip(beside, beside[1:]):
        assert note["top"] >= before["bottom"] - 0.5, (before["label"], note["label"])
    assert [n["top"] for n in beside] == sorted(n["top"] for n in beside)
    far = [(n["label"], n["top"] - n["markerTop"], n["height"]) for n in beside
           if not -n["height"] <= n["top"] - n["markerTop"] <= n["height"] + 1]
    assert far == []


# --- passage numbers of list items: clear of the list's bullets ---------------------------------

LIST_NUMBERS = """async () => {
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  // an item's marker (::marker has no box of its own): an outside marker ends at the item's
  // left edge and is as wide as its text ("• ", "3. ") in the item's font, on its first line
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre";
  document.body.appendChild(probe);
  const markerText = (li, style) => {
    const type = style.listStyleType;
    if (type === "none") return "";
    if (type === "disc") return "\\u2022 ";
    if (type === "circle") return "\\u25e6 ";
    if (type === "square") return "\\u25aa ";
    return (li.value || [...li.parentElement.children].indexOf(li) + 1) + ". ";
  };
  FIRST_LINE
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5
                            && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const found = [...document.querySelectorAll("li .edition-pnum")].map(pnum => {
    const li = pnum.closest("li"), style = getComputedStyle(li);
    probe.style.font = style.font;
    probe.textContent = markerText(li, style);
    const item = li.getBoundingClientRect(), text = firstLine(li);
    const line = text || item;
    const outside = style.listStylePosition === "outside";
    const marker = {left: item.left - (outside ? probe.offsetWidth : 0),
                    right: item.left + (outside ? 0 : probe.offsetWidth),
                    top: line.top, bottom: line.bottom};
    // the number's glyphs, not its box (which is wider, the text set at its right)
    const glyphs = document.createRange();
    glyphs.selectNodeContents(pnum);
    const number = glyphs.getBoundingClientRect();
    return {label: pnum.textContent, left: Math.round(number.left),
            onMarker: probe.offsetWidth > 0 && overlap(number, marker),
            onText: !!text && overlap(number, text),
            offScreen: number.left < 0 || number.right > innerWidth};
  });
  probe.remove();
  return found;
}""".replace("FIRST_LINE", FIRST_LINE)


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=[f"{w}px" for w, _ in VIEWPORTS])
def test_list_items_numbers_stand_clear_of_their_bullets(open_page, edition, width,
                                                         height) -> None:
    """A list item's ¶ number neither overlaps the item's bullet (lala-2014's References read
    "¶ ●5") nor its text, and stays on the screen."""
    problems, counted = [], 0
    for path in _source_pages(edition):
        page = open_page(path, viewport={"width": width, "height": height})
        for number in page.evaluate(LIST_NUMBERS):
            counted += 1
            where = f"{path} {number['label']} (at x = {number['left']})"
            if number["onMarker"]:
                problems.append(f"{where}: on the list's bullet")
            if number["onText"]:
                problems.append(f"{where}: on the item's text")
            if number["offScreen"]:
                problems.append(f"{where}: off the screen")
    assert counted >= 30  # lala-2014's references, wiki-expulsion's and wiki-split's lists
    assert problems == []


# --- the page's columns: no empty sidebar column beside the text --------------------------------

COLUMNS = """async () => {
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const shown = el => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  // what the page shows in its columns: the text's paragraphs and headings, the passage
  // numbers' glyphs, the notes beside the text
  const boxes = [...document.querySelectorAll(
      "div.body p, div.body h1, div.body h2, .edition-note:not(.edition-open)")]
    .filter(el => shown(el) && !el.closest(".edition-note.edition-open, dialog, details:not([open])"))
    .map(el => el.getBoundingClientRect());
  for (const pnum of document.querySelectorAll(".edition-pnum")) {
    const glyphs = document.createRange();
    glyphs.selectNodeContents(pnum);
    const box = glyphs.getBoundingClientRect();
    if (box.width) boxes.push(box);
  }
  const sidebar = document.querySelector("div.sphinxsidebar");
  const text = document.querySelector("div.body p[id]") || document.querySelector("div.body p");
  return {left: Math.min(...boxes.map(b => b.left)),
          right: innerWidth - Math.max(...boxes.map(b => b.right)),
          sidebar: !!sidebar && shown(sidebar),
          measure: text.getBoundingClientRect().width / parseFloat(getComputedStyle(text).fontSize),
          width: document.documentElement.scrollWidth};
}"""

WIDE_VIEWPORTS = [(w, h) for w, h in VIEWPORTS if w >= 1024]


@pytest.mark.parametrize("width, height", WIDE_VIEWPORTS, ids=[f"{w}px" for w, _ in WIDE_VIEWPORTS])
def test_the_page_stands_centred_with_no_empty_sidebar_column(open_page, edition, width,
                                                              height) -> None:
    """The header's menu is the edition's navigation: no theme sidebar beside the text (at 1440
    px alabaster's left an empty column of 340 px once its links had scrolled away), the text
    with its numbers and notes centred on the screen, its lines at most 45 em long."""
    problems = []
    for path in ["index.html", "introduction.html", *_source_pages(edition)]:
        figures = _measure_columns(open_page, path, width, height)
        if figures["sidebar"]:
            problems.append(f"{path}: a sidebar beside the text")
        if abs(figures["left"] - figures["right"]) > 64:
            problems.append(f"{path}: {figures['left']:.0f} px free on the left, "
                            f"{figures['right']:.0f} px on the right")
        if figures["measure"] > 45:
            problems.append(f"{path}: lines {figures['measure']:.0f} em long")
        if figures["width"] > width:
            problems.append(f"{path}: {figures['width']} px wide in a {width} px screen")
    assert problems == []


def _measure_columns(open_page, path: str, width: int, height: int) -> dict:
    page = open_page(path, viewport={"width": width, "height": height})
    page.mouse.wheel(0, height * 2)  # below the top of the page, where a sidebar's links end
    figures = page.evaluate(COLUMNS)
    assert page.errors == []
    return figures
