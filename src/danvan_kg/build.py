"""Build the graph: ontology + vocabularies + gazetteer + record files → store.

A build is all or nothing and repeatable: an on-disk store is built in a sibling
folder and moved into place only when everything has been read, converted and written,
so building twice gives the same graph and a failed build leaves the old one.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from danvan_kg.closure import lineage_closure
from danvan_kg.errors import DanvanError, RecordError
from danvan_kg.gazetteer import Gazetteer, unit_resolver
from danvan_kg.gazetteer_store import gazetteer_graph, start_from_gazetteer
from danvan_kg.records import (
    BatchKeys,
    EmptyIndex,
    FileCheck,
    KeyIndex,
    RecordFile,
    Reference,
    check_file,
    convert,
    convert_file,
    convert_stream,
    display_name,
    first_unresolved,
    read_batch,
    read_file,
    unresolved_error,
)
from danvan_kg.records.folder import RecordsFolder
from danvan_kg.resources import resource_path
from danvan_kg.stores import Store, replace_directory
from danvan_kg.vocab import (
    GAZETTEER_GRAPH,
    GRAPH_IRI,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    ontology_quads,
)

Progress = Callable[[str], None]
BULK_LOAD_QUADS = 500_000  # quads gathered per bulk load (bounds memory, keeps loads few)
# Bulk loads running at once. Two could overlap on disk, where a load is mostly one
# thread's work, but each holds a batch (+450 MB at a million quads) and on two cores
# the workers need the other one.
LOADS_AT_ONCE = 1
WORKERS_VARIABLE = "DANVAN_BUILD_WORKERS"
# Record YAML (bytes) below which worker processes cost more than they save.
PARALLEL_BYTES = 4_000_000


@dataclass
class BuildReport:
    """What a build wrote, per named graph, and how long it took."""

    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # Of ``seconds``: compacting an on-disk store once it is filled (0 in memory).
    compact_seconds: float = 0.0

    @property
    def quads(self) -> int:
        return sum(self.graphs.values())


def default_data_dir() -> Path:
    """The curated records shipped with danvan (``data/``)."""
    return resource_path("data")


def record_paths(data_dir: Path) -> list[Path]:
    """Reference records first, then sources; each group sorted, so builds repeat."""
    return [
        *sorted((data_dir / "reference").glob("*.yaml")),
        *sorted((data_dir / "sources").glob("*.yaml")),
    ]


def convert_records(
    files: list[RecordFile], *, index: KeyIndex | None = None
) -> dict[str, list[ox.Quad]]:
    """Record files → quads per source graph IRI."""
    conversion = convert(files, resolve_unit=unit_resolver(Gazetteer.load()), index=index)
    return {quads[0].graph_name.value: quads for quads in conversion.graphs.values() if quads}


def build(
    target: Path | str | None = None,
    *,
    data_dir: Path | str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    drop_unfiled: bool = False,
    records: RecordsFolder | Path | str | None = None,
) -> tuple[Store, BuildReport]:
    """Build the whole graph into ``target`` (a folder; ``None`` for in memory).

    ``workers`` is how many processes read and convert the records (see
    :func:`conversion_workers`); the graph is the same whatever their number.

    The record files are the source of truth, but a store may hold source graphs that no
    file makes (records added with ``danvan add``): rebuilding would drop them, so the
    build refuses (``build.unfiled-graphs``) and changes nothing, unless ``drop_unfiled``.

    Returns the open store and a report. Raises :class:`~danvan_kg.errors.DanvanError`
    (a :class:`~danvan_kg.errors.RecordError` for bad records) before anything is moved
    into place.

    Besides ``data_dir``, the records folder of the store (``records``; for a store on
    disk, by default the ``records`` folder next to it, where ``danvan add`` keeps what
    it added: :mod:`danvan_kg.records.folder`) is read, after finishing what a crashed add
    left there.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    data = Path(data_dir) if data_dir else default_data_dir()
    folder = _records_folder(target, records)
    paths = record_paths(data)
    if folder is not None:
        _recover(folder, target)
        paths += folder.paths()
    if not drop_unfiled:
        _refuse_early(target, paths, data)
    count = conversion_workers(paths, workers)
    say(
        f"reading {len(paths)} record files from {data}"
        + (f" and {folder.root}" if folder is not None and folder.paths() else "")
    )
    # Building allocates millions of small acyclic objects; the cyclic garbage collector
    # would walk all of them again and again (about a quarter of the build time).
    with _collector_paused():
        if count == 1:
            files = read_batch(paths)
            built = _build(
                target, functools.partial(_fill, files), say, started, (data, drop_unfiled)
            )
        else:
            say(f"converting in {count} worker processes")
            # Loaded before the workers start, so forked workers share it.
            Gazetteer.load().prepare()
            # The pool starts before the store is opened: a forked worker then copies no
            # store and none of its threads.
            with _conversion_pool(count) as pool:
                built = _build(
                    target,
                    functools.partial(_fill_parallel, pool, count, paths),
                    say,
                    started,
                    (data, drop_unfiled),
                )
    if folder is not None:
        folder.clear_closure_stale()  # the new store's closure is made from every record
    return built


def _records_folder(
    target: Path | str | None, records: RecordsFolder | Path | str | None
) -> RecordsFolder | None:
    if records is not None:
        return records if isinstance(records, RecordsFolder) else RecordsFolder(records)
    return RecordsFolder.beside(target) if target is not None else None


def _recover(folder: RecordsFolder, target: Path | str | None) -> None:
    """Finish a crashed add against the store it wrote to, before reading the folder."""
    if not folder.pending():
        return
    from danvan_kg.validate import recover_records

    if target is not None and Path(target).exists():
        with Store.embedded(target) as store:
            recover_records(folder, store)
    else:  # no store: nothing can have been added, so nothing pending is kept
        folder.recover(lambda _pending: False)


def conversion_workers(paths: Sequence[Path], workers: int | None = None) -> int:
    """How many worker processes convert ``paths`` (1: all in this process).

    An explicit ``workers`` (or ``$DANVAN_BUILD_WORKERS``) is used as given. Otherwise
    one per available CPU, but only for data big enough to pay for starting them: the
    shipped records build faster in one process.
    """
    if workers is None:
        setting = os.environ.get(WORKERS_VARIABLE, "").strip()
        if setting:
            if not setting.isdigit():
                raise DanvanError(
                    "build.workers-not-a-number", variable=WORKERS_VARIABLE, setting=setting
                )
            workers = int(setting)
        elif sum(path.stat().st_size for path in paths) < PARALLEL_BYTES:
            return 1
        else:
            workers = _available_cpus()
    return max(1, workers)


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# A fill converts and loads the records and the fixed graphs a store does not hold yet
# (the third argument: graph name → quads, what the store was started from).
Fill = Callable[[Store, Progress, Mapping[str, int]], BuildReport]


def _build(
    target: Path | str | None,
    fill: Fill,
    say: Progress,
    started: float,
    unfiled: tuple[Path, bool],
) -> tuple[Store, BuildReport]:
    if target is None:
        store = Store.embedded()
        report = fill(store, say, {})
    else:
        final = Path(target)
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=final.name + ".build-", dir=final.parent))
        try:
            gazetteer = start_from_gazetteer(staging)
            preloaded = {} if gazetteer is None else {GAZETTEER_GRAPH.value: gazetteer}
            store = Store.embedded(staging)
            report = fill(store, say, preloaded)
            say("compacting the store")
            compacting = time.perf_counter()
            store.compact()
            report.compact_seconds = time.perf_counter() - compacting
            store.close()
            data, drop_unfiled = unfiled
            if not drop_unfiled:
                _refuse_to_drop(final, report, data)
            replace_directory(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        store = Store.embedded(final)
    report.seconds = time.perf_counter() - started
    say(f"built {report.quads} quads in {len(report.graphs)} graphs in {report.seconds:.1f} s")
    return store, report


SOURCE_GRAPHS = f"{GRAPH_IRI}source/"


def _stored_sources(final: Path) -> set[str]:
    if not final.exists():
        return set()
    with Store.embedded(final, read_only=True) as old:
        return {graph for graph in old.named_graphs() if graph.startswith(SOURCE_GRAPHS)}


def _refuse_early(target: Path | str | None, paths: Sequence[Path], data: Path) -> None:
    """Refuse before building when a stored source's key is written in no record file
    at all: that graph is certainly unfiled. (The exact check, on the graphs the build
    made, still follows the build; this one only spares the wait.)"""
    if target is None:
        return
    missing = _stored_sources(Path(target))
    for path in paths:
        if not missing:
            return
        text = path.read_bytes()
        missing = {graph for graph in missing if graph[len(SOURCE_GRAPHS) :].encode() not in text}
    _raise_unfiled(Path(target), sorted(missing), data)


def _refuse_to_drop(final: Path, report: BuildReport, data: Path) -> None:
    """Raise if the store at ``final`` holds source graphs this build does not make."""
    _raise_unfiled(final, sorted(_stored_sources(final) - set(report.graphs)), data)


def _raise_unfiled(final: Path, missing: list[str], data: Path) -> None:
    if missing:
        raise DanvanError(
            "build.unfiled-graphs",
            location=str(final),
            count=len(missing),
            data=str(data),
            graphs=", ".join(graph[len(SOURCE_GRAPHS) :] for graph in missing),
        )


def _fixed_graphs(
    say: Progress, preloaded: Mapping[str, int]
) -> Iterator[tuple[str, Sequence[ox.Quad]]]:
    """What every build holds besides the records and ``preloaded`` does not: the
    ontology and the gazetteer.

    Builds load them after the records are checked, so that a bad record file is
    refused before the gazetteer's ~150k quads are made and written."""
    yield ONTOLOGY_GRAPH.value, ontology_quads()
    if GAZETTEER_GRAPH.value not in preloaded:
        say("building the gazetteer")
        yield GAZETTEER_GRAPH.value, gazetteer_graph()


def _fill(
    files: list[RecordFile], store: Store, say: Progress, preloaded: Mapping[str, int]
) -> BuildReport:
    """Convert in this process and load, one source graph at a time (a big build never
    holds every quad in Python at once)."""
    report = BuildReport()
    # A fresh staging store is not visible to anyone until it is moved into place, so
    # the faster non-transactional bulk load is safe here. On disk every bulk_extend
    # call writes and ingests its own files, so small graphs are gathered into large
    # loads (one per source file took 7× longer at a million quads).
    pending: list[ox.Quad] = []
    say("converting records")
    resolve = unit_resolver(Gazetteer.load())
    records: dict[str, int] = {}
    for _key, quads in convert_stream(files, resolve_unit=resolve):
        if not quads:
            continue
        records[quads[0].graph_name.value] = len(quads)
        pending.extend(quads)
        if len(pending) >= BULK_LOAD_QUADS:
            store.bulk_extend(pending)
            pending = []
    for name, quads in _fixed_graphs(say, preloaded):
        report.graphs[name] = len(quads)
        pending.extend(quads)
    report.graphs.update(preloaded)
    report.graphs.update(records)
    if pending:
        store.bulk_extend(pending)
    _finish(store, report, say)
    return report


def _finish(store: Store, report: BuildReport, say: Progress) -> None:
    say("materialising lineage closures")
    closure = lineage_closure(store)
    # Nothing is in the inferred graph of a fresh store yet: no need to replace it.
    store.bulk_extend(closure)
    report.graphs[INFERRED_GRAPH.value] = len(closure)
    store.flush()


# --------------------------------------------------------------------------- workers
#
# A big build reads and converts its records in worker processes, in the two passes of
# records.convert_stream: pass 1 checks each file and collects its keys and document
# identities; this process merges those in file order (raising what a single pass
# would); pass 2 turns each file into N-Quads, given the merged keys. Parsed files wait
# between the passes as pickles in a scratch folder, so no process holds them all.


@contextmanager
def _conversion_pool(workers: int) -> Iterator[Pool]:
    """Worker processes that are always ended, on errors and Ctrl-C too.

    Forked where the platform can (free to start: the workers share the imported code
    and the gazetteer); spawned elsewhere (each then imports and loads its own).
    """
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = multiprocessing.get_context(method).Pool(workers, initializer=_start_worker)
    try:
        yield pool
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group; the main process alone handles it (by
    # ending the pool), instead of every worker printing its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # as in the main process: conversion makes no reference cycles


def _fill_parallel(
    pool: Pool,
    workers: int,
    paths: Sequence[Path],
    store: Store,
    say: Progress,
    preloaded: Mapping[str, int],
) -> BuildReport:
    report = BuildReport()
    # Workers may still be writing there when an error ends the build early.
    scratch_folder = tempfile.TemporaryDirectory(prefix="danvan-build-", ignore_cleanup_errors=True)
    with scratch_folder as folder, _Loader(store) as loader:
        scratch = Path(folder)
        parsed = [str(scratch / f"{number}.pickle") for number in range(len(paths))]
        checking = pool.map_async(
            _read_and_check, zip(map(str, paths), parsed, strict=True), chunksize=1
        )
        state = scratch / "keys.pickle"
        _save_keys(_merge_checks(checking.get()), state)
        del checking  # every file's keys: no longer needed here, and large at scale
        # The fixed graphs load on the loader's thread while the workers convert.
        for name, quads in _fixed_graphs(say, preloaded):
            report.graphs[name] = len(quads)
            loader.add_quads(quads)
        report.graphs.update(preloaded)
        say("converting records")
        missing: Reference | None = None
        names = [display_name(path) for path in paths]
        tasks = [(str(state), name, path) for name, path in zip(names, parsed, strict=True)]
        for graph, count, nquads, unresolved in _in_order(pool, _convert, tasks, ahead=4 * workers):
            if count:
                report.graphs[graph] = count
                loader.add_nquads(nquads, count)
            missing = missing or unresolved
        if missing is not None:
            # The batch's keys, read again from pass 1's state: the closest are named.
            _, defined, _ = pickle.loads(state.read_bytes())
            raise unresolved_error(missing, defined)
        loader.finish()
    _finish(store, report, say)
    return report


def _save_keys(keys: BatchKeys, path: Path) -> None:
    """What pass 2 needs from pass 1, for the workers to read (see _worker_state)."""
    documents = {key: iri.value for key, iri in keys.documents.items()}
    path.write_bytes(
        pickle.dumps((documents, keys.defined_keys(), keys.names), protocol=pickle.HIGHEST_PROTOCOL)
    )


def _merge_checks(results: list[tuple[FileCheck | None, RecordError | None]]) -> BatchKeys:
    # As in a single process: every file is read before any is checked against others.
    for _check, unreadable in results:
        if unreadable is not None:
            raise unreadable
    keys = BatchKeys()
    index = EmptyIndex()
    for check, _unreadable in results:
        assert check is not None
        keys.merge(check, index)
    return keys


def _in_order(
    pool: Pool, function: Callable[[Any], Any], tasks: list[Any], *, ahead: int
) -> Iterator[Any]:
    """``pool.imap`` with at most ``ahead`` tasks in flight: results wait in this
    process only as long as the loader is busy, not for the whole build."""
    running: deque[AsyncResult[Any]] = deque()
    for task in tasks:
        if len(running) >= ahead:
            yield running.popleft().get()
        running.append(pool.apply_async(function, (task,)))
    while running:
        yield running.popleft().get()


def _read_and_check(task: tuple[str, str]) -> tuple[FileCheck | None, RecordError | None]:
    """Pass 1 in a worker: read, check, and keep the parsed file for pass 2."""
    path, parsed = task
    try:
        file = read_file(path)
    except RecordError as error:
        return None, error
    check = check_file(file)
    Path(parsed).write_bytes(pickle.dumps(file.content, protocol=pickle.HIGHEST_PROTOCOL))
    return check, None


@functools.cache
def _worker_state(
    path: str,
) -> tuple[dict[str, ox.NamedNode], set[tuple[str, str]], dict[str, tuple[str, str]], Any]:
    """What every pass-2 task of a build shares, read once per worker."""
    documents, defined, names = pickle.loads(Path(path).read_bytes())
    resolve = unit_resolver(Gazetteer.load())
    iris = {key: ox.NamedNode(iri) for key, iri in documents.items()}
    return iris, defined, names, resolve


def _convert(task: tuple[str, str, str]) -> tuple[str, int, bytes, Reference | None]:
    """Pass 2 in a worker: one file → (graph IRI, quad count, N-Quads, first unresolved
    reference)."""
    state, name, parsed = task
    documents, defined, names, resolve = _worker_state(state)
    file = RecordFile(name, pickle.loads(Path(parsed).read_bytes()))
    index = EmptyIndex()
    graph, triples, references = convert_file(
        file, documents=documents, defined=defined, resolve_unit=resolve, index=index, names=names
    )
    # A term's str() is its N-Triples form: writing the lines here costs less than
    # making Quad objects to serialise (the same bytes; the tests compare both builds).
    tail = f" {graph} .\n"
    nquads = "".join([f"{s} {p} {o}{tail}" for s, p, o in triples]).encode()
    return graph.value, len(triples), nquads, first_unresolved(references, defined, index)


class _Loader:
    """Bulk loads on a thread of their own.

    Oxigraph releases the GIL while it parses and writes N-Quads, so this process goes
    on receiving converted files meanwhile. At most ``LOADS_AT_ONCE`` loads run and one
    batch waits, which bounds memory; large batches keep on-disk loads few (each writes
    and ingests its own files).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        # In memory a load writes no files, so smaller batches cost nothing but bound
        # the memory that batches hold beside the store.
        self._batch = BULK_LOAD_QUADS if store.path is not None else BULK_LOAD_QUADS // 5
        self._threads = ThreadPoolExecutor(LOADS_AT_ONCE, thread_name_prefix="danvan-load")
        self._loading: deque[Future[None]] = deque()
        self._pending: list[bytes] = []
        self._pending_quads = 0

    def add_quads(self, quads: Sequence[ox.Quad]) -> None:
        self._submit(self._store.bulk_extend, quads)

    def add_nquads(self, data: bytes, quads: int) -> None:
        self._pending.append(data)
        self._pending_quads += quads
        if self._pending_quads >= self._batch:
            self._load_pending()

    def finish(self) -> None:
        """Load what is pending and wait for every load (raising its error)."""
        if self._pending:
            self._load_pending()
        while self._loading:
            self._loading.popleft().result()

    def _load_pending(self) -> None:
        data = b"".join(self._pending)
        self._pending, self._pending_quads = [], 0
        self._submit(self._store.load_nquads, data)

    def _submit(self, load: Callable[..., None], *args: Any) -> None:
        while len(self._loading) >= LOADS_AT_ONCE:
            self._loading.popleft().result()
        self._loading.append(self._threads.submit(load, *args))

    def __enter__(self) -> _Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        # Always waits: a failed build removes its staging folder only after the load.
        self._threads.shutdown(wait=True)
