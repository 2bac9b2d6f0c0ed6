"""Benchmark the export on a graph of at least a million triples.

The graph is the shipped one (gazetteer + ontology + records) with every source graph
copied N times under numbered keys; each copy of a document also carries out the
original Chỉ thị 19-CT/TU, so its lineage is large. Measures selection, the networkx
conversion and each export for (a) the lineage of that directive and (b) a 5,000-node
neighbourhood, plus the HTML file sizes; writes the "## Export" section of
docs/benchmarks.md.

    python bench/bench_export.py [--copies 650]
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from danvan_kg import export as ex
from danvan_kg.build import build
from danvan_kg.closure import materialise
from danvan_kg.vocab import DV, GRAPH_IRI, ID_IRI

ROOT = ID_IRI + "document/tinh-uy-ha-nam/ct-19-2013"
HTML_CHOICE = """\
HTML library (measured once by hand, 5,000 gazetteer nodes, headless Chromium, no GPU):
vis-network (shipped inside the pyvis wheel) with in-browser physics took 12.3 s to a still
picture and a poor layout, 13.6 fps while zooming; with positions computed by Graphviz sfdp
in Python and physics off, 2.6 s and 14.0 fps, so graphs over 1,500 nodes are laid out
with sfdp (physics in the browser where Graphviz is missing). ipysigma (sigma.js, WebGL) was
not usable: its HTML export (ipywidgets `embed_minimal_html`) loads the widget manager from
a CDN, so the page does not work offline. pyvis's own template also links Bootstrap from a
CDN, so danvan uses its own template and inlines pyvis's `vis-network.min.js`.
"""
DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def synthetic(copies: int) -> ex.Store:
    store, _ = build(None)
    sources = [g for g in store.named_graphs() if g.startswith(GRAPH_IRI + "source/")]
    template = [q for g in sources for q in store.quads(g)]

    def rename(
        term: ox.NamedNode | ox.Literal | ox.BlankNode, i: int
    ) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        if (
            isinstance(term, ox.NamedNode)
            and term.value.startswith(ID_IRI)
            and "/unit/" not in term.value
        ):
            return ox.NamedNode(f"{term.value}-c{i}")
        return term

    batch = []
    for i in range(copies):
        for q in template:
            batch.append(
                ox.Quad(
                    rename(q.subject, i),
                    q.predicate,
                    rename(q.object, i),
                    ox.NamedNode(f"{q.graph_name.value}-c{i}"),
                )
            )
        batch.append(
            ox.Quad(
                ox.NamedNode(f"{ROOT}-c{i}"),
                DV.carriesOut,
                ox.NamedNode(ROOT),
                ox.NamedNode(f"{GRAPH_IRI}source/thanh-liem-2023-c{i}"),
            )
        )
    store.bulk_extend(batch)
    materialise(store)
    return store


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=650)
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave docs/benchmarks.md"
    )
    args = parser.parse_args()
    store, seconds = timed(synthetic, args.copies)
    size = len(store)
    print(f"graph: {size:,} quads ({args.copies} copies) built in {seconds:.1f} s", file=sys.stderr)
    rows = []
    sizes = []
    out = Path(tempfile.mkdtemp(prefix="bench-export-"))
    drawings = ("graphml", "gexf", "cyjs", "ttl", "nq", "html", "svg")
    cases = [
        ("lineage of 19-CT/TU", lambda: ex.select_lineage(store, ROOT), drawings),
        (
            "5,000-node neighbourhood",
            lambda: ex.select_around(store, ROOT, 4, max_nodes=5000),
            drawings,
        ),
        # The whole graph: file formats only (a drawing of a million triples is no picture).
        ("whole graph", lambda: ex.select_all(store), ("graphml", "gexf", "cyjs", "ttl", "nq")),
    ]
    for name, select, formats in cases:
        selection, select_s = timed(select)
        graph, nx_s = timed(ex.to_networkx, selection)
        row = [
            name,
            f"{graph.number_of_nodes():,}",
            f"{graph.number_of_edges():,}",
            f"{len(selection):,}",
            f"{select_s:.2f}",
            f"{nx_s:.2f}",
        ]
        for fmt in drawings:
            if fmt not in formats:
                row.append("—")
                continue
            try:
                path, write_s = timed(ex.export, selection, fmt, out / f"{len(rows)}.{fmt}")
                row.append(f"{write_s:.2f}")
                if fmt == "html":
                    sizes.append((name, path.stat().st_size))
            except ex.ExportError as error:
                row.append("n/a")
                print(f"{fmt}: {error}", file=sys.stderr)
        rows.append(row)
        print(" | ".join(row), file=sys.stderr)
    header = (
        "| selection | nodes | edges | quads | select s | networkx s | GraphML s | GEXF s "
        "| Cytoscape s "
        "| Turtle s | N-Quads s | HTML s | SVG s |"
    )
    lines = [
        "## Export",
        "",
        f"`python bench/bench_export.py --copies {args.copies}` on a synthetic graph of "
        f"{size:,} quads (the "
        f"shipped graph with every source graph copied {args.copies} times; "
        "each copy's Chỉ thị 19-CT/TU "
        f"carries out the original). {platform.machine()}, "
        f"Python {platform.python_version()}, 2 cores.",
        "",
        header,
        "|" + "---|" * (header.count("|") - 1),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        "HTML file sizes (vis-network, 470 kB, inlined): "
        + "; ".join(f"{name}: {size / 1e6:.1f} MB" for name, size in sizes)
        + ".",
        "",
        HTML_CHOICE,
    ]
    section = "\n".join(lines)
    print(section)
    if args.no_write:
        return
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n\n"
    if "## Export" in text:
        text = re.sub(
            r"## Export\n.*?(?=\n##+ |\Z)", section.rstrip("\n") + "\n", text, count=1, flags=re.S
        )
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
