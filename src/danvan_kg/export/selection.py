"""Choosing a part of the graph: the whole graph, one named graph, the lineage of a
directive, the neighbourhood of a node, or what a CONSTRUCT makes.

Everything is read through the :class:`~danvan_kg.stores.Store` interface (patterns and
SELECT/CONSTRUCT queries), so a selection is made the same way from an embedded store
and from a remote SPARQL endpoint.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from danvan_kg.errors import DanvanError, QueryError
from danvan_kg.lookup import resolve, resolve_graph
from danvan_kg.queries import system_query
from danvan_kg.stores import Store
from danvan_kg.vocab import (
    DV_IRI,
    GRAPH_IRI,
    ID_IRI,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    RDF_TYPE,
    VOCAB_IRI,
    compact_iri,
    label,
)

# Graphs a selection never takes statements from: the ontology and the inferred closure.
SKIPPED_GRAPHS = frozenset({ONTOLOGY_GRAPH, INFERRED_GRAPH})


class ExportError(DanvanError):
    """A selection or an export that cannot be made (unknown format, node, tool)."""


@dataclass
class Selection:
    """A part of the graph: its quads, plus labels of the terms it mentions."""

    quads: list[ox.Quad]
    kind: str
    title: str
    focus: str | None = None
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # concept/class → lang → label
    sources: dict[str, str] = field(default_factory=dict)  # graph IRI → source title

    def __len__(self) -> int:
        return len(self.quads)


def select_all(store: Store) -> Selection:
    """Every quad of the store."""
    return _finish(store, list(store.quads()), "all", "danvan-kg")


def select_graph(store: Store, graph: str) -> Selection:
    """One named graph: an IRI, ``dvg:…``, or a source key (``thanh-liem-2023``)."""
    try:
        iri = resolve_graph(store, graph)
    except QueryError as error:
        raise ExportError(error.code, **error.params) from error
    return _finish(store, list(store.quads(iri)), "graph", compact_iri(iri), focus=iri)


def select_lineage(store: Store, directive: str) -> Selection:
    """A document with every document that carries it out, bases on or continues it (and
    those it rests on), the reviews and events of any of them, awards, figures and issuers."""
    root = resolve(store, directive)
    table = store.select(system_query("export-lineage").text, {"root": root})
    nodes = {row[0].value for row in table.rows if row[0] is not None}
    nodes.add(root.value)
    quads = _quads_about(store, nodes)
    return _finish(
        store, quads, "lineage", f"lineage of {compact_iri(root.value)}", focus=root.value
    )


def select_around(
    store: Store, node: str, depth: int = 1, *, max_nodes: int | None = None
) -> Selection:
    """Every node within ``depth`` links of ``node`` (either direction), breadth first,
    stopping at ``max_nodes``; concepts, classes and inferred links are not followed."""
    if depth < 0:
        raise ExportError("export.depth-negative", depth=depth)
    start = resolve(store, node)
    seen = {start.value}
    queue: deque[tuple[ox.NamedNode | ox.BlankNode, int]] = deque([(start, 0)])
    full = False
    while queue and not full:
        current, distance = queue.popleft()
        if distance >= depth:
            continue
        neighbours = [
            quad.object
            for quad in store.quads_for_pattern(current)
            if quad.graph_name not in SKIPPED_GRAPHS
            and quad.predicate != RDF_TYPE
            and _is_node(quad.object)
        ]
        neighbours += [
            quad.subject
            for quad in store.quads_for_pattern(None, None, current)
            if quad.graph_name not in SKIPPED_GRAPHS and _is_node(quad.subject)
        ]
        for neighbour in neighbours:
            if neighbour.value in seen:
                continue
            if max_nodes is not None and len(seen) >= max_nodes:
                full = True
                break
            seen.add(neighbour.value)
            queue.append((neighbour, distance + 1))
    quads = _quads_about(store, seen)
    return _finish(
        store, quads, "around", f"{compact_iri(start.value)} ± {depth}", focus=start.value
    )


def select_construct(store: Store, query: str | Path) -> Selection:
    """The triples a SPARQL CONSTRUCT (text or ``.rq`` file) makes, each in the named
    graph(s) that state it (a triple no graph states goes to the default graph)."""
    text = Path(query).read_text(encoding="utf-8") if isinstance(query, Path) else query
    triples = store.construct(text)
    quads: list[ox.Quad] = []
    for triple in triples:
        graphs = {
            quad.graph_name
            for quad in store.quads_for_pattern(triple.subject, triple.predicate, triple.object)
            if quad.graph_name != INFERRED_GRAPH
        } or {ox.DefaultGraph()}
        quads.extend(ox.Quad(triple.subject, triple.predicate, triple.object, g) for g in graphs)
    title = Path(query).stem if isinstance(query, Path) else "construct"
    return _finish(store, quads, "construct", title)


def _is_node(term: Any) -> bool:
    """A resource drawn as a node (not a literal, concept, class or property)."""
    if isinstance(term, ox.BlankNode):
        return True
    return isinstance(term, ox.NamedNode) and not _is_attribute_iri(term.value)


def _is_attribute_iri(iri: str) -> bool:
    if iri.startswith((VOCAB_IRI, DV_IRI)):
        return True
    return any(iri.startswith(PREFIXES[p]) for p in ("rdf", "rdfs", "owl", "xsd", "skos", "sh"))


def _quads_about(store: Store, nodes: set[str]) -> list[ox.Quad]:
    """Statements whose subject is one of ``nodes``: types, literals, concepts, and links
    to other nodes of the set (not the inferred closure)."""
    subjects = [
        ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
        for iri in sorted(nodes)
    ]
    quads = []
    # One request for every subject (a remote store asks for them all at once).
    for quad in store.describe(subjects):  # type: ignore[arg-type]
        if quad.graph_name in SKIPPED_GRAPHS:
            continue
        obj = quad.object
        if (
            isinstance(obj, ox.Literal)
            or quad.predicate == RDF_TYPE
            or not _is_node(obj)
            or obj.value in nodes
        ):
            quads.append(quad)
    return quads


def _finish(
    store: Store, quads: list[ox.Quad], kind: str, title: str, focus: str | None = None
) -> Selection:
    """Attach labels of the classes and concepts the quads mention, and source titles."""
    terms = {
        quad.object.value
        for quad in quads
        if isinstance(quad.object, ox.NamedNode) and _is_attribute_iri(quad.object.value)
    }
    # Labels come from the packaged ontology files (the same the store's ontology graph
    # holds), so a remote store is not asked once per term.
    labels: dict[str, dict[str, str]] = {}
    for term in sorted(terms):
        found = {language: text for language in ("vi", "en") if (text := label(term, language))}
        if found:
            labels[term] = found
    sources: dict[str, str] = {}
    graphs = {quad.graph_name.value for quad in quads if isinstance(quad.graph_name, ox.NamedNode)}
    title_iri = ox.NamedNode(DV_IRI + "title")
    for graph in sorted(graphs):
        key = graph[len(GRAPH_IRI) :]
        sources[graph] = key
        if key.startswith("source/"):
            source = ox.NamedNode(ID_IRI + key)
            for quad in store.quads_for_pattern(source, title_iri):
                sources[graph] = f"{key[len('source/') :]}: {_clip(quad.object.value, 70)}"
                break
    return Selection(quads, kind, title, focus, labels, sources)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
