"""The lineage closure: every document with every node it rests on through a chain of
lineage relations, kept as ``dv:derivesFrom`` quads in the inferred graph (dvg:inferred).

A build writes it once its records are loaded; an add recomputes it after writing
(danvan_kg.validate), so that lineage and coverage queries read one edge where a path
query over the whole store would be needed.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from danvan_kg.queries import system_query
from danvan_kg.stores import Store, Term
from danvan_kg.vocab import DV, INFERRED_GRAPH


def lineage_closure(store: Store) -> list[ox.Quad]:
    """The inferred graph: every document with every node it rests on through a chain
    of lineage relations, as ``dv:derivesFrom`` quads.

    The direct edges (a few per document) come from the store; following them here is
    much cheaper than a path query over the whole store, and gives the same pairs as
    ``queries/system/materialise-lineage.rq``.
    """
    table = store.select(system_query("lineage-edges").text)
    following: dict[Term, set[Term]] = {}
    documents: set[Term] = set()
    for node, following_node, is_document in table.rows:
        following.setdefault(node, set()).add(following_node)
        if is_document is not None and is_document.value == "true":
            documents.add(node)
    return [
        ox.Quad(document, DV.derivesFrom, ancestor, INFERRED_GRAPH)
        for document in sorted(documents, key=str)
        for ancestor in sorted(_reachable(document, following), key=str)
    ]


def _reachable(start: Term, following: Mapping[Term, set[Term]]) -> set[Term]:
    """Nodes reached from ``start`` by one edge or more, ``start`` itself excepted."""
    reached: set[Term] = set()
    stack = list(following.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in reached:
            reached.add(node)
            stack.extend(following.get(node, ()))
    reached.discard(start)
    return reached


def materialise(store: Store) -> None:
    """Recompute the inferred graph (lineage closure) from everything else.

    The closure is read over the union of all graphs and written back in one
    transaction.
    """
    store.replace_graphs({INFERRED_GRAPH.value: lineage_closure(store)})
