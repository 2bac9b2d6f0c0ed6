"""Exchange files (GraphML, GEXF, Cytoscape JSON) checked the way a user meets them:
against the formats' rules and imported into networkx and python-igraph.

The GraphML and GEXF XML schemas ship in no package we can install (networkx, igraph
and the PyPI GEXF writers carry none), and nothing may be downloaded, so the rules of
those schemas that a file of ours can break are checked here by hand: the namespace and
root, unique key/attribute ids, declared attribute types from the schema's list, data
that names a declared key of the right domain, values that parse as their type, unique
node and edge ids, edge ends that are nodes.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from danvan_kg import export as ex
from danvan_kg.stores import Store

lxml = pytest.importorskip("lxml.etree")

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
GEXF = "http://www.gexf.net/1.2draft"
GRAPHML_TYPES = {"boolean": str, "int": int, "long": int, "float": float, "double": float}
GEXF_TYPES = {"integer": int, "long": int, "float": float, "double": float, "boolean": str}


@pytest.fixture(scope="module")
def around(graph: Store) -> ex.Selection:
    # A district party committee two steps out: units (latitude, codes), documents
    # (dates, numbers), awards (years), events: every kind of attribute.
    return ex.select_around(graph, "huyen-uy-thanh-liem", depth=2)


@pytest.fixture(scope="module")
def files(around: ex.Selection, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exchange")
    return {fmt: ex.export(around, fmt, folder / f"around.{fmt}") for fmt in ("graphml", "gexf")}


def _number(kind: type, text: str) -> None:
    kind(text)  # raises ValueError when the value is not of its declared type


def test_graphml_follows_the_schema(files: dict[str, Path]) -> None:
    root = lxml.parse(str(files["graphml"])).getroot()
    assert root.tag == f"{{{GRAPHML}}}graphml"
    keys = root.findall(f"{{{GRAPHML}}}key")
    ids = [key.get("id") for key in keys]
    assert len(ids) == len(set(ids)), "key ids are xs:ID: unique"
    declared = {key.get("id"): key for key in keys}
    for key in keys:
        assert key.get("for") in ("node", "edge", "graph", "all")
        assert key.get("attr.type") in (*GRAPHML_TYPES, "string")
    (graph,) = root.findall(f"{{{GRAPHML}}}graph")
    assert graph.get("edgedefault") in ("directed", "undirected")
    nodes = [node.get("id") for node in graph.iter(f"{{{GRAPHML}}}node")]
    edges = list(graph.iter(f"{{{GRAPHML}}}edge"))
    assert len(nodes) == len(set(nodes)) and edges
    assert len({edge.get("id") for edge in edges}) == len(edges)
    assert all(edge.get("source") in nodes and edge.get("target") in nodes for edge in edges)
    for data in root.iter(f"{{{GRAPHML}}}data"):
        key = declared[data.get("key")]
        owner = lxml.QName(data.getparent()).localname
        assert key.get("for") in (owner, "all"), (data.get("key"), owner)
        kind = GRAPHML_TYPES.get(key.get("attr.type"))
        if kind is not None:
            _number(kind, data.text)


def test_gexf_follows_the_schema(files: dict[str, Path]) -> None:
    root = lxml.parse(str(files["gexf"])).getroot()
    assert root.tag == f"{{{GEXF}}}gexf" and root.get("version") == "1.2"
    (graph,) = root.findall(f"{{{GEXF}}}graph")
    assert graph.get("defaultedgetype") in ("directed", "undirected", "mutual")
    declared: dict[tuple[str, str], str] = {}
    for attributes in graph.findall(f"{{{GEXF}}}attributes"):
        domain = attributes.get("class")
        assert domain in ("node", "edge")
        for attribute in attributes.findall(f"{{{GEXF}}}attribute"):
            assert (domain, attribute.get("id")) not in declared
            assert attribute.get("type") in (*GEXF_TYPES, "string", "liststring", "anyURI")
            declared[(domain, attribute.get("id"))] = attribute.get("type")
    nodes = [node.get("id") for node in graph.iter(f"{{{GEXF}}}node")]
    edges = list(graph.iter(f"{{{GEXF}}}edge"))
    assert len(nodes) == len(set(nodes)) and edges
    assert len({edge.get("id") for edge in edges}) == len(edges)
    assert all(edge.get("source") in nodes and edge.get("target") in nodes for edge in edges)
    for value in graph.iter(f"{{{GEXF}}}attvalue"):
        domain = lxml.QName(value.getparent().getparent()).localname
        kind = declared[(domain, value.get("for"))]
        if kind in GEXF_TYPES:
            _number(GEXF_TYPES[kind], value.get("value"))
    colours = list(root.iter("{http://www.gexf.net/1.2draft/viz}color"))
    assert len(colours) == len(nodes)
    assert all(0 <= int(c.get(channel)) <= 255 for c in colours for channel in "rgb")


def test_graphml_imports_into_igraph(around: ex.Selection, files: dict[str, Path]) -> None:
    igraph = pytest.importorskip("igraph")
    expected = ex.to_networkx(around)
    imported = igraph.Graph.Read_GraphML(str(files["graphml"]))
    assert imported.is_directed()
    assert imported.vcount() == expected.number_of_nodes()
    assert imported.ecount() == expected.number_of_edges()
    unit = imported.vs.find(id="https://w3id.org/danvan/id/unit/old/district/351")
    assert isinstance(unit["latitude"], float) and 20 < unit["latitude"] < 21
    assert unit["unitCode"] == "351"  # a code stays text
    years = [v["year"] for v in imported.vs if v["year"] == v["year"] and v["year"] is not None]
    assert years and all(float(year).is_integer() and 1945 < year < 2100 for year in years)


def test_typed_attributes_read_back_in_networkx(files: dict[str, Path]) -> None:
    for reader, path in ((nx.read_graphml, files["graphml"]), (nx.read_gexf, files["gexf"])):
        back = reader(path)
        unit = back.nodes["https://w3id.org/danvan/id/unit/old/district/351"]
        assert isinstance(unit["latitude"], float), path.suffix
        assert unit["unitCode"] == "351", path.suffix
        years = [data["year"] for _, data in back.nodes(data=True) if "year" in data]
        assert years and all(isinstance(year, int) for year in years), path.suffix
        # A multigraph keeps the ids as keys, a simple graph (no parallel edges) as "id".
        edge_ids = (
            [key for *_, key in back.edges(keys=True)]
            if back.is_multigraph()
            else [data["id"] for *_, data in back.edges(data=True)]
        )
        assert len(edge_ids) == len(set(edge_ids)) == back.number_of_edges(), path.suffix


def test_cytoscape_json_has_the_shape_cytoscape_reads(around: ex.Selection, tmp_path: Path) -> None:
    document = json.loads(
        ex.export(around, "cyjs", tmp_path / "around.cyjs").read_text(encoding="utf-8")
    )
    assert set(document) >= {"data", "elements"} and isinstance(document["data"], dict)
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    node_ids = [n["data"]["id"] for n in nodes]
    assert len(node_ids) == len(set(node_ids))
    assert all(isinstance(n["data"]["name"], str) and n["data"]["name"] for n in nodes)
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert not set(node_ids) & {e["data"]["id"] for e in edges}  # one id space
    assert all({"source", "target", "sources"} <= set(e["data"]) for e in edges)
    unit = next(n["data"] for n in nodes if n["data"]["id"].endswith("/district/351"))
    assert isinstance(unit["latitude"], float)
    back = nx.cytoscape_graph(document)
    assert back.number_of_edges() == len(edges)
