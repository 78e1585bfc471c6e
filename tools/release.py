"""``nox -s release -- X.Y.Z [--date YYYY-MM-DD]``: prepare the files of a release.

Moves the unreleased CHANGELOG.md entry (``## [X.Y.Z] – unreleased``, or Keep a Changelog's
``## [Unreleased]``) to the release's version and date, and
sets the version in pyproject.toml, CITATION.cff (``version``, ``date-released``) and
.zenodo.json (``version``, ``publication_date``). It changes files only; the editor then checks
the diff, commits ("Release X.Y.Z") and tags ``vX.Y.Z`` (CONTRIBUTING.md, "Releasing").
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nox -s release --", description=__doc__.split("\n")[0])
    parser.add_argument("version", help="the release, X.Y.Z")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--project", default=str(ROOT))
    args = parser.parse_args(argv)
    root, version, date = Path(args.project), args.version, args.date
    if not re.fullmatch(r"\d+\.\d+\.\d+", version) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        print("error: give the version as X.Y.Z and the date as YYYY-MM-DD")
        return 1
    changelog = root / "CHANGELOG.md"
    text = changelog.read_text("utf-8")
    heading = re.compile(rf"^## \[(?:{re.escape(version)}\] – unreleased|Unreleased\])$",
                         re.MULTILINE)
    if not heading.search(text):
        print(f"error: CHANGELOG.md has no '## [{version}] – unreleased' or '## [Unreleased]' "
              "entry: write it first")
        return 1
    changelog.write_text(heading.sub(f"## [{version}] – {date}", text, count=1), "utf-8")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(re.sub(r'^version = "[^"]*"', f'version = "{version}"',
                                pyproject.read_text("utf-8"), count=1, flags=re.MULTILINE),
                         "utf-8")
    cff = root / "CITATION.cff"
    cff_text = re.sub(r'^(\s*)version: "[^"]*"', rf'\g<1>version: "{version}"',
                      cff.read_text("utf-8"), flags=re.MULTILINE)
    cff_text = re.sub(r"^date-released: .*\n", "", cff_text, flags=re.MULTILINE)
    cff_text = cff_text.replace("\nauthors:", f'\ndate-released: "{date}"\nauthors:', 1)
    cff.write_text(cff_text, "utf-8")
    zenodo = root / ".zenodo.json"
    data = json.loads(zenodo.read_text("utf-8"))
    data.update(version=version, publication_date=date)
    zenodo.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"Release {version} of {date} prepared: check the diff, commit, and tag v{version}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
