"""The release files: .zenodo.json against Zenodo's deposit metadata fields, and the release
procedure (tools/release.py) on a copy of the files."""

from __future__ import annotations

import json
import shutil
import sys
import tomllib

import jsonschema
import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import release  # noqa: E402

SCHEMA = json.loads((ROOT / "tests" / "exports" / "data" / "zenodo-deposit.schema.json")
                    .read_text("utf-8"))


def test_zenodo_metadata_has_zenodo_s_deposit_fields_and_the_edition_s_version():
    data = json.loads((ROOT / ".zenodo.json").read_text("utf-8"))
    jsonschema.validate(data, SCHEMA)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert data["version"] == version
    assert data["license"] == "cc-by-4.0"


@pytest.mark.parametrize("broken", [{"upload_type": "book"}, {"creators": []},
                                    {"version": "next"}])
def test_the_schema_refuses_what_zenodo_would(broken):
    data = json.loads((ROOT / ".zenodo.json").read_text("utf-8")) | broken
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_the_release_procedure_sets_version_and_date_everywhere(tmp_path):
    for name in ("CHANGELOG.md", "pyproject.toml", "CITATION.cff", ".zenodo.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    # the next release after the repository's own, its CHANGELOG entry written but not dated
    released = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    major, minor, _ = map(int, released.split("."))
    version = f"{major}.{minor + 1}.0"
    changelog = (tmp_path / "CHANGELOG.md").read_text("utf-8")
    first = changelog.index("\n## [") + 1
    (tmp_path / "CHANGELOG.md").write_text(
        changelog[:first] + f"## [{version}] – unreleased\n\n- A change.\n\n" + changelog[first:],
        "utf-8")
    assert release.main([version, "--date", "2026-12-20", "--project", str(tmp_path)]) == 0
    assert tomllib.loads((tmp_path / "pyproject.toml").read_text("utf-8"))["project"][
        "version"] == version
    assert f"## [{version}] – 2026-12-20" in (tmp_path / "CHANGELOG.md").read_text("utf-8")
    cff = yaml.safe_load((tmp_path / "CITATION.cff").read_text("utf-8"))
    assert (cff["version"], str(cff["date-released"])) == (version, "2026-12-20")
    zenodo = json.loads((tmp_path / ".zenodo.json").read_text("utf-8"))
    jsonschema.validate(zenodo, SCHEMA)
    assert (zenodo["version"], zenodo["publication_date"]) == (version, "2026-12-20")


def test_the_release_procedure_dates_keep_a_changelog_unreleased_heading(tmp_path):
    for name in ("CHANGELOG.md", "pyproject.toml", "CITATION.cff", ".zenodo.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    changelog = (tmp_path / "CHANGELOG.md").read_text("utf-8")
    first = changelog.index("\n## [") + 1
    (tmp_path / "CHANGELOG.md").write_text(
        changelog[:first] + "## [Unreleased]\n\n- A change.\n\n## [Unreleased]\n\n"
        + changelog[first:], "utf-8")
    assert release.main(["9.9.0", "--date", "2026-12-20", "--project", str(tmp_path)]) == 0
    text = (tmp_path / "CHANGELOG.md").read_text("utf-8")
    # only the topmost heading becomes the release
    assert "## [9.9.0] – 2026-12-20\n\n- A change.\n\n## [Unreleased]" in text
