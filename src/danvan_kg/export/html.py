"""One self-contained interactive HTML page (vis-network from the pyvis wheel, inlined;
no network access): the graph, a legend of classes, a details panel per node."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from danvan_kg.export.drawing import graphviz_positions, sfdp_positions
from danvan_kg.export.network import _expand, class_style, to_networkx
from danvan_kg.export.selection import ExportError, Selection
from danvan_kg.vocab import PREFIXES, concept, vocabulary_codes
from danvan_kg.vocab import label as term_label

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
        raise ExportError("export.pyvis-missing") from error


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


def html_payload(selection: Selection, *, layout: bool = True) -> dict[str, Any]:
    """What the HTML page draws: nodes, edges, classes (legend), layout (Graphviz
    positions for a large graph; ``layout=False`` leaves them to the caller)."""
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
        if layout and not hierarchical and len(nodes) > LAYOUT_IN_PYTHON
        else {}
    )
    edges = [
        {
            "from": s,
            "to": t,
            "label": d["label"],
            "src": " ".join(selection.sources.get(_expand(g), g) for g in d["sources"].split()),
        }
        for s, t, d in graph.edges(data=True)
    ]
    names = {fact[0] for item in nodes for fact in item["facts"]} | {e["label"] for e in edges}
    payload = {
        "title": selection.title,
        "kind": selection.kind,
        "focus": selection.focus,
        "hierarchical": hierarchical,
        "positioned": False,  # place() sets it
        "nodes": nodes,
        "edges": edges,
        "classes": dict(sorted(classes.items())),
        "properties": {name: property_labels(name) for name in sorted(names)},
        "codes": _code_labels({fact[1] for item in nodes for fact in item["facts"]}),
    }
    place(payload, positions)
    return payload


def place(payload: dict[str, Any], positions: dict[str, tuple[float, float]]) -> None:
    """Give the payload's nodes their ``x``/``y`` (the page then draws, not lays out)."""
    for item in payload["nodes"]:
        if item["id"] in positions:
            item["x"], item["y"] = positions[item["id"]]
    payload["positioned"] = bool(positions)


def _ends(payload: dict[str, Any]) -> tuple[list[str], list[tuple[str, str]]]:
    return [n["id"] for n in payload["nodes"]], [(e["from"], e["to"]) for e in payload["edges"]]


def _code_labels(values: set[str]) -> dict[str, tuple[str, str]]:
    """(vi, en) of the values that are vocabulary codes (``party-committee`` → "Cấp ủy
    đảng"): panels show a concept by its label. A code of several vocabularies whose
    labels differ is left as it is."""
    found: dict[str, set[tuple[str, str]]] = {}
    for scheme, codes in vocabulary_codes().items():
        for code in codes & values:
            iri = concept(scheme, code).value
            vi, en = term_label(iri, "vi"), term_label(iri, "en")
            if vi or en:
                found.setdefault(code, set()).add((vi or en or code, en or vi or code))
    return {code: next(iter(labels)) for code, labels in found.items() if len(labels) == 1}


# Labels of the few properties outside the project's ontology that panels show.
_OTHER_PROPERTIES = {
    "label": ("tên", "name"),
    "altLabel": ("tên khác", "other name"),
    "prefLabel": ("tên", "name"),
    "holds": ("giữ chức vụ", "holds"),
    "postIn": ("thuộc", "post in"),
    "role": ("chức vụ", "role"),
    "wasDerivedFrom": ("lấy từ", "derived from"),
}


def property_labels(name: str) -> tuple[str, str]:
    """(vi, en) of a fact or link name as the panels show it: ``eventKind`` → "loại sự
    kiện" / "event kind", ``label_vi`` → "tên (vi)"; the name itself where none is known."""
    base, _, language = name.rpartition("_") if name.endswith(("_vi", "_en")) else (name, "", "")
    found = [
        term_label(prefix + base, lang) for prefix in PREFIXES.values() for lang in ("vi", "en")
    ]
    pairs = [(found[i], found[i + 1]) for i in range(0, len(found), 2) if found[i] or found[i + 1]]
    vi, en = pairs[0] if pairs else _OTHER_PROPERTIES.get(base, (base, base))
    vi, en = vi or en or base, en or vi or base
    suffix = f" ({language})" if language else ""
    return f"{vi}{suffix}", f"{en}{suffix}"


LAYOUT_IN_PYTHON = 1500  # above this many nodes, lay out with Graphviz sfdp (measured: smoother)


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


def render_html(selection: Selection, renderer: str = "auto") -> str:
    """One self-contained page, no network access: vis-network for a graph of up to
    :data:`~danvan_kg.export.webgl.WEBGL_ABOVE` nodes, sigma.js (WebGL) above it when
    its scripts were fetched (``renderer`` "vis" or "webgl" forces one; without the
    scripts the vis-network page is written, with an :class:`ExportWarning`)."""
    from danvan_kg.export import webgl

    payload = html_payload(selection, layout=False)
    if renderer == "webgl" or (renderer == "auto" and len(payload["nodes"]) > webgl.WEBGL_ABOVE):
        page = webgl.render_webgl(selection, payload)
        if page is not None:
            return page
    if not payload["hierarchical"] and len(payload["nodes"]) > LAYOUT_IN_PYTHON:
        place(payload, sfdp_positions(*_ends(payload)))
    script, css = _vis_files()
    template = resource_template("graph.html")
    app = resource_template("graph.js")
    values = {
        "TITLE": html.escape(selection.title),
        "VIS_CSS": css.replace("</", "<\\/"),
        "VIS_JS": script.replace("</script", "<\\/script"),
        "DATA": _script_json(payload),
        "PANEL_CSS": resource_template("graph-panel.css"),
        "PANEL_JS": resource_template("graph-panel.js"),  # the side bar, shared with the WebGL page
        "APP_JS": app,
    }
    return re.sub(r"__([A-Z_]+)__", lambda m: values.get(m.group(1), m.group(0)), template)


def resource_template(name: str) -> str:
    from importlib.resources import files

    return files("danvan_kg").joinpath("templates", name).read_text(encoding="utf-8")


def write_html(selection: Selection, path: Path) -> None:
    path.write_text(render_html(selection), encoding="utf-8")
