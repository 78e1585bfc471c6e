"""Validity and accessibility of every built page, by the field's own checkers.

- the W3C Nu HTML checker (``vnu-jar``, run with Java): zero errors on every page;
- pa11y with the HTML_CodeSniffer runner (WCAG 2 AA), in Debian's Chromium: zero errors.

Both come from the npm registry, pinned in ``package.json`` and ``package-lock.json``
(``PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts`` at the repository's root). Without Java,
Node, Chromium or ``node_modules`` these tests skip, saying what to install; with ``CI=true`` (as
in ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT

NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = NODE_MODULES / "pa11y" / "bin" / "pa11y.js"
NPM_CI = "PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts"


def _require(problem: str | None) -> None:
    """Skip with ``problem``, or fail under CI=true, where every checker must run."""
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, but this check cannot run: {problem}")
        pytest.skip(problem)


def _vnu_missing() -> str | None:
    if not shutil.which("java"):
        return "Java not found: apt-get install default-jre-headless"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR.relative_to(ROOT)} not found: run `{NPM_CI}` at the repository's root"
    return None


def _pa11y_missing() -> str | None:
    if not shutil.which("node"):
        return "Node.js not found: apt-get install nodejs npm"
    if not PA11Y.is_file():
        return f"{PA11Y.relative_to(ROOT)} not found: run `{NPM_CI}` at the repository's root"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set EDITION_CHROMIUM)"
    return None


# --- the W3C Nu HTML checker -----------------------------------------------------------------------

def vnu_errors(files: list[Path], root: Path) -> dict[str, list[str]]:
    """The Nu HTML checker's errors in ``files``, by path relative to ``root``."""
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
         *(str(f) for f in files)],
        capture_output=True, text=True, check=False)
    # vnu exits 1 when it finds errors; the report is JSON on stderr
    report = json.loads(run.stderr)
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        path = Path(message["url"].removeprefix("file:")).relative_to(root).as_posix()
        found.setdefault(path, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}")
    return found


def test_the_nu_html_checker_finds_no_error_on_any_page(edition) -> None:
    _require(_vnu_missing())
    pages = edition.pages
    assert len(pages) >= 14
    found = vnu_errors([edition.outdir / page for page in pages], edition.outdir)
    assert found == {}, f"{sum(map(len, found.values()))} errors on {len(found)} pages"


# --- pa11y with HTML_CodeSniffer -------------------------------------------------------------------

#: pa11y on every page in one Chromium, each page in a fresh browser context (a Chromium per page
#: took most of this file's time)
PA11Y_PAGES = Path(__file__).parent / "pa11y_pages.js"


def pa11y_errors(urls: list[str], config: Path) -> dict[str, list[str]]:
    """pa11y's WCAG 2 AA errors (HTML_CodeSniffer runner) on each page of ``urls``."""
    run = subprocess.run(
        ["node", str(PA11Y_PAGES), str(config), *urls],
        capture_output=True, text=True, check=False, timeout=180 * len(urls),
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)})
    # a non-zero exit means pa11y could not check a page
    assert run.returncode == 0, f"pa11y failed: {run.stderr[-2000:]}"
    return {url: [f"{issue['code']}: {issue['selector']}: {issue['message']}"
                  for issue in issues if issue["type"] == "error"]
            for url, issues in json.loads(run.stdout).items()}


#: Chromium's switches for a reader whose system prefers dark mode (prefers-color-scheme: dark)
DARK = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_pa11y_with_html_codesniffer_finds_no_error_on_any_page(edition, site, color_scheme) -> None:
    _require(_pa11y_missing())
    config = {
        "standard": "WCAG2AA",
        "runners": ["htmlcs"],
        "includeWarnings": False,
        "timeout": 120000,
        "chromeLaunchConfig": {"executablePath": CHROMIUM,
                               "args": ["--no-sandbox", *(DARK if color_scheme == "dark" else [])]},
    }
    pages = edition.pages
    assert len(pages) >= 14
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pa11y.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        errors = pa11y_errors([f"{site}/{page}" for page in pages], path)
        for page in pages:
            if errors[f"{site}/{page}"]:
                found[page] = errors[f"{site}/{page}"]
    assert found == {}, f"{sum(map(len, found.values()))} errors on {len(found)} pages"


# --- the markup they ask for, page by page ---------------------------------------------------------

def _soups(edition):
    from bs4 import BeautifulSoup

    for page in edition.pages:
        yield page, BeautifulSoup((edition.outdir / page).read_text(encoding="utf-8"), "html.parser")


def test_every_page_has_one_viewport_meta(edition) -> None:
    counts = {page: len(soup.find_all("meta", attrs={"name": "viewport"}))
              for page, soup in _soups(edition)}
    assert counts == dict.fromkeys(edition.pages, 1)


def test_no_id_is_used_twice_on_a_page(edition) -> None:
    from collections import Counter

    twice = {}
    for page, soup in _soups(edition):
        ids = Counter(tag["id"] for tag in soup.find_all(id=True))
        if repeated := sorted(i for i, n in ids.items() if n > 1):
            twice[page] = repeated
    assert twice == {}


def _heading_level(tag) -> int | None:
    if tag.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return int(tag.get("aria-level") or tag.name[1])
    if tag.get("role") == "heading":
        return int(tag.get("aria-level", 2))
    return None


def test_headings_never_skip_a_level(edition) -> None:
    """The text of each page opens with its h1, and no heading is more than one level below the
    one before it, the header's and the sidebar's included (W3C Nu checker; WCAG 1.3.1). The
    page's title counts as the level above the first heading (the header's menu has h2s)."""
    skips = {}
    for page, soup in _soups(edition):
        levels = [(level, tag.get_text(" ", strip=True)[:40]) for tag in soup.body.find_all(True)
                  if (level := _heading_level(tag)) is not None]
        problems = [f"h{level} «{text}» after h{before}"
                    for (before, _), (level, text) in zip([(1, "")] + levels, levels)
                    if level > before + 1]
        first = soup.select_one("div.body").find(_heading_level)
        if first is None or _heading_level(first) != 1:
            problems.append(f"the text opens with {first and first.name}, not h1")
        if problems:
            skips[page] = problems
    assert skips == {}


def _focusable(tag) -> bool:
    if tag.name == "a" and tag.has_attr("href"):
        return True
    if tag.name in ("button", "select", "textarea", "summary", "iframe"):
        return True
    if tag.name == "input" and tag.get("type") != "hidden":
        return True
    return tag.has_attr("tabindex") and not str(tag["tabindex"]).startswith("-")


def test_a_skip_link_to_the_text_is_the_first_thing_to_focus(edition) -> None:
    found = {}
    for page, soup in _soups(edition):
        first = soup.body.find(_focusable)
        target = soup.find(id=first.get("href", "#")[1:]) if first.name == "a" else None
        found[page] = (first.get_text(strip=True), target is not None and target.find("h1") is not None)
    assert found == dict.fromkeys(edition.pages, ("Skip to the text", True))


# --- the languages of the words ----------------------------------------------------------------------

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Albanian words of the sources and of the notes (names of people and places aside: WCAG 3.1.2
#: does not ask for a language on proper names).
ALBANIAN = ("Zëri i Popullit", "Hrushovianët", "Ndarja shqiptaro-sovjetike", "Shtëpia Botuese",
            "Shtëpia E Librit", "Partia e Punës e Shqipërisë", "mesiaçnik", "3 gusht 1953",
            "Gjithashtu mund të lexoni", "Artikuj të ngjashëm", "Drejtoria e Sigurimit të Shtetit",
            "Dita e Çlirimit", "Balli Kombëtar", "Bashkimi Sovjetik", "Historia e popullit shqiptar",
            "Arkivi Qendror Shtetëror")


def _language(text_node) -> str:
    element = text_node.find_parent(lambda tag: tag.has_attr("lang"))
    return element["lang"] if element is not None else ""


def _texts(soup):
    """The page's text nodes that a reader sees (not scripts, styles or templates)."""
    return [text for text in soup.body.find_all(string=True)
            if not text.find_parent(["script", "style", "template"])]


def _outside_citations(texts):
    return [text for text in texts if not text.find_parent(class_="bibtex-citation")]


def test_every_russian_word_carries_lang_ru(edition) -> None:
    """Every Cyrillic word of the edition is Russian: a screen reader must read it as Russian."""
    unmarked = {}
    for page, soup in _soups(edition):
        words = [text.strip()[:40] for text in _texts(soup)
                 if CYRILLIC.search(text) and not _language(text).startswith("ru")]
        if words:
            unmarked[page] = words
    assert unmarked == {}
    wiki_split = next(soup for page, soup in _soups(edition) if page == "sources/wiki-split.html")
    quote = wiki_split.select_one("span.edition-note-quote[lang]")
    assert (quote["lang"], quote.get_text()) == ("ru", "«Албано-советский раскол»")
    assert wiki_split.find(string=re.compile("Albano-sovetskiy raskol")).find_parent(
        lang=True)["lang"] == "ru-Latn"


def test_albanian_words_carry_lang_sq(edition) -> None:
    """In the source pages (texts, head-notes, notes), the notes' overview and the register
    (names, forms, descriptions), the Albanian words are marked as Albanian. (Not yet: the labels of
    citations that sphinxcontrib-bibtex writes, e.g. «Zëri i Popullit, no. 135, 1953».)"""
    unmarked: dict[str, list[str]] = {}
    found: set[str] = set()
    for page, soup in _soups(edition):
        if page.startswith("sources/") or page == "commentary.html":
            texts = _outside_citations(_texts(soup))
        elif page == "register.html":
            texts = _outside_citations([text for part in soup.select("dl.edition-register")
                                        for text in part.find_all(string=True)])
        else:
            continue
        for text in texts:
            for words in ALBANIAN:
                if words.lower() in text.lower():
                    found.add(words)
                    if _language(text) != "sq":
                        unmarked.setdefault(page, []).append(words)
    assert unmarked == {}
    assert set(ALBANIAN) - found == set()
