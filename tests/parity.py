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


# Answers of read-only stores, by (store, query name): such a store cannot change, so
# its answer is computed once per worker for every client compared with it (the
# session's `graph` against `oxigraph serve`, the web endpoint, SPARQLWrapper, rdflib).
# The key holds the store, so no other store can take its id.
_READ_ONLY_ANSWERS: dict[tuple[Store, str], Table] = {}


def local_answer(name: str, local: Store) -> Table:
    """Catalogue query ``name`` with its defaults on ``local``; remembered when ``local``
    is read-only (its answer cannot change), computed each time otherwise."""
    if not getattr(local, "read_only", False):
        return queries.run(queries.catalogue()[name], local)
    key = (local, name)
    if key not in _READ_ONLY_ANSWERS:
        _READ_ONLY_ANSWERS[key] = queries.run(queries.catalogue()[name], local)
    return _READ_ONLY_ANSWERS[key]


def assert_same_answer(name: str, local: Store, remote: Store) -> None:
    """Catalogue query ``name`` with its defaults: same columns, same rows (in the same
    order where the query orders them)."""
    query = queries.catalogue()[name]
    expected = local_answer(name, local)
    got = queries.run(query, remote)
    ordered = "ORDER BY" in " ".join(query.text.upper().split())
    assert got.columns == expected.columns
    assert canonical_rows(got, ordered) == canonical_rows(expected, ordered), name
