"""``danvan push``: copy every named graph of a store to a SPARQL 1.1 server.

By the Graph Store Protocol (one ``PUT`` per graph) or, where the server lacks it, by
SPARQL Update (``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks). Each graph is
replaced on its own: docs/stores.md says what that means when a request fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from danvan_kg.errors import EndpointError
from danvan_kg.stores.base import Store
from danvan_kg.stores.http import GraphStoreUnsupportedError
from danvan_kg.stores.remote import RemoteStore

Progress = Callable[[str], None]


@dataclass
class PushReport:
    """What :func:`push` sent: quads per named graph, and how."""

    endpoint: str
    method: str = ""
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def quads(self) -> int:
        return sum(self.graphs.values())


PUSH_METHODS = ("auto", "gsp", "update")


def push(
    source: Store, target: RemoteStore, *, method: str = "auto", progress: Progress | None = None
) -> PushReport:
    """Copy every named graph of ``source`` to the server, replacing those graphs there.

    ``method``: ``gsp`` (one Graph Store Protocol ``PUT`` per graph), ``update``
    (``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks), or ``auto``: the Graph Store
    Protocol where the server has it, SPARQL Update where it does not.
    """
    if method not in PUSH_METHODS:
        raise EndpointError("push.unknown-method", method=method, known=", ".join(PUSH_METHODS))
    say = progress or (lambda _message: None)
    report = PushReport(target.url)
    use = (
        "update"
        if method == "update" or (method == "auto" and not target.graph_store_url)
        else "gsp"
    )
    for graph in source.named_graphs():
        quads = list(source.quads(graph))
        if use == "gsp":
            try:
                target.put_graph(graph, quads)
            except GraphStoreUnsupportedError:
                if method == "gsp":
                    raise
                say(f"{target.graph_store_url} has no Graph Store Protocol; using SPARQL Update")
                use = "update"
        if use == "update":
            target.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
            target.extend(quads)
        report.graphs[graph] = len(quads)
        say(f"pushed {len(quads):,} quads to {graph}")
    report.method = use
    return report
