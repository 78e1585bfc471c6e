"""Profile a strict build of a synthetic edition, and show where the edition's own code spends.

``python benchmarks/profile_build.py --pages 50`` generates a 50-page edition and its plain
twin, builds each under cProfile, timed in CPU time so that a busy machine does not skew the
figures, and prints the functions whose cumulative time differs most between the two builds, then
the edition's own functions. ``--stats FILE`` keeps the edition's profile for ``python -m pstats``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402


def profile_build(project: Path, outdir: Path) -> pstats.Stats:
    from sphinx.cmd.build import build_main

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    status = build_main(["-E", "-n", "-q", "-b", "html", str(project), str(outdir)])
    profiler.disable()
    if status:
        raise SystemExit(f"the build of {project} failed (exit status {status})")
    return pstats.Stats(profiler)


def cumulative(stats: pstats.Stats) -> dict[str, tuple[float, int]]:
    return {f"{file.split('site-packages/')[-1]}:{line}({name})": (row[3], row[1])
            for (file, line, name), row in stats.stats.items()}  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--stats", type=Path, help="write the edition's profile here")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    with tempfile.TemporaryDirectory(prefix="edition-profile-") as work:
        work_dir = Path(work)
        synthetic.generate(work_dir / "edition", synthetic.Size(args.pages),
                           plain_folder=work_dir / "plain")
        sys.path.insert(0, str(synthetic.REPOSITORY / "_ext"))
        edition = profile_build(work_dir / "edition", work_dir / "edition-html")
        plain = profile_build(work_dir / "plain", work_dir / "plain-html")
    if args.stats:
        edition.dump_stats(args.stats)
    by_edition, by_plain = cumulative(edition), cumulative(plain)
    print(f"CPU seconds under the profiler: edition {edition.total_tt:.1f}, "  # type: ignore[attr-defined]
          f"plain Sphinx {plain.total_tt:.1f}\n")  # type: ignore[attr-defined]
    print("Largest differences (cumulative CPU s: edition - plain, edition, plain, calls):")
    rows = sorted(((by_edition.get(k, (0, 0))[0] - by_plain.get(k, (0, 0))[0], k)
                   for k in by_edition.keys() | by_plain.keys()), reverse=True)
    for difference, key in rows[:args.top]:
        (spent, calls), (base, _) = by_edition.get(key, (0, 0)), by_plain.get(key, (0, 0))
        print(f"{difference:8.2f} {spent:8.2f} {base:8.2f} {calls:9d}  {key}")
    print("\nThe edition's own functions (cumulative CPU s, calls):")
    own = sorted(((spent, calls, key) for key, (spent, calls) in by_edition.items()
                  if "/_ext/edition/" in key), reverse=True)
    for spent, calls, key in own[:args.top]:
        print(f"{spent:8.2f} {calls:9d}  {key.split('/_ext/')[-1]}")


if __name__ == "__main__":
    main()
