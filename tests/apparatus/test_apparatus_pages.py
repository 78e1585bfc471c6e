"""The register, timeline and claims pages in a real browser (issue 16): usable by keyboard, no
wider than a 320 px phone, clean for axe; the register as an index (A–Z, kinds, variants'
anchors, mentions in context that mark their words in the passage)."""

from __future__ import annotations

import pytest
from conftest import serious_violations

NARROW = {"width": 320, "height": 700}
APPARATUS = ("register.html", "timeline.html", "claims.html", "search.html?q=Hrushov")


@pytest.mark.parametrize("path", APPARATUS)
@pytest.mark.parametrize("width", [320, 390, 768])
def test_apparatus_pages_fit_the_screen(open_page, path, width) -> None:
    page = open_page(path, viewport={"width": width, "height": 700})
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.errors == []


@pytest.mark.parametrize("path", APPARATUS)
def test_apparatus_pages_are_clean_for_axe(open_page, path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(path, viewport=NARROW, color_scheme="dark")
    page.wait_for_timeout(300)
    assert serious_violations(Axe().run(page)) == []


def test_register_files_persons_by_surname(open_page) -> None:
    page = open_page("register.html")
    terms = page.locator("dl.edition-register > dt").all_inner_texts()
    khrushchev = next(t for t in terms if t.startswith("Khrushchev, Nikita"))
    stalin = next(t for t in terms if t.startswith("Stalin, Joseph"))
    assert terms.index(khrushchev) < terms.index(stalin)
    letter = page.locator("#term-khrushchev-nikita").evaluate(
        "dt => dt.closest('dl').previousElementSibling.textContent")
    assert letter == "K"


def test_a_to_z_and_kind_filters_work_by_keyboard(open_page) -> None:
    page = open_page("register.html")
    total = page.locator("dl.edition-register > dt").count()
    link = page.locator(".edition-register-az a", has_text="S")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#letter-s")
    assert page.locator("#letter-s").evaluate(
        "h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    persons = page.locator(".edition-register-filters button[data-kind=person]")
    persons.focus()
    page.keyboard.press("Space")
    assert persons.get_attribute("aria-pressed") == "false"
    visible = [dt for dt in page.locator("dl.edition-register > dt").all() if dt.is_visible()]
    assert 0 < len(visible) < total
    assert not page.locator("#term-khrushchev-nikita").is_visible()
    assert page.locator(".edition-register-count").inner_text().endswith(f"of {total} entries shown.")
    page.keyboard.press("Enter")
    assert persons.get_attribute("aria-pressed") == "true"
    assert page.locator("#term-khrushchev-nikita").is_visible()


def test_a_variant_anchor_reaches_its_entry_with_mentions_open(open_page) -> None:
    page = open_page("register.html#term-hrushov")
    entry = page.locator("#term-khrushchev-nikita")
    assert entry.evaluate("dt => { const r = dt.getBoundingClientRect(); "
                          "return r.top >= 0 && r.top < innerHeight / 2; }")
    details = page.locator("#term-khrushchev-nikita + dd details.edition-register-mentions")
    assert details.evaluate("d => d.open")
    titles = details.locator(".edition-mentions-title").all_inner_texts()
    assert len(titles) == 5 and len(set(titles)) == 5


def test_mentions_are_grouped_in_the_editions_order(open_page) -> None:
    page = open_page("register.html")
    orders = []
    for details in page.locator("details.edition-register-mentions").all():
        orders.append(details.evaluate(
            "d => Array.from(d.querySelectorAll('[data-source]')).map(s => s.dataset.source)"))
    full = max(orders, key=len)
    for order in orders:
        assert order == [slug for slug in full if slug in order], order


def test_following_a_mention_marks_it_in_its_passage(open_page) -> None:
    page = open_page("register.html#term-khrushchev-nikita")
    details = page.locator("#term-khrushchev-nikita + dd details.edition-register-mentions")
    item = details.locator("li").nth(2)
    context = item.locator(".edition-mention-context strong").inner_text()
    link = item.locator("a")
    passage_id = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(f"**#{passage_id}")
    found = page.locator(f'[id="{passage_id}"] .edition-found')
    assert found.count() >= 1
    assert context in found.all_inner_texts()


def test_timeline_filters_by_source_disputed_and_years_by_keyboard(open_page) -> None:
    page = open_page("timeline.html", viewport=NARROW)
    rows = page.locator("table.edition-timeline tbody tr")
    total = rows.count()

    def shown() -> list:
        return [row for row in rows.all() if row.is_visible()]

    source = page.get_by_label("Source", exact=True)
    source.focus()
    source.select_option("lala-2014")
    visible = shown()
    assert 0 < len(visible) < total
    assert all(row.locator('a[href*="lala-2014.html"]').count() for row in visible)
    source.select_option("")
    differ = page.get_by_label("Only where the sources differ")
    differ.focus()
    page.keyboard.press("Space")
    visible = shown()
    assert visible and all("edition-disputed-row" in row.get_attribute("class") for row in visible)
    # a disputed event says how each source dates it, linked to the passages
    assert all(row.locator(".edition-event-readings a").count() >= 1 for row in visible)
    page.keyboard.press("Space")
    page.get_by_label("From").fill("1961")
    page.get_by_label("to", exact=True).fill("1961")
    visible = shown()
    assert visible and all("edition-year-1961" in row.get_attribute("class") for row in visible)
    assert page.locator(".edition-filters [role=status]").inner_text() == \
        f"{len(visible)} of {total} events shown."


def test_claims_synopsis_and_its_filters(open_page) -> None:
    page = open_page("claims.html", viewport={"width": 1440, "height": 900})
    row = page.locator("#claim-vlora-base-built")
    cells = row.locator(".edition-synopsis-cell")
    assert cells.count() == 5
    tops = {round(cell.bounding_box()["y"]) for cell in cells.all()}
    assert len(tops) == 1, "the five sources side by side on a wide screen"
    assert row.locator(".edition-claim-silent").count() == 2
    assert row.locator(".edition-claim-silent").first.inner_text().endswith("Silent on this point.")
    claims = page.locator(".edition-claim")
    total = claims.count()
    disagree = page.get_by_label("Only where the sources disagree")
    disagree.focus()
    page.keyboard.press("Space")
    visible = [c for c in claims.all() if c.is_visible()]
    assert 0 < len(visible) < total
    assert all("edition-claim-disagree" in c.get_attribute("class") for c in visible)
    page.keyboard.press("Space")
    page.get_by_label("Topic").select_option("warsaw-pact")
    visible = [c for c in claims.all() if c.is_visible()]
    assert len(visible) >= 2
    assert all("Warsaw" in c.locator(".edition-claim-point").inner_text() for c in visible)


def test_claims_stack_on_a_phone(open_page) -> None:
    page = open_page("claims.html", viewport=NARROW)
    cells = page.locator("#claim-vlora-base-built .edition-synopsis-cell").all()
    xs = {round(cell.bounding_box()["x"]) for cell in cells}
    assert len(xs) == 1


@pytest.mark.parametrize("width", [390, 1440])
def test_the_bibliography_hangs_every_entry_from_its_label(open_page, width) -> None:
    """Each entry's label on its own line and its text indented below it, at one indent for all
    (the labels floated beside the text, so that every entry wrapped to a different indent)."""
    page = open_page("bibliography.html", viewport={"width": width, "height": 800})
    boxes = page.evaluate("""() => [...document.querySelectorAll('div.citation')].map(entry => {
        const label = entry.querySelector('.label').getBoundingClientRect();
        const text = entry.querySelector('p').getBoundingClientRect();
        return [entry.id, label.left, label.bottom, text.left, text.top]; })""")
    assert len(boxes) > 40
    indents = {round(text_left - label_left) for _, label_left, _, text_left, _ in boxes}
    assert len(indents) == 1 and 10 <= indents.pop() <= 40, indents
    assert all(text_top >= label_bottom - 1 for _, _, label_bottom, _, text_top in boxes)
