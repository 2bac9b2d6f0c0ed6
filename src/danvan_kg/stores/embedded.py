"""The embedded store: Oxigraph in this process, on disk (RocksDB) or in memory.

Writes are transactional: :meth:`EmbeddedStore.extend` adds quads all at once and
:meth:`EmbeddedStore.replace_graphs` swaps whole named graphs in one SPARQL Update, so a
failure leaves the store as it was. A build loads with :meth:`~EmbeddedStore.bulk_extend`
and :meth:`~EmbeddedStore.load_nquads` (Oxigraph's bulk loader: fast, not transactional;
the build writes into a staging folder, so a failed build leaves the old store).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from danvan_kg.errors import StoreError
from danvan_kg.stores.base import (
    DUMP_FORMATS,
    Bindings,
    Store,
    Table,
    Term,
    restore_directory,
)
from danvan_kg.stores.binding import bind_values
from danvan_kg.vocab import PREFIXES, sparql_prefixes


class EmbeddedStore(Store):
    """An Oxigraph store in this process (open it with :meth:`Store.embedded`)."""

    def __init__(self, inner: ox.Store, path: Path | None, *, read_only: bool = False) -> None:
        self._inner = inner
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path | str | None = None, *, read_only: bool = False) -> EmbeddedStore:
        """See :meth:`Store.embedded`."""
        if path is None:
            return cls(ox.Store(), None)
        location = Path(path)
        restore_directory(location)  # a build killed between its renames
        try:
            if read_only:
                if not location.exists():
                    raise StoreError("store.missing", location=str(location))
                return cls(ox.Store.read_only(str(location)), location, read_only=True)
            location.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(location)), location)
        except OSError as error:
            raise StoreError("store.cannot-open", location=str(location), detail=error) from error

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path) if self.path else 'memory'})"

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._inner)

    @property
    def engine(self) -> ox.Store:
        """The Oxigraph store itself, for the benchmark alone: it times the engine without
        danvan beside danvan (bench/run.py). Nothing in the package uses it
        (tests/test_stores.py checks that)."""
        return self._inner

    def named_graphs(self) -> list[str]:
        return sorted(
            graph.value for graph in self._inner.named_graphs() if isinstance(graph, ox.NamedNode)
        )

    def quads_for_pattern(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        object: Term | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The stored quads that match a pattern (None matches anything), named graphs only."""
        found = self._inner.quads_for_pattern(subject, predicate, object, graph)
        if graph is not None:
            # Every quad found is in that named graph: nothing to filter out.
            yield from found
            return
        # Oxigraph has no "every named graph" pattern, so the default graph's quads
        # (which danvan never writes, but a store may hold) are left out here.
        for quad in found:
            if isinstance(quad.graph_name, ox.NamedNode):
                yield quad

    def describe(self, subjects: Iterable[ox.NamedNode]) -> list[ox.Quad]:
        """Every stored quad whose subject is one of ``subjects`` (index lookups)."""
        found: list[ox.Quad] = []
        for subject in dict.fromkeys(subjects):
            found.extend(self.quads_for_pattern(subject))
        return found

    def _run(self, query: str, bindings: Bindings, union: bool) -> Any:
        # Parameters are written into the query as checked terms (stores/binding.py
        # says why Oxigraph's own `substitutions` are not used).
        try:
            return self._inner.query(
                bind_values(query, bindings) if bindings else query,
                use_default_graph_as_union=union,
                prefixes=PREFIXES,
            )
        except SyntaxError as error:
            raise StoreError("store.query-syntax", detail=error) from error
        except OSError as error:
            raise StoreError("store.cannot-read", detail=error) from error
        except RuntimeError as error:
            raise StoreError("store.query-failed", detail=error) from error

    def select(self, query: str, bindings: Bindings = None, *, union: bool = True) -> Table:
        solutions = self._run(query, bindings, union)
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError("store.not-select")
        columns = tuple(variable.value for variable in solutions.variables)
        # A solution iterates over its values in the order of the variables (None unbound).
        rows = tuple(tuple(solution) for solution in solutions)
        return Table(columns, rows)

    def select_tsv(self, query: str, bindings: Bindings = None, *, union: bool = True) -> str:
        """A SELECT's results as SPARQL TSV text, written by Oxigraph: no Python term is
        made for a value (SearchIndex reads 57,000 names so, a third of the time of
        reading them as terms). Tabs and newlines in literals are escaped in TSV, so a
        row is a line and a value a cell."""
        solutions = self._run(query, bindings, union)
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError("store.not-select")
        return solutions.serialize(format=ox.QueryResultsFormat.TSV).decode()

    def ask(self, query: str, bindings: Bindings = None, *, union: bool = True) -> bool:
        answer = self._run(query, bindings, union)
        if not isinstance(answer, ox.QueryBoolean):
            raise StoreError("store.not-ask")
        return bool(answer)

    def construct(
        self, query: str, bindings: Bindings = None, *, union: bool = True
    ) -> list[ox.Triple]:
        answer = self._run(query, bindings, union)
        if not isinstance(answer, ox.QueryTriples):
            raise StoreError("store.not-construct")
        return list(answer)

    def dump(self, output: IO[bytes], format: str = "nquads", graph: str | None = None) -> None:
        """As :meth:`Store.dump`, the same bytes: the quads are serialised in N-Quads by
        Oxigraph (the whole store by its own dump, one graph from its index) and the lines
        sorted as bytes, a fifth to a half less time than sorting quads by ``str`` (on
        disk, reading RocksDB is most of the cost either way); TriG is written from those
        sorted lines (as fast as the sort by ``str``, no faster).

        Why the bytes are the same: a quad's N-Quads line is its ``str`` and `` .``, one
        line per quad (newlines in literals are escaped); no quad's text is a prefix of
        another's (it ends with its graph's IRI), so the suffix never decides an order;
        and UTF-8 bytes sort as the code points do. Parsing the sorted lines gives the
        quads in ``Store.dump``'s order, blank node labels kept, for the TriG writer.
        A store with quads in its default graph (never written by danvan) is dumped by
        ``Store.dump``, which leaves them out.
        """
        if format not in DUMP_FORMATS:
            super().dump(output, format, graph)  # the error for an unknown format
            return
        if graph is not None:
            data = ox.serialize(
                self._inner.quads_for_pattern(None, None, None, ox.NamedNode(graph)),
                None,
                ox.RdfFormat.N_QUADS,
            )
        else:
            default_graph = self._inner.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if next(default_graph, None) is not None:
                super().dump(output, format, graph)
                return
            data = self._inner.dump(format=ox.RdfFormat.N_QUADS)
        lines = data.splitlines(keepends=True)
        lines.sort()
        if DUMP_FORMATS[format] == ox.RdfFormat.N_QUADS:
            output.write(b"".join(lines))
            return
        ox.serialize(
            ox.parse(b"".join(lines), ox.RdfFormat.N_QUADS),
            output,
            DUMP_FORMATS[format],
            prefixes=PREFIXES,
        )

    # ------------------------------------------------------------------ writing

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction: all of them or, on error, none."""
        try:
            self._inner.extend(quads)
        except OSError as error:
            raise StoreError("store.cannot-write", detail=error) from error

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Oxigraph's bulk loader: fast, not one transaction (for a build)."""
        try:
            self._inner.bulk_extend(quads)
        except OSError as error:
            raise StoreError("store.cannot-write", detail=error) from error

    def load_nquads(self, data: bytes) -> None:
        """Bulk-load N-Quads text: parsed and written by Oxigraph, no Python per quad."""
        try:
            self._inner.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except OSError as error:
            raise StoreError("store.cannot-write", detail=error) from error

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
            raise StoreError("store.cannot-write", detail=error) from error

    def update(self, update: str) -> None:
        """Run a SPARQL Update (one transaction)."""
        try:
            self._inner.update(update, prefixes=PREFIXES)
        except (OSError, SyntaxError) as error:
            raise StoreError("store.update-failed", detail=error) from error

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
