"""The input of a validation: record files and RDF files, converted, with where each
node came from (the converter says so; nothing here derives an IRI again)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from danvan_kg.errors import RecordError
from danvan_kg.records import (
    Location,
    RecordFile,
    UnitResolver,
    convert,
    read_record_file,
    source_graph,
    thing_iri,
)
from danvan_kg.stores import Store, Term, kind_of_class
from danvan_kg.vocab import DV_IRI, GRAPH_IRI, ID_IRI, PROV_WAS_DERIVED_FROM, RDF_TYPE

RECORD_SUFFIXES = (".yaml", ".yml")
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
RECORD_KEY = ox.NamedNode(DV_IRI + "recordKey")
BREAKDOWN_OF = ox.NamedNode(DV_IRI + "breakdownOf")


@dataclass
class Batch:
    """New records, converted: quads per named graph and where each node came from."""

    files: list[str]
    graphs: dict[str, list[ox.Quad]] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    # Graph IRI → (the file that makes it, its source key).
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Stored IRI → the IRI the new records give that node (records.Conversion.renamed).
    renamed: dict[str, str] = field(default_factory=dict)

    @property
    def quads(self) -> list[ox.Quad]:
        return [quad for quads in self.graphs.values() for quad in quads]


def described_nodes(batch: Batch) -> set[str]:
    """The nodes the batch describes: subjects it gives a type or a record key."""
    marks = (RDF_TYPE, RECORD_KEY)
    return {
        quad.subject.value
        for quad in batch.quads
        if quad.predicate in marks
        and isinstance(quad.subject, ox.NamedNode)
        and not quad.subject.value.startswith(GRAPH_IRI)
    }


def touched_nodes(batch: Batch) -> set[str]:
    """Stored nodes the batch changes without describing them: the subject of a new
    statement that the batch gives no type (a Turtle file adding a second date to a
    stored event: its type, and its shapes, come from the store), and a stored total
    that a new breakdown is added under (its parts must still sum to it)."""
    subjects = {
        quad.subject.value
        for quad in batch.quads
        if isinstance(quad.subject, ox.NamedNode) and not quad.subject.value.startswith(GRAPH_IRI)
    }
    totals = {
        quad.object.value
        for quad in batch.quads
        if quad.predicate == BREAKDOWN_OF and isinstance(quad.object, ox.NamedNode)
    }
    return (subjects | totals) - described_nodes(batch)


def focus_nodes(batch: Batch) -> list[str]:
    """Every node the rules judge: those the batch describes and those it touches."""
    return sorted(described_nodes(batch) | touched_nodes(batch))


class _BatchIndex:
    """Keys defined by the RDF files of the batch, then the store (a records.KeyIndex).

    A node's kind is read from its ``rdf:type`` (:func:`kind_of_class`), never from
    its IRI."""

    def __init__(self, store: Store, rdf_quads: Iterable[ox.Quad]) -> None:
        self._store = store
        self._rdf = list(rdf_quads)
        kinds = kind_of_class()
        typed: dict[str, set[str]] = {}
        for quad in self._rdf:
            if quad.predicate == RDF_TYPE and quad.object.value in kinds:
                typed.setdefault(quad.subject.value, set()).add(kinds[quad.object.value])
        self._local: dict[tuple[str, str], str] = {}
        for quad in self._rdf:
            if quad.predicate == RECORD_KEY and isinstance(quad.subject, ox.NamedNode):
                for kind in sorted(typed.get(quad.subject.value, ())):
                    self._local.setdefault((kind, quad.object.value), quad.subject.value)

    def existing(self, kind: str, key: str) -> str | None:
        if (kind, key) in self._local:
            return self._local[(kind, key)]
        # Pattern lookups, not Store.existing's SPARQL: a batch asks this once per reference.
        kinds = kind_of_class()
        found = sorted(
            quad.subject.value
            for quad in self._store.quads_for_pattern(None, RECORD_KEY, ox.Literal(key), None)
            if isinstance(quad.subject, ox.NamedNode)
            and any(
                kinds.get(typed.object.value) == kind
                for typed in self._store.quads_for_pattern(quad.subject, RDF_TYPE, None, None)
            )
        )
        return found[0] if found else None

    def record_keys(self, kinds: Iterable[str]) -> set[str]:
        wanted = set(kinds)
        local = {key for kind, key in self._local if kind in wanted}
        return local | self._store.record_keys(wanted)

    def record_name(self, key: str) -> tuple[str, str] | None:
        return self._store.record_name(key)

    def document_facts(self, iri: str) -> dict[str, str | None]:
        if iri not in self._local.values():
            return self._store.document_facts(iri)
        with Store.embedded() as local:
            local.extend(self._rdf)
            return local.document_facts(iri)


@cache
def _resolver() -> UnitResolver:
    # Imported when a batch is converted: the build module and the gazetteer's data are
    # more than reading a report needs. One resolver a process, as there is one gazetteer
    # (Gazetteer.load): resolving a name is pure and only successes are cached, so a
    # validation gets the same IRIs and the same errors, without resolving again the
    # units the previous ones named (a twentieth of a one-file validation).
    from danvan_kg.gazetteer import Gazetteer, unit_resolver

    return unit_resolver(Gazetteer.load())


def _read_rdf(path: Path) -> tuple[str, list[ox.Quad]]:
    """Parse a Turtle / N-Triples / JSON-LD file into its source key and the quads of the
    source it describes."""
    name = str(path)
    try:
        with path.open("rb") as stream:
            parsed = list(ox.parse(stream, RDF_FORMATS[path.suffix.lower()]))
    except OSError as error:
        raise RecordError("record.unreadable", file=name, reason=error.strerror) from error
    except SyntaxError as error:
        raise RecordError(
            "validate.rdf-invalid", file=name, format=path.suffix[1:], detail=str(error)
        ) from error
    source_class = ox.NamedNode(DV_IRI + "Source")
    sources = sorted(
        {t.subject.value for t in parsed if t.predicate == RDF_TYPE and t.object == source_class}
    )
    if len(sources) != 1:
        raise RecordError("validate.rdf-sources", file=name, count=len(sources))
    source = ox.NamedNode(sources[0])
    # The source states its key (as every converted record does); its IRI must be the
    # one minted from that key.
    keys = sorted(
        {
            t.object.value
            for t in parsed
            if t.subject == source
            and t.predicate == RECORD_KEY
            and isinstance(t.object, ox.Literal)
        }
    )
    if len(keys) != 1:
        raise RecordError("validate.rdf-source-key", file=name, iri=source.value, count=len(keys))
    key = keys[0]
    if thing_iri("source", key) != source:
        raise RecordError(
            "validate.rdf-source-iri",
            file=name,
            expected=f"{ID_IRI}source/{{key}}",
            iri=source.value,
        )
    graph = source_graph(key)
    quads = {ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed}
    quads.add(ox.Quad(graph, PROV_WAS_DERIVED_FROM, source, graph))
    return key, sorted(quads, key=str)


def _rdf_record(subject: ox.NamedNode, quads: Sequence[ox.Quad]) -> str:
    for quad in quads:
        if quad.subject == subject and quad.predicate == RECORD_KEY:
            return quad.object.value
    return subject.value


def _add_rdf(batch: Batch, path: Path, rdf_quads: list[ox.Quad]) -> None:
    key, quads = _read_rdf(path)
    graph = quads[0].graph_name.value
    if graph in batch.graphs:
        raise RecordError("validate.second-file", file=str(path), graph=graph)
    batch.graphs[graph] = quads
    batch.sources[graph] = (str(path), key)
    rdf_quads.extend(quads)
    for quad in quads:
        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(ID_IRI):
            batch.locations.setdefault(
                quad.subject.value,
                Location(str(path), _rdf_record(quad.subject, quads), rdf=True),
            )


def load_batch(paths: Sequence[Path | str], store: Store) -> tuple[Batch, list[RecordError]]:
    """Read and convert the files; problems come back as RecordErrors, not raised."""
    batch = Batch(files=[str(path) for path in paths])
    errors: list[RecordError] = []
    record_files: list[RecordFile] = []
    rdf_quads: list[ox.Quad] = []
    for raw in paths:
        path = Path(raw)
        suffix = path.suffix.lower()
        try:
            if suffix in RECORD_SUFFIXES:
                record_files.append(RecordFile(str(path), read_record_file(path)))
            elif suffix in RDF_FORMATS:
                _add_rdf(batch, path, rdf_quads)
            else:
                known = ", ".join((*RECORD_SUFFIXES, *RDF_FORMATS))
                if suffix:
                    raise RecordError(
                        "validate.file-kind", file=str(path), suffix=suffix, known=known
                    )
                raise RecordError("validate.file-no-suffix", file=str(path), known=known)
        except RecordError as error:
            errors.append(error)
    if errors or not record_files:
        return batch, errors
    try:
        conversion = convert(
            record_files,
            resolve_unit=_resolver(),
            index=_BatchIndex(store, rdf_quads),
        )
    except RecordError as error:
        return batch, [error]
    for file in record_files:
        graph = source_graph(file.source_key).value
        if graph in batch.graphs:
            return batch, [RecordError("validate.second-file", file=file.name, graph=graph)]
        batch.graphs[graph] = conversion.graphs.get(file.source_key, [])
        batch.sources[graph] = (file.name, file.source_key)
    batch.locations.update(conversion.locations)
    batch.renamed.update(conversion.renamed)
    return batch, errors


def renamed_term(term: Term, renamed: dict[str, str]) -> Term:
    """``term`` under the IRI the batch gives it: a renamed node, or a node inside one
    (``{document}/correction/…``), takes its new IRI; anything else is itself."""
    if isinstance(term, ox.NamedNode) and renamed:
        for old, new in renamed.items():
            if term.value == old or term.value.startswith(old + "/"):
                return ox.NamedNode(new + term.value[len(old) :])
    return term


def renamed_graphs(store: Store, batch: Batch) -> dict[str, list[ox.Quad]]:
    """The stored graphs (other than the batch's own) that speak of a node the batch
    renames, rewritten with its new IRI: what a rebuild of every file would hold."""
    graphs: set[ox.NamedNode] = set()
    for old in batch.renamed:
        node = ox.NamedNode(old)
        for quad in (
            *store.quads_for_pattern(node, None, None, None),
            *store.quads_for_pattern(None, None, node, None),
        ):
            if (
                isinstance(quad.graph_name, ox.NamedNode)
                and quad.graph_name.value not in batch.graphs
            ):
                graphs.add(quad.graph_name)
    return {
        graph.value: [
            ox.Quad(
                renamed_term(quad.subject, batch.renamed),
                quad.predicate,
                renamed_term(quad.object, batch.renamed),
                graph,
            )
            for quad in store.quads(graph.value)
        ]
        for graph in sorted(graphs, key=str)
        if graph.value.startswith(GRAPH_IRI + "source/")
    }


def convert_alone(path: Path, store: Store) -> tuple[str, list[ox.Quad]]:
    """One record file (of any name) converted against the store: its source graph's IRI
    and quads, as an add of it would write them."""
    file = RecordFile(str(path), read_record_file(path))
    conversion = convert([file], resolve_unit=_resolver(), index=_BatchIndex(store, []))
    return source_graph(file.source_key).value, conversion.graphs.get(file.source_key, [])
