"""The external link check: Sphinx's ``linkcheck`` builder over every external URL, told apart
from having no network.

Without a network every external link would be reported broken, which says nothing about the
links. So the check first probes one well-known address; if it cannot be reached, it says so
plainly and exits with status 75 (``EX_TEMPFAIL``: try again where a network exists), without
checking anything. Otherwise it runs the builder and summarises its ``output.json``: broken links
(and time-outs) fail the check; redirects are listed, for the editors to update.

Run it as ``python -m edition.checks.external_links [--probe URL] SOURCE_DIR OUTPUT_DIR``; ``nox -s
linkcheck`` does.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

NO_NETWORK = 75  # os.EX_TEMPFAIL, spelt out: os.EX_* exist only on Unix


DEFAULT_PROBE = "https://www.wikipedia.org/"


FAILING = ("broken", "timeout")


def network_problem(probe: str, timeout: float = 5.0) -> str:
    """Why ``probe`` cannot be reached ("" when it answers, whatever its HTTP status)."""
    request = urllib.request.Request(probe, method="HEAD",
                                     headers={"User-Agent": "edition-linkcheck-probe"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return ""
    except urllib.error.HTTPError:
        return ""  # an HTTP error is an answer: the network works
    except (urllib.error.URLError, OSError) as error:
        return str(getattr(error, "reason", error))


def summarise(output_json: Path) -> tuple[Counter[str], list[dict[str, object]]]:
    """Counts by status, and the results that need the editors' attention."""
    counts: Counter[str] = Counter()
    attention: list[dict[str, object]] = []
    for line in output_json.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        result = json.loads(line)
        counts[result["status"]] += 1
        if result["status"] in (*FAILING, "redirected"):
            attention.append(result)
    return counts, attention


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.checks.external_links",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the edition's source directory")
    parser.add_argument("output", type=Path, help="where the linkcheck builder writes")
    parser.add_argument("--probe", default=DEFAULT_PROBE,
                        help=f"an address that answers when a network exists ({DEFAULT_PROBE})")
    arguments = parser.parse_args(argv)

    problem = network_problem(arguments.probe)
    if problem:
        print(f"No network: {arguments.probe} cannot be reached ({problem}).\n"
              "External links were NOT checked; run 'nox -s linkcheck' again where the web can "
              f"be reached. (Exit status {NO_NETWORK}: not checked, which is not the same as "
              "broken.)")
        return NO_NETWORK

    from sphinx.cmd.build import build_main

    status = build_main(["-b", "linkcheck", "-q", "-d", str(arguments.output / ".doctrees"),
                         str(arguments.source), str(arguments.output)])
    output_json = arguments.output / "output.json"
    if not output_json.is_file():
        print(f"the linkcheck builder wrote no {output_json} (exit status {status})")
        return 1
    counts, attention = summarise(output_json)
    for result in attention:
        where = f"{result['filename']}:{result['lineno']}"
        info = f" -> {result['info']}" if result.get("info") else ""
        print(f"{where}: {result['status']}: {result['uri']}{info}")
    print("external links: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
          if counts else "external links: none found")
    return 1 if any(counts[status] for status in FAILING) else 0


if __name__ == "__main__":
    sys.exit(main())
