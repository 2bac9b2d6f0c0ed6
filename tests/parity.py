"""What the parity tests share: the same catalogue query on two stores must give the
same answer (test_remote: an `oxigraph serve` endpoint; test_virtuoso: Virtuoso)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from danvan_kg import queries
from danvan_kg.errors import QueryError
from danvan_kg.stores import Store, Table


def canonical_rows(table: Table, ordered: bool) -> list[tuple[str, ...]] | Counter[tuple[str, ...]]:
    """Rows as comparable tuples: blank nodes made anonymous, order kept only if asked."""
    rows = [
        tuple(
            "_:" if isinstance(term, ox.BlankNode) else ("" if term is None else str(term))
            for term in row
        )
        for row in table.rows
    ]
    return rows if ordered else Counter(rows)


def catalogue_names() -> list[str]:
    """The catalogue's query names now; one failing placeholder if it cannot be read."""
    try:
        return sorted(queries.catalogue())
    except QueryError:
        return ["(catalogue unreadable)"]


def assert_same_answer(
    name: str, local: Store, remote: Store, expected: Table | None = None
) -> None:
    """Catalogue query ``name`` with its defaults: same columns, same rows (in the same
    order where the query orders them). ``expected``: ``local``'s answer when the caller
    has it already (computed once for several clients of one read-only store)."""
    query = queries.catalogue()[name]
    if expected is None:
        expected = queries.run(query, local)
    got = queries.run(query, remote)
    ordered = "ORDER BY" in " ".join(query.text.upper().split())
    assert got.columns == expected.columns
    assert canonical_rows(got, ordered) == canonical_rows(expected, ordered), name
