"""The parity test against Virtuoso open source, the server of the big public endpoints.

Not part of ``make test``: run ``make test-virtuoso``, which installs Debian's
``virtuoso-opensource`` if it is missing and sets DANVAN_TEST_VIRTUOSO=1. The test writes
its own ``virtuoso.ini`` into a temporary folder (database there, both ports free ports on
127.0.0.1, ResultSetMaxRows raised from the default 10,000), starts
``virtuoso-t +foreground``, grants SPARQL_UPDATE to the anonymous SPARQL user with
``isql-vt``, pushes the built graph by the Graph Store Protocol and runs every catalogue
query there and in the embedded store.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from danvan_kg.errors import EndpointError
from danvan_kg.stores import RemoteStore, Store, push
from parity import assert_same_answer, catalogue_names

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not os.environ.get("DANVAN_TEST_VIRTUOSO"), reason="run with 'make test-virtuoso'"
    ),
]

DANVAN_GRAPHS = "https://w3id.org/danvan/graph/"
MAX_ROWS = 1_000_000

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {dir}
NumberOfBuffers      = 50000
MaxDirtyBuffers      = 37000
MaxQueryMem          = 500M
MaxSortedTopRows     = {max_rows}

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}/vsp
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 300
"""

SETUP_SQL = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_ini(folder: Path, *, max_rows: int = MAX_ROWS) -> tuple[Path, int, int]:
    sql_port, http_port = free_port(), free_port()
    (folder / "vsp").mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(
        INI.format(dir=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows)
    )
    return ini, sql_port, http_port


def start_virtuoso(
    folder: Path, *, max_rows: int = MAX_ROWS
) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if not binary or not isql:
        pytest.skip("virtuoso-opensource is not installed (make test-virtuoso installs it)")
    ini, sql_port, http_port = write_ini(folder, max_rows=max_rows)
    log = (folder / "server.out").open("wb")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"virtuoso-t exited with {process.returncode}: "
                f"{(folder / 'server.out').read_text()}"
            )
        try:
            with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2) as response:
                response.read()
                break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("virtuoso did not come up in 120 s") from None
            time.sleep(0.5)
    subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={SETUP_SQL}"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return process, base


def stop_virtuoso(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Virtuoso on 127.0.0.1 with ResultSetMaxRows raised; yields its /sparql URL."""
    process, base = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield f"{base}/sparql"
    stop_virtuoso(process)


@pytest.fixture(scope="module")
def pushed(virtuoso: str, graph: Store) -> RemoteStore:
    remote = Store.remote(virtuoso, timeout=300)
    report = push(graph, remote)
    assert report.method == "gsp"
    return remote  # type: ignore[return-value]


@pytest.mark.parametrize("name", catalogue_names())
def test_catalogue_query_gives_the_same_answer_on_virtuoso(
    name: str, graph: Store, pushed: RemoteStore
) -> None:
    assert_same_answer(name, graph, pushed)


def test_every_graph_arrived_whole(graph: Store, pushed: RemoteStore) -> None:
    ours = [name for name in pushed.named_graphs() if name.startswith(DANVAN_GRAPHS)]
    assert ours == graph.named_graphs()
    table = pushed.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{DANVAN_GRAPHS}")) }} GROUP BY ?g ORDER BY ?g',
        union=False,
    )
    assert {g.value: int(n.value) for g, n in table.rows} == {
        name: sum(1 for _ in graph.quads(name)) for name in graph.named_graphs()
    }


def test_push_by_sparql_update_works_on_virtuoso_too(graph: Store, virtuoso: str) -> None:
    remote = Store.remote(virtuoso, timeout=300)
    source = Store.embedded()
    source.extend(graph.quads("https://w3id.org/danvan/graph/source/thanh-liem-2023"))
    report = push(source, remote, method="update")  # type: ignore[arg-type]
    assert report.method == "update"
    assert report.quads == len(source)


def test_the_default_row_cap_is_caught_not_silently_applied(tmp_path: Path, graph: Store) -> None:
    """With Virtuoso's default ResultSetMaxRows an answer is cut: we say so."""
    process, base = start_virtuoso(tmp_path, max_rows=10_000)
    try:
        remote = Store.remote(f"{base}/sparql", timeout=300)
        push(graph, remote, method="gsp")  # type: ignore[arg-type]
        with pytest.raises(EndpointError, match=r"cut the answer at 10000 rows .*ResultSetMaxRows"):
            remote.select("SELECT ?unit WHERE { ?unit dv:unitCode ?code }")
    finally:
        stop_virtuoso(process)
