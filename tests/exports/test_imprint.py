"""The imprint's parts from the configuration: roles and who holds them, the repository and its
issue tracker, the versions and the DOI; a wrong value is one clear error."""

from __future__ import annotations

import types

import pytest
from bs4 import BeautifulSoup
from edition.checks.build import build_project
from edition.config import Options, validate
from sphinx.errors import ConfigError

IMPRINT = """# About

```{imprint} roles
```

```{imprint} repository
```

```{imprint} versions
```

```{note-contributors}
```
"""


def _imprint(make_project, tmp_path, **overrides) -> str:
    srcdir = make_project("commentary")
    (srcdir / "imprint.md").write_text(IMPRINT, "utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text("utf-8") + "\n```{toctree}\n:hidden:\n\nimprint\n```\n",
                     "utf-8")
    result = build_project(srcdir, tmp_path / "html", "html", overrides=overrides)
    assert [w for w in result.warnings if "imprint" in w] == []
    body = BeautifulSoup((tmp_path / "html" / "imprint.html").read_text("utf-8"), "html.parser")
    return body.select_one("div.body")


def test_the_default_imprint_names_the_collective_and_says_what_it_stands_for(make_project,
                                                                              tmp_path):
    body = _imprint(make_project, tmp_path)
    roles = [dt.get_text() for dt in body.select("dl.edition-roles dt")]
    assert len(roles) == 3
    assert {dd.get_text().strip() for dd in body.select("dl.edition-roles dd")} == {"The editors"}
    text = " ".join(body.get_text().split())
    assert "“The editors” stands for the people who prepare and maintain this edition" in text
    assert "built without the repository's address" in text
    assert "No DOI has been minted for it yet" in text
    # the contributors, from the notes' :author: fields of the test project
    assert [li.get_text() for li in body.select(".edition-contributors li")][:2] == [
        "A. Editor: 7 notes", "B. Editor: 7 notes"]


def test_configured_roles_repository_and_doi_are_shown(make_project, tmp_path):
    body = _imprint(make_project, tmp_path,
                    edition_roles={"General editor": "Jane Example"},
                    edition_repository="https://github.com/example/edition",
                    edition_doi="10.5281/zenodo.0000000")
    assert [(dt.get_text(), dd.get_text().strip()) for dt, dd in zip(
        body.select("dl.edition-roles dt"), body.select("dl.edition-roles dd"))] == [
        ("General editor", "Jane Example")]
    assert "stands for" not in body.get_text()
    links = {a.get_text(): a["href"] for a in body.select("a")}
    assert links["issue tracker"] == "https://github.com/example/edition/issues"
    assert links["CHANGELOG.md"] == "https://github.com/example/edition/blob/main/CHANGELOG.md#errata"
    assert links["https://doi.org/10.5281/zenodo.0000000"]


@pytest.mark.parametrize(("name", "value", "message"), [
    ("roles", {"Editor": ""}, "edition_roles must map each editorial role to who holds it"),
    ("repository", "github.com/x/y", "edition_repository must be the repository's https://"),
])
def test_a_wrong_publication_option_is_one_clear_error(name, value, message):
    config = types.SimpleNamespace(**{f"edition_{k}": v for k, v in vars(Options()).items()})
    setattr(config, f"edition_{name}", value)
    with pytest.raises(ConfigError, match=message):
        validate(None, config)
