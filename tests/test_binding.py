"""The parameter binder (danvan_kg.stores.binding): unit tests that need no server.

Every bound query is also run on an in-memory Oxigraph store, so a test checks that the
rewritten text is valid SPARQL and means what the bindings say, not only its spelling.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from danvan_kg.errors import QueryError
from danvan_kg.stores import Store
from danvan_kg.stores.binding import bind_values, inject_values, where_position, with_prefixes
from parity import canonical_rows

INJECTION = '"} ; DROP ALL ; #'
XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = ox.NamedNode("https://example.org/graph")
NODE = ox.NamedNode("https://example.org/node")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _engine(*objects: ox.Literal | ox.NamedNode) -> ox.Store:
    """An in-memory engine holding ``NODE rdfs:label O`` for each object."""
    engine = ox.Store()
    engine.extend(ox.Quad(NODE, LABEL, value, GRAPH) for value in objects)
    return engine


def _run(engine: ox.Store, query: str) -> list[tuple[object, ...]]:
    solutions = engine.query(query, use_default_graph_as_union=True)
    return [tuple(solution) for solution in solutions]


TRICKY = (
    "PREFIX x: <https://example.org/a#b?key>  # a comment with { and ?key\n"
    "SELECT ?s ?key (COUNT(?o) AS ?n)\n"
    "WHERE {  # where { starts\n"
    '  ?s rdfs:label ?key ; ?p ?o FILTER(?o != "text with { ?key and # inside")\n'
    "  { SELECT ?s WHERE { ?s ?p ?key } }\n"
    "} GROUP BY ?s ?key ORDER BY ?key ?s"
)


def test_parameters_replace_the_variable_token_by_token(graph: Store) -> None:
    key = ox.Literal("Dân vận khéo", language="vi")
    bound = bind_values(TRICKY, {"key": key})
    assert bound.count('"Dân vận khéo"@vi') == 2  # projection, pattern
    assert 'SELECT ?s ("Dân vận khéo"@vi AS ?key)' in bound
    assert "GROUP BY ?s  ORDER BY  ?s" in bound  # grouping or ordering by a constant: dropped
    assert bind_values("SELECT (COUNT(*) AS ?n) {} GROUP BY ?key", {"key": key}).endswith(
        'GROUP BY ("Dân vận khéo"@vi)'
    )
    assert "{ SELECT ?s WHERE { ?s ?p ?key } }" in bound  # the sub-select's own ?key
    assert "a comment with { and ?key" in bound and '{ ?key and # inside"' in bound
    assert "<https://example.org/a#b?key>" in bound
    assert canonical_rows(graph.select(bound), True) == canonical_rows(
        graph.select(TRICKY, {"key": key}), True
    )


def test_an_injection_string_stays_one_literal() -> None:
    bound = bind_values("SELECT ?key WHERE { ?s ?p ?key }", {"key": ox.Literal(INJECTION)})
    assert bound == 'SELECT ("\\"} ; DROP ALL ; #" AS ?key) WHERE { ?s ?p "\\"} ; DROP ALL ; #" }'
    assert Store.embedded().select(bound).rows == ()


def test_a_sub_select_that_projects_the_parameter_is_bound_too() -> None:
    query = "SELECT ?key ?s WHERE { { SELECT ?s ?key WHERE { ?s ?p ?key } } }"
    assert bind_values(query, {"key": ox.Literal("k")}) == (
        'SELECT ("k" AS ?key) ?s WHERE { { SELECT ?s  WHERE { ?s ?p "k" } } }'
    )


def test_select_star_gets_a_values_block_in_the_outermost_where_group() -> None:
    query = 'SELECT * WHERE { # {\n ?s ?p "{" { SELECT ?s WHERE { ?s ?p ?o } } }'
    bound = bind_values(query, {"o": ox.NamedNode("https://example.org/x")})
    assert bound == (
        "SELECT * WHERE { VALUES (?o) { (<https://example.org/x>) } "
        '# {\n ?s ?p "{" { SELECT ?s WHERE { ?s ?p ?o } } }'
    )
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert construct[: where_position(construct)] == "CONSTRUCT { ?s ?p ?o } WHERE {"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "not in an update"),
        ("SELECT ?x WHERE { BIND(1 AS ?o) }", "assigned in the query"),
        ("SELECT ?x WHERE { VALUES (?x ?o) { (1 2) } }", "also given values"),
        ("# only a comment", "cannot find the query form"),
    ],
)
def test_binding_where_the_grammar_forbids_it_is_an_error(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        bind_values(query, {"o": ox.Literal("x")})


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("CONSTRUCT WHERE { ?s ?p ?o }", "short form CONSTRUCT WHERE"),
        ("SELECT * # no where clause", "cannot find the WHERE clause"),
    ],
)
def test_a_values_block_needs_a_where_group(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        inject_values(query, {"o": ox.Literal("x")})


def test_blank_nodes_cannot_be_sent_as_parameters() -> None:
    with pytest.raises(QueryError, match="only IRIs and literals"):
        bind_values("SELECT * { ?s ?p ?o }", {"o": ox.BlankNode()})


# --------------------------------------------------------------------------- terms


TERMS = [
    ox.NamedNode("https://w3id.org/danvan/id/document/ct-19-tu-1999"),
    ox.NamedNode("https://example.org/a?b=c&d=é#frag"),
    ox.Literal("plain"),
    ox.Literal("Dân vận khéo", language="vi"),
    ox.Literal("Mass mobilisation", language="en-GB"),
    ox.Literal("1999-02-18", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("quote \" and ' and \\ backslash"),
    ox.Literal("\"\"\"three quotes\"\"\" and '''three more'''"),
    ox.Literal("line one\nline two\r\n\ttabbed"),
    ox.Literal("Nghị quyết số 25-NQ/TW: “tăng cường” — công tác dân vận"),
    ox.Literal(INJECTION),
    ox.Literal("} } } ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #", language="vi"),
    ox.Literal("?key $key ?o"),
    ox.Literal("<https://example.org/not-an-iri> . # {"),
]


@pytest.mark.parametrize("term", TERMS, ids=lambda term: str(term)[:40])
def test_every_term_kind_comes_back_as_the_same_term(term: ox.NamedNode | ox.Literal) -> None:
    engine = _engine()
    bound = bind_values("SELECT ?value WHERE {}", {"value": term})
    assert _run(engine, bound) == [(term,)]
    # and as a pattern: it matches exactly the stored value, nothing else
    engine = _engine(term, ox.Literal("other"))
    bound = bind_values("SELECT ?node WHERE { ?node rdfs:label ?value }", {"value": term})
    assert _run(engine, with_prefixes(bound)) == [(NODE,)]


@pytest.mark.parametrize("term", [t for t in TERMS if isinstance(t, ox.Literal)], ids=str)
def test_an_injection_attempt_is_one_term_and_changes_nothing(term: ox.Literal) -> None:
    engine = _engine(term)
    before = sorted(map(str, engine))
    for query in (
        "SELECT ?node WHERE { ?node ?p ?value }",
        "SELECT * WHERE { ?node ?p ?value }",
        "ASK { ?node ?p ?value }",
        "CONSTRUCT { ?node ?p ?value } WHERE { ?node ?p ?value }",
    ):
        bound = bind_values(query, {"value": term})
        answer = engine.query(bound, use_default_graph_as_union=True)
        if isinstance(answer, ox.QueryBoolean):
            assert bool(answer)
        else:
            assert len(list(answer)) == 1
    assert sorted(map(str, engine)) == before


def test_an_iri_with_forbidden_characters_cannot_even_be_made() -> None:
    for text in (
        "https://example.org/a b",
        "https://example.org/a>b",
        'https://x/"',
        "https://x/{",
    ):
        with pytest.raises(ValueError, match="Invalid IRI"):
            ox.NamedNode(text)


@pytest.mark.parametrize(
    "value",
    ["<https://example.org/x> } ; DROP ALL ; #", ox.BlankNode(), 42, None],
    ids=["raw text", "blank node", "number", "none"],
)
def test_only_iris_and_literals_are_bound(value: object) -> None:
    with pytest.raises(QueryError) as caught:
        bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": value})  # type: ignore[dict-item]
    assert caught.value.code == "binding.term-kind"
    assert str(caught.value) == (
        "parameter o: only IRIs and literals can be sent to a remote endpoint"
    )


@pytest.mark.parametrize("name", ["1x", "a-b", "a b", "", "x}", "?x"])
def test_a_parameter_name_must_be_a_variable_name(name: str) -> None:
    with pytest.raises(QueryError, match="is not a variable name"):
        bind_values("SELECT ?s WHERE { ?s ?p ?o }", {name: ox.Literal("x")})


# --------------------------------------------------------------------------- structure


def test_a_parameter_the_query_does_not_project_is_replaced_in_the_patterns_only() -> None:
    bound = bind_values("SELECT ?s WHERE { ?s ?p ?key }", {"key": ox.Literal("k")})
    assert bound == 'SELECT ?s WHERE { ?s ?p "k" }'


def test_dollar_variables_are_the_same_variable() -> None:
    bound = bind_values("SELECT ?s WHERE { ?s ?p $key . ?s ?q ?key }", {"key": ox.Literal("k")})
    assert bound == 'SELECT ?s WHERE { ?s ?p "k" . ?s ?q "k" }'


def test_bound_of_a_parameter_is_true() -> None:
    bound = bind_values(
        "SELECT ?s WHERE { ?s ?p ?o FILTER(BOUND(?key) && ?o = ?key) }", {"key": ox.Literal("k")}
    )
    assert bound == 'SELECT ?s WHERE { ?s ?p ?o FILTER(true && ?o = "k") }'
    assert _run(_engine(ox.Literal("k")), bound) == [(NODE,)]


def test_nested_sub_selects_keep_their_own_variables() -> None:
    query = (
        "SELECT ?s ?key WHERE {\n"
        "  ?s rdfs:label ?key .\n"
        "  { SELECT ?s WHERE { ?s ?p ?key } }\n"  # projects no ?key: its own variable
        "  { SELECT ?s ?key WHERE { { SELECT ?s ?key WHERE { ?s ?q ?key } } } }\n"
        "}"
    )
    key = ox.Literal("k")
    bound = bind_values(query, {"key": key})
    # the projection, the pattern, the innermost pattern (its sub-selects project ?key,
    # so it is the query's ?key there, dropped from their projections)
    assert bound.count('"k"') == 3
    assert "{ SELECT ?s WHERE { ?s ?p ?key } }" in bound
    assert '{ SELECT ?s  WHERE { { SELECT ?s  WHERE { ?s ?q "k" } } } }' in bound
    engine = _engine(key, ox.Literal("other"))
    unbound = [row for row in _run(engine, with_prefixes(query)) if row[1] == key]
    assert _run(engine, with_prefixes(bound)) == unbound
    assert len(unbound) == 2  # the sub-select with its own ?key matches both labels


def test_a_sub_select_that_projects_only_the_parameter_keeps_it() -> None:
    bound = bind_values(
        "SELECT ?s WHERE { ?s ?p ?o { SELECT ?key WHERE { ?x ?y ?key } } }",
        {"key": ox.Literal("k")},
    )
    assert '{ SELECT ("k" AS ?key) WHERE { ?x ?y "k" } }' in bound
    ox.Store().query(bound)  # still a query Oxigraph accepts


def test_prefixes_are_added_once_and_only_where_missing() -> None:
    text = (
        "PREFIX dv: <https://w3id.org/danvan/ontology#>\n"
        "SELECT ?s WHERE { ?s dv:title ?t ; rdfs:label ?l }"
    )
    completed = with_prefixes(text)
    assert completed.count("PREFIX dv:") == 1
    assert completed.startswith("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
    assert with_prefixes("SELECT ?dvx WHERE { ?dvx ?p ?o }") == "SELECT ?dvx WHERE { ?dvx ?p ?o }"


def test_a_parameter_inside_a_prefix_iri_or_a_comment_is_not_touched() -> None:
    query = (
        "PREFIX ex: <https://example.org/?key=1#>\n"
        "# ?key in a comment\n"
        'SELECT ?s WHERE { ?s ex:p ?key FILTER(?key != "?key") }'
    )
    bound = bind_values(query, {"key": ox.Literal("k")})
    assert bound == (
        "PREFIX ex: <https://example.org/?key=1#>\n"
        "# ?key in a comment\n"
        'SELECT ?s WHERE { ?s ex:p "k" FILTER("k" != "?key") }'
    )


def test_an_unterminated_string_is_an_error() -> None:
    with pytest.raises(QueryError, match="unterminated string"):
        bind_values('SELECT ?s WHERE { ?s ?p "open }', {"o": ox.Literal("x")})


def test_binding_messages_speak_vietnamese_too() -> None:
    with pytest.raises(QueryError) as caught:
        bind_values("DROP ALL", {"o": ox.Literal("x")})
    assert caught.value.message("vi") == (
        "chỉ gán được tham số trong truy vấn, không gán trong lệnh cập nhật"
    )


def test_bound_and_unbound_give_the_same_rows_on_a_store() -> None:
    store = Store.embedded()
    store.extend(ox.Quad(NODE, LABEL, value, GRAPH) for value in TERMS[2:])
    for term in TERMS[2:]:
        text = "SELECT ?node ?value WHERE { ?node rdfs:label ?value } ORDER BY ?node"
        expected = [row for row in store.select(text).rows if row[1] == term]
        assert list(store.select(text, {"value": term}).rows) == expected
