"""The ontology and vocabularies parse, and every term the data uses is declared with
labels in Vietnamese and English."""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from danvan_kg.resources import resource_files
from danvan_kg.stores import Store
from danvan_kg.text import normalise
from danvan_kg.vocab import DV, UnknownTermError, concept, ontology_quads, vocabulary_codes

LABEL_QUERY = """
SELECT ?term (GROUP_CONCAT(DISTINCT LANG(?label); separator=",") AS ?languages) WHERE {
  ?term rdfs:label|skos:prefLabel ?label
} GROUP BY ?term"""


@pytest.mark.parametrize("path", resource_files("ontology", ".ttl"), ids=lambda p: p.name)
def test_ontology_files_parse_in_rdflib_too(path) -> None:
    dataset = Dataset()
    dataset.parse(path, format="turtle")
    assert len(dataset) > 100


def test_every_term_used_by_the_data_is_declared_with_vi_and_en_labels(graph: Store) -> None:
    used = graph.select("""
        SELECT DISTINCT ?term WHERE {
          GRAPH ?g { { ?s ?term ?o } UNION { ?s a ?term } }
          FILTER(?g != dvg:ontology)
        }""")
    labelled = {
        row["term"]: set((row["languages"] or "").split(","))
        for row in graph.select(
            LABEL_QUERY.replace("WHERE {", "WHERE { GRAPH dvg:ontology {", 1).replace(
                "} GROUP BY", "} } GROUP BY"
            ),
            union=True,
        ).values()
    }
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"  # RDF's own, not ours to label
    missing = [
        term
        for (term,) in used.rows
        if term.value != rdf_type and not {"vi", "en"} <= labelled.get(term.value, set())
    ]
    assert missing == []
    assert len(used.rows) > 40


def test_every_vocabulary_concept_used_by_the_data_exists(graph: Store) -> None:
    concepts = graph.select("""
        SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s ?p ?c } FILTER(?g != dvg:ontology)
          FILTER(STRSTARTS(STR(?c), "https://w3id.org/danvan/vocab/")) }""").column("c")
    declared = {
        f"https://w3id.org/danvan/vocab/{scheme}/{code}"
        for scheme, codes in vocabulary_codes().items()
        for code in codes
    }
    assert concepts and set(concepts) <= declared


def test_closed_namespace_refuses_typos() -> None:
    assert DV.dateIssued.value.endswith("#dateIssued")
    with pytest.raises(UnknownTermError, match="dv:dateIssud is not declared"):
        _ = DV.dateIssud
    with pytest.raises(UnknownTermError, match="not a code of vocabulary 'field'"):
        concept("field", "sports")


def test_vocabularies_cover_the_document_types_and_fields() -> None:
    codes = vocabulary_codes()
    assert {
        "NQ",
        "CT",
        "KL",
        "QD",
        "QDi",
        "DA",
        "KH",
        "CTr",
        "HD",
        "TB",
        "BC",
        "QC",
        "CV",
        "ND",
    } <= codes["doctype"]
    assert codes["field"] == {"economy", "culture-society", "defence-security", "political-system"}
    assert {"TW", "TU", "HU", "DU", "UBND", "QH"} <= codes["issuercode"]


def test_every_ontology_literal_is_normalised_text() -> None:
    for quad in ontology_quads():
        if isinstance(quad.object, ox.Literal) and quad.object.language:
            text = quad.object.value
            assert unicodedata.is_normalized("NFC", text), text
            if quad.object.language == "vi":
                assert normalise(text) == " ".join(text.split()), text
