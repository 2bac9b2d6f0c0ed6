"""Export a chosen part of the graph: RDF, graph files, drawings and interactive HTML.

Choose a part with one of the ``select_*`` functions (the whole graph, one named graph,
the lineage of a directive, the neighbourhood of a node, the result of a CONSTRUCT),
then write it with :func:`export`, whose formats are the :data:`EXPORTERS` table::

    store, _ = build(None)
    part = select_lineage(store, "ct-19-tu-ha-nam-2013")
    export(part, "graphml", Path("lineage.graphml"))

The RDF formats keep every quad, named graph included. The other formats go through
:func:`to_networkx`: one node per resource with its class, Vietnamese and English labels
and every literal (dates, counts, identifiers) as node attributes; one edge per
statement between two resources, with the source (named graph) that states it.
Controlled-vocabulary concepts (``dvv:``) and ontology terms become attribute values,
not nodes. networkx, Graphviz and the HTML library are used only inside the functions
that need them.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from danvan_kg.errors import DanvanError
from danvan_kg.queries import system_query
from danvan_kg.store import Store
from danvan_kg.text import normalise
from danvan_kg.vocab import DV_IRI, GRAPH_IRI, ID_IRI, PREFIXES, RDF_TYPE, RDFS_LABEL, VOCAB_IRI

ONTOLOGY_GRAPH = GRAPH_IRI + "ontology"
INFERRED_GRAPH = GRAPH_IRI + "inferred"
DEFAULT_GRAPH_NAME = "default"

# Name → "module:function"; each function is ``write(selection, path, **options)``.
EXPORTERS: dict[str, str] = {
    "graphml": "danvan_kg.export:write_graphml",
    "gexf": "danvan_kg.export:write_gexf",
    "cyjs": "danvan_kg.export:write_cytoscape",
    "dot": "danvan_kg.export:write_dot",
    "svg": "danvan_kg.export:write_svg",
    "png": "danvan_kg.export:write_png",
    "html": "danvan_kg.export:write_html",
    "ttl": "danvan_kg.export:write_turtle",
    "trig": "danvan_kg.export:write_trig",
    "jsonld": "danvan_kg.export:write_jsonld",
    "nq": "danvan_kg.export:write_nquads",
}

# File suffix → exporter name, for ``--output FILE`` without ``--format``.
SUFFIXES: dict[str, str] = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".cyjs": "cyjs",
    ".json": "cyjs",
    ".dot": "dot",
    ".gv": "dot",
    ".svg": "svg",
    ".png": "png",
    ".html": "html",
    ".ttl": "ttl",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".nq": "nq",
}

# Colour and vis-network shape per class (local name); others get the "Thing" style.
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


class ExportError(DanvanError):
    """A selection or an export that cannot be made (unknown format, node, tool)."""


# --------------------------------------------------------------------------- selection


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
    iri = resolve_graph(store, graph)
    return _finish(store, list(store.quads(iri)), "graph", compact(iri), focus=iri)


def resolve_graph(store: Store, graph: str) -> str:
    text = normalise(graph).strip()
    known = store.named_graphs()
    candidates = [text]
    if text.startswith("dvg:"):
        candidates = [GRAPH_IRI + text[4:]]
    elif not text.startswith(("http://", "https://")):
        candidates = [GRAPH_IRI + text, GRAPH_IRI + "source/" + text]
    for candidate in candidates:
        if candidate in known:
            return candidate
    raise ExportError(f"no named graph {graph!r} (see 'danvan stats' for the graphs)")


def resolve_node(store: Store, value: str) -> ox.NamedNode:
    """An IRI, ``dvi:kind/key``, a record key or a document identifier → its IRI."""
    text = normalise(value).strip()
    if text.startswith(("http://", "https://")):
        return ox.NamedNode(text)
    for prefix, base in PREFIXES.items():
        if text.startswith(prefix + ":"):
            return ox.NamedNode(base + text[len(prefix) + 1 :])
    table = store.select(
        "SELECT DISTINCT ?node ?key WHERE { ?node dv:recordKey ?key } ORDER BY ?node",
        {"key": ox.Literal(text)},
    )
    nodes = [row[0] for row in table.rows]
    if not nodes:
        from danvan_kg.queries import resolve_entity

        try:
            return resolve_entity(store, "document", text)
        except DanvanError as error:
            raise ExportError(f"no node with IRI, key or identifier {value!r}") from error
    if len(nodes) > 1:
        raise ExportError(f"{value!r} is the key of {len(nodes)} nodes; give an IRI")
    return nodes[0]  # type: ignore[return-value]


def select_lineage(store: Store, directive: str) -> Selection:
    """A document with every document that carries it out, bases on or continues it (and
    those it rests on), the reviews and events of any of them, awards, figures and issuers."""
    root = resolve_node(store, directive)
    table = store.select(system_query("export-lineage").text, {"root": root})
    nodes = {row[0].value for row in table.rows if row[0] is not None}
    nodes.add(root.value)
    quads = _quads_about(store, nodes)
    return _finish(store, quads, "lineage", f"lineage of {compact(root.value)}", focus=root.value)


def select_around(
    store: Store, node: str, depth: int = 1, *, max_nodes: int | None = None
) -> Selection:
    """Every node within ``depth`` links of ``node`` (either direction), breadth first,
    stopping at ``max_nodes``; concepts, classes and inferred links are not followed."""
    if depth < 0:
        raise ExportError("--depth must be 0 or more")
    start = resolve_node(store, node)
    engine = store  # TEMPORARY (h2-stores): H3's branch replaces this
    skip = {ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(INFERRED_GRAPH)}
    seen = {start.value}
    queue: deque[tuple[ox.NamedNode | ox.BlankNode, int]] = deque([(start, 0)])
    full = False
    while queue and not full:
        current, distance = queue.popleft()
        if distance >= depth:
            continue
        neighbours = [
            quad.object
            for quad in engine.quads_for_pattern(current, None, None, None)
            if quad.graph_name not in skip and quad.predicate != RDF_TYPE and _is_node(quad.object)
        ]
        neighbours += [
            quad.subject
            for quad in engine.quads_for_pattern(None, None, current, None)
            if quad.graph_name not in skip and _is_node(quad.subject)
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
    return _finish(store, quads, "around", f"{compact(start.value)} ± {depth}", focus=start.value)


def select_construct(store: Store, query: str | Path) -> Selection:
    """The triples a SPARQL CONSTRUCT (text or ``.rq`` file) makes, each in the named
    graph(s) that state it (a triple no graph states goes to the default graph)."""
    text = Path(query).read_text(encoding="utf-8") if isinstance(query, Path) else query
    triples = store.construct(text)
    engine = store  # TEMPORARY (h2-stores): H3's branch replaces this
    quads: list[ox.Quad] = []
    for triple in triples:
        graphs = {
            quad.graph_name
            for quad in engine.quads_for_pattern(
                triple.subject, triple.predicate, triple.object, None
            )
            if quad.graph_name != ox.NamedNode(INFERRED_GRAPH)
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
    engine = store  # TEMPORARY (h2-stores): H3's branch replaces this
    skip = {ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(INFERRED_GRAPH)}
    quads = []
    for iri in sorted(nodes):
        subject = ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
        for quad in engine.quads_for_pattern(subject, None, None, None):
            if quad.graph_name in skip:
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
    labels: dict[str, dict[str, str]] = {}
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for term in sorted(terms):
        for quad in store.quads_for_pattern(ox.NamedNode(term), RDFS_LABEL, None, ontology):
            language = quad.object.language or "en"
            labels.setdefault(term, {}).setdefault(language, quad.object.value)
    sources: dict[str, str] = {}
    graphs = {quad.graph_name.value for quad in quads if isinstance(quad.graph_name, ox.NamedNode)}
    title_iri = ox.NamedNode(DV_IRI + "title")
    for graph in sorted(graphs):
        key = graph[len(GRAPH_IRI) :]
        sources[graph] = key
        if key.startswith("source/"):
            source = ox.NamedNode(ID_IRI + key)
            for quad in store.quads_for_pattern(source, title_iri, None, None):
                sources[graph] = f"{key[len('source/') :]}: {_clip(quad.object.value, 70)}"
                break
    return Selection(quads, kind, title, focus, labels, sources)


# --------------------------------------------------------------------------- RDF → networkx


def compact(iri: str) -> str:
    """``https://w3id.org/danvan/ontology#Directive`` → ``dv:Directive``."""
    best = ""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(base) > len(best):
            best, name = base, f"{prefix}:{iri[len(base) :]}"
    return name if best else iri


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _graph_name(quad: ox.Quad) -> str:
    graph = quad.graph_name
    return compact(graph.value) if isinstance(graph, ox.NamedNode) else DEFAULT_GRAPH_NAME


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def to_networkx(selection: Selection, *, keep_facts: bool = False) -> Any:
    """The selection as a ``networkx.MultiDiGraph``.

    Node attributes: ``iri``, ``class`` (most specific, e.g. ``dv:Directive``),
    ``class_vi``/``class_en``, ``label`` (Vietnamese, else English, else key),
    ``label_vi``/``label_en``, one attribute per literal or concept-valued property
    (``dateIssued``, ``identifier``, ``documentType`` …; several values joined by
    `` | ``) and ``sources`` (the graphs stating facts about it). Edge key and
    ``predicate``: ``dv:carriesOut`` …; ``label``: its local name; ``source``: the
    graph(s) that state it. With ``keep_facts`` a node also has ``facts``, a list of
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
        attributes["class"] = compact(cls) if cls else "Thing"
        class_labels = selection.labels.get(cls, {}) if cls else {}
        short = local_name(cls) if cls else "Thing"
        attributes["class_vi"] = class_labels.get("vi", short)
        attributes["class_en"] = class_labels.get("en", short)
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
        key = compact(predicate)
        graph_.add_edge(
            subject,
            target,
            key=key,
            predicate=key,
            label=local_name(predicate),
            source=" ".join(sorted(graphs)),
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


# --------------------------------------------------------------------------- exporters


def exporter(name: str) -> Callable[..., None]:
    """The writer registered as ``name`` in :data:`EXPORTERS`."""
    if name not in EXPORTERS:
        raise ExportError(f"unknown export format {name!r} (known: {', '.join(EXPORTERS)})")
    module, _, function = EXPORTERS[name].partition(":")
    return getattr(import_module(module), function)


def format_for(path: Path, format: str | None = None) -> str:
    if format:
        return format
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(
            f"cannot tell the format of {path.name}; give --format ({', '.join(EXPORTERS)})"
        )
    return SUFFIXES[suffix]


def export(selection: Selection, format: str, path: Path | str, **options: Any) -> Path:
    """Write ``selection`` to ``path`` in ``format`` (a key of :data:`EXPORTERS`)."""
    target = Path(path)
    writer = exporter(format)
    target.parent.mkdir(parents=True, exist_ok=True)
    writer(selection, target, **options)
    return target


def _plain_graph(selection: Selection) -> Any:
    """The networkx graph with attribute values every graph format accepts."""
    graph = to_networkx(selection)
    graph.graph = {key: str(value) for key, value in graph.graph.items()}
    return graph


def write_graphml(selection: Selection, path: Path) -> None:
    import networkx as nx

    nx.write_graphml(_plain_graph(selection), path, encoding="utf-8", named_key_ids=True)


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
    import networkx as nx

    data = nx.cytoscape_data(_plain_graph(selection))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _expand(name: str) -> str:
    prefix, _, rest = name.partition(":")
    return PREFIXES[prefix] + rest if prefix in PREFIXES and rest else name


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


DOT_SHAPES = {
    "square": "box",
    "dot": "ellipse",
    "diamond": "diamond",
    "star": "octagon",
    "triangle": "house",
    "triangleDown": "invhouse",
    "hexagon": "hexagon",
}


def to_dot(selection: Selection) -> str:
    """Graphviz DOT text: ranked top-down for a lineage, otherwise for sfdp/neato."""
    graph = to_networkx(selection)
    lines = [f"digraph {_dot_string(selection.title)} {{"]
    if selection.kind == "lineage":
        lines.append("  rankdir=BT; nodesep=0.3; ranksep=0.6;")
    else:
        lines.append("  overlap=prism; outputorder=edgesfirst;")
    lines.append('  node [style=filled, fontname="DejaVu Sans", fontsize=10];')
    lines.append('  edge [fontname="DejaVu Sans", fontsize=8, color="#666666"];')
    for node, data in graph.nodes(data=True):
        color, shape = class_style(_expand(data["class"]))
        label = _clip(data["label"], 48)
        lines.append(
            f"  {_dot_string(node)} [label={_dot_string(label)}, "
            f"shape={DOT_SHAPES.get(shape, 'ellipse')}, "
            f"fillcolor={_dot_string(color + '99')}, tooltip={_dot_string(data['class'])}];"
        )
    for subject, target, data in graph.edges(data=True):
        lines.append(
            f"  {_dot_string(subject)} -> {_dot_string(target)} "
            f"[label={_dot_string(data['label'])}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_dot(selection: Selection, path: Path) -> None:
    path.write_text(to_dot(selection), encoding="utf-8")


def graphviz_engine(selection: Selection, nodes: int) -> str:
    """``dot`` (hierarchical) for a lineage or a small graph, ``sfdp`` for a large one."""
    return "dot" if selection.kind == "lineage" or nodes <= 150 else "sfdp"


def _render(selection: Selection, path: Path, output_format: str) -> None:
    text = to_dot(selection)
    nodes = text.count("shape=")
    engine = graphviz_engine(selection, nodes)
    program = shutil.which(engine)
    if program is None:
        raise ExportError(
            f"Graphviz '{engine}' is not installed (Debian: apt-get install graphviz); "
            "export --format dot instead"
        )
    result = subprocess.run(
        [program, f"-T{output_format}", "-o", str(path)],
        input=text.encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise ExportError(
            f"Graphviz {engine} failed: {result.stderr.decode(errors='replace').strip()[:300]}"
        )


def write_svg(selection: Selection, path: Path) -> None:
    _render(selection, path, "svg")


def write_png(selection: Selection, path: Path) -> None:
    _render(selection, path, "png")


def _serialize(selection: Selection, path: Path, rdf_format: ox.RdfFormat) -> None:
    if rdf_format.supports_datasets:
        items: Iterable[Any] = sorted(set(selection.quads), key=str)
    else:
        items = sorted(
            {ox.Triple(q.subject, q.predicate, q.object) for q in selection.quads}, key=str
        )
    prefixes = (
        PREFIXES
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD)
        else None
    )
    with path.open("wb") as stream:
        ox.serialize(items, stream, rdf_format, prefixes=prefixes)


def write_turtle(selection: Selection, path: Path) -> None:
    _serialize(selection, path, ox.RdfFormat.TURTLE)


def write_trig(selection: Selection, path: Path) -> None:
    _serialize(selection, path, ox.RdfFormat.TRIG)


def write_jsonld(selection: Selection, path: Path) -> None:
    _serialize(selection, path, ox.RdfFormat.JSON_LD)


def write_nquads(selection: Selection, path: Path) -> None:
    _serialize(selection, path, ox.RdfFormat.N_QUADS)


# --------------------------------------------------------------------------- HTML

VIS_VERSION = "vis-9.1.2"


def _vis_files() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, as shipped inside the pyvis wheel."""
    from importlib.resources import files

    try:
        folder = files("pyvis").joinpath("lib", VIS_VERSION)
        return (
            folder.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
            folder.joinpath("vis-network.css").read_text(encoding="utf-8"),
        )
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise ExportError(
            "the HTML export needs the 'pyvis' package (it ships vis-network)"
        ) from error


def _levels(graph: Any, focus: str | None) -> dict[str, int]:
    """Hierarchical levels for a lineage: documents by distance from the root along
    lineage links, everything else one level below what it is attached to."""
    if not focus or focus not in graph:
        return {}
    undirected = graph.to_undirected(as_view=True)
    import networkx as nx

    distance = nx.single_source_shortest_path_length(undirected, focus)
    far = max(distance.values(), default=0) + 1
    return {node: distance.get(node, far) for node in graph.nodes}


def html_payload(selection: Selection) -> dict[str, Any]:
    """What the HTML page draws: nodes, edges, classes (legend), layout."""
    graph = to_networkx(selection, keep_facts=True)
    hierarchical = selection.kind == "lineage"
    levels = _levels(graph, selection.focus) if hierarchical else {}
    classes: dict[str, dict[str, str]] = {}
    nodes = []
    for node, data in graph.nodes(data=True):
        cls = data["class"]
        color, shape = class_style(_expand(cls))
        classes.setdefault(
            cls, {"vi": data["class_vi"], "en": data["class_en"], "color": color, "shape": shape}
        )
        item = {
            "id": node,
            "cls": cls,
            "vi": data["label_vi"],
            "en": data["label_en"],
            "facts": [
                [name, value, selection.sources.get(_expand(src), src)]
                for name, value, src in data["facts"]
            ],
        }
        if hierarchical:
            item["level"] = levels.get(node, 0)
        nodes.append(item)
    positions = (
        graphviz_positions(selection, graph)
        if not hierarchical and len(nodes) > LAYOUT_IN_PYTHON
        else {}
    )
    for item in nodes:
        if item["id"] in positions:
            item["x"], item["y"] = positions[item["id"]]
    edges = [
        {
            "from": s,
            "to": t,
            "label": d["label"],
            "src": " ".join(selection.sources.get(_expand(g), g) for g in d["source"].split()),
        }
        for s, t, d in graph.edges(data=True)
    ]
    return {
        "title": selection.title,
        "kind": selection.kind,
        "focus": selection.focus,
        "hierarchical": hierarchical,
        "positioned": bool(positions),
        "nodes": nodes,
        "edges": edges,
        "classes": dict(sorted(classes.items())),
    }


LAYOUT_IN_PYTHON = 1500  # above this many nodes, lay out with Graphviz sfdp (measured: smoother)


def graphviz_positions(selection: Selection, graph: Any) -> dict[str, tuple[float, float]]:
    """Node positions from Graphviz ``sfdp`` (empty where Graphviz is missing)."""
    program = shutil.which("sfdp")
    if program is None:
        return {}
    names = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    lines = ["digraph { node [shape=point]; overlap=prism;"]
    lines += [f"  {name};" for name in names.values()]
    lines += [f"  {names[s]} -> {names[t]};" for s, t in graph.edges()]
    lines.append("}")
    result = subprocess.run(
        [program, "-Tplain"],
        input="\n".join(lines).encode(),
        capture_output=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        return {}
    back = {name: node for node, name in names.items()}
    positions = {}
    for line in result.stdout.decode().splitlines():
        parts = line.split()
        if parts and parts[0] == "node" and parts[1] in back:
            positions[back[parts[1]]] = (
                round(float(parts[2]) * 60, 1),
                round(-float(parts[3]) * 60, 1),
            )
    return positions


def _script_json(data: Any) -> str:
    """JSON safe inside <script>: no '<', '>', '&' or line separators left as such."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def render_html(selection: Selection) -> str:
    """One self-contained page (vis-network inlined; no network access)."""
    script, css = _vis_files()
    template = resource_template("graph.html")
    app = resource_template("graph.js")
    values = {
        "TITLE": html.escape(selection.title),
        "VIS_CSS": css.replace("</", "<\\/"),
        "VIS_JS": script.replace("</script", "<\\/script"),
        "DATA": _script_json(html_payload(selection)),
        "APP_JS": app,
    }
    return re.sub(r"__([A-Z_]+)__", lambda m: values.get(m.group(1), m.group(0)), template)


def resource_template(name: str) -> str:
    from importlib.resources import files

    return files("danvan_kg").joinpath("templates", name).read_text(encoding="utf-8")


def write_html(selection: Selection, path: Path) -> None:
    path.write_text(render_html(selection), encoding="utf-8")


__all__ = [
    "EXPORTERS",
    "ExportError",
    "Selection",
    "export",
    "exporter",
    "render_html",
    "select_all",
    "select_around",
    "select_construct",
    "select_graph",
    "select_lineage",
    "to_dot",
    "to_networkx",
]
