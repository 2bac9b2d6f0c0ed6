"""Drawings through Graphviz: DOT text, SVG and PNG (``dot`` for a lineage or a small
graph, ``sfdp`` for a large one), and node positions for the large HTML pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from danvan_kg.export.network import _expand, class_style, to_networkx
from danvan_kg.export.selection import ExportError, Selection, _clip


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
        raise ExportError("export.graphviz-missing", engine=engine)
    result = subprocess.run(
        [program, f"-T{output_format}", *canvas_limits(output_format), "-o", str(path)],
        input=text.encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip()[:300]
        raise ExportError("export.graphviz-failed", engine=engine, detail=detail)


# The long side of a drawing at most (pixels of a PNG; an SVG at 96 px per inch): a
# 5,000-node graph was a 22,000 px, 108 MB PNG. Graphviz scales a larger drawing down.
MAX_CANVAS_PX = 4000
PNG_DPI = 96


def canvas_limits(output_format: str) -> list[str]:
    """Graphviz options that cap the drawing at :data:`MAX_CANVAS_PX` on its long side
    (``size`` in inches, without ``!``: a small drawing is not blown up)."""
    inches = MAX_CANVAS_PX / PNG_DPI
    size = f"-Gsize={inches:.2f},{inches:.2f}"
    return [size, f"-Gdpi={PNG_DPI}"] if output_format == "png" else [size]


def write_svg(selection: Selection, path: Path) -> None:
    _render(selection, path, "svg")


def write_png(selection: Selection, path: Path) -> None:
    _render(selection, path, "png")


def graphviz_positions(selection: Selection, graph: Any) -> dict[str, tuple[float, float]]:
    """Node positions from Graphviz ``sfdp`` (empty where Graphviz is missing)."""
    return sfdp_positions(list(graph.nodes), list(graph.edges()))


def sfdp_positions(
    nodes: list[str], edges: list[tuple[str, str]]
) -> dict[str, tuple[float, float]]:
    """Positions of ``nodes`` from Graphviz ``sfdp`` with its overlap removal (``prism``),
    in points of 1/60 inch; empty where Graphviz is missing or fails, so the page lays
    the graph out itself."""
    program = shutil.which("sfdp")
    if program is None:
        return {}
    names = {node: f"n{i}" for i, node in enumerate(nodes)}
    lines = ["digraph { node [shape=point]; overlap=prism;"]
    lines += [f"  {name};" for name in names.values()]
    lines += [f"  {names[s]} -> {names[t]};" for s, t in edges if s in names and t in names]
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
