"""An edition of one source with 5,000 valid notes: it must lint and build without a false error.

``python benchmarks/many_notes.py [--notes 5000]`` writes the synthetic edition (one page of
about 400 KB of reading text, ``benchmarks/synthetic.py``), runs the lint (``python -m
edition.lint``) and the strict HTML build (``sphinx-build -E -n -W --keep-going``), and prints
the CPU time, the wall time and the peak memory of each, and their warnings (none expected).
Many notes on one page is where a quote most often ends inside a register name, which once made
the register check report the name as occurring in no source.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import REPOSITORY, Size, generate  # noqa: E402


def measure(command: list[str], cwd: Path) -> dict[str, object]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                             env={**os.environ, "PYTHONPATH": str(REPOSITORY / "_ext")})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = (process.stdout + process.stderr).splitlines()
    return {"exit": process.returncode,
            "cpu_seconds": round(after.ru_utime + after.ru_stime
                                 - before.ru_utime - before.ru_stime, 1),
            "wall_seconds": round(time.perf_counter() - started, 1),
            "peak_memory_mb": round(after.ru_maxrss / 1024),
            "warnings": [line for line in output if "WARNING" in line or "ERROR" in line][:20]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--page-bytes", type=int, default=400_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="edition-many-notes-") as scratch:
        project = Path(scratch) / "edition"
        generate(project, Size(1, notes_per_page=args.notes, register_entries=300,
                               page_bytes=(args.page_bytes, args.page_bytes)))
        results = {
            "notes": args.notes, "page_bytes": args.page_bytes,
            "lint": measure([sys.executable, "-m", "edition.checks.lint", "."], project),
            "build": measure([sys.executable, "-m", "sphinx", "-E", "-n", "-W", "--keep-going",
                              "-q", "-b", "html", ".", str(Path(scratch) / "html")], project),
        }
    print(json.dumps(results, indent=1))
    return 0 if results["lint"]["exit"] == 0 and results["build"]["exit"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
