"""Whether a nox session's environment still holds the pins it was installed from (noxfile.py).

The pins are the ``[dependency-groups]`` of ``pyproject.toml`` and every line of
``constraints.txt``. A session's environment is reused between runs (``reuse_venv=True``) and
records the digest of the pins it installed in the file :data:`STAMP` inside it. The next run
installs nothing while the digest is the same; when the pins changed, it empties the
environment and installs it again, so that it holds what a fresh one would, and a package
dropped from the pins does not linger.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

#: The file inside a session's environment that records the digest of its pins.
STAMP = ".edition-pins"


def pins_digest(root: Path, installs: Iterable[str]) -> str:
    """The SHA-256 of what an environment is installed from: the dependency groups of
    ``root/pyproject.toml``, ``root/constraints.txt``, and ``installs`` (what the session
    installs of them, e.g. ``["docs"]``)."""
    groups = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["dependency-groups"]
    digest = hashlib.sha256()
    digest.update(json.dumps([groups, list(installs)], sort_keys=True).encode("utf-8"))
    digest.update((root / "constraints.txt").read_bytes())
    return digest.hexdigest()


def recorded_digest(location: str | Path) -> str | None:
    """The digest recorded in the environment at ``location`` (``None``: none recorded, as in
    an environment just made)."""
    stamp = Path(location) / STAMP
    return stamp.read_text("utf-8").strip() if stamp.is_file() else None


def installed_packages(freeze: str) -> list[str]:
    """The names of the packages in ``pip freeze`` output (which leaves pip itself out)."""
    return [re.split(r"[=@ ;]", line.strip(), maxsplit=1)[0] for line in freeze.splitlines()
            if line.strip() and not line.startswith(("#", "-e "))]


def record(location: str | Path, digest: str) -> None:
    """Record ``digest`` in the environment at ``location``."""
    (Path(location) / STAMP).write_text(digest + "\n", "utf-8")


if __name__ == "__main__":
    # ``python tools/pins.py LOCATION DIGEST``: the noxfile runs it as an install step, so that
    # ``nox -R`` (which skips installing) never records pins it did not install
    record(*sys.argv[1:3])
