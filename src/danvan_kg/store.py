"""TRANSITIONAL shim (issue 11): the stores live in :mod:`danvan_kg.stores`.

Kept so modules not yet moved keep importing ``from danvan_kg.store import …``; the
imports are rewritten and this file removed when the branches are merged.
"""

from danvan_kg.stores.base import DUMP_FORMATS, Store, Table, Term, replace_directory
from danvan_kg.stores.embedded import EmbeddedStore

__all__ = ["DUMP_FORMATS", "EmbeddedStore", "Store", "Table", "Term", "replace_directory"]
