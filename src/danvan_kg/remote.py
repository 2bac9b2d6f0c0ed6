"""TRANSITIONAL shim (issue 11): the remote store lives in :mod:`danvan_kg.stores`.

Kept so modules not yet moved keep importing ``from danvan_kg.remote import …``; the
imports are rewritten and this file removed when the branches are merged.
"""

from danvan_kg.stores.binding import bind_values, inject_values, where_position, with_prefixes
from danvan_kg.stores.http import DEFAULT_TIMEOUT, USER_AGENT, GraphStoreUnsupportedError
from danvan_kg.stores.push import PUSH_METHODS, PushReport, push
from danvan_kg.stores.remote import (
    RDF_MEDIA_TYPES,
    UPDATE_CHUNK,
    RemoteStore,
    insert_data,
    table_from_json,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "PUSH_METHODS",
    "RDF_MEDIA_TYPES",
    "UPDATE_CHUNK",
    "USER_AGENT",
    "GraphStoreUnsupportedError",
    "PushReport",
    "RemoteStore",
    "bind_values",
    "inject_values",
    "insert_data",
    "push",
    "table_from_json",
    "where_position",
    "with_prefixes",
]
