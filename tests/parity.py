"""What the parity tests share: the same catalogue query on two stores must give the
same answer (test_remote: an `oxigraph serve` endpoint; test_virtuoso: Virtuoso)."""

from __future__ import annotations

from danvan_kg import queries
from danvan_kg.errors import QueryError
from danvan_kg.remote import canonical_rows
from danvan_kg.store import Store


def catalogue_names() -> list[str]:
    """The catalogue's query names now; one failing placeholder if it cannot be read."""
    try:
        return sorted(queries.catalogue())
    except QueryError:
        return ["(catalogue unreadable)"]


def assert_same_answer(name: str, local: Store, remote: Store) -> None:
    """Catalogue query ``name`` with its defaults: same columns, same rows (in the same
    order where the query orders them)."""
    query = queries.catalogue()[name]
    expected = queries.run(query, local)
    got = queries.run(query, remote)
    ordered = "ORDER BY" in " ".join(query.text.upper().split())
    assert got.columns == expected.columns
    assert canonical_rows(got, ordered) == canonical_rows(expected, ordered), name
