"""The built graph holds what each of the five source articles states.

Expected values are written out here from reading the articles (shared/corpus/), not
taken from the code's output. Where a test needs the whole article, it reads it from
shared/corpus and skips if that folder is absent.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from danvan_kg.stores import Store

from .conftest import corpus_text

ID = "https://w3id.org/danvan/id/"


def one(graph: Store, query: str, **bindings: ox.NamedNode | ox.Literal) -> dict[str, str | None]:
    rows = graph.select(query, bindings).values()
    assert len(rows) == 1, rows
    return rows[0]


def values(graph: Store, query: str, **bindings: ox.NamedNode | ox.Literal) -> set[str | None]:
    table = graph.select(query, bindings)
    return {row[0].value if row[0] is not None else None for row in table.rows}


def test_thanh_liem_conference_date_reviews_and_awards(graph: Store) -> None:
    event = ox.NamedNode(ID + "event/2023-11-29-thanh-liem-tong-ket-ct19")
    facts = one(
        graph,
        """
        SELECT ?date ?stated ?part ?e WHERE {
          ?e dv:date ?date ; dv:timeOfDay ?part ;
             dv:hasCorrection [ dv:correctedProperty dv:date ; dv:statedValue ?stated ] }""",
        e=event,
    )
    assert facts == {
        "date": "2023-11-29",
        "stated": "29/11",
        "e": event.value,
        "part": "https://w3id.org/danvan/vocab/daypart/morning",
    }
    reviews = graph.select(
        """
        SELECT ?identifier ?kind ?start ?end ?e WHERE {
          ?e dv:hasReview ?r . ?r dv:reviewKind ?kind ; dv:periodStart ?start ; dv:periodEnd ?end .
          OPTIONAL { ?r dv:reviewOf/dv:identifier ?identifier } }
        ORDER BY ?start""",
        {"e": event},
    ).values()
    assert [
        (r["identifier"], r["kind"].rsplit("/", 1)[-1], r["start"], r["end"]) for r in reviews
    ] == [
        ("19-CT/TU", "final-review", "2013", "2023"),
        (None, "interim-review", "2021", "2023"),
    ]
    directive = one(
        graph,
        """
        SELECT ?date ?issuerName WHERE {
          ?d dv:identifier "19-CT/TU" ; dv:dateIssued ?date ; dv:issuer ?issuer .
          ?issuer rdfs:label ?issuerName FILTER(LANG(?issuerName) = "vi") }""",
    )
    assert directive == {"date": "2013-10-16", "issuerName": "Tỉnh ủy Hà Nam"}
    awards = values(
        graph,
        """
        SELECT ?n WHERE { ?a dv:presentedAt|dv:awardedFor ?x ; dv:collectiveCount|dv:modelCount ?n .
          ?a dv:recordKey ?k FILTER(STRSTARTS(?k, "2023-thanh-liem")) }""",
    )
    assert awards == {"5", "8", "13"}


def test_thanh_liem_officials_and_posts(graph: Store) -> None:
    posts = values(
        graph,
        """
        SELECT ?role WHERE { ?p dv:participant ?person ; dv:inPost/org:role ?role .
          ?person rdfs:label "Hoàng Mạnh Dũng"@vi }""",
    )
    assert {iri.rsplit("/", 1)[-1] for iri in posts if iri} == {"deputy-secretary", "chair"}
    standing = values(
        graph,
        """
        SELECT ?org WHERE { ?person rdfs:label "Trần Xuân Thành"@vi ; org:holds ?post .
          ?post org:role <https://w3id.org/danvan/vocab/role/standing-deputy-secretary> ;
                org:postIn/dv:recordKey ?org }""",
    )
    assert standing == {"huyen-uy-thanh-liem"}


def test_thanh_liem_model_counts(graph: Store) -> None:
    figures = graph.select("""
        SELECT ?key ?value ?stated ?minimum WHERE {
          ?f a dv:Figure ; dv:recordKey ?key FILTER(STRSTARTS(?key, "thanh-liem"))
          OPTIONAL { ?f dv:value ?value } OPTIONAL { ?f dv:valueAsStated ?stated }
          OPTIONAL { ?f dv:minimumValue ?minimum } } ORDER BY ?key""").values()
    by_key = {row["key"]: (row["value"], row["stated"], row["minimum"]) for row in figures}
    assert by_key["thanh-liem-2021-2023-dvk-exemplary-district"][0] == "23"
    assert by_key["thanh-liem-2021-2023-dvk-exemplary-commune"][0] == "76"
    assert by_key["thanh-liem-2023-dvk-recognised-district"][0] == "13"
    assert by_key["thanh-liem-2021-2023-dvk-models-built"][1:] == ("hàng trăm", "100")


def test_thap_muoi_survey_visit(graph: Store) -> None:
    facts = one(
        graph,
        """
        SELECT ?date ?reviewed ?host WHERE {
          ?e dv:recordKey "2022-08-19-thap-muoi-khao-sat-nq01" ; dv:date ?date ;
             dv:host/dv:recordKey ?host ; dv:hasReview/dv:reviewOf/dv:identifier ?reviewed }""",
    )
    assert facts == {"date": "2022-08-19", "reviewed": "01-NQ/TU", "host": "btv-huyen-uy-thap-muoi"}
    term = one(graph, 'SELECT ?term WHERE { ?d dv:identifier "01-NQ/TU" ; dv:term ?term }')
    assert term == {"term": "XI"}


def test_cho_don_figures_and_breakdown(graph: Store) -> None:
    rows = graph.select("""
        SELECT ?key ?value ?category ?total WHERE {
          ?f a dv:Figure ; dv:recordKey ?key ; dv:value ?value FILTER(STRSTARTS(?key, "cho-don"))
          OPTIONAL { ?f dv:category ?category } OPTIONAL { ?f dv:breakdownOf/dv:value ?total } }
        ORDER BY DESC(xsd:integer(?value))""").values()
    assert [(r["value"], (r["category"] or "").rsplit("/", 1)[-1], r["total"]) for r in rows] == [
        ("808", "", None),
        ("179", "", None),
        ("109", "collective", "179"),
        ("70", "individual", "179"),
    ]
    period = values(
        graph,
        """SELECT ?p WHERE { ?f dv:recordKey "cho-don-2018-2020-registered" ;
                                  dv:periodStart ?s ; dv:periodEnd ?e
            BIND(CONCAT(STR(?s), "-", STR(?e)) AS ?p) }""",
    )
    assert period == {"2018-2020"}


def test_cho_don_award_decision(graph: Store) -> None:
    award = one(
        graph,
        """
        SELECT ?collectives ?individuals ?decision ?date ?stated ?form WHERE {
          ?a dv:recordKey "2020-cho-don-2559" ; dv:collectiveCount ?collectives ;
             dv:individualCount ?individuals ; dv:awardForm ?form ; dv:byDecision ?d .
          ?d dv:identifier ?decision ; dv:dateIssued ?date ;
             dv:hasCorrection [ dv:correctedProperty dv:identifier ; dv:statedValue ?stated ] }""",
    )
    assert award == {
        "collectives": "15",
        "individuals": "9",
        "decision": "2559/QĐ-UBND",
        "date": "2020-09-07",
        "stated": "2559/ QĐ –UBND",
        "form": "https://w3id.org/danvan/vocab/awardform/certificate-of-merit",
    }


def test_cho_don_provincial_official_holds_three_posts(graph: Store) -> None:
    roles = values(
        graph,
        """
        SELECT ?role WHERE { ?person rdfs:label "Ma Từ Đông Điền"@vi . ?p dv:participant ?person ;
          dv:inPost/org:role ?role }""",
    )
    assert {r.rsplit("/", 1)[-1] for r in roles if r} == {
        "standing-committee-member",
        "head",
        "chair",
    }


def test_que_son_conference_chair_and_corrected_date(graph: Store) -> None:
    facts = one(
        graph,
        """
        SELECT ?date ?stated ?chair WHERE {
          ?e dv:recordKey "2020-10-08-que-son-tong-ket-dvk" ; dv:date ?date ;
             dv:hasCorrection [ dv:statedValue ?stated ] ;
             dv:hasParticipation [
               dv:participationRole <https://w3id.org/danvan/vocab/partrole/chair> ;
                                 dv:participant/rdfs:label ?chair ] }""",
    )
    assert facts == {"date": "2020-10-08", "stated": "08-10/2020", "chair": "Đặng Thị Thùy Vinh"}
    award = one(
        graph,
        'SELECT ?c ?i WHERE { ?a dv:recordKey "2020-que-son-dvk" ;'
        " dv:collectiveCount ?c ; dv:individualCount ?i }",
    )
    assert award == {"c": "10", "i": "20"}
    cited = values(
        graph, 'SELECT ?date WHERE { ?d dv:identifier "114-KL/TW" ; dv:dateIssued ?date }'
    )
    assert cited == {"2015-07-14"}


def test_minh_long_review_kept_as_stated_and_corrected(graph: Store) -> None:
    facts = one(
        graph,
        """
        SELECT ?date ?stated ?chair ?end WHERE {
          ?e dv:recordKey "2024-01-12-minh-long-tong-ket" ; dv:date ?date ;
             dv:hasCorrection [ dv:correctedProperty dv:date ; dv:statedValue ?stated ] ;
             dv:hasReview/dv:periodEnd ?end ;
             dv:hasParticipation [
               dv:participationRole <https://w3id.org/danvan/vocab/partrole/chair> ;
                                 dv:participant/rdfs:label ?chair ] }
        LIMIT 1""",
    )
    assert facts == {
        "date": "2024-01-12",
        "stated": "12/01/2023",
        "chair": "Lê Thanh Bình",
        "end": "2023",
    }


def test_minh_long_lineage_continues(graph: Store) -> None:
    continued = values(
        graph,
        """SELECT ?old WHERE { ?d dv:identifier "01-KL/TW" ; dv:continues/dv:identifier ?old }""",
    )
    assert continued == {"05-CT/TW"}
    dates = values(
        graph, 'SELECT ?date WHERE { ?d dv:identifier "05-CT/TW" ; dv:dateIssued ?date }'
    )
    assert dates == {"2016-05-15"}


def test_minh_long_named_models_with_owners(graph: Store) -> None:
    owned = graph.select("""
        SELECT ?name ?owner WHERE { ?m a dv:Model ; rdfs:label ?name ; dv:owner/dv:recordKey ?owner
          FILTER(LANG(?name) = "vi") }""").values()
    pairs = {(row["name"], row["owner"]) for row in owned}
    assert ("Camera an ninh Nhân dân", "cong-an-huyen-minh-long") in pairs
    assert ("Nồi cơm tình thương", "ban-chi-huy-quan-su-huyen-minh-long") in pairs
    assert ("Khu dân cư 6 không", "ubmttq-huyen-minh-long") in pairs


def test_one_node_per_document_across_sources(graph: Store) -> None:
    table = graph.select("""
        SELECT ?id (COUNT(DISTINCT ?d) AS ?nodes) (COUNT(DISTINCT ?g) AS ?sources) WHERE {
          GRAPH ?g { ?d dv:identifier ?id } } GROUP BY ?id""").values()
    for row in table:
        assert row["nodes"] == "1", row
    by_id = {row["id"]: int(row["sources"] or 0) for row in table}
    assert by_id["114-KL/TW"] >= 2  # Quế Sơn states it, and the reference record confirms it


@pytest.mark.parametrize(
    ("prefix", "source"),
    [
        ("000_", "thanh-liem-2023"),
        ("001_", "thap-muoi-2022"),
        ("002_", "cho-don-2020"),
        ("003_", "que-son-2020"),
        ("004_", "minh-long-2024"),
    ],
)
def test_every_number_and_name_comes_from_its_article(
    graph: Store, prefix: str, source: str
) -> None:
    """Each count and each person's name in a source graph is printed in that article."""
    article = corpus_text(prefix)
    numbers = values(
        graph,
        """SELECT ?n ?g WHERE {
             GRAPH ?g { ?s dv:value|dv:collectiveCount|dv:individualCount|dv:modelCount ?n } }""",
        g=ox.NamedNode(f"https://w3id.org/danvan/graph/source/{source}"),
    )
    digits = set(re.findall(r"\d+", article))
    for number in numbers:
        assert number is not None and (number in digits or number.zfill(2) in digits), number
    people = values(
        graph,
        """SELECT ?name ?g WHERE { GRAPH ?g { ?p a dv:Person ; rdfs:label ?name } }""",
        g=ox.NamedNode(f"https://w3id.org/danvan/graph/source/{source}"),
    )
    assert people or source == "thap-muoi-2022"
    for name in people:
        assert name in article, name
