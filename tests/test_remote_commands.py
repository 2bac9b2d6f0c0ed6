"""``danvan export``, ``validate`` and ``add`` with ``--endpoint``, on a real ``oxigraph
serve``; what a write does when the server fails half-way (docs/stores.md promises it).

The server is test_remote's session server (reset per test). A second tiny HTTP server,
:class:`Proxy`, stands between danvan and Oxigraph: it counts the requests and fails the
ones a test names, so "the server died between two requests" really happens.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.cli import main
from danvan_kg.errors import EndpointError, QueryError
from danvan_kg.stores import RemoteStore, Store
from danvan_kg.validate import add_files
from oxigraph_server import Server, copy_store_folder
from test_remote import fixed_status, pushed  # noqa: F401 (fixtures)

# One worker runs the modules that ask the session's `oxigraph serve` (group "server"):
# one server started and loaded a run, not one a worker.
pytestmark = [pytest.mark.server, pytest.mark.xdist_group("server")]

TESTS = Path(__file__).parent
BAD = TESTS / "bad_records"
GOOD = TESTS / "good_records" / "thanh-liem-2024-so-ket.yaml"
GOOD_GRAPH = "https://w3id.org/danvan/graph/source/test-thanh-liem-2024-so-ket"
INFERRED = "https://w3id.org/danvan/graph/inferred"
PLAN = "https://w3id.org/danvan/id/document/huyen-uy-thanh-liem/kh-52-2024"
CT19 = "https://w3id.org/danvan/id/document/tinh-uy-ha-nam/ct-19-2013"


def state(store: Store) -> tuple[object, ...]:
    """What an add changes, cheaply compared: the named graphs, the number of quads, and
    the quads of the added source's graph and of the inferred graph (blank node labels
    differ between stores, so those quads are compared as text without them)."""

    def lines(graph: str) -> list[str]:
        return sorted(
            " ".join("_:" if isinstance(term, ox.BlankNode) else str(term) for term in quad)
            for quad in store.quads(graph)
        )

    return store.named_graphs(), len(store), lines(GOOD_GRAPH), lines(INFERRED)


# --------------------------------------------------------------------------- the proxy


Rule = Callable[[str, str, int], str | None]


class Proxy:
    """An HTTP server on 127.0.0.1 that forwards to ``target`` and fails on request.

    ``rule(method, path, n)`` — ``n`` counts the requests to that path, from 1 — returns
    None to forward, ``"500"`` to answer HTTP 500 without forwarding, or ``"drop"`` to
    close the connection without an answer (a server that dies).
    """

    def __init__(self, target: str, rule: Rule) -> None:
        self.target = target
        self.rule = rule
        self.seen: list[tuple[str, str]] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = self.path.split("?", 1)[0]
                proxy.seen.append((self.command, path))
                count = sum(1 for _, seen in proxy.seen if seen == path)
                verdict = proxy.rule(self.command, path, count)
                if verdict == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if verdict == "500":
                    self._answer(500, "text/plain", b"Proxy: refused on purpose")
                    return
                headers = {
                    name: value
                    for name, value in self.headers.items()
                    if name.lower() in ("content-type", "accept")
                }
                request = urllib.request.Request(
                    proxy.target + self.path,
                    data=body or None,
                    method=self.command,
                    headers=headers,
                )
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:
                        self._answer(
                            answer.status, answer.headers.get("Content-Type"), answer.read()
                        )
                except urllib.error.HTTPError as error:
                    self._answer(error.code, error.headers.get("Content-Type"), error.read())

            def _answer(self, status: int, media: str | None, body: bytes) -> None:
                self.send_response(status)
                if media:
                    self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _forward  # noqa: N815 — names imposed by http.server

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # a short poll: shutdown() waits for it (half a second by default)
        threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True).start()

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/query"

    def requests(self, path: str) -> int:
        return sum(1 for _, seen in self.seen if seen == path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def proxy(server: Server) -> Iterator[Callable[[Rule], Proxy]]:
    started: list[Proxy] = []

    def start(rule: Rule = lambda *_: None) -> Proxy:
        started.append(Proxy(server.base, rule))
        return started[-1]

    yield start
    for one in started:
        one.close()


@pytest.fixture
def loaded(server: Server, graph: Store, pushed: RemoteStore) -> Iterator[RemoteStore]:  # noqa: F811
    """The server holding the built graph, for a test that adds GOOD. An add changes two
    graphs only — the source's and the inferred one — so they are put back afterwards
    (pushing the whole graph again takes half a minute on a busy machine)."""
    server.dirty = True
    yield pushed
    pushed.replace_graphs({GOOD_GRAPH: [], INFERRED: list(graph.quads(INFERRED))})
    server.dirty = False


@pytest.fixture(scope="module")
def complete(
    built: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[object, ...]:
    """The state a complete add of GOOD gives, done locally on a copy of the graph (on
    disk: the copy's table files are hard links, where an in-memory copy puts 157k
    quads through Python)."""
    folder = tmp_path_factory.mktemp("complete") / "store"
    copy_store_folder(built[1], folder)
    with Store.embedded(folder) as copy:
        assert add_files([GOOD], copy).added
        return state(copy)


# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize(
    "name",
    [
        "minh-long-as-stated.yaml",
        "duplicate-source.yaml",
        "breakdown-does-not-sum.yaml",
        "unknown-unit.yaml",
        "carries-out-a-later-document.yaml",
    ],
)
@pytest.mark.parametrize("output", ["text", "json"])
def test_validate_against_the_server_says_what_it_says_on_the_store(
    name: str,
    output: str,
    built: tuple[Store, Path],
    pushed: RemoteStore,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["validate", str(BAD / name), "--format", output]
    code = main([*args, "--store", str(built[1])])
    expected = capsys.readouterr()
    assert main([*args, "--endpoint", pushed.url]) == code
    got = capsys.readouterr()
    assert (got.out, got.err) == (expected.out, expected.err)
    assert code in (1, 2)  # each file has findings: the comparison means something


def test_validate_a_good_file_against_the_server(
    pushed: RemoteStore,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(GOOD), "--endpoint", pushed.url, "--lang", "en"]) == 0
    assert "Warnings" not in capsys.readouterr().out


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize(
    "selection",
    [
        ["--graph", "thanh-liem-2023"],
        ["--lineage", "19-CT/TU"],
        ["--around", "dan-van-kheo"],
    ],
    ids=["graph", "lineage", "around"],
)
def test_export_from_the_server_writes_the_same_file(
    selection: list[str],
    built: tuple[Store, Path],
    pushed: RemoteStore,  # noqa: F811
    tmp_path: Path,
) -> None:
    for suffix in ("nq", "graphml"):
        mine, theirs = tmp_path / f"local.{suffix}", tmp_path / f"remote.{suffix}"
        assert main(["export", *selection, "-o", str(mine), "--store", str(built[1])]) == 0
        assert main(["export", *selection, "-o", str(theirs), "--endpoint", pushed.url]) == 0
        assert theirs.read_bytes() == mine.read_bytes(), suffix
        assert mine.stat().st_size > 1000


# --------------------------------------------------------------------------- add


def test_add_to_the_server_writes_what_add_writes_locally(
    loaded: RemoteStore, complete: tuple[object, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", str(GOOD), "--endpoint", loaded.url, "--lang", "en"]) == 0
    assert "Nothing was written" not in capsys.readouterr().out
    assert state(loaded) == complete
    assert loaded.select(
        "SELECT ?a WHERE { GRAPH dvg:inferred { ?plan dv:derivesFrom ?a } }",
        {"plan": ox.NamedNode(PLAN)},
    ).column("a") == [CT19]
    # adding again replaces the source's graph: the same quads, not twice as many
    assert main(["add", str(GOOD), "--endpoint", loaded.url]) == 0
    assert state(loaded) == complete


def test_a_refused_add_writes_nothing_on_the_server(
    loaded: RemoteStore, proxy: Callable[[Rule], Proxy], capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(loaded)
    watching = proxy()
    code = main(["add", str(BAD / "minh-long-as-stated.yaml"), "--endpoint", watching.query_url])
    assert code == 1
    assert capsys.readouterr().out.endswith("Không ghi gì vào đồ thị.\n")
    assert watching.requests("/update") == 0  # validation reads; nothing was sent to write
    assert state(loaded) == before


def test_one_update_request_is_all_or_nothing_on_oxigraph(loaded: RemoteStore) -> None:
    """What docs/stores.md builds on: a request that fails in its second operation has
    not applied its first."""
    before = state(loaded)
    assert before[3]  # the inferred graph is not empty: dropping it would show
    with pytest.raises(EndpointError, match="HTTP 500"):
        loaded.update(f"DROP GRAPH <{INFERRED}> ; DROP GRAPH <https://example.org/no-such-graph>")
    assert state(loaded) == before


def test_add_fails_before_anything_is_written_when_the_first_write_fails(
    loaded: RemoteStore, proxy: Callable[[Rule], Proxy], capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(loaded)
    failing = proxy(lambda method, path, n: "500" if path == "/update" else None)
    assert main(["add", str(GOOD), "--endpoint", failing.query_url, "--lang", "en"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"danvan: error: the SPARQL endpoint {failing.query_url[:-6]}/update")
    assert state(loaded) == before


@pytest.mark.parametrize("how", ["500", "drop"])
def test_add_that_fails_half_way_leaves_what_the_docs_say(
    how: str,
    loaded: RemoteStore,
    complete: tuple[object, ...],
    proxy: Callable[[Rule], Proxy],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The records' graph is written by the first request; the server fails the second,
    which rewrites the lineage closure. The records are in, the closure is the old one;
    running the same add again completes it (docs/stores.md, "danvan add")."""
    before = state(loaded)
    failing = proxy(lambda method, path, n: how if path == "/update" and n == 2 else None)
    assert main(["add", str(GOOD), "--endpoint", failing.query_url, "--lang", "en"]) == 2
    assert "danvan: error:" in capsys.readouterr().err
    assert failing.requests("/update") == 2

    half = state(loaded)
    assert half[0] == complete[0]  # the new source's graph is there…
    assert half[2] == complete[2]  # …with every quad of the records
    assert half[3] == before[3]  # but the closure is the old one
    assert complete[3] != before[3]  # (a complete add changes it)
    assert half[1] == complete[1] - 1  # the one new lineage link is all that is missing

    assert main(["add", str(GOOD), "--endpoint", loaded.url]) == 0  # again, directly
    assert state(loaded) == complete


def test_add_uses_the_graph_store_protocol_where_the_server_has_no_update_endpoint(
    loaded: RemoteStore,
    complete: tuple[object, ...],
    server: Server,
    fixed_status: Callable[..., str],  # noqa: F811
) -> None:
    no_update = fixed_status(405, b"Method Not Allowed") + "/update"
    assert (
        main(
            [
                "add",
                str(GOOD),
                "--endpoint",
                server.query_url,
                "--update-endpoint",
                no_update,
                "--graph-store",
                f"{server.base}/store",
            ]
        )
        == 0
    )
    assert state(loaded) == complete


# --------------------------------------------------------------------------- the protocol


def test_describe_is_one_request_per_500_subjects(
    graph: Store,
    pushed: RemoteStore,  # noqa: F811
    proxy: Callable[[Rule], Proxy],
) -> None:
    # Every IRI that is the subject of a quad in a named graph, found by Oxigraph (reading
    # the 157k quads into Python to collect them took a second)
    found = graph.select(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?s)) }", union=False
    )
    subjects = sorted((subject for (subject,) in found.rows), key=str)
    assert len(subjects) > 1000
    counting = proxy()
    remote = Store.remote(counting.query_url)
    for chosen, requests in ((subjects[:20], 1), (subjects[:1200], 3)):
        before = counting.requests("/query")
        got = remote.describe(chosen)
        assert counting.requests("/query") - before == requests
        expected = graph.describe(chosen)
        assert len(got) == len(expected)
        assert {str(q) for q in got if "_:" not in str(q)} == {
            str(q) for q in expected if "_:" not in str(q)
        }


@pytest.mark.parametrize(
    "pattern",
    [
        (ox.NamedNode(CT19), None, None, None),
        (None, ox.NamedNode("https://w3id.org/danvan/ontology#recordKey"), None, None),
        (None, None, ox.Literal("ct-19-tu-ha-nam-2013"), None),
        (None, None, None, ox.NamedNode(INFERRED)),
        (None, ox.NamedNode("https://w3id.org/danvan/ontology#derivesFrom"), None, None),
    ],
    ids=["subject", "predicate", "object", "graph", "predicate-everywhere"],
)
def test_quads_for_pattern_on_the_server_are_the_stores(
    pattern: tuple[object, ...],
    graph: Store,
    pushed: RemoteStore,  # noqa: F811
    proxy: Callable[[Rule], Proxy],
) -> None:
    counting = proxy()
    got = list(Store.remote(counting.query_url).quads_for_pattern(*pattern))  # type: ignore[arg-type]
    assert counting.requests("/query") == 1
    assert sorted(map(str, got)) == sorted(map(str, graph.quads_for_pattern(*pattern)))  # type: ignore[arg-type]
    assert got


def test_keyed_on_the_server_is_keyed_on_the_store(
    graph: Store,
    pushed: RemoteStore,  # noqa: F811
) -> None:
    for key in ("dan-van-kheo", "ct-19-tu-ha-nam-2013", "thanh-liem-2023", "no-such-key"):
        assert pushed.keyed(key) == graph.keyed(key), key


def test_a_blank_node_cannot_be_sent_to_the_server(pushed: RemoteStore) -> None:  # noqa: F811
    with pytest.raises(QueryError, match="only IRIs and literals"):
        list(pushed.quads_for_pattern(ox.BlankNode()))


def test_json_report_of_a_remote_add(
    loaded: RemoteStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", str(GOOD), "--endpoint", loaded.url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["added"] is True
    assert list(data["written"]) == [GOOD_GRAPH]


def test_add_never_writes_to_the_endpoint_of_the_environment(
    loaded: RemoteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DANVAN_ENDPOINT", loaded.url)
    before = state(loaded)
    assert main(["add", str(GOOD), "--store", str(tmp_path / "no-store")]) == 2
    assert state(loaded) == before
