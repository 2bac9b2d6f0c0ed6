"""The web search's candidate filter (str.find over all names at once) finds exactly what
ranking every name one by one finds: same hits, same order, same groups."""

from __future__ import annotations

import functools
import json

import pyoxigraph as ox
import pytest

from danvan_kg import search
from danvan_kg.search import Sought, fold
from danvan_kg.stores import Store
from danvan_kg.vocab import ONTOLOGY_GRAPH
from danvan_kg.web import search as search_index
from danvan_kg.web.search import (
    IDENTIFIER,
    Entry,
    Hit,
    Results,
    SearchIndex,
    fixed_index,
    page_path,
)


def every_name(index: SearchIndex, query: str, language: str = "vi") -> Results:
    """The search as it was before the filter: each name ranked in Python."""
    sought = Sought.of(query)
    results = Results(sought.text)
    if not sought.folded:
        return results
    # Each distinct name ranked once (a rank is a function of the text, its folded form
    # and whether it is an identifier: a third fewer calls), then the names that match
    # taken one by one in the index's order, as when each name was ranked in turn.
    matched: list[tuple[int, int]] = []
    for (text, folded, identifier), positions in distinct_names(index).items():
        rank = sought.rank(text, folded, identifier=identifier)
        if rank is not None:
            matched.extend((position, rank) for position in positions)
    best: dict[str, Hit] = {}
    for position, rank in sorted(matched):
        entry = index.entries[position]
        known = best.get(entry.node)
        if known is None or rank < known.rank:
            best[entry.node] = Hit(
                node=entry.node,
                name=index.name(entry.node, language) or entry.text,
                kind=entry.kind,
                matched=entry.text,
                rank=rank,
                path=page_path(entry.node),
            )
    for hit in sorted(best.values(), key=lambda hit: (hit.rank, hit.kind, hit.name)):
        group = results.groups.setdefault(hit.kind, [])
        if len(group) < 20:
            group.append(hit)
    return results


@functools.lru_cache(maxsize=2)
def distinct_names(index: SearchIndex) -> dict[tuple[str, str, bool], list[int]]:
    """(text, folded text, is an identifier) → the positions of the names that are it."""
    names: dict[tuple[str, str, bool], list[int]] = {}
    for position, entry in enumerate(index.entries):
        key = (entry.text, entry.folded, entry.property == IDENTIFIER)
        names.setdefault(key, []).append(position)
    return names


@pytest.fixture(scope="module")
def index(graph: Store) -> SearchIndex:
    # SearchIndex.load, once for every app over the read-only session graph
    return fixed_index(graph)


def test_the_index_folds_names_as_fold_does(index: SearchIndex) -> None:
    assert len(index.entries) > 1000
    assert all(entry.folded == fold(entry.text) for entry in index.entries)


def test_same_hits_as_ranking_every_name(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same function, remembered: ranking every name one by one takes each name's
    # words again for every search (most of this test's time), the fast path does not.
    monkeypatch.setattr(search, "words", functools.cache(search.words))
    texts = [entry.text for entry in index.entries[:: max(1, len(index.entries) // 40)]]
    queries = [
        *texts,
        *(text[1:6] for text in texts),
        *(text.upper() for text in texts[:20]),
        "số 19-CT/TU",
        "19 ct tu",
        "HUYỆN",
        "thanh liem",
        "a",
        "-",
        "—",
        "zzz không có",
    ]
    compared = 0
    # Ranking every name takes ~50 ms a search on the shipped graph: English names
    # (another name per node, same candidates) on the fixed searches only.
    for number, query in enumerate(queries):
        for language in ("vi", "en") if number >= len(queries) - 8 else ("vi",):
            fast = json.dumps(index.search(query, language=language).as_json())
            slow = json.dumps(every_name(index, query, language).as_json())
            assert fast == slow, query
            compared += 1
    assert compared > 100


def test_names_that_repeat_or_hold_the_separator() -> None:
    base = "https://w3id.org/danvan/id/org/"
    index = SearchIndex(
        [
            Entry(base + "a", "p", "Huyện ủy", "huyen uy", "org"),
            Entry(base + "b", "p", "Huyện ủy", "huyen uy", "org"),
            Entry(base + "c", "p", "x\x00huyen", "x\x00huyen", "org"),
        ]
    )
    hits = index.search("huyen").groups["org"]
    assert [hit.node for hit in hits] == [base + "a", base + "b", base + "c"]
    for query in ("x huyen", "x", "uy"):
        assert index.search(query).as_json() == every_name(index, query).as_json()


def test_a_nodes_kind_is_that_of_its_class_never_of_its_iri(graph: Store) -> None:
    # The ontology alone gives the kinds (its classes and their rdfs:subClassOf), so a
    # store of it and the two nodes below: a copy of the whole graph would read its
    # 57,000 other names into the index too, none of them a "zyx".
    store = Store.embedded()
    store.extend(graph.quads(ONTOLOGY_GRAPH.value))
    assert len(store) > 1000
    id_base, dv = "https://w3id.org/danvan/id/", "https://w3id.org/danvan/ontology#"
    graph = ox.NamedNode("https://w3id.org/danvan/graph/source/test-kinds")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    misfiled = ox.NamedNode(id_base + "org/actually-a-person")
    directive = ox.NamedNode(id_base + "elsewhere/a-directive")
    store.extend(
        [
            ox.Quad(misfiled, a, ox.NamedNode(dv + "Person"), graph),
            ox.Quad(misfiled, label, ox.Literal("Zyx Người", language="vi"), graph),
            # a subclass of dv:Document, known through the ontology's rdfs:subClassOf
            ox.Quad(directive, a, ox.NamedNode(dv + "Directive"), graph),
            ox.Quad(directive, label, ox.Literal("Zyx Chỉ thị", language="vi"), graph),
        ]
    )
    groups = SearchIndex.load(store).search("zyx").groups
    assert {kind: [hit.node for hit in hits] for kind, hits in groups.items()} == {
        "person": [misfiled.value],
        "document": [directive.value],
    }


def test_names_read_as_text_are_those_read_as_terms() -> None:
    # Oxigraph's TSV escapes quotes, backslashes, tabs, newlines and returns; other
    # control characters, non-BMP ones and tags come as they are; typed literals as
    # "…"^^<…> or bare (numbers, booleans). Each value must be what .value gives.
    from danvan_kg.web.search import _literal, _names_as_terms, _names_as_text

    xsd = "http://www.w3.org/2001/XMLSchema#"
    texts = [
        'a "quoted" name',
        "back\\slash \\n \\u0041 not escapes",
        "tab\there\nnewline\r\nreturn",
        "".join(map(chr, range(1, 0x250))),
        "non-BMP 😀 𝔸 \U0010fffd",
        "Huyện ủy Thanh Liêm",
        "  spaced   OUT ",
        "\\",
        '"',
        "",
        "x\x00y",
        "\u2028\u0085\x0b\x0c",
    ]
    values: list[ox.Literal] = [ox.Literal(text) for text in texts]
    values += [ox.Literal(text, language="vi") for text in texts]
    values += [ox.Literal(text, language="en-GB") for text in texts[:3]]
    values += [
        ox.Literal(lexical, datatype=ox.NamedNode(xsd + kind))
        for lexical, kind in [
            ("01", "integer"),
            ("-7", "integer"),
            ("1.50", "decimal"),
            ("1e3", "double"),
            ("true", "boolean"),
            ("2020-01-02", "date"),
            ("abc", "token"),
        ]
    ]
    values.append(ox.Literal("x", datatype=ox.NamedNode("https://example.org/dt")))
    store = Store.embedded()
    base = "https://w3id.org/danvan/id/org/"
    graphs = [ox.NamedNode(f"https://w3id.org/danvan/graph/source/g{n}") for n in (2, 10, 1)]
    graphs.append(ox.NamedNode("https://w3id.org/danvan/graph/source/g1/sub"))
    properties = [ox.NamedNode(IDENTIFIER), ox.NamedNode(search_index.NAME_PROPERTIES[0])]
    quads = []
    for number, value in enumerate(values):
        for graph in graphs[number % 3 :]:
            prop = properties[number % 2]
            quads.append(ox.Quad(ox.NamedNode(f"{base}n{number % 7}"), prop, value, graph))
            quads.append(ox.Quad(ox.BlankNode(f"b{number}"), prop, value, graph))
            quads.append(ox.Quad(ox.NamedNode(f"{base}i{number}"), prop, ox.NamedNode(base), graph))
    store.extend(quads)
    for literal in values:
        assert _literal(str(literal)) is not None
    by_text = _names_as_text(store, None, {})
    by_terms = _names_as_terms(store, {}, {})
    # graph → its columns; _read puts the graphs in order
    assert by_text == by_terms
    stored = {
        quad.object.value
        for quad in store.quads_for_pattern()
        if isinstance(quad.object, ox.Literal)
    }
    assert len(stored) > 15
    assert {text for part in by_text.values() for text in part[2]} == stored
    some = [graphs[3].value, graphs[0].value]
    kept = {graph.value: by_terms[graph.value] for graph in graphs if graph.value not in some}
    assert _names_as_text(store, some, {}) == _names_as_terms(store, kept, {})
    languages = {language for part in by_text.values() for language in part[4]}
    assert languages == {"", "vi", "en-gb"}
