"""Validate new records against the graph they will join; add them all or nothing.

A staff member writes the records of a new conference and must learn at once what is
missing or inconsistent, in Vietnamese or English, naming the file, the record and the
field — and nothing wrong may enter the graph. Three layers do that:

1. :mod:`danvan_kg.records` turns record files into quads and refuses what it cannot
   convert (an unknown field, 31/02, an unknown unit or key): *unusable input*.
2. The SHACL shapes in ``shapes/`` check what was converted: required fields, datatypes,
   vocabularies, links to the right classes, and rules across records.
3. :func:`add_files` writes the records only when nothing is wrong, in one transaction.

Validating inside a big graph is fast because the engine never sees the store: the data
graph is the new records, one hop of context fetched from the store (what they refer to:
a reviewed document's date of issue, an issuer's level, a unit's ``dv:validUntil``) and
the ontology; only the new records' nodes are focus nodes. See ``docs/benchmarks.md``.

pySHACL is the reference engine; pyshacl-turbo (a Rust engine with pySHACL's API) gives
the same report on these shapes — ``tests/test_validate.py`` runs every bad record through
both — and is used when installed (``engine="auto"``).

The package: :mod:`.batch` reads and converts the input, :mod:`.context` fetches the
stored context, :mod:`.engines` runs SHACL, :mod:`.findings` locates the results,
:mod:`.render` shows them; this module puts them together.

>>> [severity.value for severity in Severity]
['unusable', 'violation', 'warning', 'info']
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
from rdflib.namespace import SH

from danvan_kg.closure import materialise
from danvan_kg.errors import DanvanError
from danvan_kg.faults import crash_point
from danvan_kg.messages import render as render_message
from danvan_kg.records.folder import RecordsFolder, same_quads
from danvan_kg.stores import Store, kind_of_class
from danvan_kg.validate.batch import (
    RDF_FORMATS,
    RECORD_SUFFIXES,
    Batch,
    convert_alone,
    focus_nodes,
    load_batch,
    renamed_graphs,
    touched_nodes,
)
from danvan_kg.validate.context import fetch_context
from danvan_kg.validate.engines import (
    Engine,
    _ontology_ntriples,
    _turbo_program,
    engine_run,
    resolve_engine,
    run_engine,
    shapes_graph,
    turbo_available,
)
from danvan_kg.validate.findings import findings_from_report, ordered, unusable_finding
from danvan_kg.validate.render import (
    render,
    render_add,
    render_add_json,
    render_json,
    render_text,
    render_turtle,
)
from danvan_kg.validate.report import AddReport, Finding, Severity, ValidationReport
from danvan_kg.vocab import RDF_TYPE, compact_iri

__all__ = [
    "RDF_FORMATS",
    "RECORD_SUFFIXES",
    "SH",
    "AddReport",
    "Batch",
    "Engine",
    "Finding",
    "Severity",
    "ValidationReport",
    "_ontology_ntriples",
    "_turbo_program",
    "add_files",
    "fetch_context",
    "focus_nodes",
    "load_batch",
    "render",
    "render_add",
    "render_add_json",
    "render_json",
    "render_text",
    "render_turtle",
    "resolve_engine",
    "run_engine",
    "shapes_graph",
    "turbo_available",
    "unusable_finding",
    "validate_batch",
    "validate_files",
]


def validate_files(
    paths: Sequence[Path | str], store: Store, *, engine: Engine = "auto"
) -> ValidationReport:
    """Validate record files (YAML) and RDF files (Turtle, N-Triples, JSON-LD) against the
    graph in ``store`` they would join. Only the new records' nodes are checked.

    Never raises for bad input: unusable files come back as findings of severity
    ``unusable`` (exit code 2).
    """
    started = time.perf_counter()
    chosen = resolve_engine(engine)
    batch, errors = load_batch(paths, store)
    if errors:
        return ValidationReport(
            files=batch.files,
            findings=[unusable_finding(error) for error in errors],
            seconds=time.perf_counter() - started,
        )
    report = validate_batch(batch, store, engine=chosen)
    report.seconds = time.perf_counter() - started
    return report


def validate_batch(
    batch: Batch,
    store: Store,
    *,
    engine: Literal["pyshacl", "turbo"],
    whole_ontology: bool = False,
) -> ValidationReport:
    """Validate converted records: new quads + stored context (+ the ontology, which
    :func:`run_engine` adds; ``whole_ontology`` as there) → SHACL."""
    new_triples = {ox.Triple(q.subject, q.predicate, q.object) for q in batch.quads}
    context = fetch_context(store, batch)
    focus = focus_nodes(batch)
    data = (
        ox.serialize(sorted(new_triples, key=str), format=ox.RdfFormat.N_TRIPLES)
        + ox.serialize(context, format=ox.RdfFormat.N_TRIPLES)
    )
    report = ValidationReport(
        files=batch.files,
        findings=[],
        engine=engine,
        focus_nodes=len(focus),
        data_triples=len(new_triples) + len(context),
        graphs=batch.graphs,
        sources=batch.sources,
        renamed_graphs=renamed_graphs(store, batch) if batch.renamed else {},
    )
    if not focus:
        return report
    focus_set = set(focus)
    # Only pySHACL reads them (see run_engine); a pass over every new triple otherwise.
    values = (
        {
            triple.object.value
            for triple in new_triples
            if isinstance(triple.object, ox.NamedNode) and triple.subject.value in focus_set
        }
        if engine == "pyshacl"
        else set()
    )
    run = engine_run(
        engine,
        data,
        focus,
        values,
        whole_ontology=whole_ontology,
        triples=(*new_triples, *context),
    )
    report.report_source = run.report
    class_kinds = kind_of_class()
    kinds = {
        triple.subject.value: class_kinds[triple.object.value]
        for triple in (*new_triples, *context)
        if triple.predicate == RDF_TYPE and triple.object.value in class_kinds
    }
    findings = findings_from_report(run.results, batch, focus_set, kinds)
    # A stored node the batch only touches was valid before; what the batch can break
    # there is a violation. Its old warnings and notes are not this batch's to answer.
    touched = touched_nodes(batch)
    findings = [
        finding
        for finding in findings
        if finding.focus not in touched or finding.severity is Severity.VIOLATION
    ]
    report.findings = ordered(findings, batch.files)
    return report


def _kept_files(validation: ValidationReport) -> list[tuple[Path, str]]:
    """(record file, source key) of the YAML files of an add: what its records folder
    keeps (RDF files are no record files; a rebuild does not read them)."""
    return [
        (Path(file), key)
        for file, key in validation.sources.values()
        if Path(file).suffix.lower() in RECORD_SUFFIXES
    ]


def recover_records(folder: RecordsFolder, store: Store) -> list[tuple[Path, bool]]:
    """Finish what a crashed add left in ``folder`` (see
    :mod:`danvan_kg.records.folder`): a pending file is kept when the store holds
    exactly its records, else removed; a lineage closure left stale is recomputed.
    Returns (file, kept) per pending file."""

    def stored_as(pending: Path) -> bool:
        try:
            graph, quads = convert_alone(pending, store)
        except DanvanError:
            return False
        return same_quads(store.quads(graph), quads)

    outcome = folder.recover(stored_as)
    if folder.closure_stale():
        materialise(store)
        store.flush()
        folder.clear_closure_stale()
    return outcome


def _things_by_class(quads: set[ox.Quad]) -> str:
    """ "3 dv:Event, 1 dv:Figure": the things whose type statements are among ``quads``."""
    counts: dict[str, int] = {}
    for quad in quads:
        if quad.predicate == RDF_TYPE:
            name = compact_iri(quad.object.value)
            counts[name] = counts.get(name, 0) + 1
    return ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))


def _replaced_sources(validation: ValidationReport, store: Store) -> list[Finding]:
    """A violation for each new source graph the store holds with other quads: adding
    the same file again is fine, reusing its key for another article is not."""
    findings = []
    for graph, quads in validation.graphs.items():
        stored = set(store.quads(graph))
        if stored and stored != set(quads):
            file, key = validation.sources[graph]
            args = {
                "key": key,
                "stored": len(stored),
                "new": len(quads),
                "removed": _things_by_class(stored - set(quads)) or "-",
            }
            findings.append(
                Finding(
                    severity=Severity.VIOLATION,
                    message_vi=render_message("add.source-replaced", args, "vi"),
                    message_en=render_message("add.source-replaced", args, "en"),
                    file=file,
                    record="source",
                    field="key",
                    code="add.source-replaced",
                )
            )
    return findings


def add_files(
    paths: Sequence[Path | str],
    store: Store,
    *,
    accept_warnings: bool = False,
    engine: Engine = "auto",
    records: RecordsFolder | Path | str | None = None,
    replace: bool = False,
) -> AddReport:
    """Validate, then write every source graph of the files in one transaction.

    Nothing is written if any input is unusable, any record violates a shape, or (unless
    ``accept_warnings``) any warning remains. Each source's named graph is replaced, so
    adding the same file twice leaves one copy; a file whose source key the store
    already holds with other records is refused unless ``replace``.

    With ``records`` (a :class:`~danvan_kg.records.folder.RecordsFolder`, or its path),
    the record files are kept there too, so that a rebuild makes them again: the file and
    the store are both written or neither (the folder's module says how).
    """
    folder = RecordsFolder(records) if isinstance(records, (Path, str)) else records
    if folder is not None:
        recover_records(folder, store)
    validation = validate_files(paths, store, engine=engine)
    if not replace:
        # First: a reused key also explains the findings that follow (the stored source's
        # own records are no longer there to refer to).
        validation.findings[:0] = _replaced_sources(validation, store)
    blocked = not validation.conforms or (
        validation.count(Severity.WARNING) and not accept_warnings
    )
    if blocked or not validation.graphs:
        return AddReport(validation)
    staged = folder.stage(_kept_files(validation)) if folder is not None else []
    if folder is not None:
        folder.mark_closure_stale()
    crash_point("before-store-write")
    # A document the new records know better gets the IRI a rebuild would give it; the
    # stored sources that speak of it are rewritten with it, in the same transaction.
    written = {**validation.graphs, **validation.renamed_graphs}
    try:
        store.replace_graphs(written)
    except BaseException:
        folder.abandon(staged) if folder is not None else None
        raise
    crash_point("after-store-write")
    if folder is not None:
        folder.commit(staged)
    crash_point("before-closure")
    # The lineage closure is derived data; recomputing it is its own transaction, and a
    # failure there leaves the records written and the old closure in place, marked
    # stale in the records folder for the next add or build to recompute.
    materialise(store)
    store.flush()
    if folder is not None:
        folder.clear_closure_stale()
    return AddReport(validation, {graph: len(quads) for graph, quads in written.items()})
