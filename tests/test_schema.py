"""The record schema table drives the checks, the conversion, validate's field names and
the field reference in docs/records.md; these tests fail when one of them drifts."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.errors import RecordError
from danvan_kg.gazetteer import Gazetteer, unit_resolver
from danvan_kg.records import PARTS, SECTIONS, convert, parse_record_text, read_batch
from danvan_kg.records.schema import END, START, field_for, iri, with_reference
from danvan_kg.records.values import Where, check_fields
from danvan_kg.vocab import DV, PREFIXES, UnknownTermError, concept

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "golden-conference.yaml"
ALL = {**SECTIONS, **PARTS}


def test_the_field_reference_in_docs_is_generated_from_the_table() -> None:
    document = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    assert START in document and END in document
    assert with_reference(document) == document, (
        "docs/records.md is stale: run `python scripts/records_reference.py`"
    )


def test_the_reference_names_every_field_the_doc_example_uses() -> None:
    # epoch and also_known_as were missing from the hand-written doc.
    reference = with_reference((ROOT / "docs" / "records.md").read_text(encoding="utf-8"))
    for name in ("epoch", "also_known_as", "value_as_stated", "presented_by"):
        assert f"| `{name}` |" in reference


def test_unknown_and_required_fields_come_from_the_table() -> None:
    where = Where("a.yaml", "organisations[0]")
    with pytest.raises(RecordError) as caught:
        check_fields({"key": "k", "nmae": "x"}, SECTIONS["organisations"], where)
    assert caught.value.field == "nmae"
    assert caught.value.params["known"] == ", ".join(sorted(SECTIONS["organisations"].names))
    with pytest.raises(RecordError) as caught:
        check_fields({"key": "k", "name": "N", "kind": "x"}, SECTIONS["organisations"], where)
    assert (caught.value.field, caught.value.code) == ("level", "record.field-missing")


def test_a_file_with_a_section_outside_the_table_is_refused() -> None:
    text = "format: danvan-record/1\nsource: {key: s, kind: article, title: T}\nthings: []\n"
    with pytest.raises(RecordError) as caught:
        parse_record_text(text, file="a.yaml")
    assert caught.value.code == "record.section-unknown"
    assert caught.value.params["known"] == ", ".join(SECTIONS)


@pytest.mark.parametrize("section", sorted(ALL))
def test_every_predicate_and_scheme_of_the_table_exists(section: str) -> None:
    for spec in ALL[section].fields:
        for curie in spec.predicates:
            prefix, _, local = curie.partition(":")
            assert prefix in PREFIXES, curie
            if prefix == "dv":
                assert getattr(DV, local) == iri(curie)  # DV raises on undeclared terms
        if spec.scheme:
            with pytest.raises(UnknownTermError) as caught:
                concept(spec.scheme, "no-such-code")
            assert "no vocabulary" not in str(caught.value), spec.scheme


def test_the_converter_writes_only_predicates_the_table_declares() -> None:
    quads = convert(read_batch([GOLDEN]), resolve_unit=unit_resolver(Gazetteer.load())).quads
    declared = {
        curie for spec in ALL.values() for field in spec.fields for curie in field.predicates
    }
    # Written by every record whatever its fields: its class, label, corrections, provenance.
    structural = {
        "rdf:type",
        "rdfs:label",
        "prov:wasDerivedFrom",
        "dv:hasCorrection",
        "dv:correctedProperty",
        "dv:statedValue",
        "dv:correctedValue",
    }
    written = {_curie(quad.predicate.value) for quad in quads}
    assert written - declared - structural == set()
    assert len(written & declared) > 20


@pytest.mark.parametrize("section", sorted(ALL))
def test_a_finding_on_a_predicate_names_the_field_it_came_from(section: str) -> None:
    for spec in ALL[section].fields:
        for curie in spec.predicates:
            refers = spec.refers_to[0] if len(spec.refers_to) == 1 else None
            assert field_for(section, curie, language=spec.language, refers_to=refers) == (
                spec.name
            ), (section, curie)


def test_every_node_the_converter_mints_is_located() -> None:
    conversion = convert(read_batch([GOLDEN]), resolve_unit=unit_resolver(Gazetteer.load()))
    typed = {
        quad.subject.value
        for quad in conversion.quads
        if quad.predicate.value == PREFIXES["rdf"] + "type"
        and isinstance(quad.subject, ox.NamedNode)
    }
    assert typed <= set(conversion.locations)
    by_section = {location.section for location in conversion.locations.values()}
    assert {"source", "events", "reviews", "participants", "posts"} <= by_section
    review = next(
        location for location in conversion.locations.values() if location.section == "reviews"
    )
    assert review.record.startswith("events[0] (") and review.prefix == "reviews[0]"
    correction = next(iri for iri in conversion.locations if "/correction/" in iri)
    assert conversion.locations[correction].prefix is not None


def _curie(value: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if value.startswith(namespace):
            return f"{prefix}:{value[len(namespace) :]}"
    return value
