"""Where the graph lives: an embedded Oxigraph store (the default) behind one interface.

``Store.embedded(path)`` opens (or creates) an on-disk store, ``Store.embedded()`` an
in-memory one. Writes are transactional: :meth:`Store.extend` adds quads all at once
and :meth:`Store.replace_graphs` swaps whole named graphs in one SPARQL Update, so a
failure leaves the store as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from danvan_kg.errors import StoreError
from danvan_kg.vocab import ID_IRI, PREFIXES, sparql_prefixes

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


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


class Store:
    """A dataset of named graphs that danvan reads and writes.

    Build one with :meth:`embedded`; everything else is the same for every kind.
    """

    def __init__(self, inner: ox.Store, path: Path | None) -> None:
        self._inner = inner
        self.path = path

    # ------------------------------------------------------------------ factories

    @classmethod
    def embedded(cls, path: Path | str | None = None, *, read_only: bool = False) -> Store:
        """An Oxigraph store on disk at ``path`` (created if missing), or in memory.

        >>> store = Store.embedded()
        >>> len(store)
        0
        """
        if path is None:
            return cls(ox.Store(), None)
        location = Path(path)
        try:
            if read_only:
                if not location.exists():
                    raise StoreError(f"no store at {location} (run 'danvan build' first)")
                return cls(ox.Store.read_only(str(location)), location)
            location.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(location)), location)
        except OSError as error:
            raise StoreError(f"cannot open store at {location}: {error}") from error

    @classmethod
    def remote(
        cls,
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 30.0,
    ) -> Store:
        """A SPARQL 1.1 server at ``url`` (its query endpoint), used like any store.

        See :class:`danvan_kg.remote.RemoteStore` for how the update and Graph Store
        Protocol endpoints are found and how parameters are bound.
        """
        from danvan_kg.remote import RemoteStore

        return RemoteStore(
            url, update_url=update_url, graph_store_url=graph_store_url, timeout=timeout
        )

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._inner)

    @property
    def engine(self) -> ox.Store:
        """The Oxigraph store itself, for what this interface does not cover."""
        return self._inner

    def named_graphs(self) -> list[str]:
        return sorted(
            graph.value for graph in self._inner.named_graphs() if isinstance(graph, ox.NamedNode)
        )

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        graph_node = ox.NamedNode(graph) if graph else None
        return iter(self._inner.quads_for_pattern(None, None, None, graph_node))

    def quads_for_pattern(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,  # noqa: A002 (the RDF word)
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The stored quads that match a pattern (None matches anything), named graphs only."""
        for quad in self._inner.quads_for_pattern(subject, predicate, object, graph):
            if isinstance(quad.graph_name, ox.NamedNode):
                yield quad

    def describe(self, subjects: Iterable[ox.NamedNode]) -> list[ox.Quad]:
        """Every stored quad whose subject is one of ``subjects`` (a remote store asks for
        them all in one request)."""
        found: list[ox.Quad] = []
        for subject in dict.fromkeys(subjects):
            found.extend(self.quads_for_pattern(subject))
        return found

    def _run(self, query: str, bindings: Mapping[str, Term] | None, union: bool) -> Any:
        # Bound as terms written into the query by the same binder as the remote path
        # (serialised RDF terms, checked; never raw text): Oxigraph's own `substitutions`
        # are not used by its optimiser, so a parameter that anchors the query was applied
        # only at the end (upstream-chain at 5M: 8 s with substitutions, 3 ms bound).
        from danvan_kg.remote import bind_values  # remote imports this module

        try:
            return self._inner.query(
                bind_values(query, bindings) if bindings else query,
                use_default_graph_as_union=union,
                prefixes=PREFIXES,
            )
        except SyntaxError as error:
            raise StoreError(f"SPARQL syntax error: {error}") from error
        except OSError as error:
            raise StoreError(f"cannot read the store: {error}") from error
        except RuntimeError as error:
            # Oxigraph substitutes only variables the SELECT projects.
            raise StoreError(f"SPARQL query failed: {error}") from error

    def select(
        self, query: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True
    ) -> Table:
        """Run a SELECT; ``bindings`` are bound as RDF terms (serialised and checked by
        :func:`danvan_kg.remote.bind_values`), never pasted in as raw text.

        By default the default graph is the union of all named graphs, so a query sees
        every source at once and uses ``GRAPH ?g`` only when it asks who said what.
        """
        solutions = self._run(query, bindings, union)
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError("expected a SELECT query")
        columns = tuple(variable.value for variable in solutions.variables)
        # A solution iterates over its values in the order of the variables (None unbound).
        rows = tuple(tuple(solution) for solution in solutions)
        return Table(columns, rows)

    def ask(
        self, query: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True
    ) -> bool:
        return bool(self._run(query, bindings, union))

    def construct(
        self, query: str, bindings: Mapping[str, Term] | None = None, *, union: bool = True
    ) -> list[ox.Triple]:
        return list(self._run(query, bindings, union))

    def existing(self, kind: str, key: str) -> str | None:
        """The IRI of the node of ``kind`` whose record key is ``key`` (a KeyIndex)."""
        return self.keyed(key).get(kind)

    def keyed(self, key: str) -> dict[str, str]:
        """The IRIs of the nodes whose record key is ``key``, by kind (the first IRI in
        order where one kind has several): one query for every kind a key may be."""
        table = self.select(
            "SELECT ?node ?key WHERE { ?node dv:recordKey ?key } ORDER BY ?node",
            {"key": ox.Literal(key)},
        )
        found: dict[str, str] = {}
        for node, _ in table.rows:
            if isinstance(node, ox.NamedNode) and node.value.startswith(ID_IRI):
                found.setdefault(node.value[len(ID_IRI) :].split("/", 1)[0], node.value)
        return found

    def dump(self, output: IO[bytes], format: str = "nquads", graph: str | None = None) -> None:
        """Write the whole store (every named graph) or one graph."""
        if format not in DUMP_FORMATS:
            raise StoreError(f"unknown dump format {format!r} (known: {', '.join(DUMP_FORMATS)})")
        rdf_format = DUMP_FORMATS[format]
        quads = sorted(self.quads(graph), key=str)
        ox.serialize(
            quads,
            output,
            rdf_format,
            prefixes=PREFIXES if rdf_format == ox.RdfFormat.TRIG else None,
        )

    # ------------------------------------------------------------------ writing

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction: all of them or, on error, none."""
        try:
            self._inner.extend(quads)
        except OSError as error:
            raise StoreError(f"cannot write the store: {error}") from error

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]]) -> None:
        """Replace each named graph's content, all graphs in one transaction."""
        parts = []
        for graph, quads in graphs.items():
            node = ox.NamedNode(graph)
            parts.append(f"DROP SILENT GRAPH {node} ;")
            body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            if body:
                parts.append(f"INSERT DATA {{ GRAPH {node} {{ {body} }} }} ;")
        if not parts:
            return
        update = sparql_prefixes() + "\n".join(parts).rstrip(";")
        try:
            self._inner.update(update)
        except (OSError, SyntaxError) as error:
            raise StoreError(f"cannot write the store: {error}") from error

    def update(self, update: str) -> None:
        """Run a SPARQL Update (one transaction)."""
        try:
            self._inner.update(update, prefixes=PREFIXES)
        except (OSError, SyntaxError) as error:
            raise StoreError(f"SPARQL update failed: {error}") from error

    def flush(self) -> None:
        # A read-only store has nothing to flush and refuses to.
        with suppress(AttributeError, OSError, RuntimeError):
            self._inner.flush()

    def compact(self) -> None:
        """Compact an on-disk store (RocksDB's full compaction; nothing in memory).

        A freshly bulk-loaded store keeps its data in many overlapping files, and every
        lookup reads several of them: compacted, the lineage and coverage queries at 5M
        quads run two to three times faster (docs/benchmarks.md, "Compaction"). It takes
        a few seconds per million quads, so the build does it once, at the end.
        """
        if self.path is not None:
            self._inner.optimize()

    def close(self) -> None:
        """Release the store (Oxigraph closes it when the last reference goes)."""
        self.flush()
        self._inner = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def replace_directory(built: Path, target: Path) -> None:
    """Move a freshly built store into place, so readers never see half a build."""
    backup = target.with_name(target.name + ".old")
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        target.rename(backup)
    built.rename(target)
    if backup.exists():
        shutil.rmtree(backup)
