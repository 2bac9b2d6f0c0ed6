"""Shared fixtures: every store the tests read is built once per test session.

A build takes one to three seconds and pySHACL, the workers and the server tests take the
rest, so no module builds its own copy of a graph the session already has:

- ``built`` / ``graph``: the shipped records on disk, as ``danvan build`` makes them
  (opened read-only: a test that writes takes a copy, see ``graph_copy``);
- ``built_dump`` / ``curated_quads``: its N-Quads dump in a file, and its quads parsed;
- ``built_in_memory``: the same build in memory, with its report;
- ``empty_graph``: ontology, vocabularies and gazetteer, no record;
- ``synthetic`` / ``synthetic_built``: a small national synthetic dataset and its graph;
- ``server``: ``oxigraph serve`` holding the built graph (tests/oxigraph_server.py).

With pytest-xdist each worker has its own session, so its own copy of each, except the
on-disk ``built`` store and its dump, which the first worker to need them makes for all.
The run's folder and the cache that on-disk builds start from (one folder for the whole
run, shared by the workers and the commands the tests start, never the user's own) are
the fixtures of ../conftest.py, which the doctests of src/ use too.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

import chromium
from danvan_kg import synth
from danvan_kg.build import BuildReport, build
from danvan_kg.stores import Store
from oxigraph_server import Server, copy_store_folder, start_oxigraph, stop

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SYNTHETIC_SCALE = 0.003  # a few source files; the 63 provinces and 696 districts always
SYNTHETIC_SEED = 7


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """The browser tests share one Chromium a process (tests/chromium.py): closed after
    the last of a run of them, once their fixtures are torn down."""
    yield
    chromium.close_after(nextitem)


@contextmanager
def run_lock(folder: Path) -> Iterator[Path]:
    """``folder``, one of the whole run's (every xdist worker sees the same one: the
    ``run_dir`` fixture of ../conftest.py), held under an exclusive lock while the caller
    fills it."""
    folder.mkdir(exist_ok=True)
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def built(run_dir: Path) -> Iterator[tuple[Store, Path]]:
    """The shipped records built into an on-disk store, as `danvan build` does: once for
    the whole run, by the first worker that needs it (the others wait for it).

    Opened read-only: nothing may write to what every test shares, and its folder can
    then be copied safely (``graph_copy``).
    """
    with run_lock(run_dir / "built") as folder:
        path = folder / "store"
        if not (folder / "done").exists():
            build(path)[0].close()
            (folder / "done").touch()
    store = Store.embedded(path, read_only=True)
    yield store, path
    store.close()


@pytest.fixture(scope="session")
def graph(built: tuple[Store, Path]) -> Store:
    return built[0]


@pytest.fixture(scope="session")
def built_dump(built: tuple[Store, Path], run_dir: Path) -> Path:
    """The built graph as ``graph.dump`` writes it (N-Quads, sorted lines), in a file
    written once for the whole run by the first worker that needs it.

    Reading the on-disk store costs about a second per 157k quads (every term is looked
    up in RocksDB); parsing its dump, a third of that. The store is read-only, so every
    dump of it is these bytes, blank node labels included.
    """
    with run_lock(run_dir / "built-dump") as folder:
        path = folder / "built.nq"
        if not path.exists():
            partial = folder / "built.nq.part"
            with partial.open("wb") as output:
                built[0].dump(output, "nquads")
            partial.rename(path)
    return path


@pytest.fixture(scope="session")
def curated_quads(built_dump: Path) -> list[ox.Quad]:
    """Every quad of the built graph, read once (to fill fresh in-memory copies): parsed
    from its dump, the same quads as ``list(graph.quads())`` (in sorted order)."""
    return list(ox.parse(built_dump.read_bytes(), ox.RdfFormat.N_QUADS))


@pytest.fixture
def graph_copy(
    built: tuple[Store, Path], request: pytest.FixtureRequest
) -> Iterator[Callable[[Path | None], Store]]:
    """Make a writable copy of the built graph: in memory (``None``) or at a folder.

    On disk the store's folder is copied, its table files hard-linked (instant, where
    loading the quads again takes a second or two and writes 50 MB); every copy made is
    closed when the test ends.
    """
    made: list[Store] = []

    def copy(location: Path | None) -> Store:
        if location is None:
            # asked for here, not as an argument: a worker whose tests copy only to
            # folders never reads the 157k quads (a second and more from disk)
            store = Store.embedded()
            store.extend(request.getfixturevalue("curated_quads"))
        else:
            copy_store_folder(built[1], location)
            store = Store.embedded(location)
        made.append(store)
        return store

    yield copy
    for store in made:
        store.close()


@pytest.fixture(scope="session")
def built_in_memory() -> tuple[Store, BuildReport]:
    """The shipped records built in memory by one process (what ``build(None)`` does with
    data this small; test_build's worker tests compare against it), with its report."""
    return build(None, workers=1)


@pytest.fixture(scope="session")
def empty_graph(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Ontology, vocabularies and gazetteer only: no record yet."""
    store, _ = build(None, data_dir=tmp_path_factory.mktemp("no-records"))
    return store


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A national synthetic dataset (``SYNTHETIC_SCALE``, ``SYNTHETIC_SEED``); read only."""
    folder = tmp_path_factory.mktemp("synth") / "data"
    synth.write_dataset(folder, SYNTHETIC_SCALE, seed=SYNTHETIC_SEED)
    return folder


@pytest.fixture(scope="session")
def synthetic_built(synthetic: Path) -> tuple[Store, BuildReport]:
    """The synthetic dataset built in memory by one process, with the build's report."""
    return build(None, data_dir=synthetic, workers=1)


@pytest.fixture(scope="session")
def server(built: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``oxigraph serve --union-default-graph`` on 127.0.0.1 and a free port, started on a
    copy of the built store: it holds exactly the built graph (``server.dirty`` is False)."""
    folder = tmp_path_factory.mktemp("oxigraph") / "db"
    copy_store_folder(built[1], folder)
    started = start_oxigraph(folder)
    started.dirty = False
    yield started
    stop(started)


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store, in memory and on disk: what works on one must work on both."""
    opened = Store.embedded(None if request.param == "memory" else tmp_path / "store")
    yield opened
    opened.close()


def corpus_text(name_prefix: str) -> str:
    """A whole source article from shared/corpus, or skip where that folder is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the source articles are not here ({CORPUS} is absent)")
    matches = sorted(CORPUS.glob(f"{name_prefix}*.txt"))
    if not matches:
        pytest.skip(f"no article {name_prefix}* in {CORPUS}")
    return matches[0].read_text(encoding="utf-8")
