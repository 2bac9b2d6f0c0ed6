"""The two passes of a batch of record files, as per-file steps a parallel build can run.

Pass 1 (:func:`check_file`, :meth:`BatchKeys.merge`) checks every record's fields and
key and fixes every document's IRI across the batch; pass 2 (:func:`convert_file`)
writes each file's triples; :func:`first_unresolved` then checks the references between
files. :func:`convert_stream` runs them in one process, exactly as a build fails.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pyoxigraph as ox

from danvan_kg.errors import DanvanError, RecordError
from danvan_kg.records.convert import (
    CONVERTERS,
    Context,
    Reference,
    UnitResolver,
    document_identity,
    local_names,
    source_triples,
)
from danvan_kg.records.iris import (
    DocumentName,
    EmptyIndex,
    KeyIndex,
    Location,
    source_graph,
)
from danvan_kg.records.loading import RecordFile
from danvan_kg.records.schema import SECTIONS, THING_SECTIONS
from danvan_kg.records.values import KeyKindError, Where, check_fields, key_value, text_value
from danvan_kg.text import closest

Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]
SUGGESTIONS = 3  # closest keys named when a reference names nothing


@dataclass
class Conversion:
    """The quads of a batch of record files, by source graph, and where every node the
    records made came from (node IRI → :class:`Location`)."""

    graphs: dict[str, list[ox.Quad]]
    locations: dict[str, Location] = field(default_factory=dict)
    # Stored document IRI → the IRI a rebuild would mint now that the batch knows more
    # (see BatchKeys._document_iri); the stored statements about it move to the new one.
    renamed: dict[str, str] = field(default_factory=dict)

    @property
    def quads(self) -> list[ox.Quad]:
        return [quad for quads in self.graphs.values() for quad in quads]


def record_where(file: str, section: str, index: int, record: Any) -> Where:
    key = record.get("key") if isinstance(record, dict) else None
    return Where(file, f"{section}[{index}]" + (f" ({key})" if isinstance(key, str) else ""))


def convert(
    files: Sequence[RecordFile],
    *,
    resolve_unit: UnitResolver,
    index: KeyIndex | None = None,
) -> Conversion:
    """Turn a batch of record files into quads, checking every key and reference.

    Raises :class:`RecordError` on the first problem; returns nothing partial.
    """
    locations: dict[str, Location] = {}
    renamed: dict[str, str] = {}
    graphs = dict(
        convert_stream(
            files, resolve_unit=resolve_unit, index=index, locations=locations, renamed=renamed
        )
    )
    return Conversion(graphs, locations, renamed)


def convert_stream(
    files: Sequence[RecordFile],
    *,
    resolve_unit: UnitResolver,
    index: KeyIndex | None = None,
    locations: dict[str, Location] | None = None,
    renamed: dict[str, str] | None = None,
) -> Iterator[tuple[str, list[ox.Quad]]]:
    """:func:`convert` one source graph at a time: ``(source key, quads)``.

    The same checks in the same order, but the references between files are checked
    only after the last graph: what a consumer received is provisional until the
    generator is exhausted without error (the build loads into a staging store that
    is thrown away on error). Lets a big build hold one file's quads at a time.

    The two passes are built from per-file steps (:func:`check_file`,
    :meth:`BatchKeys.merge`, :func:`convert_file`, :func:`first_unresolved`) so that a
    build can run them in worker processes and still fail exactly as this does.

    ``locations``, when given, receives where every node came from (a later file
    answers for a node two files make, as it is the one that replaces its graph).
    """
    index = index or EmptyIndex()
    # Pass 1: every record's fields and key; document identities (IRIs) across the batch.
    keys = BatchKeys()
    # Each file's own names, read in pass 1, are given to pass 2 rather than read again.
    own_names = []
    for file in files:
        check = check_file(file)
        keys.merge(check, index)
        own_names.append(check.names)
    if renamed is not None:
        renamed.update(keys.renamed)

    # Pass 2: triples, file by file, into each source's graph.
    all_references: list[Reference] = []
    defined = keys.defined_keys()
    for file, own in zip(files, own_names, strict=True):
        located: dict[str, Location] | None = None if locations is None else {}
        graph, triples, references = convert_file(
            file,
            documents=keys.documents,
            defined=defined,
            resolve_unit=resolve_unit,
            index=index,
            locations=located,
            names=keys.names,
            own_names=own,
        )
        if located:
            locations.update(located)  # type: ignore[union-attr]
        all_references.extend(references)
        yield file.source_key, [ox.Quad(s, p, o, graph) for s, p, o in triples]

    missing = first_unresolved(all_references, defined, index)
    if missing is not None:
        raise unresolved_error(missing, defined, index)


class DocumentSeen(NamedTuple):
    """A document record: its name (IRI) as derived from this record alone."""

    position: int  # of the record in its file, counting every section
    key: str
    name: DocumentName
    where: Where


class RepeatedKey(NamedTuple):
    """A non-document key defined again in the same file."""

    position: int
    kind_key: tuple[str, str]
    where: Where


@dataclass
class FileCheck:
    """Pass 1 of one file on its own: the record checks that need no other file, and
    what the batch-wide checks (:meth:`BatchKeys.merge`) need, in record order.

    ``error`` is the first problem found in the file alone; everything listed comes
    from records before it, so merging files in order raises what a single pass would.
    """

    name: str
    source_key: str | None = None
    documents: list[DocumentSeen] = field(default_factory=list)
    repeats: list[RepeatedKey] = field(default_factory=list)
    # Every (kind, key) the file defines, in order of first definition.
    keys: list[tuple[str, str]] = field(default_factory=list)
    # Record key → (vi, en) name, for labels that name other records (local_names).
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    error: Exception | None = None


def check_file(file: RecordFile) -> FileCheck:
    """Pass 1 of :func:`convert_stream` for one file, as far as it needs no other file."""
    check = FileCheck(file.name)
    seen: set[tuple[str, str]] = set()
    position = 0
    # Any failure (not only a RecordError) is kept, so that a batch raises the one that
    # comes first in file order, whichever file was checked first.
    try:
        source = file.content["source"]
        where = Where(file.name, "source")
        check_fields(source, SECTIONS["source"], where)
        check.source_key = key_value(source["key"], where.at("key"))
        for section in THING_SECTIONS:
            kind = section.kind
            assert kind is not None
            for number, record in enumerate(file.content.get(section.name, [])):
                here = record_where(file.name, section.name, number, record)
                check_fields(record, section, here)
                key = key_value(record["key"], here.at("key"))
                if section.name == "documents":
                    name = document_identity(record, here).name(key)
                    check.documents.append(DocumentSeen(position, key, name, here))
                elif (kind, key) in seen:
                    check.repeats.append(RepeatedKey(position, (kind, key), here))
                if (kind, key) not in seen:
                    seen.add((kind, key))
                    check.keys.append((kind, key))
                position += 1
        check.names = local_names(file.content, file.name)
    except Exception as error:
        check.error = error
    return check


@dataclass
class BatchKeys:
    """What pass 1 learns across a batch: defined keys, document IRIs, source keys."""

    # (kind, key) → the file that defines it first.
    defined: dict[tuple[str, str], str] = field(default_factory=dict)
    documents: dict[str, ox.NamedNode] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    # Document key → the parts of its IRI, to reconcile a later record of it.
    document_names: dict[str, DocumentName] = field(default_factory=dict)
    # Document IRI → the first key that minted it.
    keys_of: dict[str, str] = field(default_factory=dict)
    # Stored document IRI → the fuller IRI this batch gives it.
    renamed: dict[str, str] = field(default_factory=dict)
    # Record key → (vi, en) name across the batch, the first file's first.
    names: dict[str, tuple[str, str]] = field(default_factory=dict)

    def merge(self, check: FileCheck, index: KeyIndex) -> None:
        """Add the next file's :class:`FileCheck`; raise the first problem, in record order."""
        if check.source_key is None:  # the file failed before its source key
            raise check.error or RuntimeError(f"{check.name}: no source key and no error")
        if check.source_key in self.sources:
            where = Where(check.name, "source").at("key")
            raise where.error(
                "record.source-repeated",
                source=check.source_key,
                other=self.sources[check.source_key],
            )
        self.sources[check.source_key] = check.name
        for seen in heapq.merge(check.documents, check.repeats, key=lambda seen: seen.position):
            if isinstance(seen, DocumentSeen):
                self.documents[seen.key] = self._document_iri(seen, index)
            elif seen.kind_key not in self.defined:
                # A key first defined in an earlier file may be defined again here.
                kind, key = seen.kind_key
                raise _defined_twice(seen.where.at("key"), kind, key)
        if check.error is not None:
            raise check.error
        for kind_key in check.keys:
            self.defined.setdefault(kind_key, check.name)
        for key, name in check.names.items():
            self.names.setdefault(key, name)

    def _document_iri(self, seen: DocumentSeen, index: KeyIndex) -> ox.NamedNode:
        key, name, where = seen.key, seen.name, seen.where
        existing = index.existing("document", key)
        if existing is not None:
            # The record must agree with what is stored. Where it knows more (a year
            # where the store had only a term), the document gets the IRI a rebuild of
            # every file would give it, whichever file came first: IRIs depend on what is
            # known of the document, never on the order files were added in.
            stored = DocumentName.of_facts(index.document_facts(existing))
            merged = _reconcile(key, stored, name, where, known_iri=existing)
            self.document_names[key] = merged
            if merged.iri.value != existing:
                self.renamed[existing] = merged.iri.value
                return merged.iri
            return ox.NamedNode(existing)
        if key in self.document_names:
            name = _reconcile(key, self.document_names[key], name, where)
        self.document_names[key] = name
        # The same document under a second key: its identity mints an IRI that another
        # key of this batch, or of the store, already has.
        other = self.keys_of.setdefault(name.iri.value, key)
        if other == key:
            other = index.document_facts(name.iri.value).get("key") or key
        if other != key:
            raise where.at("key").error(
                "record.document-known-as", key=key, other=other, iri=name.iri.value
            )
        return name.iri

    def defined_keys(self) -> set[tuple[str, str]]:
        return set(self.defined)


UNIT_TEXT = ("name", "level", "province", "district", "epoch")

# The units field a gazetteer error is about (else the name that was looked up).
UNIT_FIELD_OF_ERROR = {
    "gazetteer.level-invalid": "level",
    "gazetteer.no-new-districts": "epoch",  # a district is fine on the old map
    "gazetteer.epoch-invalid": "epoch",
    "gazetteer.district-narrows": "district",
    "gazetteer.province-narrows": "province",
}


def convert_file(
    file: RecordFile,
    *,
    documents: dict[str, ox.NamedNode],
    defined: set[tuple[str, str]],
    resolve_unit: UnitResolver,
    index: KeyIndex,
    locations: dict[str, Location] | None = None,
    names: Mapping[str, tuple[str, str]] | None = None,
    own_names: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[ox.NamedNode, list[Triple], list[Reference]]:
    """Pass 2 of :func:`convert_stream` for one file: the source's graph, its triples
    (no duplicates, in first-written order) and the references still to be checked.

    ``locations``, when given, receives where each node the file makes came from.
    ``own_names`` is this file's :func:`local_names` when pass 1 already read them (its
    :attr:`FileCheck.names`, from the same unchanged content); else they are read here."""
    source_key = file.source_key
    units = {}
    for position, unit in enumerate(file.content.get("units", [])):
        here = record_where(file.name, "units", position, unit)
        check_fields(unit, SECTIONS["units"], here)
        unit_key = key_value(unit["key"], here.at("key"))
        if unit_key in units:
            raise _defined_twice(here.at("key"), "unit", unit_key)
        # Every part of a unit's description is text (a code written as a number too):
        # a list or a mapping there is refused under its field, never passed on.
        described = {
            name: text_value(unit[name], here.at(name)) if name in UNIT_TEXT else unit[name]
            for name in unit
            if unit[name] is not None
        }
        try:
            units[unit_key] = ox.NamedNode(resolve_unit(described))
        except DanvanError as error:
            raise here.at(UNIT_FIELD_OF_ERROR.get(error.code, "name")).wrap(error) from error
    ctx = Context(
        file.name,
        source_key,
        units,
        documents,
        defined,
        index=index,
        locations=locations,
        # This file's own names first, then the batch's (a key named in another file).
        names={
            **(names or {}),
            **(own_names if own_names is not None else local_names(file.content, file.name)),
        },
    )
    triples: list[Triple] = list(source_triples(file.content["source"], ctx))
    for section, converter in CONVERTERS.items():
        for position, record in enumerate(file.content.get(section, [])):
            triples.extend(
                converter(record, ctx, record_where(file.name, section, position, record))
            )
    return source_graph(source_key), list(dict.fromkeys(triples)), ctx.references


def first_unresolved(
    references: Iterable[Reference], defined: set[tuple[str, str]], index: KeyIndex
) -> Reference | None:
    """The first reference to a key that neither the batch nor the store defines."""
    for reference in references:
        if any((kind, reference.key) in defined for kind in reference.kinds):
            continue
        if any(index.existing(kind, reference.key) for kind in reference.kinds):
            continue
        return reference
    return None


def unresolved_error(
    reference: Reference,
    defined: Iterable[tuple[str, str]] = (),
    index: KeyIndex | None = None,
) -> RecordError:
    """A reference to a key that names nothing, with the closest keys of its kinds that
    the batch (``defined``) or the store (``index``) has, if any look like it."""
    kinds, key = reference.kinds, reference.key
    candidates = {known for kind, known in defined if kind in kinds}
    if index is not None:
        candidates |= index.record_keys(kinds)
    close = closest(key, candidates, n=SUGGESTIONS)
    if close:
        problem = KeyKindError(
            "record.key-unresolved-close", kinds=kinds, key=key, keys=", ".join(close)
        )
    else:
        problem = KeyKindError("record.key-unresolved", kinds=kinds, key=key)
    return reference.where.wrap(problem)


def _defined_twice(where: Where, kind: str, key: str) -> RecordError:
    return where.wrap(KeyKindError("record.key-twice", kinds=(kind,), key=key))


def _reconcile(
    key: str,
    known: DocumentName,
    derived: DocumentName,
    where: Where,
    *,
    known_iri: str | None = None,
) -> DocumentName:
    """One name for a document described by several records under one key.

    Records may know more or less: one names the issuer, another only its symbol; one
    gives the date, another none. Where they differ only in what one of them leaves
    out, the fuller name wins. Any real disagreement is an error.
    """
    if known == derived:
        return known
    merged = known.fuller(derived)
    if merged is not None:
        return merged
    raise where.at("key").error(
        "record.document-identified-twice",
        key=key,
        here=derived.iri.value,
        elsewhere=known_iri or known.iri.value,
    )
