"""The publication's script in Chromium (reader/static/publication.js): the 404 page's box goes to
a passage of any source; a version's link to the latest keeps the place read."""

from __future__ import annotations

import re


def test_the_404_page_goes_to_a_passage_of_any_source(open_page) -> None:
    page = open_page("404.html")
    page.select_option("#edition-goto-any-source", label="Lala 2014")
    page.fill("form.edition-goto-any input", "12")
    page.press("form.edition-goto-any input", "Enter")
    page.wait_for_url(re.compile(r"sources/lala-2014\.html#lala-2014-p012$"))
    assert page.locator("#lala-2014-p012").count() == 1
    assert page.errors == []


def test_the_404_page_searches_the_edition(open_page) -> None:
    page = open_page("404.html")
    page.fill("#edition-find-q", "Khrushchev")
    page.press("#edition-find-q", "Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Khrushchev$"))


def test_a_link_to_the_same_place_keeps_the_passage_read(open_page) -> None:
    page = open_page("sources/lala-2014.html#lala-2014-p012")
    # a page of an older version links the latest like this (tools/versions.py builds it)
    page.evaluate("""() => {
      const a = document.createElement('a');
      a.className = 'edition-same-place'; a.href = 'wiki-split.html'; a.id = 'same';
      a.textContent = 'latest'; document.body.prepend(a);
      const s = document.createElement('script');
      s.src = '../_static/publication.js'; document.body.append(s);
      return new Promise(resolve => s.onload = resolve);
    }""")
    page.click("#same")
    page.wait_for_url(re.compile(r"sources/wiki-split\.html#lala-2014-p012$"))
