"""Where the graph lives: one Store protocol, an embedded and a remote implementation.

- :mod:`~danvan_kg.stores.base` — the protocol (:class:`Store`, :class:`Table`,
  ``Term``) and its factories ``Store.embedded(path)`` / ``Store.remote(url)``;
- :mod:`~danvan_kg.stores.embedded` — Oxigraph in this process;
- :mod:`~danvan_kg.stores.remote` — a SPARQL 1.1 server (the logic);
- :mod:`~danvan_kg.stores.http` — the HTTP requests, errors and timeouts;
- :mod:`~danvan_kg.stores.binding` — parameters bound into query text as checked terms;
- :mod:`~danvan_kg.stores.push` — ``danvan push``.

docs/stores.md describes what each store guarantees when it writes.
"""

from danvan_kg.stores.base import (
    DUMP_FORMATS,
    KIND_OF_TOP_CLASS,
    Store,
    Table,
    Term,
    kind_of_class,
    replace_directory,
    restore_directory,
)
from danvan_kg.stores.binding import bind_values, inject_values, where_position, with_prefixes
from danvan_kg.stores.embedded import EmbeddedStore
from danvan_kg.stores.http import Connector, GraphStoreUnsupportedError
from danvan_kg.stores.push import PUSH_METHODS, PushReport, push
from danvan_kg.stores.remote import RemoteStore

__all__ = [
    "DUMP_FORMATS",
    "KIND_OF_TOP_CLASS",
    "PUSH_METHODS",
    "Connector",
    "EmbeddedStore",
    "GraphStoreUnsupportedError",
    "PushReport",
    "RemoteStore",
    "Store",
    "Table",
    "Term",
    "bind_values",
    "inject_values",
    "kind_of_class",
    "push",
    "replace_directory",
    "restore_directory",
    "where_position",
    "with_prefixes",
]
