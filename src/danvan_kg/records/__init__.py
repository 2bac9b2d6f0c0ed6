"""Record files (YAML, ``danvan-record/1``) → RDF quads, one named graph per source.

The format is one table (:mod:`.schema`), documented in ``docs/records.md`` from it.
Reading (:mod:`.loading`) turns bytes into a checked Python mapping or a
:class:`~danvan_kg.errors.RecordError` naming file, record and field; converting
(:mod:`.convert`, one small function per section, values parsed by :mod:`.values`) turns
a batch of them into quads, in two passes (:mod:`.batch`) a parallel build can split
over processes. Every IRI is minted in :mod:`.iris`. Nothing here touches a store: the
caller hands in a :class:`KeyIndex` that knows what already exists.
"""

from danvan_kg.records.batch import (
    BatchKeys,
    Conversion,
    DocumentSeen,
    FileCheck,
    RepeatedKey,
    check_file,
    convert,
    convert_file,
    convert_stream,
    first_unresolved,
    record_where,
    unresolved_error,
)
from danvan_kg.records.convert import CONVERTERS, Context, Reference, UnitResolver
from danvan_kg.records.iris import (
    DocumentName,
    EmptyIndex,
    KeyIndex,
    Location,
    document_iri,
    source_graph,
    thing_iri,
)
from danvan_kg.records.loading import (
    RecordFile,
    display_name,
    parse_record_text,
    read_batch,
    read_file,
    read_record_file,
)
from danvan_kg.records.schema import FORMAT, PARTS, SECTIONS, Field, Section
from danvan_kg.records.values import Where

__all__ = [
    "CONVERTERS",
    "FORMAT",
    "PARTS",
    "SECTIONS",
    "BatchKeys",
    "Context",
    "Conversion",
    "DocumentName",
    "DocumentSeen",
    "EmptyIndex",
    "Field",
    "FileCheck",
    "KeyIndex",
    "Location",
    "RecordFile",
    "Reference",
    "RepeatedKey",
    "Section",
    "UnitResolver",
    "Where",
    "check_file",
    "convert",
    "convert_file",
    "convert_stream",
    "display_name",
    "document_iri",
    "first_unresolved",
    "parse_record_text",
    "read_batch",
    "read_file",
    "read_record_file",
    "record_where",
    "source_graph",
    "thing_iri",
    "unresolved_error",
]
