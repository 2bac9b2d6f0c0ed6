"""The one Store protocol: what danvan asks of any dataset of named graphs.

A store is opened by a factory — ``Store.embedded(path)`` (Oxigraph on disk or in memory,
:mod:`danvan_kg.stores.embedded`) or ``Store.remote(url)`` (a SPARQL 1.1 server,
:mod:`danvan_kg.stores.remote`) — and used the same way whichever it is: nothing outside
this package knows which engine answers. The methods a kind of store must write are
abstract here; what can be said once in SPARQL (``keyed``, ``existing``, ``dump``) is
written once, here.
"""

from __future__ import annotations

import functools
import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from danvan_kg.errors import StoreError
from danvan_kg.faults import crash_point
from danvan_kg.resources import resource_path
from danvan_kg.vocab import DV_IRI, ID_IRI, PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}

# The record kinds (the first segment of a record IRI, dvi:KIND/…) and the ontology
# class whose instances — the class itself and its subclasses — are of that kind.
KIND_OF_TOP_CLASS: dict[str, str] = {
    "Organisation": "org",
    "Person": "person",
    "Initiative": "initiative",
    "Document": "document",
    "Event": "event",
    "Model": "model",
    "Award": "award",
    "Figure": "figure",
    "Source": "source",
}


@functools.cache
def kind_of_class() -> dict[str, str]:
    """Class IRI → record kind, every dv: subclass of a kind's class included, read
    from the packaged ontology (so a new document type needs no change here).

    >>> kind_of_class()[DV_IRI + "Directive"], kind_of_class()[DV_IRI + "Campaign"]
    ('document', 'initiative')
    """
    parents: dict[str, set[str]] = {}
    subclass = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    ontology = resource_path("ontology", "danvan.ttl")
    for quad in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE):
        if quad.predicate == subclass and isinstance(quad.object, ox.NamedNode):
            parents.setdefault(quad.subject.value, set()).add(quad.object.value)

    def kind(iri: str, seen: frozenset[str] = frozenset()) -> str | None:
        if iri.startswith(DV_IRI) and iri[len(DV_IRI) :] in KIND_OF_TOP_CLASS:
            return KIND_OF_TOP_CLASS[iri[len(DV_IRI) :]]
        for parent in sorted(parents.get(iri, ())):
            if parent not in seen and (found := kind(parent, seen | {iri})):
                return found
        return None

    kinds = {DV_IRI + name: found for name, found in KIND_OF_TOP_CLASS.items()}
    for iri in parents:
        if (found := kind(iri)) is not None:
            kinds[iri] = found
    return kinds


@dataclass(frozen=True)
class Table:
    """The answer to a SELECT query: column names and rows of RDF terms (or None)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def values(self) -> list[dict[str, str | None]]:
        """Rows as dictionaries of plain strings (IRIs and literal values)."""
        return [
            {
                column: None if term is None else term.value
                for column, term in zip(self.columns, row, strict=True)
            }
            for row in self.rows
        ]

    def column(self, name: str) -> list[str | None]:
        index = self.columns.index(name)
        return [None if row[index] is None else row[index].value for row in self.rows]


Bindings = Mapping[str, Term] | None


class Store(ABC):
    """A dataset of named graphs that danvan reads and writes.

    Open one with :meth:`embedded` or :meth:`remote`. Reading: :meth:`select`,
    :meth:`ask`, :meth:`construct` (the default graph is the union of the named graphs
    unless ``union=False``), :meth:`quads_for_pattern`, :meth:`describe`, :meth:`quads`,
    :meth:`named_graphs`, ``len()``. Writing: :meth:`extend` (one transaction),
    :meth:`replace_graphs` (whole graphs, one transaction), :meth:`update`, and for a
    build :meth:`bulk_extend` and :meth:`load_nquads` (fast, not transactional).

    >>> with Store.embedded() as store:
    ...     store.extend([ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"),
    ...                           ox.Literal("c"), ox.NamedNode("urn:g"))])
    ...     store.named_graphs(), len(store)
    (['urn:g'], 1)
    """

    path: Path | None = None
    # True only for a store whose data cannot change while it is open (an embedded store
    # opened read-only): what is read from it once holds for good (web/search.py).
    read_only: bool = False

    # ------------------------------------------------------------------ factories

    @staticmethod
    def embedded(path: Path | str | None = None, *, read_only: bool = False) -> Store:
        """An Oxigraph store on disk at ``path`` (created if missing), or in memory.

        >>> len(Store.embedded())
        0
        """
        from danvan_kg.stores.embedded import EmbeddedStore

        return EmbeddedStore.open(path, read_only=read_only)

    @staticmethod
    def remote(
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 30.0,
    ) -> Store:
        """A SPARQL 1.1 server at ``url`` (its query endpoint), used like any store.

        See :class:`danvan_kg.stores.remote.RemoteStore` for how the update and Graph
        Store Protocol endpoints are found and how parameters are bound.
        """
        from danvan_kg.stores.remote import RemoteStore

        return RemoteStore(
            url, update_url=update_url, graph_store_url=graph_store_url, timeout=timeout
        )

    # ------------------------------------------------------------------ reading

    @abstractmethod
    def __len__(self) -> int:
        """The number of quads in the named graphs."""

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad of the named graphs, or of one graph."""
        return self.quads_for_pattern(graph=ox.NamedNode(graph) if graph else None)

    @abstractmethod
    def quads_for_pattern(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The stored quads that match a pattern (None matches anything), named graphs only."""

    @abstractmethod
    def describe(self, subjects: Iterable[ox.NamedNode]) -> list[ox.Quad]:
        """Every stored quad (named graphs) whose subject is one of ``subjects``."""

    @abstractmethod
    def select(self, query: str, bindings: Bindings = None, *, union: bool = True) -> Table:
        """Run a SELECT; ``bindings`` are bound as RDF terms (serialised and checked by
        :func:`danvan_kg.stores.binding.bind_values`), never pasted in as raw text.

        By default the default graph is the union of all named graphs, so a query sees
        every source at once and uses ``GRAPH ?g`` only when it asks who said what.
        """

    @abstractmethod
    def ask(self, query: str, bindings: Bindings = None, *, union: bool = True) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(
        self, query: str, bindings: Bindings = None, *, union: bool = True
    ) -> list[ox.Triple]:
        """Run a CONSTRUCT (or DESCRIBE) query."""

    def existing(self, kind: str, key: str) -> str | None:
        """The IRI of the node of ``kind`` whose record key is ``key`` (a KeyIndex)."""
        return self.keyed(key).get(kind)

    def keyed(self, key: str) -> dict[str, str]:
        """The IRIs of the nodes whose record key is ``key``, by kind (the first IRI in
        order where one kind has several): one query for every kind a key may be.

        The kind is read from the node's ``rdf:type`` (:func:`kind_of_class`), not
        parsed out of its IRI.
        """
        table = self.select(
            "SELECT ?node ?class WHERE { ?node dv:recordKey ?key ; a ?class } ORDER BY ?node",
            {"key": ox.Literal(key)},
        )
        kinds = kind_of_class()
        found: dict[str, str] = {}
        for node, cls in table.rows:
            if isinstance(node, ox.NamedNode) and node.value.startswith(ID_IRI) and cls:
                kind = kinds.get(cls.value)
                if kind is not None:
                    found.setdefault(kind, node.value)
        return found

    def record_keys(self, kinds: Iterable[str]) -> set[str]:
        """The record keys of every node of these ``kinds`` (read from its ``rdf:type``):
        where "did you mean …" looks for a key that names nothing. One query, on the
        error path only."""
        wanted = set(kinds)
        table = self.select(
            "SELECT DISTINCT ?key ?class WHERE { ?node dv:recordKey ?key ; a ?class }"
        )
        class_kinds = kind_of_class()
        return {
            key.value
            for key, cls in table.rows
            if key is not None and cls is not None and class_kinds.get(cls.value) in wanted
        }

    def record_name(self, key: str) -> tuple[str, str] | None:
        """The (vi, en) label of the stored record with key ``key`` (en falls back to
        vi), None when no record has that key or it has no label."""
        table = self.select(
            """SELECT ?vi ?en WHERE {
                 ?node dv:recordKey ?key ; rdfs:label ?vi FILTER(LANG(?vi) = "vi")
                 OPTIONAL { ?node rdfs:label ?en FILTER(LANG(?en) = "en") }
               } ORDER BY ?node ?vi ?en LIMIT 1""",
            {"key": ox.Literal(key)},
        )
        if not table.rows:
            return None
        vi, en = table.rows[0]
        return (vi.value, (en or vi).value) if vi is not None else None

    def document_facts(self, iri: str) -> dict[str, str | None]:
        """What identifies a stored document (the parts its IRI was minted from), read
        from the facts the store holds about it, never from the IRI: ``key``, ``issuer``
        (the issuing organisation's record key), ``issuer_code``, ``type`` (the
        ``doctype:`` concept), ``number``, ``year`` and ``term``; None where unknown."""
        table = self.select(
            """SELECT ?key ?issuer ?issuer_code ?type ?number ?year ?term WHERE {
                 OPTIONAL { ?doc dv:recordKey ?key }
                 OPTIONAL { ?doc dv:issuer/dv:recordKey ?issuer }
                 OPTIONAL { ?doc dv:issuerCode ?issuer_code }
                 OPTIONAL { ?doc dv:documentType ?type }
                 OPTIONAL { ?doc dv:documentNumber ?number }
                 OPTIONAL { ?doc dv:year ?year }
                 OPTIONAL { ?doc dv:term ?term }
               } ORDER BY ?key ?issuer ?year LIMIT 1""",
            {"doc": ox.NamedNode(iri)},
        )
        rows = table.values()
        return rows[0] if rows else dict.fromkeys(table.columns)

    def dump(self, output: IO[bytes], format: str = "nquads", graph: str | None = None) -> None:
        """Write the whole store (every named graph) or one graph, sorted."""
        if format not in DUMP_FORMATS:
            raise StoreError("store.dump-format", format=format, known=", ".join(DUMP_FORMATS))
        rdf_format = DUMP_FORMATS[format]
        quads = sorted(self.quads(graph), key=str)
        ox.serialize(
            quads,
            output,
            rdf_format,
            prefixes=PREFIXES if rdf_format == ox.RdfFormat.TRIG else None,
        )

    # ------------------------------------------------------------------ writing

    @abstractmethod
    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (see each store for what one transaction covers)."""

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add many quads as fast as the store can (a build): not one transaction."""
        self.extend(quads)

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads text as fast as the store can (a build): not one transaction."""
        self.bulk_extend(ox.parse(data, ox.RdfFormat.N_QUADS))

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]]) -> None:
        """Replace each named graph's content, all graphs in one transaction."""

    @abstractmethod
    def update(self, update: str) -> None:
        """Run a SPARQL Update (one transaction)."""

    def flush(self) -> None:  # noqa: B027 (a store with nothing to do keeps it)
        """Make what was written durable (nothing to do by default)."""

    def compact(self) -> None:  # noqa: B027 (a store with nothing to do keeps it)
        """Compact the storage (nothing to do by default)."""

    def close(self) -> None:  # noqa: B027 (a store with nothing to do keeps it)
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def replace_directory(built: Path, target: Path) -> None:
    """Move a freshly built store into place, so readers never see half a build.

    The old store is renamed aside, the new one renamed into place, the old one removed.
    A crash between the two renames leaves only the old store, aside:
    :func:`restore_directory` (run by every open and build) puts it back."""
    backup = _backup_of(target)
    restore_directory(target)
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        target.rename(backup)
    crash_point("between-renames")
    built.rename(target)
    if backup.exists():
        shutil.rmtree(backup)


def restore_directory(target: Path) -> bool:
    """Put back a store that a crashed build moved aside and never replaced; True if so."""
    backup = _backup_of(target)
    if not target.exists() and backup.exists():
        backup.rename(target)
        return True
    return False


def _backup_of(target: Path) -> Path:
    return target.with_name(target.name + ".old")
