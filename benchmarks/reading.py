"""What a reader waits for and receives: each page of the built edition in Debian's Chromium.

For every source page (and the title page): first contentful paint on a phone profile (390 x 844,
touch, device scale 3) with the CPU throttled 4x (Chrome DevTools' "mid-tier mobile"), the
number of DOM elements once the reading script has run, and the bytes transferred (HTML, CSS and
JS with gzip, as :mod:`edition.weight` counts them; fonts apart). The pages are served from this
machine, so the network costs nothing here: the figures measure the page, not a connection.
And the search's first query on the same profile: from opening ``search.html?q=Hrushov`` to its
results shown, which includes loading the search index (its size, gzip, is reported too).
And the cumulative layout shift (CLS, as Chrome sums it: every layout shift not caused by input)
from the first byte until the page has settled, on the phone profile and on a desktop (1440 x 900,
CPU not throttled).

    nox -s bench_reading            # builds the HTML edition, then measures it
    python benchmarks/reading.py _build/html --runs 5

Writes ``benchmarks/reading.json``; the figures go into BENCHMARKS.md by hand, with the command.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import sys
import threading
from pathlib import Path

from edition.checks import weight

REPOSITORY = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}

SEARCH_QUERY = "Hrushov"
SEARCH_DONE = """() => new Promise(done => {
  const check = () => window.editionSearchDone ? done(performance.now()) : setTimeout(check, 5);
  check();
})"""

DESKTOP = {"viewport": {"width": 1440, "height": 900}}
#: Sums the page's layout shifts from its start (``add_init_script``) in ``window.editionCLS``.
WATCH_SHIFTS = """window.editionCLS = 0;
new PerformanceObserver(list => { for (const entry of list.getEntries())
  if (!entry.hadRecentInput) window.editionCLS += entry.value; })
  .observe({type: "layout-shift", buffered: true});"""

PAINT = """async () => {
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 50)));
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  await new Promise(done => setTimeout(done, 500));
  return {fcp: fcp ? fcp.startTime : null, load: nav ? nav.loadEventEnd : null,
          elements: document.getElementsByTagName("*").length, cls: window.editionCLS};
}"""


def measure(site: Path, pages: list[str], runs: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: dict[str, dict[str, float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for page_path in pages:
                samples, desktop = [], []
                for _ in range(runs):
                    for profile, throttle, into in ((PHONE, 4, samples), (DESKTOP, 1, desktop)):
                        context = browser.new_context(**profile)  # a cold cache every run
                        context.add_init_script(WATCH_SHIFTS)
                        page = context.new_page()
                        cdp = context.new_cdp_session(page)
                        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
                        page.goto(f"http://127.0.0.1:{server.server_port}/{page_path}")
                        into.append(page.evaluate(PAINT))
                        context.close()
                size = weight.page_weight(site, site / page_path)
                results[page_path] = {
                    "fcp_ms_median": statistics.median(s["fcp"] for s in samples),
                    "load_ms_median": statistics.median(s["load"] for s in samples),
                    "cls_phone_median": round(statistics.median(s["cls"] for s in samples), 3),
                    "cls_desktop_median": round(statistics.median(s["cls"] for s in desktop), 3),
                    "dom_elements": samples[-1]["elements"],
                    "transferred_kb": round(size.total / 1000, 1),
                    "fonts_kb": round(sum(size.fonts.values()) / 1000, 1),
                    "runs": runs,
                }
                print(f"{page_path}: FCP {results[page_path]['fcp_ms_median']:.0f} ms "
                      f"(median of {runs}), load {results[page_path]['load_ms_median']:.0f} ms, "
                      f"CLS {results[page_path]['cls_phone_median']} (phone), "
                      f"{results[page_path]['cls_desktop_median']} (desktop), "
                      f"{results[page_path]['dom_elements']} elements, "
                      f"{results[page_path]['transferred_kb']} KB transferred "
                      f"(fonts {results[page_path]['fonts_kb']} KB)")
            samples = []
            for _ in range(runs):
                context = browser.new_context(**PHONE)
                page = context.new_page()
                context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
                page.goto(f"http://127.0.0.1:{server.server_port}/search.html?q={SEARCH_QUERY}",
                          wait_until="commit")
                samples.append(page.evaluate(SEARCH_DONE))
                context.close()
            index = site / "_static" / "edition-search-index.js"
            results[f"search.html?q={SEARCH_QUERY}"] = {
                "first_query_ms_median": statistics.median(samples),
                "index_kb": round(index.stat().st_size / 1000, 1),
                "index_kb_gzip": round(len(gzip.compress(index.read_bytes())) / 1000, 1),
                "runs": runs,
            }
            print(f"search: first query {statistics.median(samples):.0f} ms (median of {runs}), "
                  f"index {results[f'search.html?q={SEARCH_QUERY}']['index_kb_gzip']} KB gzip")
            browser.close()
    finally:
        server.shutdown()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=REPOSITORY / "_build" / "html")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--results", type=Path,
                        default=REPOSITORY / "benchmarks" / "reading.json")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no built edition; run nox -s build first", file=sys.stderr)
        return 2
    pages = ["index.html"] + sorted(p.relative_to(args.site).as_posix()
                                    for p in (args.site / "sources").glob("*.html"))
    results = measure(args.site, pages, args.runs)
    args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
