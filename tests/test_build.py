"""Building the store: repeatable, all or nothing, and dumpable."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.build import BuildReport, build, default_data_dir
from danvan_kg.cli import main
from danvan_kg.errors import DanvanError, RecordError
from danvan_kg.stores import Store
from danvan_kg.validate import add_files
from oxigraph_server import copy_store_folder

INFERRED = "https://w3id.org/danvan/graph/inferred"
GOOD_RECORD = Path(__file__).resolve().parent / "good_records" / "thanh-liem-2024-so-ket.yaml"
ADDED_GRAPH = "https://w3id.org/danvan/graph/source/test-thanh-liem-2024-so-ket"


def quad_set(store: Store) -> set[bytes]:
    """The store's quads, blank nodes (the ontology's OWL lists) canonically relabelled.

    Read through the store's N-Quads dump (serialised by Oxigraph: a third of the time of
    a string per quad); see canonical_quads.
    """
    dumped = io.BytesIO()
    store.dump(dumped)
    return canonical_quads(dumped.getvalue())


def canonical_quads(nquads: bytes) -> set[bytes]:
    """The N-Quads lines of a dump as a set, the few lines with a blank node parsed
    again and relabelled canonically (found by searching the whole dump for "_:"
    rather than testing every line in Python)."""
    blank_lines = []
    end = 0
    for found in re.finditer(rb"_:", nquads):
        if found.start() < end:
            continue  # a second blank node of the line just taken
        start = nquads.rfind(b"\n", 0, found.start()) + 1
        end = nquads.find(b"\n", found.start())
        end = len(nquads) if end < 0 else end
        blank_lines.append(nquads[start:end])
    plain = set(nquads.splitlines()).difference(blank_lines)
    blank = ox.Dataset(ox.parse(b"\n".join(blank_lines), ox.RdfFormat.N_QUADS))
    blank.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return plain | {str(quad).encode() for quad in blank}


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file of a store's folder and the SHA-256 of its bytes: equal digests mean
    the store was not touched (a read-only open writes nothing, as this checks too)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built_nquads(built_dump: Path) -> bytes:
    """The session's built store (read-only: every dump of it is the same bytes) dumped
    as N-Quads: ``built[0].dump(buffer, "nquads")``, written once for the whole run
    (conftest's ``built_dump``; a second or two from disk each time)."""
    return built_dump.read_bytes()


@pytest.fixture(scope="module")
def built_quad_set(built_nquads: bytes) -> set[bytes]:
    """quad_set of the session's built store, from its one dump."""
    return canonical_quads(built_nquads)


@pytest.fixture(scope="module")
def memory_quad_set(built_in_memory: tuple[Store, BuildReport]) -> set[bytes]:
    """quad_set of the session's in-memory build (which no test writes to), read once."""
    return quad_set(built_in_memory[0])


@pytest.fixture(scope="module")
def rebuilt(
    built: tuple[Store, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, BuildReport, int]]:
    """The shipped records built a second time, as ``DANVAN_BUILD_WORKERS=2 danvan build``
    run again does: into a folder holding (a copy of) the first build, one process's.
    The store, its report, and how many quads the folder held before.

    One on-disk build (with its compaction, and a read of the whole store from RocksDB
    to compare it: seconds of CPU each) for the three tests about building again and
    about workers on disk; nothing writes to it. The second build converts in two
    workers: what it must equal is the one-process build either way, and two builds by
    one process are compared too (``built`` against ``built_in_memory``, in
    test_compacting_a_store_keeps_every_quad). The in-place rebuild by one process is
    the one the unfiled-graph tests below make."""
    target = tmp_path_factory.mktemp("rebuilt") / "store"
    copy_store_folder(built[1], target)  # what build(target) wrote, copied
    with Store.embedded(target, read_only=True) as before:
        size = len(before)
    store, report = build(target, workers=2)
    yield store, report, size
    store.close()


@pytest.fixture(scope="module")
def rebuilt_quad_set(rebuilt: tuple[Store, BuildReport, int]) -> set[bytes]:
    """quad_set of the rebuilt store (which nothing writes to), read once from disk."""
    return quad_set(rebuilt[0])


# The tests that read built_quad_set run on one xdist worker, which reads it once.
@pytest.mark.xdist_group("built-in-memory")
def test_building_twice_gives_the_same_graph(
    rebuilt: tuple[Store, BuildReport, int],
    rebuilt_quad_set: set[bytes],
    built_quad_set: set[bytes],
) -> None:
    again, report, _ = rebuilt  # the second build; the first is built[0]
    assert rebuilt_quad_set == built_quad_set  # quad_set(again)
    assert report.quads == len(again)
    assert report.compact_seconds > 0  # the on-disk build ends with a compaction


@pytest.mark.xdist_group("built-in-memory")
def test_compacting_a_store_keeps_every_quad(
    tmp_path: Path,
    curated_quads: list[ox.Quad],
    built_quad_set: set[bytes],
    built_in_memory: tuple[Store, BuildReport],
    memory_quad_set: set[bytes],
) -> None:
    _, memory_report = built_in_memory  # build(None, workers=1)
    assert memory_report.compact_seconds == 0.0  # nothing to compact in memory
    again = Store.embedded(tmp_path / "store")
    again.bulk_extend(curated_quads)  # every quad of the built store on disk, as a build loads
    again.compact()
    assert quad_set(again) == built_quad_set == memory_quad_set  # memory: quad_set(memory)
    again.close()


@pytest.mark.xdist_group("built-in-memory")  # with test_building_twice: one rebuild
def test_rebuilding_in_place_replaces_rather_than_adds(
    rebuilt: tuple[Store, BuildReport, int],
) -> None:
    store, report, size = rebuilt  # build(target) where build(target) had written
    assert len(store) == size == report.quads


def test_a_failed_build_leaves_the_old_store(
    tmp_path: Path, graph_copy: Callable[[Path | None], Store], built: tuple[Store, Path]
) -> None:
    target = tmp_path / "store"
    graph_copy(target).close()  # what build(target) wrote, copied
    before = folder_digest(target)
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    broken = data / "sources" / "thanh-liem-2023.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("date: 2013-10-16", "date: 2013-02-31"),
        encoding="utf-8",
    )
    with pytest.raises(
        RecordError, match=r"thanh-liem-2023.yaml: documents\[0\] \(ct-19-tu-ha-nam-2013\): date"
    ):
        build(target, data_dir=data)
    assert folder_digest(target) == before  # not a byte of the old store changed
    with Store.embedded(target, read_only=True) as reopened:
        assert len(reopened) == len(built[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store"]  # no staging folder left


def test_every_source_has_its_own_named_graph(graph: Store) -> None:
    graphs = graph.named_graphs()
    for source in (
        "thanh-liem-2023",
        "thap-muoi-2022",
        "cho-don-2020",
        "que-son-2020",
        "minh-long-2024",
    ):
        assert f"https://w3id.org/danvan/graph/source/{source}" in graphs
    assert {
        "https://w3id.org/danvan/graph/ontology",
        "https://w3id.org/danvan/graph/gazetteer",
        "https://w3id.org/danvan/graph/inferred",
    } <= set(graphs)


def test_lineage_closure_is_materialised(graph: Store) -> None:
    assert graph.ask("""ASK { GRAPH dvg:inferred {
        ?new dv:derivesFrom ?old }
        ?new dv:identifier "01-KL/TW" . ?old dv:identifier "05-CT/TW" }""")


@pytest.mark.xdist_group("built-in-memory")
@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_dump_round_trips_every_named_graph(
    graph: Store, fmt: str, built_nquads: bytes, built_quad_set: set[bytes]
) -> None:
    if fmt == "nquads":
        dumped = built_nquads  # graph.dump(buffer, "nquads"), made once for the module
    else:
        buffer = io.BytesIO()
        graph.dump(buffer, fmt)
        dumped = buffer.getvalue()
    reloaded = Store.embedded()
    reloaded.extend(
        ox.parse(dumped, ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG)
    )
    assert quad_set(reloaded) == built_quad_set  # graph is built[0]


def test_store_extend_is_all_or_nothing(store: Store) -> None:
    good = ox.Quad(
        ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("x")
    )

    def quads():
        yield good
        raise ValueError("the record stream broke half-way")

    with pytest.raises(ValueError, match="half-way"):
        store.extend(quads())
    assert len(store) == 0


# --------------------------------------------------------------------------- workers

BAD = Path(__file__).resolve().parent / "bad_records"


@pytest.mark.xdist_group("built-in-memory")  # with test_building_twice: one rebuild
def test_workers_build_the_same_graph_as_one_process(
    rebuilt: tuple[Store, BuildReport, int],
    rebuilt_quad_set: set[bytes],
    built_quad_set: set[bytes],
    built_in_memory: tuple[Store, BuildReport],
) -> None:
    # On disk (the loader's large batches and the compaction), against both one-process
    # builds: built (on disk) and built_in_memory.
    _, one_report = built_in_memory  # build(None, workers=1)
    _, two_report, _ = rebuilt  # build(target, workers=2), on disk
    assert rebuilt_quad_set == built_quad_set  # quad_set(rebuilt[0])
    assert two_report.graphs == one_report.graphs


@pytest.mark.xdist_group("synthetic")
def test_workers_build_the_same_synthetic_graph(
    synthetic: Path, synthetic_built: tuple[Store, BuildReport]
) -> None:
    one, one_report = synthetic_built  # build(None, data_dir=synthetic, workers=1)
    two, two_report = build(None, data_dir=synthetic, workers=2)  # in memory: small batches
    assert quad_set(two) == quad_set(one)
    assert list(two_report.graphs.items()) == list(one_report.graphs.items())


@pytest.mark.xdist_group("built-in-memory")
def test_spawned_workers_build_the_same_graph(
    monkeypatch: pytest.MonkeyPatch, memory_quad_set: set[bytes]
) -> None:
    """Where the platform cannot fork (Windows), the workers are spawned: each imports
    danvan_kg afresh and loads its own gazetteer. Simulated here by offering no fork."""
    offered = [method for method in multiprocessing.get_all_start_methods() if method != "fork"]
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: offered)
    spawned, _ = build(None, workers=2)
    assert quad_set(spawned) == memory_quad_set  # quad_set(built_in_memory[0])


def build_error(data: Path, workers: int) -> tuple[type, str]:
    with pytest.raises(Exception) as caught:  # the type is compared by the caller
        build(None, data_dir=data, workers=workers)
    return type(caught.value), str(caught.value)


@pytest.mark.parametrize(
    "bad",
    [
        # (file name in sources/ → bad record): unreadable, checked alone, checked
        # against other files, converted, referring to nothing — and two at once, where
        # the first in file order must win whichever pass finds it.
        {"zz.yaml": "missing-format.yaml"},
        {"zz.yaml": "duplicate-yaml-field.yaml"},
        {"zz.yaml": "key-not-a-slug.yaml"},
        {"zz.yaml": "sources/thanh-liem-2023.yaml"},  # the same source twice
        {"zz.yaml": "key-defined-twice.yaml"},
        {"zz.yaml": "unit-not-declared.yaml"},
        {"zz.yaml": "impossible-date.yaml"},
        {"zz.yaml": "unknown-organisation.yaml"},
        {"aa.yaml": "unknown-organisation.yaml", "zz.yaml": "reference-of-wrong-kind.yaml"},
        {"aa.yaml": "impossible-date.yaml", "zz.yaml": "unknown-field.yaml"},
        {"aa.yaml": "unknown-field.yaml", "zz.yaml": "missing-format.yaml"},
    ],
    ids=lambda bad: "+".join(bad.values()),
)
def test_workers_raise_the_same_first_error(tmp_path: Path, bad: dict[str, str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    for name, source in bad.items():
        shutil.copy(
            default_data_dir() / source if "/" in source else BAD / source, data / "sources" / name
        )
    one = build_error(data, workers=1)
    assert one[0] is RecordError
    assert build_error(data, workers=2) == one
    assert multiprocessing.active_children() == []  # no worker outlives its build


def test_a_failed_parallel_build_leaves_the_old_store_and_no_workers(
    tmp_path: Path, graph_copy: Callable[[Path | None], Store], built: tuple[Store, Path]
) -> None:
    target = tmp_path / "store"
    graph_copy(target).close()  # what build(target, workers=2) wrote, copied
    before = folder_digest(target)
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    shutil.copy(BAD / "unknown-organisation.yaml", data / "sources" / "zz.yaml")
    with pytest.raises(RecordError, match="no org with key"):
        build(target, data_dir=data, workers=2)
    assert folder_digest(target) == before  # not a byte of the old store changed
    with Store.embedded(target, read_only=True) as reopened:
        assert len(reopened) == len(built[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store"]
    assert multiprocessing.active_children() == []


def test_lineage_closure_is_the_path_query(graph: Store) -> None:
    from danvan_kg.closure import lineage_closure
    from danvan_kg.queries import system_query

    table = graph.select(system_query("materialise-lineage").text)
    expected = {(str(document), str(ancestor)) for document, ancestor in table.rows}
    closure = lineage_closure(graph)
    assert {(str(q.subject), str(q.object)) for q in closure} == expected
    assert len(closure) == len(expected) > 0
    assert {str(q) for q in closure} == {str(q) for q in graph.quads(INFERRED)}


def test_small_data_is_converted_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from danvan_kg.build import WORKERS_VARIABLE, conversion_workers, record_paths

    paths = record_paths(default_data_dir())
    monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    assert conversion_workers(paths) == 1
    assert conversion_workers(paths, 3) == 3
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    assert conversion_workers(paths) == 2


def test_a_rebuild_refuses_to_drop_what_add_wrote(
    tmp_path: Path, graph_copy: Callable[[Path | None], Store]
) -> None:
    """Issue 13: `danvan build` silently dropped every graph added with `danvan add`."""
    location = tmp_path / "store"
    with graph_copy(location) as store:  # what build(location) wrote, copied
        assert add_files([GOOD_RECORD], store).added
        before = sorted(store.named_graphs())
    assert ADDED_GRAPH in before
    with pytest.raises(DanvanError) as refused:
        build(location)
    assert refused.value.code == "build.unfiled-graphs"
    assert "test-thanh-liem-2024-so-ket" in str(refused.value)
    assert "--drop-unfiled" in str(refused.value)
    with Store.embedded(location, read_only=True) as kept:  # nothing changed
        assert sorted(kept.named_graphs()) == before
    with build(location, drop_unfiled=True)[0] as rebuilt:
        assert ADDED_GRAPH not in rebuilt.named_graphs()


def test_the_cli_says_how_to_keep_or_drop_added_graphs(
    tmp_path: Path, graph_copy: Callable[[Path | None], Store], capsys: pytest.CaptureFixture[str]
) -> None:
    location = tmp_path / "store"
    with graph_copy(location) as store:  # what build(location) wrote, copied
        assert add_files([GOOD_RECORD], store).added
    assert main(["build", "--store", str(location)]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]  # after the progress lines
    assert error.startswith("danvan: error: the store at ")
    assert "test-thanh-liem-2024-so-ket" in error
    assert main(["build", "--store", str(location), "--drop-unfiled"]) == 0


def test_the_exact_check_catches_a_key_that_a_file_only_mentions(
    tmp_path: Path, graph_copy: Callable[[Path | None], Store]
) -> None:
    # The quick look before building sees the key's text in a file; only the check on
    # the graphs the build made can tell that no file makes that source.
    location = tmp_path / "store"
    with graph_copy(location) as store:
        assert add_files([GOOD_RECORD], store).added
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    mention = data / "sources" / "cho-don-2020.yaml"
    mention.write_text(
        "# see also test-thanh-liem-2024-so-ket\n" + mention.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    with pytest.raises(DanvanError) as refused:
        build(location, data_dir=data, records=tmp_path / "no-records")
    assert refused.value.code == "build.unfiled-graphs"
    with Store.embedded(location, read_only=True) as kept:
        assert ADDED_GRAPH in kept.named_graphs()


def test_a_build_killed_between_its_renames_leaves_the_old_store(
    tmp_path: Path, graph_copy: Callable[[Path | None], Store]
) -> None:
    # Killed after the old store was moved aside and before the new one took its place:
    # the next command finds the old store where it was, untouched.
    target = tmp_path / "store"
    graph_copy(target).close()
    before = folder_digest(target)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "DANVAN_CRASH_AT": "between-renames",
    }
    killed = subprocess.run(
        [sys.executable, "-m", "danvan_kg.cli", "build", "--store", str(target)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert killed.returncode == 137, killed.stderr
    assert not target.exists() and (tmp_path / "store.old").exists()
    assert main(["stats", "--store", str(target)]) == 0  # put back on open
    assert folder_digest(target) == before
    assert not (tmp_path / "store.old").exists()
