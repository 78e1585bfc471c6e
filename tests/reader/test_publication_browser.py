"""The publication's script in Chromium (reader/static/publication.js): the 404 page's box goes to
a passage of any source; a version's link to the latest keeps the place read. And what the Cite
dialog (_static/edition.js) of a copy built without its public address (the ``site`` fixture)
says and copies."""

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


LOCAL = "a local link: this copy of the edition was built without its public address"


def _cite_texts(dialog) -> list[str]:
    return dialog.locator(".edition-cite-text").all_inner_texts()


def test_without_a_public_address_the_citations_give_no_local_link(open_page, site) -> None:
    """A copy built without EDITION_BASEURL, served on 127.0.0.1: its citations (shown and
    copied) give no address of this machine, and the dialog says the link is local."""
    page = open_page("sources/lala-2014.html", permissions=["clipboard-read", "clipboard-write"])
    page.locator('a.edition-pnum[href="#lala-2014-p012"]').click()
    dialog = page.locator("dialog.edition-cite")
    assert LOCAL in dialog.inner_text()
    texts = _cite_texts(dialog)
    assert len(texts) >= 4 and all("¶ 12" in text for text in texts)
    assert [text for text in texts if "127.0.0.1" in text or "localhost" in text] == []
    assert [text for text in texts if "ccessed" in text] == []  # no day for a local copy
    dialog.get_by_role("button", name="Copy Chicago (author-date)").click()
    dialog.locator("[role=status]", has_text="Copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "¶ 12, in The editors. 2026." in copied and "127.0.0.1" not in copied
    assert not copied.rstrip(".").endswith("#lala-2014-p012")
    page.keyboard.press("Escape")
    note = page.locator("#lala-2014-a003")
    page.locator('a.edition-marker[href="#lala-2014-a003"]').click()
    note.get_by_role("button", name="Cite").click()
    assert LOCAL in dialog.inner_text()
    texts = _cite_texts(dialog)
    assert all("Note a003 on ¶ 30" in text for text in texts)
    assert [text for text in texts if "127.0.0.1" in text or "localhost" in text] == []
    assert page.errors == []
