"""danvan-kg: a knowledge graph of Vietnamese Party directives and dân vận work.

The front door for a notebook: everything below is reachable as ``danvan_kg.NAME``, and
each name is the same function the command line calls (``danvan build``, ``danvan
query run`` …). Modules are imported on first use, so ``import danvan_kg`` is instant.

>>> import danvan_kg
>>> store, report = danvan_kg.build_graph()     # the shipped records, in memory
>>> report.quads > 1000
True
>>> table = danvan_kg.query(store, "reviews-of-directive", directive="19-CT/TU")
>>> "2023-11-29-thanh-liem-tong-ket-ct19" in table.column("event_key")
True
>>> [hit.key for hit in danvan_kg.find(store, "THUỲ", kind="person")]
['dang-thi-thuy-vinh', 'le-thi-thuy']
>>> tree = danvan_kg.lineage(store, "ct-05-tw-2016")
>>> print(tree.render("en").splitlines()[0])
Chỉ thị 05-CT/TW (ct-05-tw-2016) — Bộ Chính trị · Central · 2016-05-15
>>> covered = danvan_kg.coverage(store, "19-CT/TU", period="2013-2023")
>>> covered.totals.covered, covered.totals.total
(1, 6)
>>> part = danvan_kg.select_lineage(store, "ct-19-tu-ha-nam-2013")
>>> sorted(data["class"] for _, data in danvan_kg.to_networkx(part).nodes(data=True))
['dv:Award', 'dv:Directive', 'dv:Event', 'dv:Organisation', 'dv:Review']

Names (see ``__all__``): opening and filling a store (:func:`open_store`,
``build_graph``, ``validate_files``, ``add_files``), asking it (:func:`query`,
``format_table``, ``find``, ``resolve``, ``lineage``, ``coverage``) and exporting a part of it
(``select_*``, ``to_networkx``, ``export_selection``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Name → "module:attribute", imported on first use (PEP 562).
_LAZY: dict[str, str] = {
    "Store": "danvan_kg.stores:Store",
    "Table": "danvan_kg.stores:Table",
    "DanvanError": "danvan_kg.errors:DanvanError",
    "build_graph": "danvan_kg.build:build",
    "validate_files": "danvan_kg.validate:validate_files",
    "add_files": "danvan_kg.validate:add_files",
    "format_table": "danvan_kg.queries:format_table",
    "get_query": "danvan_kg.queries:get_query",
    "find": "danvan_kg.search:find",
    "resolve": "danvan_kg.lookup:resolve",
    "parse_period": "danvan_kg.lookup:parse_period",
    "lineage": "danvan_kg.views:lineage",
    "coverage": "danvan_kg.views:coverage",
    "select_all": "danvan_kg.export:select_all",
    "select_graph": "danvan_kg.export:select_graph",
    "select_lineage": "danvan_kg.export:select_lineage",
    "select_around": "danvan_kg.export:select_around",
    "select_construct": "danvan_kg.export:select_construct",
    "to_networkx": "danvan_kg.export:to_networkx",
    "export_selection": "danvan_kg.export:export",
}

__all__ = ["__version__", "open_store", "query", *_LAZY]

if TYPE_CHECKING:
    from pathlib import Path

    from danvan_kg.stores import Store, Table


def open_store(
    path: Path | str | None = None, *, endpoint: str | None = None, read_only: bool = False
) -> Store:
    """The store at ``path`` (a folder, created if missing), in memory when ``path`` is
    None, or the SPARQL server at ``endpoint``.

    >>> store = open_store()
    >>> len(store), store.named_graphs()
    (0, [])
    """
    from danvan_kg.stores import Store

    if endpoint:
        return Store.remote(endpoint)
    return Store.embedded(path, read_only=read_only)


def query(store: Store, name: str, /, **params: Any) -> Table:
    """Run the catalogue query ``name`` (or a ``.rq`` file) with its parameters bound as
    RDF terms (a key, identifier or IRI for a document, a year …), defaults filled in.

    >>> store = open_store()
    >>> query(store, "figures").rows
    ()
    """
    from danvan_kg.queries import get_query, run

    return run(get_query(name), store, {key: str(value) for key, value in params.items()})


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'danvan_kg' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # the next access does not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
