"""Rows of the named queries the views are built from, as plain dictionaries."""

from __future__ import annotations

from typing import Any

from danvan_kg.queries import get_query, run
from danvan_kg.stores import Store


def query_rows(store: Store, name: str, **values: str) -> list[dict[str, Any]]:
    """The rows of the catalogue query ``name`` with ``values`` bound."""
    return run(get_query(name), store, values).values()


def to_int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def split(value: str | None) -> list[str]:
    return [part for part in (value or "").split("; ") if part]
