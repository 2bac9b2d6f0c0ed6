"""The deterministic demo that ``make demo`` runs: build, statistics, sample questions.

Tests use the same builder (:func:`danvan_kg.build.build`), so what the demo shows is
what the tests check.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from danvan_kg.build import build
from danvan_kg.queries import format_table, get_query, graph_statistics, run

# (catalogue query, parameters, what it asks) — answered on the shipped graph.
SAMPLE_QUESTIONS: tuple[tuple[str, dict[str, str], str], ...] = (
    (
        "reviews-of-directive",
        {"directive": "ct-19-tu-ha-nam-2013"},
        "Which conferences reviewed Chỉ thị 19-CT/TU of Hà Nam (or anything carrying it out)?",
    ),
    ("figures", {}, "What figures did the sources report (registered vs recognised models)?"),
    ("units-2025", {}, "Which 2025 province does each district in the graph belong to now?"),
    ("officials-at-conferences", {}, "Who chaired or attended which conference, in which post?"),
)


def run_demo(
    store_path: Path,
    *,
    echo: Callable[[str], None] = print,
    progress: Callable[[str], None] | None = None,
) -> None:
    store, report = build(store_path, progress=progress)
    echo(
        f"Built {report.quads:,} quads in {len(report.graphs)} named graphs at {store_path} "
        f"in {report.seconds:.1f} s.\n"
    )
    classes, graphs = graph_statistics(store)
    echo("Things per class:")
    echo(format_table(classes))
    echo("Statements per named graph:")
    echo(format_table(graphs))
    for name, params, question in SAMPLE_QUESTIONS:
        echo(f"Q: {question}")
        shown = " ".join(f"--param {key}={value}" for key, value in params.items())
        echo(f"   danvan query run {name} {shown}".rstrip())
        echo(format_table(run(get_query(name), store, params)))
