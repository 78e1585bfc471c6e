"""A source's rights in its front matter (licence, rights_holder, permission): each wrong value
is one located error, and the record shows them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import located_warnings

GOOD = ('  rights: "CC BY 4.0"\n  licence: "CC-BY-4.0"\n  rights_holder: "Demo Site"\n'
        '  permission: "open-licence"\n')


def _project(make_project, rights: str):
    srcdir = make_project("source")
    page = srcdir / "sources" / "demo.md"
    text = page.read_text("utf-8")
    assert '  rights: "CC BY 4.0"\n' in text
    page.write_text(text.replace('  rights: "CC BY 4.0"\n', rights), "utf-8")
    return srcdir


@pytest.mark.parametrize(("rights", "message"), [
    (GOOD.replace('"CC-BY-4.0"', '"cc by 4.0"'),
     "sources/demo.md:13: WARNING: unknown licence 'cc by 4.0'; did you mean 'CC-BY-4.0'? "
     "licences: CC-BY-4.0, CC-BY-SA-4.0, CC-BY-SA-3.0, CC-BY-SA, CC-BY-NC-4.0, "
     "all-rights-reserved, unknown (say 'unknown' when it was not established) "
     "[edition.front_matter]"),
    (GOOD.replace('"open-licence"', '"yes"'),
     "sources/demo.md:15: WARNING: unknown permission 'yes'; permissions: open-licence, granted, "
     "not-granted, unknown [edition.front_matter]"),
    (GOOD.replace('"CC-BY-4.0"', '"unknown"'),
     "sources/demo.md:15: WARNING: permission 'open-licence' but the licence is 'unknown': an "
     "open licence must be named in 'licence' [edition.front_matter]"),
    (GOOD.replace('  rights_holder: "Demo Site"\n', ""),
     "sources/demo.md:13: WARNING: the rights of a source are three fields: "
     "'source.rights_holder' is missing (who holds the rights, as the source says, or unknown) "
     "[edition.front_matter]"),
])
def test_a_wrong_rights_field_is_one_located_error(make_app, make_project, rights, message):
    app = make_app("html", srcdir=_project(make_project, rights), freshenv=True)
    app.build()
    assert [w for w in located_warnings(app) if "demo.md:1" in w] == [message]


def test_the_record_shows_the_rights(make_app, make_project):
    app = make_app("html", srcdir=_project(make_project, GOOD), freshenv=True)
    app.build()
    assert located_warnings(app) == []
    soup = BeautifulSoup((app.outdir / "sources" / "demo.html").read_text("utf-8"), "html.parser")
    text = " ".join(soup.select_one("div.body").get_text().split())
    record = {dt.get_text().rstrip(":"): dd for dt, dd in zip(soup.select("dl.field-list dt"),
                                                              soup.select("dl.field-list dd"))}
    licence = record["Licence"].find("a")
    assert (licence.get_text(), licence["href"]) == (
        "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert record["Rights holder"].get_text().strip() == "Demo Site"
    assert record["Permission to republish"].get_text().strip() == (
        "open-licence: its licence allows republication, with attribution")
