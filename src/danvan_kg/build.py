"""Build the graph: ontology + vocabularies + gazetteer + record files → store.

A build is all or nothing and repeatable: an on-disk store is built in a sibling
folder and moved into place only when everything has been read, converted and written,
so building twice gives the same graph and a failed build leaves the old one.
"""

from __future__ import annotations

import functools
import gc
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from danvan_kg.gazetteer import Gazetteer, gazetteer_quads
from danvan_kg.queries import system_query
from danvan_kg.records import KeyIndex, RecordFile, convert, convert_stream, read_batch
from danvan_kg.resources import resource_path
from danvan_kg.store import Store, replace_directory
from danvan_kg.vocab import DV, GAZETTEER_GRAPH, INFERRED_GRAPH, ontology_quads

Progress = Callable[[str], None]
BULK_LOAD_QUADS = 500_000  # quads gathered per bulk load (bounds memory, keeps loads few)


@dataclass
class BuildReport:
    """What a build wrote, per named graph, and how long it took."""

    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

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


def unit_resolver(gazetteer: Gazetteer) -> Callable[[Mapping[str, Any]], str]:
    """Resolve a record's ``units`` entry (name, level, province, …) to a unit IRI."""

    @functools.lru_cache(maxsize=1 << 16)
    def cached(name: str, level: str, province: Any, district: Any, epoch: Any) -> str:
        return gazetteer.resolve(name, level, province=province, district=district, epoch=epoch).iri

    def resolve(unit: Mapping[str, Any]) -> str:
        # Many record files name the same units; resolving by name is pure, so cache it
        # (only successes are cached: an error is raised afresh each time).
        args = (
            str(unit["name"]),
            str(unit["level"]),
            unit.get("province"),
            unit.get("district"),
            unit.get("epoch", "old"),
        )
        try:
            return cached(*args)
        except TypeError:  # an unhashable value (a list where text belongs): no caching
            return gazetteer.resolve(
                args[0], args[1], province=args[2], district=args[3], epoch=args[4]
            ).iri

    return resolve


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
) -> tuple[Store, BuildReport]:
    """Build the whole graph into ``target`` (a folder; ``None`` for in memory).

    Returns the open store and a report. Raises :class:`~danvan_kg.errors.DanvanError`
    (a :class:`~danvan_kg.errors.RecordError` for bad records) before anything is moved
    into place.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    data = Path(data_dir) if data_dir else default_data_dir()
    paths = record_paths(data)
    say(f"reading {len(paths)} record files from {data}")
    # Building allocates millions of small acyclic objects; the cyclic garbage collector
    # would walk all of them again and again (about a quarter of the build time).
    with _collector_paused():
        files = read_batch(paths)
        return _build(target, files, say, started)


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _graphs(files: list[RecordFile], say: Progress) -> Iterator[tuple[str, Iterable[ox.Quad]]]:
    """Ontology, gazetteer, then one source graph at a time (the caller loads each and
    lets it go, so a big build never holds every quad in Python at once)."""
    yield "ontology", ontology_quads()
    say("building the gazetteer")
    yield "gazetteer", gazetteer_quads(GAZETTEER_GRAPH.value)
    say("converting records")
    resolve = unit_resolver(Gazetteer.load())
    for _key, quads in convert_stream(files, resolve_unit=resolve):
        if quads:
            yield quads[0].graph_name.value, quads


def _build(
    target: Path | str | None, files: list[RecordFile], say: Progress, started: float
) -> tuple[Store, BuildReport]:
    graphs = _graphs(files, say)
    if target is None:
        store = Store.embedded()
        report = _fill(store, graphs, say)
    else:
        final = Path(target)
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=final.name + ".build-", dir=final.parent))
        try:
            store = Store.embedded(staging)
            report = _fill(store, graphs, say)
            store.close()
            replace_directory(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        store = Store.embedded(final)
    report.seconds = time.perf_counter() - started
    say(f"built {report.quads} quads in {len(report.graphs)} graphs in {report.seconds:.1f} s")
    return store, report


def _fill(
    store: Store, graphs: Iterable[tuple[str, Iterable[ox.Quad]]], say: Progress
) -> BuildReport:
    report = BuildReport()
    # A fresh staging store is not visible to anyone until it is moved into place, so
    # the faster non-transactional bulk load is safe here. On disk every bulk_extend
    # call writes and ingests its own files, so small graphs are gathered into large
    # loads (one per source file took 7× longer at a million quads).
    pending: list[ox.Quad] = []
    for name, quads in graphs:
        batch = list(quads)
        report.graphs[batch[0].graph_name.value if batch else name] = len(batch)
        pending.extend(batch)
        if len(pending) >= BULK_LOAD_QUADS:
            store.engine.bulk_extend(pending)
            pending = []
    if pending:
        store.engine.bulk_extend(pending)
    say("materialising lineage closures")
    materialise(store)
    report.graphs[INFERRED_GRAPH.value] = sum(1 for _ in store.quads(INFERRED_GRAPH.value))
    store.flush()
    return report


def materialise(store: Store) -> None:
    """Recompute the inferred graph (lineage closure) from everything else.

    The closure is read over the union of all graphs (a SPARQL Update would see only
    the empty default graph) and written back in one transaction.
    """
    table = store.select(system_query("materialise-lineage").text)
    derives_from = DV.derivesFrom
    store.replace_graphs(
        {
            INFERRED_GRAPH.value: [
                ox.Quad(doc, derives_from, ancestor, INFERRED_GRAPH) for doc, ancestor in table.rows
            ]
        }
    )
