"""The real edition's apparatus and commentary: citations resolve, the register is sound, every
link resolves, and the commentary meets the edition's standards (counts, citations, collation)."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pybtex.database
import pybtex.errors
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from edition.apparatus import register
from edition.apparatus.bibliography import check_bibfile
from edition.apparatus.citations import load_mapping
from edition.apparatus.collation import load_claims, load_timeline
from edition.checks import links
from edition.commentary.annotations import TYPES
from edition.core.registry import load_registry

SLUGS = ("wiki-expulsion", "lala-2014", "edemskiy-2025", "stalin-deed", "wiki-split")
CITED_TYPES = ("correction", "discrepancy", "context")  # must rest on a work in references.bib
KNOWN = set(load_registry(ROOT / "sources" / "passages.json"))


def _main(edition, docname: str) -> BeautifulSoup:
    return BeautifulSoup(edition.html(docname), "html.parser").select_one('[role="main"]')


def _notes() -> list[dict[str, str]]:
    """Every annotation in the commentary files: its id, options and body (as written)."""
    notes = []
    for slug in SLUGS:
        text = (ROOT / "commentary" / f"{slug}.md").read_text(encoding="utf-8")
        for block in re.findall(r"^:::\{annotation\} (\S+)\n(.*?)^:::$", text, re.M | re.S):
            options = dict(re.findall(r"^:(\w[\w-]*): (.*)$", block[1], re.M))
            body = re.sub(r"^:\w[\w-]*: .*\n", "", block[1], flags=re.M)
            notes.append({"id": block[0], "slug": slug, "body": body, **options})
    return notes


# --- bibliography and citations ----------------------------------------------------------------

def test_references_bib_is_valid_in_pybtex_strict_mode() -> None:
    keys, problems, _ = check_bibfile(ROOT / "references.bib", "references.bib")
    assert problems == []
    pybtex.errors.set_strict_mode(True)
    try:
        data = pybtex.database.parse_file(str(ROOT / "references.bib"))
    finally:
        pybtex.errors.set_strict_mode(False)
    assert len(data.entries) == len(keys) >= 50


def test_every_bib_entry_is_cited_and_listed(edition) -> None:
    keys = re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), re.M)
    listed = {node["id"][len("bib-"):] for node in _main(edition, "bibliography").select(
        '[id^="bib-"]')}
    assert sorted(set(keys) - listed) == []


def test_no_citation_key_term_or_label_is_unresolved(edition) -> None:
    kinds = ("bibtex", "ref.term", "ref.ref", "edition.citation", "edition.register")
    assert [w for w in edition.result.warnings if any(f"[{k}" in w for k in kinds)] == []


def test_every_in_text_citation_links_to_its_reference_entry(edition) -> None:
    mapping, problems = load_mapping(ROOT / "sources" / "citations.yaml", "citations.yaml", KNOWN)
    assert problems == []
    for slug, original in (("wiki-expulsion", "000"), ("lala-2014", "001")):
        block = mapping[slug]
        text = " ".join(next((ROOT / "sources" / "originals").glob(f"{original}_*.txt"))
                        .read_text(encoding="utf-8").split()).replace("*", "")  # italics
        labels = [" ".join(part.split()) for match in block.pattern.finditer(text)
                  for part in (match.group(1).split(block.separator) if block.separator
                               else [match.group(1)])]
        unmapped = [label for label in labels if label.strip() not in block.citations]
        assert unmapped == [], f"{slug}: in-text citations missing from citations.yaml"
        resolvable = [label for label in labels if block.citations[label.strip()].entry]
        linked = _main(edition, f"sources/{slug}").select("a.edition-citation")
        # a citation split by italics or a note's quote mark is linked piece by piece
        assert len(linked) >= len(resolvable), slug
        assert ({link["href"].lstrip("#") for link in linked}
                == {block.citations[label.strip()].entry for label in resolvable})


def test_every_citation_mismatch_is_explained_by_a_citation_check_note(edition) -> None:
    mapping, _ = load_mapping(ROOT / "sources" / "citations.yaml", "citations.yaml", KNOWN)
    notes = {note["id"]: note for note in _notes()}
    explained = 0
    for block in mapping.values():
        for label, target in block.citations.items():
            if target.note:
                assert notes[target.note]["type"] == "citation-check", label
                explained += 1
    assert explained >= 4  # the mismatches of lala-2014 (dossier C19-C23)


def test_reference_list_entries_link_to_the_bibliography(edition) -> None:
    main = _main(edition, "sources/wiki-expulsion")
    link = main.select_one("#wiki-expulsion-p018 .edition-bibref a")
    assert link["href"] == "../bibliography.html#bib-watson1982"


# --- register ----------------------------------------------------------------------------------

def test_register_is_sound_and_every_form_names_one_entry() -> None:
    the_register, problems = register.load(ROOT / "apparatus" / "register.yaml", "register.yaml")
    assert problems == []
    assert len(the_register.entries) >= 80
    forms = [form for entry in the_register.entries.values() for form in entry.forms]
    assert len(forms) == len(set(forms)) == len(the_register.by_form)
    kinds = collections.Counter(e.kind for e in the_register.entries.values())
    assert set(kinds) == set(register.KINDS)


def test_every_register_entry_lists_its_mentions(edition) -> None:
    main = _main(edition, "register")
    entries = main.select("dl.glossary > dt")
    assert len(entries) >= 80
    for term in entries:
        mentions = term.find_next_sibling("dd").select_one(".edition-register-mentions")
        assert mentions.get_text().startswith("Mentioned in: "), term["id"]
        assert mentions.select("a"), f"{term['id']} is mentioned nowhere"


def test_source_mentions_link_to_the_register(edition) -> None:
    for slug in SLUGS:
        mentions = _main(edition, f"sources/{slug}").select("a.edition-mention")
        assert len(mentions) >= 20, slug
        assert all(a["href"].startswith("../register.html#term-") for a in mentions)


# --- links -------------------------------------------------------------------------------------

def test_internal_link_check_finds_nothing_broken_in_the_edition(edition) -> None:
    broken, checked = links.check_site(edition.outdir)
    assert [str(b) for b in broken] == []
    assert checked > 5000


# --- the commentary ----------------------------------------------------------------------------

def test_commentary_meets_the_counts() -> None:
    notes = _notes()
    per_source = collections.Counter(note["slug"] for note in notes)
    per_type = collections.Counter(note["type"] for note in notes)
    assert len(notes) >= 100
    assert min(per_source[slug] for slug in SLUGS) >= 12, per_source
    assert set(per_type) == set(TYPES), per_type


@pytest.mark.parametrize("kind", CITED_TYPES)
def test_corrections_discrepancies_and_context_cite_a_reliable_work(kind) -> None:
    sources_themselves = {"wiki-expulsion", "lala2014", "edemskiy2025memorie",
                          "military-review-stalin", "wiki-split"}
    for note in (n for n in _notes() if n["type"] == kind):
        keys = {key.split("{")[0] for role in re.findall(r"\{cite:\w+\}`([^`]+)`", note["body"])
                for key in re.sub(r"\{[^}]*\}", lambda m: "", role).split(",")}
        keys = {key.strip() for key in keys}
        assert keys - sources_themselves, f"{note['id']} ({kind}) cites no reliable work"


def test_every_discrepancy_note_links_its_claims_row(edition) -> None:
    for slug in SLUGS:
        for note in _main(edition, f"sources/{slug}").select("div.edition-type-discrepancy"):
            assert note.select_one('a[href^="../claims.html#claim-"]'), note["id"]


def test_every_collation_row_links_two_passages_or_says_why(edition) -> None:
    claims, problems = load_claims(ROOT / "apparatus" / "claims.yaml", "claims.yaml", KNOWN)
    assert problems == [] and len(claims) >= 30
    main = _main(edition, "claims")
    for claim in claims.values():
        row = main.select_one(f"#claim-{claim.id}")
        passages = {a["href"] for a in row.select('a[href*="sources/"]')
                    if "-p" in a["href"] and "-a" not in a["href"].split("#")[1]}
        assert len(passages) >= 2 or row.select_one(".edition-claim-why"), claim.id
        assert row.select_one(".edition-claim-assessment"), claim.id


def test_timeline_covers_the_period_and_marks_disputed_dates(edition) -> None:
    claims, _ = load_claims(ROOT / "apparatus" / "claims.yaml", "claims.yaml", KNOWN)
    events, problems = load_timeline(ROOT / "apparatus" / "timeline.yaml", "timeline.yaml",
                                     KNOWN, claims)
    assert problems == [] and len(events) >= 60
    rows = _main(edition, "timeline").select("tbody tr")
    assert len(rows) == len(events)
    disputed = [r for r in rows if "edition-disputed-row" in r.get("class", [])]
    assert len(disputed) == sum(1 for e in events if e.disputed) > 0
