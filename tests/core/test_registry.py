"""The passage registry: published ids never disappear, and their text never changes silently."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from edition.checks.fidelity import passage_fingerprints
from edition.core.registry import RegistryError, load_registry, update

REGISTRY = ROOT / "sources" / "passages.json"


def test_every_published_passage_is_in_the_edition_with_its_recorded_text(edition) -> None:
    registry = load_registry(REGISTRY)
    built = {}
    for docname in edition.source_docnames:
        built |= passage_fingerprints(edition.html(docname))
    assert len(registry) >= 200
    missing = sorted(set(registry) - set(built))
    assert missing == [], f"published passages missing from the built edition: {missing}"
    changed = sorted(pid for pid, entry in registry.items() if built[pid] != entry["fingerprint"])
    assert changed == [], f"published passages whose text changed without a reason: {changed}"
    unregistered = sorted(set(built) - set(registry))
    assert unregistered == [], f"passages not recorded in the registry: {unregistered}"


def test_every_recorded_revision_gives_a_reason() -> None:
    for passage_id, entry in load_registry(REGISTRY).items():
        for revision in entry.get("revisions", []):
            assert revision.get("reason", "").strip(), passage_id


def test_passage_ids_are_unique_in_the_built_edition(edition) -> None:
    seen: dict[str, str] = {}
    for docname in edition.source_docnames:
        for passage_id in passage_fingerprints(edition.html(docname)):
            assert passage_id not in seen, f"{passage_id} in {docname} and {seen[passage_id]}"
            seen[passage_id] = docname


def test_a_duplicated_id_in_the_registry_file_is_refused(tmp_path) -> None:
    path = tmp_path / "passages.json"
    path.write_text('{"passages": {"a-p001": {"fingerprint": "x"}, '
                    '"a-p001": {"fingerprint": "y"}}}')
    with pytest.raises(RegistryError, match="duplicate passage ids in the registry: a-p001"):
        load_registry(path)


def test_a_malformed_registry_file_is_refused_with_its_line(tmp_path) -> None:
    path = tmp_path / "passages.json"
    path.write_text('{"passages": {\n"a-p001": }\n}')
    with pytest.raises(RegistryError, match=r"passages.json:2: not valid JSON"):
        load_registry(path)


def _built(**fingerprints: str) -> dict[str, dict[str, str]]:
    return {pid.replace("_", "-"): {"fingerprint": fp, "first_words": "…"}
            for pid, fp in fingerprints.items()}


def test_update_records_new_passages() -> None:
    registry: dict = {}
    changes, problems = update(registry, _built(a_p001="1", a_p002="2"), None, "0.1.0")
    assert problems == []
    assert changes == ["recorded new passage a-p001", "recorded new passage a-p002"]
    assert registry["a-p001"] == {"fingerprint": "1", "first_words": "…", "since": "0.1.0"}


def test_update_refuses_a_changed_text_without_a_reason() -> None:
    registry = {"a-p001": {"fingerprint": "1", "first_words": "…", "since": "0.1.0"}}
    before = json.dumps(registry)
    changes, problems = update(registry, _built(a_p001="2"), None, "0.2.0")
    assert problems == ["the text of published passage 'a-p001' changed; record why with "
                        "--reason \"...\" (e.g. a corrected transcription)"]
    assert json.dumps(registry) == before


def test_update_keeps_the_old_text_and_the_reason_of_a_revision() -> None:
    registry = {"a-p001": {"fingerprint": "1", "first_words": "…", "since": "0.1.0"}}
    changes, problems = update(registry, _built(a_p001="2"), "restored a dropped word", "0.2.0")
    assert problems == []
    assert registry["a-p001"]["fingerprint"] == "2"
    [revision] = registry["a-p001"]["revisions"]
    assert revision["fingerprint"] == "1" and revision["reason"] == "restored a dropped word"


def test_update_refuses_to_lose_a_published_id() -> None:
    registry = {"a-p001": {"fingerprint": "1"}, "a-p002": {"fingerprint": "2"}}
    _, problems = update(registry, _built(a_p001="1"), "any reason", "0.2.0")
    assert problems == ["published passage 'a-p002' is missing from the edition; ids are "
                        "frozen: restore its label"]
