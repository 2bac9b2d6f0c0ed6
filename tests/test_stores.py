"""The Store protocol and its package, without a server: the remote store's queries are
run on an embedded engine here, so what they mean is checked where no HTTP is needed."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import danvan_kg
from danvan_kg.errors import EndpointError, StoreError
from danvan_kg.stores import EmbeddedStore, RemoteStore, Store
from danvan_kg.stores.base import kind_of_class
from danvan_kg.stores.remote import (
    describe_query,
    insert_data,
    pattern_query,
    replace_graphs_update,
    table_from_json,
)
from danvan_kg.vocab import ID_IRI

SOURCE = Path(danvan_kg.__file__).parent
DV = "https://w3id.org/danvan/ontology#"


def _quads(table_rows: tuple[tuple[object, ...], ...]) -> set[str]:
    return {str(ox.Quad(*row)) for row in table_rows}  # type: ignore[arg-type]


def test_both_stores_implement_the_whole_protocol() -> None:
    assert not EmbeddedStore.__abstractmethods__
    assert not RemoteStore.__abstractmethods__
    with pytest.raises(TypeError, match="abstract"):
        Store()  # type: ignore[abstract]
    assert isinstance(Store.embedded(), EmbeddedStore)
    assert isinstance(Store.remote("http://127.0.0.1:1/query"), RemoteStore)


def test_the_store_package_has_no_import_cycle() -> None:
    """Each module imports only the ones below it: base ← binding ← embedded, http ←
    remote ← push; base imports neither store (the factories import them when called)."""
    order = ["base", "binding", "http", "embedded", "remote", "push"]
    for position, name in enumerate(order):
        tree = ast.parse((SOURCE / "stores" / f"{name}.py").read_text(encoding="utf-8"))
        imported = {
            node.module.rsplit(".", 1)[-1]
            for node in tree.body
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("danvan_kg.stores.")
        }
        assert imported <= set(order[:position]), (name, imported)
        assert not any(
            isinstance(node, ast.ImportFrom)
            and node.module in ("danvan_kg.store", "danvan_kg.remote")  # the old homes
            for node in ast.walk(tree)
        ), name
    # and the HTTP client is loaded only when a server is asked something
    loaded = subprocess.run(
        [sys.executable, "-c", "import danvan_kg.stores, sys; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'danvan_kg.stores.remote'" in loaded and "SPARQLWrapper" not in loaded


def test_nothing_outside_the_store_package_touches_the_engine() -> None:
    users = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.parent.name == "stores":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "engine"
                and isinstance(node.value, ast.Name | ast.Attribute)
                and (getattr(node.value, "id", None) or getattr(node.value, "attr", "")).endswith(
                    "store"
                )
            ):
                users.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert not users, users


# --------------------------------------------------------------------------- keys and kinds


def test_every_class_of_a_record_kind_is_mapped() -> None:
    kinds = kind_of_class()
    assert kinds[DV + "Document"] == kinds[DV + "Law"] == kinds[DV + "OfficialLetter"] == "document"
    assert kinds[DV + "Movement"] == kinds[DV + "Campaign"] == "initiative"
    assert kinds[DV + "Organisation"] == "org"
    assert kinds[DV + "Source"] == "source"
    assert DV + "AdministrativeUnit" not in kinds


def test_keyed_reads_the_kind_from_the_type_as_the_iri_says_it(graph: Store) -> None:
    """Every record key of the shipped graph: the kind from rdf:type is the kind its IRI
    was minted with (what Store.keyed used to parse out of the IRI)."""
    keys = graph.select("SELECT DISTINCT ?key WHERE { ?node dv:recordKey ?key }").column("key")
    assert len(keys) > 100
    for key in keys:
        table = graph.select(
            "SELECT ?node WHERE { ?node dv:recordKey ?key } ORDER BY ?node",
            {"key": ox.Literal(key)},
        )
        from_iri: dict[str, str] = {}
        for (node,) in table.rows:
            from_iri.setdefault(node.value[len(ID_IRI) :].split("/", 1)[0], node.value)
        assert graph.keyed(key) == from_iri, key


# --------------------------------------------------------------------------- remote queries


@pytest.mark.parametrize(
    "pattern",
    [
        (ox.NamedNode("https://w3id.org/danvan/id/initiative/dan-van-kheo"), None, None, None),
        (None, ox.NamedNode(DV + "recordKey"), ox.Literal("dan-van-kheo"), None),
        (None, None, None, ox.NamedNode("https://w3id.org/danvan/graph/inferred")),
        (None, None, ox.Literal("Dân vận khéo", language="vi"), None),
    ],
)
def test_the_remote_pattern_query_means_quads_for_pattern(
    pattern: tuple[object, ...], graph: Store
) -> None:
    table = graph.select(pattern_query(*pattern), union=False)  # type: ignore[arg-type]
    expected = {str(q) for q in graph.quads_for_pattern(*pattern)}  # type: ignore[arg-type]
    assert _quads(table.rows) == expected
    assert expected


def test_the_remote_describe_query_means_describe(graph: Store) -> None:
    subjects = [
        ox.NamedNode("https://w3id.org/danvan/id/initiative/dan-van-kheo"),
        ox.NamedNode("https://w3id.org/danvan/id/document/tinh-uy-ha-nam/ct-19-2013"),
        ox.NamedNode("https://example.org/nothing"),
    ]
    table = graph.select(describe_query(subjects), union=False)
    assert _quads(table.rows) == {str(q) for q in graph.describe(subjects)}
    assert len(table.rows) > 20


def test_the_remote_writes_mean_what_the_embedded_writes_do() -> None:
    graph = ox.NamedNode("https://example.org/g")
    old = ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("old"), graph)
    new = [
        ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal('"new"\n'), graph),
        ox.Quad(
            ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("mới", language="vi"), graph
        ),
    ]
    by_update, by_protocol = Store.embedded(), Store.embedded()
    for store in (by_update, by_protocol):
        store.extend([old])
    by_update.update(replace_graphs_update({graph.value: new}))
    by_protocol.replace_graphs({graph.value: new})
    assert set(by_update.quads()) == set(by_protocol.quads()) == set(new)
    empty = Store.embedded()
    empty.update(insert_data(new))
    assert set(empty.quads()) == set(new)


def test_a_quad_in_the_default_graph_cannot_be_sent() -> None:
    with pytest.raises(Exception, match="named graph"):
        insert_data([ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"))])


def test_json_results_keep_every_term_kind() -> None:
    document = {
        "head": {"vars": ["a", "b", "c", "d", "e"]},
        "results": {
            "bindings": [
                {
                    "a": {"type": "uri", "value": "urn:x"},
                    "b": {"type": "literal", "value": "Dân", "xml:lang": "vi"},
                    "c": {
                        "type": "typed-literal",
                        "value": "1",
                        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                    },
                    "d": {"type": "bnode", "value": "b0"},
                    "e": {"type": "bnode", "value": "b0"},
                },
                {},
            ]
        },
    }
    table = table_from_json(document)
    first = table.rows[0]
    assert first[:3] == (
        ox.NamedNode("urn:x"),
        ox.Literal("Dân", language="vi"),
        ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    )
    assert first[3] == first[4] and isinstance(first[3], ox.BlankNode)
    assert table.rows[1] == (None,) * 5


def test_store_errors_speak_both_languages(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    with pytest.raises(StoreError) as caught:
        Store.embedded(missing, read_only=True)
    assert str(caught.value).startswith(f"no store at {missing}: make one with 'danvan build'")
    assert "--store DIR or --endpoint URL" in str(caught.value)
    assert caught.value.message("vi").startswith(
        f"không có kho dữ liệu tại {missing}: hãy tạo bằng 'danvan build'"
    )
    with pytest.raises(EndpointError) as refused:
        Store.remote("localhost:7878")
    assert refused.value.message("vi") == (
        "'localhost:7878' không phải là URL http(s) của một điểm truy cập SPARQL"
    )
    with pytest.raises(EndpointError, match="positive number of seconds, not 0"):
        Store.remote("http://127.0.0.1:1/query", timeout=0)
    with pytest.raises(StoreError, match="unknown dump format 'ttl' \\(known: nquads, trig\\)"):
        Store.embedded().dump(io.BytesIO(), "ttl")
