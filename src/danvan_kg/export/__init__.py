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

- :mod:`~danvan_kg.export.selection`: choosing the part (``select_*``);
- :mod:`~danvan_kg.export.network`: RDF → networkx, GraphML, GEXF, Cytoscape JSON;
- :mod:`~danvan_kg.export.drawing`: Graphviz DOT, SVG, PNG;
- :mod:`~danvan_kg.export.html`: the interactive page;
- :mod:`~danvan_kg.export.webgl`: the interactive page of a large graph (sigma.js);
- :mod:`~danvan_kg.export.rdf`: Turtle, TriG, JSON-LD, N-Quads.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from danvan_kg.export.drawing import to_dot
from danvan_kg.export.html import render_html
from danvan_kg.export.network import to_networkx
from danvan_kg.export.selection import (
    ExportError,
    Selection,
    select_all,
    select_around,
    select_construct,
    select_graph,
    select_lineage,
)
from danvan_kg.stores import Store as Store  # bench/ reaches the store class through here

# Name → "module:function"; each function is ``write(selection, path, **options)``, and
# its module is imported only when that format is asked for.
EXPORTERS: dict[str, str] = {
    "graphml": "danvan_kg.export.network:write_graphml",
    "gexf": "danvan_kg.export.network:write_gexf",
    "cyjs": "danvan_kg.export.network:write_cytoscape",
    "dot": "danvan_kg.export.drawing:write_dot",
    "svg": "danvan_kg.export.drawing:write_svg",
    "png": "danvan_kg.export.drawing:write_png",
    "html": "danvan_kg.export.html:write_html",
    "ttl": "danvan_kg.export.rdf:write_turtle",
    "trig": "danvan_kg.export.rdf:write_trig",
    "jsonld": "danvan_kg.export.rdf:write_jsonld",
    "nq": "danvan_kg.export.rdf:write_nquads",
}

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


def exporter(name: str) -> Callable[..., None]:
    """The writer registered as ``name`` in :data:`EXPORTERS`."""
    if name not in EXPORTERS:
        raise ExportError("export.format-unknown", format=name, known=", ".join(EXPORTERS))
    module, _, function = EXPORTERS[name].partition(":")
    return getattr(import_module(module), function)


def format_for(path: Path, format: str | None = None) -> str:
    if format:
        return format
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError("export.format-unclear", name=path.name, known=", ".join(EXPORTERS))
    return SUFFIXES[suffix]


def export(selection: Selection, format: str, path: Path | str, **options: Any) -> Path:
    """Write ``selection`` to ``path`` in ``format`` (a key of :data:`EXPORTERS`)."""
    target = Path(path)
    writer = exporter(format)
    target.parent.mkdir(parents=True, exist_ok=True)
    writer(selection, target, **options)
    return target


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
