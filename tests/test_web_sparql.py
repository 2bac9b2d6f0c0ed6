"""``/sparql`` as real clients see it: the server runs (uvicorn on 127.0.0.1, port 0) and
SPARQLWrapper, rdflib's SPARQLStore and danvan's own remote store ask it every catalogue
query; the answers must be the embedded store's."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest

pytest.importorskip("uvicorn", reason="the web extras (uvicorn) are not installed")

import uvicorn
from SPARQLWrapper import JSON, SPARQLWrapper

from danvan_kg import queries
from danvan_kg.errors import EndpointError
from danvan_kg.stores import Store, bind_values, with_prefixes
from danvan_kg.stores.remote import table_from_json
from danvan_kg.web import Settings, create_app
from parity import assert_same_answer, canonical_rows, catalogue_names, local_answer

# One worker runs the modules that ask the session's `oxigraph serve` (group "server"):
# one server started and loaded a run, not one a worker.
pytestmark = [pytest.mark.server, pytest.mark.xdist_group("server")]
# About 0.75 s of CPU on the test graph (14,149 units x 142 concepts x 6 rows counted):
# seven times the timeout below, and the engine cannot stop it, so the whole of it is
# spent after the test's answer (the 30M rows counted before took 1.8 s).
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE "
    "{ ?a a dv:AdministrativeUnit . ?b a skos:Concept . VALUES ?k { 1 2 3 4 5 6 } }"
)
HASTY_TIMEOUT = 0.1
CAP = 50


class Served:
    """A uvicorn server in a thread, on a free port of 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def store(graph: Store) -> Store:
    """The session's graph of the shipped records (tests/conftest.py); served read-only."""
    return graph


@pytest.fixture(scope="module")
def base(store: Store) -> Iterator[str]:
    settings = Settings(query_timeout=30, result_cap=CAP, query_workers=2)
    with Served(create_app(store, settings)) as url:
        yield url


@pytest.fixture(scope="module")
def hasty(store: Store) -> Iterator[str]:
    """The same graph served with a short query timeout."""
    with Served(create_app(store, Settings(query_timeout=HASTY_TIMEOUT, query_workers=1))) as url:
        yield url


def fetch(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as failure:
        return failure.code, dict(failure.headers), failure.read()


def get(
    base: str, query: str, accept: str = "", **params: str
) -> tuple[int, dict[str, str], bytes]:
    encoded = urllib.parse.urlencode({"query": query, **params})
    return fetch(f"{base}/sparql?{encoded}", headers={"Accept": accept} if accept else {})


def bound_text(name: str, store: Store) -> str:
    """Catalogue query ``name`` with its defaults bound, as a client would send it."""
    query = queries.catalogue()[name]
    return with_prefixes(bind_values(query.text, queries.bind(query, store, {})))


def ordered(name: str) -> bool:
    return "ORDER BY" in " ".join(queries.catalogue()[name].text.upper().split())


# --------------------------------------------------------------------------- parity


@pytest.mark.parametrize("name", catalogue_names())
def test_danvan_remote_store_gets_the_embedded_answer(base: str, store: Store, name: str) -> None:
    """What ``danvan query --endpoint http://…/sparql`` does."""
    assert_same_answer(name, store, Store.remote(f"{base}/sparql"))


@pytest.mark.parametrize("name", catalogue_names())
def test_sparqlwrapper_gets_the_embedded_answer(base: str, store: Store, name: str) -> None:
    # The embedded answer, computed once for the three clients (the store is read-only).
    expected = local_answer(name, store)
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(bound_text(name, store))
    # SPARQLWrapper guesses the form from words anywhere in the text ("move" in a comment
    # makes it an update, sent as update=, which the endpoint refuses): say it is a query.
    client.queryType = "SELECT"
    client.setReturnFormat(JSON)
    got = table_from_json(client.query().convert())
    assert got.columns == expected.columns
    assert canonical_rows(got, ordered(name)) == canonical_rows(expected, ordered(name))


@pytest.mark.parametrize("name", catalogue_names())
def test_rdflib_sparqlstore_gets_the_embedded_answer(base: str, store: Store, name: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    expected = local_answer(name, store)
    remote = SPARQLStore(f"{base}/sparql", returnFormat="xml")
    result = remote.query(bound_text(name, store))
    got = [
        tuple("" if value is None else value.n3() for value in row)  # type: ignore[union-attr]
        for row in result
    ]
    want = [tuple("" if term is None else _n3(term) for term in row) for row in expected.rows]
    assert [str(v) for v in result.vars] == list(expected.columns)
    if ordered(name):
        assert got == want
    else:
        assert sorted(got) == sorted(want)


def _n3(term: Any) -> str:
    """A pyoxigraph term as rdflib writes it (rdflib drops xsd:string, like N-Triples 1.1)."""
    from rdflib.term import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value).n3()
    if isinstance(term, ox.BlankNode):
        return BNode(term.value).n3()
    if term.language:
        return Literal(term.value, lang=term.language).n3()
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value).n3()
    return Literal(term.value, datatype=URIRef(term.datatype.value)).n3()


# --------------------------------------------------------------------------- formats

SELECT = "SELECT ?doc ?id WHERE { ?doc dv:identifier ?id } ORDER BY ?doc"


def test_select_in_each_results_format(base: str, store: Store) -> None:
    expected = store.select(SELECT)
    status, headers, body = get(base, SELECT, "application/sparql-results+json")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    assert canonical_rows(table_from_json(json.loads(body)), True) == canonical_rows(expected, True)
    status, headers, body = get(base, SELECT, "application/sparql-results+xml")
    assert status == 200 and b"<sparql xmlns" in body
    assert body.count(b"<result>") == len(expected.rows)
    status, headers, body = get(base, SELECT, "text/csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["doc", "id"] and len(rows) == len(expected.rows) + 1
    assert rows[1] == [term.value for term in expected.rows[0]]  # type: ignore[union-attr]
    status, headers, body = get(base, SELECT, "text/tab-separated-values")
    lines = body.decode().splitlines()
    assert lines[0] == "?doc\t?id"
    assert lines[1] == "\t".join(str(term) for term in expected.rows[0])


def test_ask_and_construct(base: str, store: Store) -> None:
    status, _, body = get(base, "ASK { ?s dv:identifier ?id }", "application/sparql-results+json")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = get(base, "ASK { ?s dv:nothing ?x }", "application/sparql-results+xml")
    assert b"<boolean>false</boolean>" in body
    construct = "CONSTRUCT { ?doc dv:identifier ?id } WHERE { ?doc dv:identifier ?id }"
    expected = set(store.construct(construct))
    for accept, rdf_format in (
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ):
        status, headers, body = get(base, construct, accept)
        assert status == 200 and headers["content-type"].startswith(accept)
        parsed = ox.parse(body, rdf_format)
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in parsed} == expected
    status, _, body = get(base, "DESCRIBE <https://w3id.org/danvan/id/org/huyen-uy-thanh-liem>")
    assert status == 200 and b"huyen-uy-thanh-liem" in body


def test_post_as_form_and_as_a_query_body(base: str, store: Store) -> None:
    expected = canonical_rows(store.select(SELECT), True)
    form = urllib.parse.urlencode({"query": SELECT}).encode()
    for data, content_type in (
        (form, "application/x-www-form-urlencoded"),
        (SELECT.encode(), "application/sparql-query"),
    ):
        status, _, body = fetch(
            f"{base}/sparql",
            data=data,
            headers={"Content-Type": content_type, "Accept": "application/sparql-results+json"},
        )
        assert status == 200
        assert canonical_rows(table_from_json(json.loads(body)), True) == expected


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://example.org/data.ttl>",
    ],
)
def test_updates_are_refused(base: str, store: Store, query: str) -> None:
    before = len(store)
    assert get(base, query)[0] == 403
    assert len(store) == before


def test_update_requests_are_refused(base: str) -> None:
    form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    assert fetch(f"{base}/sparql", data=form)[0] == 403
    body = b"DROP ALL"
    assert (
        fetch(f"{base}/sparql", data=body, headers={"Content-Type": "application/sparql-update"})[0]
        == 403
    )


def test_service_is_refused(base: str) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, _, body = get(base, query)
    assert status == 403 and b"SERVICE" in body
    # the word inside a string or an IRI is not the keyword
    assert get(base, 'SELECT * WHERE { ?s ?p "SERVICE" }')[0] == 200


def test_malformed_and_missing_queries_are_400(base: str) -> None:
    status, _, body = get(base, "SELECT ?x WHERE { ?x ")
    assert status == 400 and body.strip()
    assert fetch(f"{base}/sparql")[0] == 400
    assert get(base, SELECT, "image/png")[0] == 406


def test_the_result_cap_is_stated_and_applied(base: str, store: Store) -> None:
    query = "SELECT ?s WHERE { ?s a skos:Concept }"
    status, headers, body = get(base, query, "application/sparql-results+json")
    assert status == 200
    assert headers["x-danvan-result-cap"] == str(CAP)
    assert headers["x-danvan-truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == CAP
    assert headers["x-sparql-maxrows"] == str(CAP)
    _, small, _ = get(base, SELECT, "application/sparql-results+json")
    assert small["x-danvan-truncated"] == "false" and small["x-danvan-result-cap"] == str(CAP)
    assert "x-sparql-maxrows" not in small
    with pytest.raises(EndpointError, match="cut the answer at 50 rows"):
        Store.remote(f"{base}/sparql").select(query)


def test_a_runaway_query_times_out_without_stalling_pages(hasty: str) -> None:
    base = hasty
    outcome: dict[str, Any] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["status"], _, outcome["body"] = get(base, SLOW)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.05)
    started = time.monotonic()
    status, _, _ = fetch(f"{base}/id/org/huyen-uy-thanh-liem", headers={"Accept": "text/turtle"})
    page_seconds = time.monotonic() - started
    thread.join(timeout=30)
    assert outcome["status"] == 503, outcome
    assert str(HASTY_TIMEOUT).encode() in outcome["body"]
    assert outcome["seconds"] < 2.5
    assert status == 200 and page_seconds < 2.5


# --------------------------------------------------------------------------- --endpoint

GAZETTEER = "https://w3id.org/danvan/graph/gazetteer"


@pytest.fixture(scope="module")
def small(store: Store) -> Store:
    """The test graph without the gazetteer (most of its names): the remote app reads
    every name over HTTP when it starts, which takes long for the 14,000 units."""
    kept = Store.embedded()
    # Graph by graph, the gazetteer's never read: the same quads as every quad of the
    # store whose graph is not the gazetteer, without reading its 150k quads from disk.
    kept.extend(
        quad for graph in store.named_graphs() if graph != GAZETTEER for quad in store.quads(graph)
    )
    return kept


@pytest.fixture(scope="module")
def over_remote(small: Store) -> Iterator[Any]:
    """The web app over a remote store (``danvan serve --endpoint``): the endpoint is
    another instance of the app, serving the small graph with a cap above its size."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    with (
        Served(create_app(small, Settings(result_cap=1_000_000))) as roomy,
        TestClient(create_app(Store.remote(f"{roomy}/sparql"))) as client,
    ):
        yield client


def test_serve_over_an_endpoint_searches_and_runs_the_catalogue(
    over_remote: Any, small: Store
) -> None:
    found = over_remote.get("/search.json", params={"q": "19-CT/TU"}).json()
    assert "/id/document/tinh-uy-ha-nam/ct-19-2013" in [
        hit["page"] for hit in found["groups"]["document"]
    ]
    query = queries.catalogue()["reviews-per-year"]
    expected = queries.format_table(queries.run(query, small), "csv")
    assert over_remote.get("/queries/reviews-per-year.csv").text == expected


def test_serve_over_an_endpoint_shows_entity_pages(over_remote: Any) -> None:
    response = over_remote.get("/id/document/tinh-uy-ha-nam/ct-19-2013")
    assert response.status_code == 200
    assert "Chỉ thị 19-CT/TU" in response.text
