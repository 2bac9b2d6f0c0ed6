"""A selection as a networkx graph, and the graph file formats written from it
(GraphML, GEXF, Cytoscape JSON). networkx is imported inside the functions that use it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from danvan_kg.export.selection import Selection, _is_attribute_iri
from danvan_kg.text import normalise
from danvan_kg.vocab import DV_IRI, PREFIXES, RDF_TYPE, compact_iri
from danvan_kg.vocab import label as term_label

DEFAULT_GRAPH_NAME = "default"

CLASS_STYLE: dict[str, tuple[str, str]] = {
    "Document": ("#e6550d", "square"),
    "Directive": ("#d62728", "square"),
    "Resolution": ("#a50f15", "square"),
    "Conclusion": ("#fd8d3c", "square"),
    "Decision": ("#8c564b", "square"),
    "Project": ("#e377c2", "square"),
    "Plan": ("#fdae6b", "square"),
    "Law": ("#7f2704", "square"),
    "OfficialLetter": ("#bcbd22", "square"),
    "Organisation": ("#1f77b4", "dot"),
    "Person": ("#17becf", "dot"),
    "Post": ("#9ecae1", "dot"),
    "AdministrativeUnit": ("#7f7f7f", "diamond"),
    "UnitChange": ("#c7c7c7", "diamond"),
    "Event": ("#9467bd", "star"),
    "Review": ("#c5b0d5", "triangle"),
    "Participation": ("#dadaeb", "triangleDown"),
    "Initiative": ("#2ca02c", "hexagon"),
    "Movement": ("#2ca02c", "hexagon"),
    "Campaign": ("#98df8a", "hexagon"),
    "Model": ("#31a354", "dot"),
    "Award": ("#ffbf00", "star"),
    "Figure": ("#636363", "triangle"),
    "Source": ("#393b79", "square"),
    "Correction": ("#ff9896", "triangleDown"),
    "Thing": ("#aaaaaa", "dot"),
}
GENERIC_CLASSES = {"Document", "Initiative", "Event", "Activity", "Entity", "Thing"}
DATE_PROPERTIES = (
    "date",
    "dateIssued",
    "periodStart",
    "periodEnd",
    "year",
    "recognisedIn",
    "publicationDate",
    "validFrom",
    "validUntil",
    "changeDate",
)


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _graph_name(quad: ox.Quad) -> str:
    graph = quad.graph_name
    return compact_iri(graph.value) if isinstance(graph, ox.NamedNode) else DEFAULT_GRAPH_NAME


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def to_networkx(selection: Selection, *, keep_facts: bool = False) -> Any:
    """The selection as a ``networkx.MultiDiGraph``.

    Node attributes: ``iri``, ``class`` (most specific, e.g. ``dv:Directive``),
    ``class_vi``/``class_en``, ``label`` (Vietnamese, else English, else key),
    ``label_vi``/``label_en``, one attribute per literal or concept-valued property
    (``dateIssued``, ``identifier``, ``documentType`` …; several values joined by
    `` | ``) and ``sources`` (the graphs stating facts about it). Edge key and
    ``predicate``: ``dv:carriesOut`` …; ``label``: its local name; ``sources``: the
    graph(s) that state it (not ``source``, which graph formats use for the edge's end).
    With ``keep_facts`` a node also has ``facts``, a list of
    (property, value, source) for the HTML details panel.
    """
    import networkx as nx

    types: dict[str, set[str]] = defaultdict(set)
    facts: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    node_sources: dict[str, set[str]] = defaultdict(set)
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    order: dict[str, None] = {}
    for quad in selection.quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode | ox.BlankNode):
            continue
        node = _node_id(subject)
        order.setdefault(node)
        graph = _graph_name(quad)
        node_sources[node].add(graph)
        predicate, obj = quad.predicate.value, quad.object
        if predicate == RDF_TYPE.value and isinstance(obj, ox.NamedNode):
            types[node].add(obj.value)
            continue
        name = local_name(predicate)
        if isinstance(obj, ox.Literal):
            suffix = f"_{obj.language.split('-')[0]}" if obj.language else ""
            facts[node].append((name + suffix, normalise(obj.value), graph))
        elif isinstance(obj, ox.NamedNode) and _is_attribute_iri(obj.value):
            facts[node].append((name, local_name(obj.value), graph))
        elif isinstance(obj, ox.NamedNode | ox.BlankNode):
            target = _node_id(obj)
            order.setdefault(target)
            edges[(node, predicate, target)].add(graph)

    graph_ = nx.MultiDiGraph(name=selection.title, kind=selection.kind, focus=selection.focus or "")
    for node in order:
        attributes: dict[str, Any] = {"iri": node}
        cls = _most_specific(types.get(node, set()))
        attributes["class"] = compact_iri(cls) if cls else "Thing"
        class_labels = selection.labels.get(cls, {}) if cls else {}
        short = local_name(cls) if cls else "Thing"
        # The selection carries the labels the store holds; a class only the packaged
        # ontology names (org:Post) is labelled from there.
        for lang in ("vi", "en"):
            attributes[f"class_{lang}"] = (
                class_labels.get(lang) or (cls and term_label(cls, lang)) or short
            )
        values: dict[str, list[str]] = defaultdict(list)
        for name, value, _graph in facts.get(node, []):
            if value not in values[name]:
                values[name].append(value)
        for name, items in sorted(values.items()):
            attributes[name] = " | ".join(items)
        vi = values.get("label_vi") or values.get("label") or []
        en = values.get("label_en") or []
        fallback = (values.get("identifier") or values.get("recordKey") or [local_name(node)])[0]
        attributes["label_vi"] = vi[0] if vi else (en[0] if en else fallback)
        attributes["label_en"] = en[0] if en else attributes["label_vi"]
        attributes["label"] = attributes["label_vi"]
        attributes["sources"] = " ".join(sorted(node_sources.get(node, ())))
        if keep_facts:
            attributes["facts"] = sorted(
                facts.get(node, []), key=lambda f: (f[0] not in DATE_PROPERTIES, f[0], f[1])
            )
        graph_.add_node(node, **attributes)
    for (subject, predicate, target), graphs in edges.items():
        key = compact_iri(predicate)
        graph_.add_edge(
            subject,
            target,
            key=key,
            predicate=key,
            label=local_name(predicate),
            sources=" ".join(sorted(graphs)),
        )
    return graph_


def _most_specific(classes: set[str]) -> str | None:
    if not classes:
        return None
    ordered = sorted(
        classes, key=lambda c: (local_name(c) in GENERIC_CLASSES, not c.startswith(DV_IRI), c)
    )
    return ordered[0]


def class_style(cls: str) -> tuple[str, str]:
    return CLASS_STYLE.get(local_name(cls), CLASS_STYLE["Thing"])


def _expand(name: str) -> str:
    prefix, _, rest = name.partition(":")
    return PREFIXES[prefix] + rest if prefix in PREFIXES and rest else name


def _plain_graph(selection: Selection) -> Any:
    """The networkx graph as exchange files want it: graph attributes as text, every edge
    with an id of its own (``e0``, ``e1`` …: a predicate is not unique), and an attribute
    whose every value is a number (a year, a latitude, a count) typed as one."""
    import networkx as nx

    graph = to_networkx(selection)
    plain = nx.MultiDiGraph(**{key: str(value) for key, value in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        plain.add_node(node, **data)
    for number, (subject, target, data) in enumerate(graph.edges(data=True)):
        plain.add_edge(subject, target, key=f"e{number}", **data)
    for name, kind in _numeric_attributes(plain).items():
        for _node, data in plain.nodes(data=True):
            if name in data:
                data[name] = kind(data[name])
    return plain


# Identifiers and codes: text even when every value is digits (a GSO code "351" is no number).
TEXT_ATTRIBUTES = ("iri", "label", "recordKey", "identifier", "documentNumber", "unitCode")
_INTEGER = re.compile(r"-?[0-9]{1,15}")
_DECIMAL = re.compile(r"-?[0-9]{1,15}\.[0-9]+")


def _numeric_attributes(graph: Any) -> dict[str, type]:
    """Node attributes whose every value is an integer (int) or a decimal (float).

    Identifiers and keys are text even when they look like numbers ("06" is not 6)."""
    kinds: dict[str, type | None] = {}
    for _node, data in graph.nodes(data=True):
        for name, value in data.items():
            if name in TEXT_ATTRIBUTES or (name.startswith("label_")):
                continue
            text = value if isinstance(value, str) else None
            kind: type | None = None
            if text is not None and _INTEGER.fullmatch(text) and not text.startswith(("0", "-0")):
                kind = int
            elif text is not None and _DECIMAL.fullmatch(text):
                kind = float
            seen = kinds.get(name, kind)
            kinds[name] = (
                float if {seen, kind} == {int, float} else (kind if seen == kind else None)
            )
    return {name: kind for name, kind in kinds.items() if kind is not None}


def write_graphml(selection: Selection, path: Path) -> None:
    import networkx as nx

    # Key ids d0, d1 …: named ids repeat when a node and an edge attribute share a name
    # (``label``, ``sources``), and GraphML's schema wants every key id unique.
    nx.write_graphml(_plain_graph(selection), path, encoding="utf-8")


def write_gexf(selection: Selection, path: Path) -> None:
    import networkx as nx

    graph = _plain_graph(selection)
    for node, data in graph.nodes(data=True):
        color = class_style(_expand(data["class"]))[0]
        red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
        del node
    nx.write_gexf(graph, path, encoding="utf-8")


def write_cytoscape(selection: Selection, path: Path) -> None:
    """Cytoscape.js JSON: ``data`` is an object, a node's ``name`` is its label, every
    edge has an ``id``, and the provenance of an edge stays in ``sources`` (``source``
    and ``target`` are its ends, as Cytoscape reads them)."""
    graph = _plain_graph(selection)
    nodes = [
        {"data": {**data, "id": node, "value": node, "name": data.get("label", node)}}
        for node, data in graph.nodes(data=True)
    ]
    edges = [
        {"data": {**data, "id": key, "key": key, "source": subject, "target": target}}
        for subject, target, key, data in graph.edges(keys=True, data=True)
    ]
    document = {
        "format_version": "1.0",
        "generated_by": "danvan-kg",
        "directed": True,
        "multigraph": True,  # these two and ``value``/``key``: what networkx reads back
        "data": dict(graph.graph),
        "elements": {"nodes": nodes, "edges": edges},
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
