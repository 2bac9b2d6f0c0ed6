"""Building the store: repeatable, all or nothing, and dumpable."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from danvan_kg.build import build, default_data_dir
from danvan_kg.errors import RecordError
from danvan_kg.store import Store


def quad_set(store: Store) -> set[str]:
    """The store's quads, blank nodes (the ontology's OWL lists) canonically relabelled."""
    plain, blank = set(), ox.Dataset()
    for quad in store.quads():
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            blank.add(quad)
        else:
            plain.add(str(quad))
    blank.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return plain | {str(quad) for quad in blank}


def test_building_twice_gives_the_same_graph(tmp_path: Path, built: tuple[Store, Path]) -> None:
    first, _ = built
    again, report = build(tmp_path / "store")
    assert quad_set(again) == quad_set(first)
    assert report.quads == len(again)
    again.close()


def test_rebuilding_in_place_replaces_rather_than_adds(tmp_path: Path) -> None:
    target = tmp_path / "store"
    store, report = build(target)
    size = len(store)
    store.close()
    store, _ = build(target)
    assert len(store) == size == report.quads
    store.close()


def test_a_failed_build_leaves_the_old_store(tmp_path: Path) -> None:
    target = tmp_path / "store"
    store, _ = build(target)
    before = quad_set(store)
    store.close()
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
    reopened = Store.embedded(target)
    assert quad_set(reopened) == before
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


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_dump_round_trips_every_named_graph(graph: Store, fmt: str) -> None:
    buffer = io.BytesIO()
    graph.dump(buffer, fmt)
    reloaded = Store.embedded()
    reloaded.engine.load(
        buffer.getvalue(), ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TRIG
    )
    assert quad_set(reloaded) == quad_set(graph)


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
