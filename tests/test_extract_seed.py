"""Golden tests on the five source articles, and the user's loop end to end.

Every fact the hand-made record of a source article (data/sources/*.yaml) states — its
documents' identifiers, people, models, figures, award counts and event dates — must be
among the mentions `danvan extract` finds in the article, or be listed with the reason in
tests/extract-known-misses.yaml. The articles are read from ../shared/corpus (skipped with
the reason where that folder is absent).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from danvan_kg.extract import Extraction, Metadata, extract
from danvan_kg.extract.output import to_yaml
from danvan_kg.identifiers import parse_identifier
from danvan_kg.stores import Store
from danvan_kg.text import match_key

from .conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
KNOWN_MISSES = Path(__file__).parent / "extract-known-misses.yaml"


def plain(value: Any) -> Any:
    """A record value written as {value: …, stated: …} → the value."""
    return value["value"] if isinstance(value, dict) and "value" in value else value


def stated_facts(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(kind, key) of each fact of a record that an extractor can find in the text."""
    for document in record.get("documents", []):
        if document.get("identifier"):
            yield "document", parse_identifier(str(plain(document["identifier"]))).canonical()
    for person in record.get("people", []):
        yield "person", match_key(plain(person["name"]))
    for model in record.get("models", []):
        yield "model", match_key(plain(model["name"]))
    for figure in record.get("figures", []):
        if figure.get("value") is not None:
            yield "figure", str(plain(figure["value"]))
    for award in record.get("awards", []):
        for field in ("collectives", "individuals", "models"):
            if award.get(field) is not None:
                yield "figure", str(plain(award[field]))
    for event in record.get("events", []):
        if event.get("date"):
            yield "date", str(plain(event["date"]))


def found_facts(extraction: Extraction) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for mention in extraction.mentions:
        value = mention.value
        if mention.kind == "document" and value.get("identifier"):
            found.add(("document", str(value["identifier"])))
        elif mention.kind == "person":
            found.add(("person", match_key(value["name"])))
        elif mention.kind == "model":
            found.add(("model", match_key(value["name"])))
        elif mention.kind == "figure" and value.get("number") is not None:
            found.add(("figure", str(value["number"])))
        elif mention.kind == "date":
            found.add(("date", str(value["iso"])))
    return found


SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def seed_records() -> list[tuple[str, dict[str, Any]]]:
    """The shipped records made from a corpus article (read once per module; no test
    changes them), with libyaml's safe loader: the same data as yaml.safe_load."""
    records = []
    for path in sorted((ROOT / "data" / "sources").glob("*.yaml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        if record["source"].get("corpus_file"):
            records.append((path.stem, record))
    return records


def seed_extraction(record: dict[str, Any]) -> Extraction:
    article = CORPUS / record["source"]["corpus_file"]
    if not article.exists():
        pytest.skip(f"the source articles are not here ({CORPUS} is absent)")
    published = record["source"].get("published")
    return extract(
        article.read_text(encoding="utf-8"),
        Metadata(published=str(published)[:10] if published else None),
        name=article.name,
    )


@pytest.mark.parametrize(
    ("name", "record"), seed_records(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_stated_fact_is_found_or_a_known_miss(name: str, record: dict[str, Any]) -> None:
    known = yaml.safe_load(KNOWN_MISSES.read_text(encoding="utf-8")).get(name, [])
    known_keys = {(entry["kind"], str(entry["value"])) for entry in known}
    assert all(entry.get("reason") for entry in known), "every known miss says why"
    found = found_facts(seed_extraction(record))
    missed = {fact for fact in stated_facts(record) if fact not in found}
    assert missed - known_keys == set(), "newly missed (fix, or list with a reason)"
    assert known_keys - missed == set(), "listed as missed but found now: remove from the list"


def test_the_loop_extract_validate_on_a_seed_article(graph: Store, tmp_path: Path) -> None:
    """extract → (the person edits) → validate against the graph of the shipped data (the
    session's built graph: both steps only read it)."""
    from danvan_kg.validate import validate_files

    name = "thanh-liem-2023"
    record = dict(seed_records())[name]
    extraction = seed_extraction(record)
    draft = tmp_path / "draft.yaml"
    draft.write_text(to_yaml(extraction), encoding="utf-8")
    # with a store, a document the graph holds is matched to its node
    matched = extract(
        (CORPUS / record["source"]["corpus_file"]).read_text(encoding="utf-8"), store=graph
    )
    (full,) = {m.match for m in matched.of_kind("document") if m.text == "19-CT/TU"}
    assert full is not None and full.startswith("https://w3id.org/danvan/id/document/")
    report = validate_files([draft], graph)
    assert report.exit_code == 0, name  # accepted (with warnings to read)
    # an unresolved value is refused with a finding, not accepted silently
    broken = yaml.safe_load(draft.read_text(encoding="utf-8"))
    broken["units"].append(
        {"key": "khong-co-that", "name": "Không Có Thật", "level": "district",
         "province": "Hà Nam", "note": "Unresolved (unknown): kept as stated."}
    )  # fmt: skip
    draft.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    refused = validate_files([draft], graph)
    assert refused.exit_code != 0


@pytest.mark.parametrize("name", ["que-son-2020", "minh-long-2024"])
def test_nfd_and_old_tone_marks_change_nothing_on_a_real_article(name: str) -> None:
    record = dict(seed_records())[name]
    article = CORPUS / record["source"]["corpus_file"]
    if not article.exists():
        pytest.skip(f"the source articles are not here ({CORPUS} is absent)")
    raw = article.read_text(encoding="utf-8")
    assert "Thùy" in raw or "hóa" in raw  # so the old-style spelling below changes something
    old_style = raw.replace("Thùy", "Thuỳ").replace("khóa", "khoá").replace("hóa", "hoá")
    results = [
        [(m.kind, m.start, m.end, m.value) for m in extract(text).mentions]
        for text in (raw, unicodedata.normalize("NFD", raw), old_style)
    ]
    assert results[0] == results[1] == results[2]
