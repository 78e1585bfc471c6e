"""The build benchmark: synthetic editions of 50, 200 and 500 pages, measured in one run.

For each size it generates the edition and its plain-Sphinx twin (``synthetic.py``) and measures,
each build in its own process (wall time, CPU time, peak memory):

- a full strict HTML build (``-E -n -W --keep-going``), serial and with ``-j auto``, and whether
  the two give the same HTML byte for byte;
- the plain twin's full build, serial: the baseline for the edition's overhead;
- a no-op rebuild; a rebuild after editing one commentary file; and after editing one register
  entry, each with the pages it read again and the pages it wrote.

Then the PDF of the real edition (``sphinx-build -M latexpdf``), when TeX is installed. The figures
go to ``benchmarks/results.json`` and to the table in ``BENCHMARKS.md``, with the command and the
machine. ``nox -s bench`` runs it; ``nox -s bench -- --sizes 50`` measures one size.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

REPOSITORY = synthetic.REPOSITORY
STRICT = ("-n", "-W", "--keep-going")
#: Every build gets the same date, so that two builds can be compared byte for byte.
BUILD_ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000",
             "PYTHONPATH": str(REPOSITORY / "_ext")}
MARKERS = ("<!-- results: written by benchmarks/run.py -->", "<!-- end of results -->")


@dataclasses.dataclass
class Measure:
    """One build, in its own process."""

    wall_s: float
    cpu_s: float  #: user + system time of the build and of the processes it waited for
    peak_rss_mb: float  #: the largest resident set of any one of those processes
    status: int
    read: list[str] = dataclasses.field(default_factory=list)  #: pages read again
    written: list[str] = dataclasses.field(default_factory=list)  #: pages written

    def summary(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["wall_s"], data["cpu_s"] = round(self.wall_s, 2), round(self.cpu_s, 2)
        data["peak_rss_mb"] = round(self.peak_rss_mb, 1)
        return data


def measure(command: list[str], log: Path, cwd: Path | None = None) -> Measure:
    """Run ``command`` to the end; its resource use comes from ``wait4``, for it alone."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   env=BUILD_ENV, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   process.returncode)


def sphinx(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", *arguments]


def _stamps(outdir: Path) -> dict[str, dict[str, int]]:
    """Modification times of each page's pickled doctree (read) and HTML file (written)."""
    doctrees = outdir / ".doctrees"
    return {
        "read": {p.relative_to(doctrees).with_suffix("").as_posix(): p.stat().st_mtime_ns
                 for p in doctrees.rglob("*.doctree")},
        "written": {p.relative_to(outdir).with_suffix("").as_posix(): p.stat().st_mtime_ns
                    for p in outdir.rglob("*.html") if ".doctrees" not in p.parts
                    and not p.relative_to(outdir).as_posix().startswith("_")},
    }


def rebuild(project: Path, outdir: Path, log: Path) -> Measure:
    """An incremental strict build, with the pages it read again and wrote."""
    before = _stamps(outdir)
    time.sleep(0.05)  # a page touched in the same instant could not be told apart
    result = measure(sphinx(*STRICT, "-b", "html", str(project), str(outdir)), log)
    after = _stamps(outdir)
    for kind in ("read", "written"):
        getattr(result, kind).extend(sorted(name for name, stamp in after[kind].items()
                                            if before[kind].get(name) != stamp))
    return result


def touch(path: Path, text: str) -> None:
    """Save ``text`` as an editor would. The file is dated now: dated in the future, it would
    look edited again to the next build as well."""
    time.sleep(0.05)  # after the last build's reading, on any file system's clock
    path.write_text(text, encoding="utf-8")


def identical(first: Path, second: Path) -> list[str]:
    """The HTML files and search index that differ between two builds (by content)."""
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and ".doctrees" not in p.parts
                and (p.suffix == ".html" or p.name == "searchindex.js")}

    one, two = files(first), files(second)
    return sorted(name for name in one.keys() | two.keys() if one.get(name) != two.get(name))


def default_repeats(pages: int) -> int:
    """Three runs of each full build up to 200 pages; one beyond, where a run takes minutes."""
    return 3 if pages <= 200 else 1


def bench_size(pages: int, work: Path, jobs: str, repeats: int) -> dict[str, Any]:
    folder = work / f"pages-{pages}"
    started = time.perf_counter()
    edition = synthetic.generate(folder / "edition", synthetic.Size(pages),
                                 plain_folder=folder / "plain")
    result: dict[str, Any] = {
        "pages": pages,
        "reading_text_mb": round(edition.text_bytes() / 1e6, 2),
        "passages": sum(len(page.passages) for page in edition.pages),
        "notes": pages * synthetic.Size(pages).notes_per_page,
        "register_entries": len(edition.entries),
        "generated_s": round(time.perf_counter() - started, 2),
        "repeats": repeats,
    }
    logs = folder / "logs"
    logs.mkdir()
    serial, parallel = folder / "html-serial", folder / "html-parallel"
    plain = folder / "html-plain"
    say = lambda what: print(f"[{pages} pages] {what}", flush=True)  # noqa: E731

    # The overhead is a ratio of two builds on a shared machine: each is run `repeats` times,
    # the edition and plain Sphinx in turn so that each pair meets the same load; the overhead is
    # the median of the pairs' ratios, and the ratio of the fastest runs (as timeit counts).
    edition_runs: list[Measure] = []
    plain_runs: list[Measure] = []
    for run in range(1, repeats + 1):
        say(f"full build, serial (run {run} of {repeats})")
        edition_runs.append(measure(sphinx("-E", *STRICT, "-b", "html", str(edition.folder),
                                           str(serial)), logs / f"serial-{run}.log"))
        say(f"  {edition_runs[-1].wall_s:.1f} s; plain Sphinx, serial (run {run} of {repeats})")
        plain_runs.append(measure(sphinx("-E", *STRICT, "-b", "html", str(folder / "plain"),
                                         str(plain)), logs / f"plain-{run}.log"))
        say(f"  {plain_runs[-1].wall_s:.1f} s")
    full = min(edition_runs, key=lambda m: m.cpu_s)
    baseline = min(plain_runs, key=lambda m: m.cpu_s)
    result["full_serial"] = full.summary()
    result["plain_serial"] = baseline.summary()
    result["full_serial_cpu_runs"] = [round(m.cpu_s, 2) for m in edition_runs]
    result["plain_serial_cpu_runs"] = [round(m.cpu_s, 2) for m in plain_runs]
    result["overhead_ratio_wall"] = round(full.wall_s / baseline.wall_s, 3)
    result["overhead_ratio_cpu"] = round(full.cpu_s / baseline.cpu_s, 3)
    result["overhead_ratio_cpu_paired"] = round(paired_overhead(result), 3)
    say(f"full build, -j {jobs}")
    full_parallel = measure(sphinx("-E", *STRICT, "-j", jobs, "-b", "html", str(edition.folder),
                                   str(parallel)), logs / "parallel.log")
    result["full_parallel"] = full_parallel.summary()
    result["parallel_differs"] = identical(serial, parallel)

    say(f"  {full_parallel.wall_s:.1f} s; no-op rebuild")
    result["noop"] = rebuild(edition.folder, serial, logs / "noop.log").summary()

    say("rebuild after one commentary edit")
    page = edition.pages[len(edition.pages) // 2]
    notes = edition.folder / "commentary" / f"{page.slug}.md"
    text = notes.read_text(encoding="utf-8")
    touch(notes, text.replace(":::\n", " The editors revised this note.\n:::\n", 1))
    result["commentary_edit"] = rebuild(edition.folder, serial, logs / "commentary.log").summary()
    result["commentary_edit"]["edited"] = f"commentary/{page.slug}.md"

    say("rebuild after one register edit")
    entry = min((e for e in edition.entries if edition.mentioned_in[e.id]),
                key=lambda e: (len(edition.mentioned_in[e.id]), e.id))
    register = edition.folder / "apparatus" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines(keepends=True)[
        text.splitlines().index(f"- id: {entry.id}"):] if line.startswith("  description: "))
    touch(register, text.replace(line, line.rstrip("\n") + " Revised.\n", 1))
    result["register_edit"] = rebuild(edition.folder, serial, logs / "register.log").summary()
    result["register_edit"]["edited"] = f"apparatus/register.yaml, entry {entry.id}"
    result["register_edit"]["mentioned_in"] = sorted(edition.mentioned_in[entry.id])
    for name in ("full_serial", "full_parallel", "plain_serial", "noop", "commentary_edit",
                 "register_edit"):
        if result[name]["status"] != 0:
            result.setdefault("failed", []).append(name)
    say("done")
    return result


def bench_pdf(work: Path) -> dict[str, Any]:
    """The PDF of the real edition, when TeX is installed."""
    missing = [tool for tool in ("xelatex", "latexmk") if shutil.which(tool) is None]
    if missing:
        return {"skipped": f"not installed: {', '.join(missing)}"}
    outdir = work / "real-pdf"
    print("[real edition] PDF (sphinx-build -M latexpdf)", flush=True)
    result = measure(sphinx("-M", "latexpdf", str(REPOSITORY), str(outdir), "-q"),
                     work / "pdf.log", cwd=REPOSITORY)
    pdfs = sorted((outdir / "latex").glob("*.pdf"))
    data = result.summary()
    data.pop("read"), data.pop("written")
    data["pdf"] = pdfs[0].name if pdfs else None
    data["pdf_mb"] = round(pdfs[0].stat().st_size / 1e6, 2) if pdfs else None
    return data


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    meminfo = Path("/proc/meminfo")
    memory = next((int(line.split()[1]) // 1024 for line in meminfo.read_text().splitlines()
                   if line.startswith("MemTotal")), None) if meminfo.exists() else None
    import sphinx as sphinx_package

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory,
            "system": platform.platform(), "python": platform.python_version(),
            "sphinx": sphinx_package.__version__}


def growth(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    """Seconds per page of the full serial build at each size, and the largest size's cost per
    page relative to the smallest's (1.0 is linear growth)."""
    per_page = {str(s["pages"]): round(s["full_serial"]["cpu_s"] / s["pages"], 3) for s in sizes}
    plain = {str(s["pages"]): round(s["plain_serial"]["cpu_s"] / s["pages"], 3) for s in sizes}
    first, last = sizes[0], sizes[-1]
    return {"edition_cpu_s_per_page": per_page, "plain_cpu_s_per_page": plain,
            "edition_largest_over_smallest": round(
                (last["full_serial"]["cpu_s"] / last["pages"])
                / (first["full_serial"]["cpu_s"] / first["pages"]), 2),
            "plain_largest_over_smallest": round(
                (last["plain_serial"]["cpu_s"] / last["pages"])
                / (first["plain_serial"]["cpu_s"] / first["pages"]), 2)}


def table(results: dict[str, Any]) -> str:
    """The Markdown that goes between the markers of BENCHMARKS.md."""
    run, host = results["run"], results["machine"]
    lines = [
        f"Measured {run['finished']} with `{run['command']}` (the bench took "
        f"{run['minutes']:.0f} minutes), on {host['cpu']}, {host['cores']} cores, "
        f"{host['memory_mb']} MB, {host['system']}, Python {host['python']}, "
        f"Sphinx {host['sphinx']}. Load average when it started and when it ended: "
        f"{run['load_before']} and {run['load_after']}. Figures: `benchmarks/results.json`.",
        "",
        "Full strict HTML builds (`-E -n -W --keep-going`); wall-clock seconds, with CPU seconds "
        "in brackets. The serial builds were run the number of times in the second column, the "
        "edition and plain Sphinx in turn, and the fastest run of each (by CPU time) is shown; "
        "the CPU seconds of every run are in the list below the table. Overhead = edition / "
        "plain Sphinx in CPU time: the median of the ratios of the runs taken in turn (each "
        "pair met the same load), then the ratio of the fastest runs.",
        "",
        "| pages | runs | text | notes | edition, serial | edition, `-j " + run["jobs"] + "` | "
        "plain Sphinx, serial | overhead | peak memory (edition / plain) | `-j` output |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in results["sizes"]:
        full, par, plain = size["full_serial"], size["full_parallel"], size["plain_serial"]
        same = ("identical" if not size["parallel_differs"]
                else f"{len(size['parallel_differs'])} files differ")
        lines.append(
            f"| {size['pages']} | {size.get('repeats', 1)} | {size['reading_text_mb']} MB | "
            f"{size['notes']} | "
            f"{full['wall_s']} ({full['cpu_s']}) | {par['wall_s']} ({par['cpu_s']}) | "
            f"{plain['wall_s']} ({plain['cpu_s']}) | {paired_overhead(size):.3f}; "
            f"{size['overhead_ratio_cpu']} | {full['peak_rss_mb']:.0f} / "
            f"{plain['peak_rss_mb']:.0f} MB | {same} |")
    lines += [""] + [f"- {size['pages']} pages, CPU seconds of each run: edition "
                     f"{_runs(size, 'full_serial')}; plain Sphinx {_runs(size, 'plain_serial')}."
                     for size in results["sizes"]]
    lines += ["", "Incremental strict builds of the serial output: wall-clock seconds; pages "
              "read again / pages written (besides `genindex` and `search`):", "",
              "| pages | no-op | one commentary file edited | one register entry edited | "
              "pages that mention the entry |", "|---:|---:|---:|---:|---:|"]
    for size in results["sizes"]:
        cells = []
        for name in ("noop", "commentary_edit", "register_edit"):
            step = size[name]
            written = [p for p in step["written"] if p not in ("genindex", "search")]
            cells.append(f"{step['wall_s']} s: {len(step['read'])} / {len(written)}")
        lines.append(f"| {size['pages']} | {' | '.join(cells)} | "
                     f"{len(size['register_edit']['mentioned_in'])} |")
    last = results["sizes"][-1]
    for name, what in (("commentary_edit", "commentary edit"), ("register_edit", "register edit")):
        step = last[name]
        lines += ["", f"At {last['pages']} pages, the {what} ({step['edited']}) read "
                  f"{_pages(step['read'])} and wrote {_pages(step['written'])}."]
    if "growth" in results:
        g = results["growth"]
        lines += ["", "Growth: CPU seconds per page of the full serial build, edition "
                  + ", ".join(f"{v} at {k}" for k, v in g["edition_cpu_s_per_page"].items())
                  + "; plain Sphinx "
                  + ", ".join(f"{v} at {k}" for k, v in g["plain_cpu_s_per_page"].items())
                  + f". Cost per page at the largest size over the smallest: edition "
                  f"{g['edition_largest_over_smallest']}, plain Sphinx "
                  f"{g['plain_largest_over_smallest']} (1.0 is linear growth)."]
    pdf = results.get("pdf", {})
    if "skipped" in pdf:
        lines += ["", f"PDF of the real edition: skipped ({pdf['skipped']})."]
    elif pdf:
        lines += ["", f"PDF of the real edition (`sphinx-build -M latexpdf`): {pdf['wall_s']} s "
                  f"wall-clock ({pdf['cpu_s']} s CPU), peak memory {pdf['peak_rss_mb']:.0f} MB, "
                  f"exit status {pdf['status']}, {pdf.get('pdf')} ({pdf.get('pdf_mb')} MB)."]
    failed = [f"{s['pages']} pages: {', '.join(s['failed'])}" for s in results["sizes"]
              if s.get("failed")]
    if failed:
        lines += ["", "**Builds that failed** (see the logs): " + "; ".join(failed) + "."]
    return "\n".join(lines)


def paired_overhead(size: dict[str, Any]) -> float:
    """The median of edition / plain Sphinx over the runs taken in turn, in CPU time: each pair
    ran back to back, so a machine that slows or speeds up between pairs does not skew it."""
    edition = size.get("full_serial_cpu_runs", [size["full_serial"]["cpu_s"]])
    plain = size.get("plain_serial_cpu_runs", [size["plain_serial"]["cpu_s"]])
    return statistics.median(one / other for one, other in zip(edition, plain))


def _runs(size: dict[str, Any], name: str) -> str:
    runs = size.get(f"{name}_cpu_runs", [size[name]["cpu_s"]])  # results of one run per build
    return ", ".join(map(str, runs))


def _pages(names: list[str], most: int = 12) -> str:
    shown = ", ".join(f"`{name}`" for name in names[:most]) or "nothing"
    return shown + (f" and {len(names) - most} more source pages" if len(names) > most else "")


def write_markdown(path: Path, results: dict[str, Any]) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(MARKERS[0]) + len(MARKERS[0]), text.index(MARKERS[1])
    path.write_text(text[:start] + "\n" + table(results) + "\n" + text[end:], encoding="utf-8")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--jobs", default="auto", help="for the parallel build (default: auto)")
    parser.add_argument("--repeat", type=int, help="runs of each full serial build, the fastest "
                        "counted (default: 3 up to 200 pages, 1 beyond)")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the real edition's PDF")
    parser.add_argument("--work", type=Path, help="keep the editions and builds here")
    parser.add_argument("--results", type=Path, default=REPOSITORY / "benchmarks" / "results.json")
    parser.add_argument("--markdown", type=Path, default=REPOSITORY / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    started, load_before = time.perf_counter(), _load()
    work = args.work or Path(tempfile.mkdtemp(prefix="edition-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"working in {work}", flush=True)
    sizes = [bench_size(pages, work, args.jobs, args.repeat or default_repeats(pages))
             for pages in sorted(args.sizes)]
    results: dict[str, Any] = {
        "run": {"command": "nox -s bench" + (f" -- {' '.join(argv or sys.argv[1:])}"
                                             if (argv or sys.argv[1:]) else ""),
                "jobs": args.jobs, "load_before": load_before},
        "machine": machine(), "sizes": sizes,
    }
    if len(sizes) > 1:
        results["growth"] = growth(sizes)
    results["pdf"] = {"skipped": "--no-pdf"} if args.no_pdf else bench_pdf(work)
    results["run"].update(load_after=_load(),
                          finished=datetime.datetime.now().astimezone().isoformat("T", "minutes"),
                          minutes=round((time.perf_counter() - started) / 60, 1))
    args.results.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
    write_markdown(args.markdown, results)
    print(table(results))
    failed = any(s.get("failed") for s in sizes)
    if failed:
        print(f"Some builds failed: their logs are in {work}")
    elif args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
