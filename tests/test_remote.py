"""Remote SPARQL endpoints, against a real ``oxigraph serve`` on 127.0.0.1.

One server is started for the session (STYLE item 10), holding the built graph; a test
that writes marks the server dirty, and the next test that needs the built graph restarts
it on a fresh copy (tests/oxigraph_server.py). The parity
test runs every catalogue query on the server and on the embedded store and asserts the
same answers, whatever the catalogue holds when the tests run.
"""

from __future__ import annotations

import http.server
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg import queries
from danvan_kg.cli import main
from danvan_kg.errors import EndpointError
from danvan_kg.stores import RemoteStore, Store, push
from oxigraph_server import Server, free_port, start_oxigraph, stop
from parity import assert_same_answer, canonical_rows, catalogue_names

# One worker runs the modules that ask the session's `oxigraph serve` (group "server"):
# one server started and loaded a run, not one a worker.
pytestmark = [pytest.mark.server, pytest.mark.xdist_group("server")]

INJECTION = '"} ; DROP ALL ; #'
QUERIES = Path(__file__).resolve().parents[1] / "queries"


# --------------------------------------------------------------------------- servers
# The session's server is the ``server`` fixture of tests/conftest.py.


@pytest.fixture
def empty(server: Server) -> RemoteStore:
    """The server, emptied for this test."""
    return server.reset()


@pytest.fixture
def pushed(server: Server, built: tuple[Store, Path]) -> RemoteStore:
    """The server holding exactly the built graph (restored after a writing test)."""
    if server.dirty:
        server.restore(built[1])
    return server.remote()


@pytest.fixture(scope="session")
def small(graph: Store) -> Store:
    """The built graph without the gazetteer (150k quads): quick to push again and again."""
    gazetteer = "https://w3id.org/danvan/graph/gazetteer"
    store = Store.embedded()
    # graph by graph: the gazetteer's quads are never read (a second, from disk)
    store.extend(
        quad for name in graph.named_graphs() if name != gazetteer for quad in graph.quads(name)
    )
    return store


@pytest.fixture(scope="session")
def sample(graph: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    """On disk, read only: the built graph with the first 2,000 quads of its gazetteer.
    Every kind of named graph is there, and it pushes and dumps in a fraction of the
    time of the whole 157k quads."""
    folder = tmp_path_factory.mktemp("sample") / "store"
    gazetteer = "https://w3id.org/danvan/graph/gazetteer"
    with Store.embedded(folder) as store:
        store.extend(
            quad for name in graph.named_graphs() if name != gazetteer for quad in graph.quads(name)
        )
        store.extend(itertools.islice(graph.quads(gazetteer), 2000))
    opened = Store.embedded(folder, read_only=True)
    yield opened, folder
    opened.close()


class Handler(http.server.BaseHTTPRequestHandler):
    """A server that answers every request with one fixed status."""

    status = 500
    body = b"Internal error: the store is on fire\nsecond line"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(self.status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST = do_PUT = _answer  # noqa: N815 — names imposed by http.server

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fixed_status() -> Iterator[callable]:
    """Start a local HTTP server answering every request with a given status."""
    servers = []

    def start(status: int, body: bytes = Handler.body) -> str:
        handler = type("FixedHandler", (Handler,), {"status": status, "body": body})
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # a short poll: shutdown() waits for it (half a second by default)
        threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A socket that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stopping = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
                held.append(connection)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stopping.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    listener.close()


# --------------------------------------------------------------------------- parity


def compare(
    local: Store, remote: Store, text: str, bindings: dict | None = None, *, union: bool = True
) -> None:
    expected = local.select(text, bindings, union=union)
    got = remote.select(text, bindings, union=union)
    assert got.columns == expected.columns
    ordered = "ORDER BY" in " ".join(text.upper().split())
    assert canonical_rows(got, ordered) == canonical_rows(expected, ordered)


@pytest.mark.parametrize("name", catalogue_names())
def test_catalogue_query_gives_the_same_answer_on_the_server(
    name: str, graph: Store, pushed: RemoteStore
) -> None:
    assert_same_answer(name, graph, pushed)


def test_the_catalogue_is_not_empty_so_parity_means_something() -> None:
    # The parity test above is parametrized over catalogue_names(): it must be every
    # shipped .rq outside queries/system/, read without error, or parity proves nothing.
    shipped = sorted(path.stem for path in QUERIES.glob("*.rq"))
    assert len(shipped) >= 20
    assert catalogue_names() == shipped


@pytest.mark.parametrize("name", ["stats-classes", "stats-graphs"])
def test_system_queries_give_the_same_answer(name: str, graph: Store, pushed: RemoteStore) -> None:
    compare(graph, pushed, queries.system_query(name).text, union=False)


def test_push_copies_every_named_graph(sample: tuple[Store, Path], empty: RemoteStore) -> None:
    local, _ = sample
    report = push(local, empty)
    assert report.method == "gsp"
    assert report.graphs == {
        name: sum(1 for _ in local.quads(name)) for name in local.named_graphs()
    }
    assert report.graphs["https://w3id.org/danvan/graph/gazetteer"] == 2000
    assert "https://w3id.org/danvan/graph/ontology" in report.graphs
    assert empty.named_graphs() == local.named_graphs()
    assert len(empty) == len(local) == report.quads


def test_push_by_update_gives_the_same_graph(small: Store, empty: RemoteStore) -> None:
    report = push(small, empty, method="update")
    assert report.method == "update"
    assert len(empty) == len(small)
    compare(small, empty, queries.system_query("stats-graphs").text, union=False)


def test_push_replaces_a_graph_instead_of_adding_to_it(small: Store, empty: RemoteStore) -> None:
    stale = ox.Quad(
        ox.NamedNode("https://example.org/stale"),
        ox.NamedNode("https://example.org/p"),
        ox.Literal("old"),
        ox.NamedNode("https://w3id.org/danvan/graph/ontology"),
    )
    empty.extend([stale])
    push(small, empty)
    assert not empty.ask("ASK { <https://example.org/stale> ?p ?o }")


def test_dump_from_the_server_equals_the_dump_of_the_store(
    sample: tuple[Store, Path], empty: RemoteStore, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    def named_lines(args: list[str]) -> tuple[set[bytes], int]:
        assert main(["dump", *args]) == 0
        lines = capsysbinary.readouterr().out.splitlines()
        return {line for line in lines if b"_:" not in line}, len(lines)

    local, folder = sample
    push(local, empty)
    expected = named_lines(["--store", str(folder)])
    assert expected[1] == len(local)
    assert named_lines(["--endpoint", empty.url]) == expected


def test_cli_query_run_gives_the_same_table(
    built: tuple[Store, Path],
    pushed: RemoteStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    query_file = tmp_path / "labels.rq"
    query_file.write_text(
        "#+ title: Labels of a node\n"
        "#+ description: Every label of one node, by language.\n"
        "#+ params:\n"
        "#+   node: {type: iri, default: 'https://w3id.org/danvan/id/initiative/dan-van-kheo'}\n"
        "SELECT ?node ?label WHERE { ?node rdfs:label ?label } ORDER BY ?label\n",
        encoding="utf-8",
    )
    assert main(["query", "run", str(query_file), "--store", str(built[1]), "--format", "csv"]) == 0
    local = capsys.readouterr().out
    assert main(["query", "run", str(query_file), "--endpoint", pushed.url, "--format", "csv"]) == 0
    assert capsys.readouterr().out == local
    assert "Dân vận khéo" in local


def test_stats_on_the_server_match_the_store(
    built: tuple[Store, Path], pushed: RemoteStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--store", str(built[1])]) == 0
    local = capsys.readouterr().out
    assert main(["stats", "--endpoint", pushed.url]) == 0
    assert capsys.readouterr().out == local


def test_cli_push_reports_quads_per_graph(
    sample: tuple[Store, Path], server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    local, folder = sample
    server.reset()
    assert main(["push", "--store", str(folder), "--endpoint", server.query_url]) == 0
    out = capsys.readouterr().out
    assert "https://w3id.org/danvan/graph/gazetteer" in out
    assert f"Pushed {len(local):,} quads in {len(local.named_graphs())} named graphs" in out
    assert "(Graph Store Protocol)" in out


# --------------------------------------------------------------------------- binding


def test_parameters_are_bound_as_terms_on_the_server(graph: Store, pushed: RemoteStore) -> None:
    text = "SELECT ?node ?key WHERE { ?node dv:recordKey ?key } ORDER BY ?node"
    compare(graph, pushed, text, {"key": ox.Literal("dan-van-kheo")})
    assert (
        pushed.existing("initiative", "dan-van-kheo")
        == "https://w3id.org/danvan/id/initiative/dan-van-kheo"
    )


def test_an_injection_string_matches_nothing_and_changes_nothing(
    pushed: RemoteStore, server: Server
) -> None:
    before = len(pushed)
    table = pushed.select(
        "SELECT ?node ?key WHERE { ?node dv:recordKey ?key }", {"key": ox.Literal(INJECTION)}
    )
    assert table.rows == ()
    assert pushed.existing("document", INJECTION) is None
    assert len(pushed) == before
    assert not server.dirty


# --------------------------------------------------------------------------- the union


def test_a_server_without_a_union_default_graph_still_sees_every_graph(
    small: Store, tmp_path: Path
) -> None:
    plain = start_oxigraph(tmp_path / "db", union=False)
    try:
        remote = plain.remote()
        push(small, remote)
        compare(
            small, remote, "SELECT ?node ?label WHERE { ?node a dv:Movement ; rdfs:label ?label }"
        )
        compare(small, remote, queries.system_query("stats-graphs").text, union=False)
    finally:
        stop(plain)


# --------------------------------------------------------------------------- errors


def test_refused_connection_is_one_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError) as caught:
        Store.remote(url).select("SELECT * WHERE { ?s ?p ?o }")
    assert str(caught.value) == f"cannot connect to the SPARQL endpoint {url} (connection refused)"


def test_a_server_that_never_answers_times_out(silent_port: int) -> None:
    url = f"http://127.0.0.1:{silent_port}/query"
    started = time.monotonic()
    with pytest.raises(EndpointError) as caught:
        Store.remote(url, timeout=0.5).select("SELECT * WHERE { ?s ?p ?o }")
    assert str(caught.value) == f"the SPARQL endpoint {url} did not answer within 0.5 s"
    assert time.monotonic() - started < 10


def test_a_bad_query_is_http_400_with_the_servers_reason(pushed: RemoteStore) -> None:
    with pytest.raises(EndpointError) as caught:
        pushed.select("SELECT ?s WHERE { ?s ?p }")
    assert str(caught.value).startswith(f"the SPARQL endpoint {pushed.url} answered HTTP 400: ")


def test_a_server_error_is_http_500_with_the_first_line_of_the_body(fixed_status: callable) -> None:
    url = fixed_status(500) + "/sparql"
    with pytest.raises(EndpointError) as caught:
        Store.remote(url).select("SELECT * WHERE { ?s ?p ?o }")
    assert (
        str(caught.value)
        == f"the SPARQL endpoint {url} answered HTTP 500: Internal error: the store is on fire"
    )


def test_any_other_status_is_reported_too(fixed_status: callable) -> None:
    url = fixed_status(503, b"busy") + "/sparql"
    with pytest.raises(EndpointError) as caught:
        Store.remote(url).ask("ASK { ?s ?p ?o }")
    assert str(caught.value) == f"the SPARQL endpoint {url} answered HTTP 503: busy"


def test_a_server_without_graph_store_protocol(
    small: Store, fixed_status: callable, server: Server
) -> None:
    crud = fixed_status(405, b"Method Not Allowed") + "/sparql-graph-crud"
    target = Store.remote(server.query_url, graph_store_url=crud)
    server.dirty = True
    with pytest.raises(EndpointError) as caught:
        push(small, target, method="gsp")
    assert (
        str(caught.value)
        == f"the server at {crud} does not support the Graph Store Protocol (HTTP 405)"
    )


def test_push_falls_back_to_update_without_graph_store_protocol(
    small: Store, fixed_status: callable, server: Server
) -> None:
    server.reset()
    crud = fixed_status(405, b"Method Not Allowed") + "/sparql-graph-crud"
    target = Store.remote(server.query_url, graph_store_url=crud)
    report = push(small, target)
    assert report.method == "update"
    assert len(target) == len(small)


def test_the_cli_prints_one_line_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["stats", "--endpoint", url]) == 2
    err = capsys.readouterr().err
    assert (
        err == f"danvan: error: cannot connect to the SPARQL endpoint {url} (connection refused)\n"
    )


def test_not_a_url_is_an_error() -> None:
    with pytest.raises(EndpointError, match="is not an http"):
        Store.remote("localhost:7878")
