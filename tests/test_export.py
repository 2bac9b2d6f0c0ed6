"""Export: selections, RDF → networkx, and every file format read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from danvan_kg import export as ex
from danvan_kg.cli import main
from danvan_kg.stores import Store

ROOT = "ct-19-tu-ha-nam-2013"
ROOT_IRI = "https://w3id.org/danvan/id/document/tinh-uy-ha-nam/ct-19-2013"


@pytest.fixture(scope="module")
def lineage(graph: Store) -> ex.Selection:
    return ex.select_lineage(graph, ROOT)


def test_registry_names_module_functions() -> None:
    for name, target in ex.EXPORTERS.items():
        assert ":" in target
        assert callable(ex.exporter(name))
    with pytest.raises(ex.ExportError, match="unknown export format 'xls'"):
        ex.exporter("xls")


def test_lineage_holds_directive_review_event_and_award(lineage: ex.Selection) -> None:
    graph = ex.to_networkx(lineage)
    assert ROOT_IRI in graph
    classes = {data["class"] for _, data in graph.nodes(data=True)}
    assert {"dv:Directive", "dv:Review", "dv:Event", "dv:Award"} <= classes
    assert graph.has_edge(
        graph.graph["focus"]
        and next(n for n, d in graph.nodes(data=True) if d["class"] == "dv:Review"),
        ROOT_IRI,
    )


def test_literals_are_attributes_not_nodes(lineage: ex.Selection) -> None:
    graph = ex.to_networkx(lineage)
    directive = graph.nodes[ROOT_IRI]
    assert directive["dateIssued"] == "2013-10-16"
    assert directive["identifier"] == "19-CT/TU"
    assert directive["label_vi"] and directive["label_en"]
    assert directive["documentType"] == "CT"  # a concept collapsed into an attribute
    assert all(node.startswith("https://w3id.org/danvan/id/") for node in graph.nodes)


def test_edges_carry_their_source(lineage: ex.Selection) -> None:
    graph = ex.to_networkx(lineage)
    sources = {data["sources"] for *_, data in graph.edges(data=True)}
    assert "dvg:source/thanh-liem-2023" in sources
    assert all(data["predicate"].startswith("dv:") for *_, data in graph.edges(data=True))


def test_graphml_and_gexf_read_back(lineage: ex.Selection, tmp_path: Path) -> None:
    expected = ex.to_networkx(lineage)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = ex.export(lineage, fmt, tmp_path / f"lineage.{fmt}")
        back = reader(path)
        assert set(back.nodes) == set(expected.nodes), fmt
        assert back.number_of_edges() == expected.number_of_edges(), fmt
        node = back.nodes[ROOT_IRI]
        assert node["dateIssued"] == "2013-10-16", fmt
        assert node["class"] == "dv:Directive", fmt
        edge_sources = {d["sources"] for *_, d in back.edges(data=True)}
        assert "dvg:source/thanh-liem-2023" in edge_sources, fmt


def test_graphml_edge_ids_are_unique_and_numbers_are_typed(
    graph: Store, lineage: ex.Selection, tmp_path: Path
) -> None:
    # Issue 16: edge ids repeated the predicate (dv:within many times) and every
    # attribute, latitude and year included, was typed as a string.
    import xml.etree.ElementTree as ET

    around = ex.select_around(graph, "huyen-uy-thanh-liem", depth=2)
    path = ex.export(around, "graphml", tmp_path / "around.graphml")
    tree = ET.parse(path)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = [edge.get("id") for edge in tree.iterfind(".//g:edge", ns)]
    assert ids and len(ids) == len(set(ids))
    types = {key.get("attr.name"): key.get("attr.type") for key in tree.iterfind("g:key", ns)}
    numeric = {name for name, kind in types.items() if kind in ("int", "long", "double")}
    assert numeric, types
    assert types.get("identifier") == "string" and types.get("label") == "string"
    back = nx.read_graphml(path)
    values = [data[name] for _, data in back.nodes(data=True) for name in numeric if name in data]
    assert values and all(isinstance(value, int | float) for value in values)


def test_cytoscape_json(lineage: ex.Selection, tmp_path: Path) -> None:
    path = ex.export(lineage, "cyjs", tmp_path / "lineage.cyjs")
    data = json.loads(path.read_text(encoding="utf-8"))
    expected = ex.to_networkx(lineage)
    back = nx.cytoscape_graph(data)
    assert set(back.nodes) == set(expected.nodes)
    assert back.number_of_edges() == expected.number_of_edges()
    # Issue 16: the provenance attribute was overwritten by the edge's end, `name` was the
    # IRI, the top-level data a list of pairs, and edges had no id.
    assert isinstance(data["data"], dict) and data["data"]["kind"] == "lineage"
    root = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == ROOT_IRI)
    assert root["name"] == root["label"] != ROOT_IRI
    edges = [e["data"] for e in data["elements"]["edges"]]
    assert len({e["id"] for e in edges}) == len(edges)
    assert all(e["source"] in back.nodes and e["target"] in back.nodes for e in edges)
    assert "dvg:source/thanh-liem-2023" in {e["sources"] for e in edges}


def test_dot_is_hierarchical_and_escaped(graph: Store, lineage: ex.Selection) -> None:
    text = ex.to_dot(lineage)
    assert "rankdir=BT" in text and text.startswith("digraph")
    evil = ex.Selection(
        [
            ox.Quad(
                ox.NamedNode("https://w3id.org/danvan/id/org/x"),
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal('a "quoted" \\ name', language="vi"),
            )
        ],
        "graph",
        "t",
    )
    assert '\\"quoted\\" \\\\ name' in ex.to_dot(evil)


@pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz is not installed (Debian: graphviz)"
)
def test_svg_and_png(lineage: ex.Selection, tmp_path: Path) -> None:
    svg = ex.export(lineage, "svg", tmp_path / "lineage.svg")
    assert "<svg" in svg.read_text(encoding="utf-8") and "Chỉ thị 19" in svg.read_text(
        encoding="utf-8"
    )
    png = ex.export(lineage, "png", tmp_path / "lineage.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_missing_graphviz_is_one_line(
    lineage: ex.Selection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(
        ex.ExportError,
        match=r"^Graphviz 'dot' is not installed \(Debian: apt-get install graphviz\)",
    ):
        ex.export(lineage, "svg", tmp_path / "x.svg")


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("nq", ox.RdfFormat.N_QUADS),
    ],
)
def test_rdf_formats_round_trip(
    lineage: ex.Selection, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat
) -> None:
    path = ex.export(lineage, fmt, tmp_path / f"lineage.{fmt}")
    parsed = list(ox.parse(path=str(path), format=rdf_format))
    triples = {(q.subject, q.predicate, q.object) for q in lineage.quads}
    assert {(q.subject, q.predicate, q.object) for q in parsed} == triples
    if rdf_format.supports_datasets:
        assert {q.graph_name for q in parsed} == {q.graph_name for q in lineage.quads}


def test_select_graph_by_key(graph: Store) -> None:
    selection = ex.select_graph(graph, "thanh-liem-2023")
    assert {q.graph_name.value for q in selection.quads} == {
        "https://w3id.org/danvan/graph/source/thanh-liem-2023"
    }
    with pytest.raises(ex.ExportError, match="no named graph 'nowhere'"):
        ex.select_graph(graph, "nowhere")


def test_around_depth_and_limit(graph: Store) -> None:
    one = ex.to_networkx(ex.select_around(graph, ROOT, 1))
    two = ex.to_networkx(ex.select_around(graph, ROOT, 2))
    assert ROOT_IRI in one and set(one.nodes) < set(two.nodes)
    capped = ex.to_networkx(ex.select_around(graph, ROOT, 5, max_nodes=10))
    assert capped.number_of_nodes() <= 10


def test_construct_keeps_sources(graph: Store, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        "CONSTRUCT { ?e dv:hasReview ?r } WHERE { ?e dv:hasReview ?r }", encoding="utf-8"
    )
    selection = ex.select_construct(graph, query)
    assert selection.quads and all(
        q.graph_name.value.startswith("https://w3id.org/danvan/graph/source/")
        for q in selection.quads
    )


def test_html_is_self_contained_and_escapes(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script>'
    selection = ex.Selection(
        [
            ox.Quad(
                ox.NamedNode("https://w3id.org/danvan/id/org/x"),
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(evil, language="vi"),
                ox.NamedNode("https://w3id.org/danvan/graph/source/s"),
            )
        ],
        "graph",
        evil,
    )
    text = ex.render_html(selection)
    assert evil not in text
    assert "http://" not in text.split("<script>", 1)[0].replace("http-equiv", "")
    assert 'src="http' not in text and 'href="http' not in text
    assert "vis.Network" in text


def test_cli_export(
    built: tuple[Store, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = built
    out = tmp_path / "lineage.graphml"
    assert main(["export", "--store", str(path), "--lineage", ROOT, "-o", str(out)]) == 0
    assert ROOT_IRI in nx.read_graphml(out)
    assert (
        main(["export", "--store", str(path), "--lineage", ROOT, "-o", str(tmp_path / "x.xyz")])
        == 2
    )
    assert "cannot tell the format of x.xyz" in capsys.readouterr().err


def test_the_html_page_names_properties_and_codes_by_their_labels(graph) -> None:
    # Issue 16: panels showed `eventKind`, `recordKey`, `party-committee`.
    from danvan_kg.export.html import html_payload
    from danvan_kg.export.selection import select_around

    payload = html_payload(select_around(graph, "2023-11-29-thanh-liem-tong-ket-ct19", depth=1))
    assert payload["properties"]["eventKind"] == ("loại sự kiện", "event kind")
    assert payload["properties"]["recordKey"] == ("khóa bản ghi", "record key")
    assert payload["codes"]["conference"] == ("Hội nghị", "Conference")
    assert all(not label.startswith("Dự:") for node in payload["nodes"] for label in [node["vi"]])


def test_every_class_is_named_by_the_ontology_in_both_languages(graph: Store) -> None:
    # org:Post is labelled only in the packaged ontology (no store statement names it):
    # its nodes were drawn as "Post" in the Vietnamese legend.
    drawn = ex.to_networkx(ex.select_around(graph, "huyen-uy-thanh-liem", 2))
    classes = {
        (data["class"], data["class_vi"], data["class_en"]) for _, data in drawn.nodes(data=True)
    }
    assert ("org:Post", "Chức vụ", "Post") in classes
    for cls, vi, en in classes:
        assert vi != cls.split(":")[-1] or cls == "Thing", (cls, vi)
        assert vi != en, cls  # a Vietnamese label, not the English one again
